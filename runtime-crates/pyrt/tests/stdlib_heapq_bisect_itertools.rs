//! Tests for `pyrt::heapq`, `pyrt::bisect` and `pyrt::itertools`; every
//! expected value was produced by python3 3.11 (script below).

use pyrt::fmt::{to_repr, PyFmt};
use pyrt::{bisect, exc, heapq, itertools, try_catch};

fn err<T>(f: impl FnOnce() -> T) -> String {
    exc::install_panic_hook();
    match try_catch(f) {
        Ok(_) => panic!("expected an exception"),
        Err(e) => e.traceback_line(),
    }
}

/// Python's repr of a list of tuples, from `Vec<Vec<T>>`.
fn tuples<T: PyFmt>(v: &[Vec<T>]) -> String {
    let items: Vec<String> = v
        .iter()
        .map(|t| {
            let inner: Vec<String> = t.iter().map(to_repr).collect();
            if inner.len() == 1 {
                format!("({},)", inner[0])
            } else {
                format!("({})", inner.join(", "))
            }
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn produce() -> String {
    let mut out = String::new();
    let mut line = |parts: Vec<String>| {
        out.push_str(&parts.join(" "));
        out.push('\n');
    };
    let seq: Vec<i64> = (0..60).map(|i| (i * 7919) % 1009).collect();
    let mut h = Vec::new();
    for &x in &seq[..30] {
        heapq::heappush(&mut h, x);
    }
    line(vec!["push".into(), to_repr(&h)]);
    let popped: Vec<i64> = (0..5).map(|_| heapq::heappop(&mut h)).collect();
    line(vec!["pop".into(), to_repr(&popped), to_repr(&h)]);
    let r = heapq::heapreplace(&mut h, 500);
    line(vec!["replace".into(), to_repr(&r), to_repr(&h)]);
    let a = heapq::heappushpop(&mut h, 3);
    let b = heapq::heappushpop(&mut h, 999);
    line(vec![
        "pushpop".into(),
        to_repr(&a),
        to_repr(&b),
        to_repr(&h),
    ]);
    let mut a = seq.clone();
    heapq::heapify(&mut a);
    line(vec!["heapify".into(), to_repr(&a)]);
    let mut big: Vec<i64> = (0..6000i64)
        .map(|i| (i * 2_654_435_761) % 100_003)
        .collect();
    heapq::heapify(&mut big);
    let check = big.iter().enumerate().fold(0i64, |acc, (i, v)| {
        (acc + (i as i64 * v) % 1_000_000_007) % 1_000_000_007
    });
    line(vec![
        "bigheapify".into(),
        to_repr(&big[..40].to_vec()),
        check.to_string(),
    ]);
    line(vec![
        "nsmallest".into(),
        to_repr(&heapq::nsmallest(5, &seq)),
        to_repr(&heapq::nlargest(5, &seq)),
        to_repr(&heapq::nsmallest(100, &seq[..4])),
        to_repr(&heapq::nlargest(0, &seq)),
    ]);
    let words = ["pear", "fig", "apple", "kiwi", "banana", "date", "plum"];
    line(vec![
        "bykey".into(),
        to_repr(&heapq::nsmallest_by_key(3, &words, |w| w.len())),
        to_repr(&heapq::nlargest_by_key(3, &words, |w| w.len())),
    ]);
    let mut fl = vec![3.5, 1.25, 9.0, -2.0, 7.75];
    heapq::heapify(&mut fl);
    let before = to_repr(&fl);
    let p = heapq::heappop(&mut fl);
    line(vec!["floats".into(), before, to_repr(&p), to_repr(&fl)]);
    let mut t = Vec::new();
    for x in [(2i64, "b"), (1, "z"), (2, "a"), (1, "a")] {
        heapq::heappush(&mut t, x);
    }
    let before = to_repr(&t);
    let popped: Vec<(i64, &str)> = (0..4).map(|_| heapq::heappop(&mut t)).collect();
    line(vec!["tuples".into(), before, to_repr(&popped)]);

    let b = [1i64, 2, 2, 2, 5, 8, 8, 13];
    let l: Vec<i64> = (0..15).map(|x| bisect::bisect_left(&b, &x)).collect();
    let r: Vec<i64> = (0..15).map(|x| bisect::bisect_right(&b, &x)).collect();
    line(vec!["bisect".into(), to_repr(&l), to_repr(&r)]);
    line(vec![
        "bisect_range".into(),
        bisect::bisect_left_range(&b, &2, 2, None).to_string(),
        bisect::bisect_right_range(&b, &8, 0, Some(5)).to_string(),
        bisect::bisect_left_range(&b, &100, 3, Some(-1)).to_string(),
    ]);
    let mut s = Vec::new();
    for x in [5i64, 1, 4, 1, 5, 9, 2, 6] {
        bisect::insort(&mut s, x);
    }
    line(vec!["insort".into(), to_repr(&s)]);
    let mut recs = vec![("a", 1i64), ("b", 3), ("c", 5)];
    line(vec![
        "keyed".into(),
        bisect::bisect_left_by_key(&recs, &3, |r| r.1).to_string(),
        bisect::bisect_right_by_key(&recs, &3, |r| r.1).to_string(),
    ]);
    bisect::insort_left_by_key(&mut recs, ("x", 3), |r| r.1);
    line(vec!["insort_key".into(), to_repr(&recs)]);

    line(vec![
        "product2".into(),
        to_repr(&itertools::product2(&[1i64, 2], &chars("ab"))),
    ]);
    line(vec![
        "product3".into(),
        to_repr(&itertools::product3(&[0i64, 1], &[0i64, 1], &[5i64])),
    ]);
    line(vec![
        "product_repeat".into(),
        tuples(&itertools::product_repeat(&[1i64, 2, 3], 2)),
        tuples(&itertools::product_repeat(&[1i64], 0)),
    ]);
    line(vec![
        "perm".into(),
        tuples(&itertools::permutations(&[1i64, 2, 3], None)),
        tuples(&itertools::permutations(&chars("abcd"), Some(2))),
        tuples(&itertools::permutations(&[1i64, 2], Some(3))),
        tuples(&itertools::permutations(&[1i64, 2], Some(0))),
    ]);
    line(vec![
        "comb".into(),
        tuples(&itertools::combinations(&[1i64, 2, 3, 4], 2)),
        tuples(&itertools::combinations(&chars("abcde"), 3)),
        tuples(&itertools::combinations(&[1i64], 2)),
        tuples(&itertools::combinations(&[1i64, 2], 0)),
    ]);
    let empty: [i64; 0] = [];
    line(vec![
        "cwr".into(),
        tuples(&itertools::combinations_with_replacement(&[1i64, 2, 3], 2)),
        tuples(&itertools::combinations_with_replacement(&empty, 2)),
        tuples(&itertools::combinations_with_replacement(&empty, 0)),
    ]);
    line(vec![
        "acc".into(),
        to_repr(&itertools::accumulate(&[1i64, 2, 3, 4, 5])),
        to_repr(&itertools::accumulate_with(&[3i64, 1, 4, 1, 5], |a, b| {
            *a.max(b)
        })),
        to_repr(&itertools::accumulate_initial(&[1i64, 2, 3], 10, |a, b| {
            a * b
        })),
    ]);
    line(vec![
        "groupby".into(),
        to_repr(&itertools::groupby_identity(&chars("aaabccdaa"))),
        to_repr(&itertools::groupby(&[1i64, 3, 2, 4, 5, 7, 6], |x| x % 2)),
    ]);
    let r10: Vec<i64> = (0..10).collect();
    let r5: Vec<i64> = (0..5).collect();
    line(vec![
        "chain".into(),
        to_repr(&itertools::chain(&[&[1i64, 2][..], &[], &[3]])),
        to_repr(&itertools::islice(&r10, 2, Some(8), 2)),
        to_repr(&itertools::islice(&r10, 3, None, 1)),
        to_repr(&itertools::islice(&r5, 4, Some(100), 1)),
        to_repr(&itertools::islice(&r5, 4, Some(2), 1)),
    ]);
    let r6: Vec<i64> = (0..6).collect();
    line(vec![
        "misc".into(),
        to_repr(&itertools::pairwise(&[1i64, 2, 3, 4])),
        to_repr(&itertools::zip_longest(&[1i64, 2, 3], &[4], 0)),
        to_repr(&itertools::takewhile(&[1i64, 2, 3, 1], |x| *x < 3)),
        to_repr(&itertools::dropwhile(&[1i64, 2, 3, 1], |x| *x < 3)),
        to_repr(&itertools::filterfalse(&r6, |x| x % 2 != 0)),
        to_repr(&itertools::compress(
            &chars("abcdef"),
            &[true, false, true, false, true],
        )),
        to_repr(&itertools::repeat(&7i64, 3)),
    ]);
    out
}

#[test]
fn outputs_match_cpython() {
    let got = produce();
    let exp: Vec<&str> = EXPECTED.lines().collect();
    let got: Vec<&str> = got.lines().collect();
    assert_eq!(exp.len(), got.len());
    for (e, g) in exp.iter().zip(&got) {
        assert_eq!(e, g);
    }
}

#[test]
fn errors_match_cpython() {
    assert_eq!(
        err(|| heapq::heappop(&mut Vec::<i64>::new())),
        "IndexError: index out of range"
    );
    assert_eq!(
        err(|| heapq::heapreplace(&mut Vec::<i64>::new(), 1)),
        "IndexError: index out of range"
    );
    assert_eq!(
        err(|| itertools::permutations(&[1i64], Some(-1))),
        "ValueError: r must be non-negative"
    );
    assert_eq!(
        err(|| itertools::combinations(&[1i64], -1)),
        "ValueError: r must be non-negative"
    );
    assert_eq!(
        err(|| itertools::combinations_with_replacement(&[1i64], -1)),
        "ValueError: r must be non-negative"
    );
    assert_eq!(
        err(|| itertools::product_repeat(&[1i64], -1)),
        "ValueError: repeat argument cannot be negative"
    );
    assert_eq!(
        err(|| itertools::islice(&[1i64], -1, None, 1)),
        "ValueError: Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize."
    );
    assert_eq!(
        err(|| itertools::islice(&[1i64], 0, Some(-1), 1)),
        "ValueError: Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize."
    );
    assert_eq!(
        err(|| itertools::islice(&[1i64], 0, Some(5), 0)),
        "ValueError: Step for islice() must be a positive integer or None."
    );
    assert_eq!(
        err(|| bisect::bisect_left_range(&[1i64, 2], &1, -1, None)),
        "ValueError: lo must be non-negative"
    );
    assert_eq!(
        err(|| bisect::bisect_left_range(&[1i64, 2], &5, 0, Some(5))),
        "IndexError: list index out of range"
    );
    assert_eq!(bisect::bisect_left_range(&[1i64, 2], &5, 0, Some(-3)), 0);
}

// EXPECTED is the output of this script (python3 3.11):
//
// import heapq, bisect, itertools
// # heapq: a deterministic pseudo-random sequence of operations
// seq = [(i * 7919) % 1009 for i in range(60)]
// h = []
// for x in seq[:30]:
//     heapq.heappush(h, x)
// print("push", h)
// out = [heapq.heappop(h) for _ in range(5)]
// print("pop", out, h)
// print("replace", heapq.heapreplace(h, 500), h)
// print("pushpop", heapq.heappushpop(h, 3), heapq.heappushpop(h, 999), h)
// a = seq[:]
// heapq.heapify(a)
// print("heapify", a)
// big = [(i * 2654435761) % 100003 for i in range(6000)]
// heapq.heapify(big)
// print("bigheapify", big[:40], sum(i * v for i, v in enumerate(big)) % 1000000007)
// print("nsmallest", heapq.nsmallest(5, seq), heapq.nlargest(5, seq), heapq.nsmallest(100, seq[:4]), heapq.nlargest(0, seq))
// words = ["pear", "fig", "apple", "kiwi", "banana", "date", "plum"]
// print("bykey", heapq.nsmallest(3, words, key=len), heapq.nlargest(3, words, key=len))
// fl = [3.5, 1.25, 9.0, -2.0, 7.75]
// heapq.heapify(fl)
// print("floats", list(fl), heapq.heappop(fl), fl)
// t = []
// for x in [(2, "b"), (1, "z"), (2, "a"), (1, "a")]:
//     heapq.heappush(t, x)
// print("tuples", list(t), [heapq.heappop(t) for _ in range(4)])
// # bisect
// b = [1, 2, 2, 2, 5, 8, 8, 13]
// print("bisect", [bisect.bisect_left(b, x) for x in range(15)], [bisect.bisect_right(b, x) for x in range(15)])
// print("bisect_range", bisect.bisect_left(b, 2, 2), bisect.bisect_right(b, 8, 0, 5), bisect.bisect_left(b, 100, 3, -1))
// s = []
// for x in [5, 1, 4, 1, 5, 9, 2, 6]:
//     bisect.insort(s, x)
// print("insort", s)
// recs = [("a", 1), ("b", 3), ("c", 5)]
// print("keyed", bisect.bisect_left(recs, 3, key=lambda r: r[1]), bisect.bisect_right(recs, 3, key=lambda r: r[1]))
// bisect.insort_left(recs, ("x", 3), key=lambda r: r[1]); print("insort_key", recs)
// # itertools
// print("product2", list(itertools.product([1, 2], "ab")))
// print("product3", list(itertools.product([0, 1], [0, 1], [5])))
// print("product_repeat", list(itertools.product([1, 2, 3], repeat=2)), list(itertools.product([1], repeat=0)))
// print("perm", list(itertools.permutations([1, 2, 3])), list(itertools.permutations("abcd", 2)), list(itertools.permutations([1, 2], 3)), list(itertools.permutations([1, 2], 0)))
// print("comb", list(itertools.combinations([1, 2, 3, 4], 2)), list(itertools.combinations("abcde", 3)), list(itertools.combinations([1], 2)), list(itertools.combinations([1, 2], 0)))
// print("cwr", list(itertools.combinations_with_replacement([1, 2, 3], 2)), list(itertools.combinations_with_replacement([], 2)), list(itertools.combinations_with_replacement([], 0)))
// print("acc", list(itertools.accumulate([1, 2, 3, 4, 5])), list(itertools.accumulate([3, 1, 4, 1, 5], max)), list(itertools.accumulate([1, 2, 3], lambda a, b: a * b, initial=10)))
// print("groupby", [(k, list(g)) for k, g in itertools.groupby("aaabccdaa")], [(k, list(g)) for k, g in itertools.groupby([1, 3, 2, 4, 5, 7, 6], key=lambda x: x % 2)])
// print("chain", list(itertools.chain([1, 2], [], [3])), list(itertools.islice(range(10), 2, 8, 2)), list(itertools.islice(range(10), 3, None)), list(itertools.islice(range(5), 4, 100)), list(itertools.islice(range(5), 4, 2)))
// print("misc", list(itertools.pairwise([1, 2, 3, 4])), list(itertools.zip_longest([1, 2, 3], [4], fillvalue=0)), list(itertools.takewhile(lambda x: x < 3, [1, 2, 3, 1])), list(itertools.dropwhile(lambda x: x < 3, [1, 2, 3, 1])), list(itertools.filterfalse(lambda x: x % 2, range(6))), list(itertools.compress("abcdef", [1, 0, 1, 0, 1])), list(itertools.repeat(7, 3)))
const EXPECTED: &str = "\
push [0, 120, 29, 397, 273, 58, 91, 732, 426, 488, 550, 364, 182, 244, 608, 947, 794, 856, 579, 641, 976, 823, 670, 703, 517, 335, 211, 914, 761, 885]
pop [0, 29, 58, 91, 120] [182, 273, 211, 397, 488, 335, 244, 732, 426, 641, 550, 364, 914, 761, 608, 947, 794, 856, 579, 885, 976, 823, 670, 703, 517]
replace 182 [211, 273, 244, 397, 488, 335, 500, 732, 426, 641, 550, 364, 914, 761, 608, 947, 794, 856, 579, 885, 976, 823, 670, 703, 517]
pushpop 3 211 [244, 273, 335, 397, 488, 364, 500, 732, 426, 641, 550, 517, 914, 761, 608, 947, 794, 856, 579, 885, 976, 823, 670, 703, 999]
heapify [0, 25, 29, 149, 87, 58, 54, 302, 240, 120, 178, 335, 116, 91, 455, 550, 579, 426, 273, 641, 637, 331, 397, 517, 364, 211, 182, 513, 207, 608, 703, 947, 732, 1005, 852, 699, 546, 393, 794, 856, 943, 790, 976, 484, 823, 488, 670, 881, 728, 575, 422, 269, 244, 972, 819, 666, 914, 360, 761, 885]
bigheapify [0, 25, 1, 26, 76, 75, 175, 50, 51, 125, 275, 150, 274, 374, 573, 100, 299, 225, 199, 250, 224, 523, 474, 722, 349, 423, 1319, 747, 473, 622, 672, 200, 399, 871, 598, 797, 249, 398, 623, 822] 360643889
nsmallest [0, 25, 29, 54, 58] [1005, 976, 972, 947, 943] [0, 550, 703, 856] []
bykey ['fig', 'pear', 'kiwi'] ['banana', 'apple', 'pear']
floats [-2.0, 1.25, 9.0, 3.5, 7.75] -2.0 [1.25, 3.5, 9.0, 7.75]
tuples [(1, 'a'), (1, 'z'), (2, 'a'), (2, 'b')] [(1, 'a'), (1, 'z'), (2, 'a'), (2, 'b')]
bisect [0, 0, 1, 4, 4, 4, 5, 5, 5, 7, 7, 7, 7, 7, 8] [0, 1, 4, 4, 4, 5, 5, 5, 7, 7, 7, 7, 7, 8, 8]
bisect_range 2 5 8
insort [1, 1, 2, 4, 5, 5, 6, 9]
keyed 1 2
insort_key [('a', 1), ('x', 3), ('b', 3), ('c', 5)]
product2 [(1, 'a'), (1, 'b'), (2, 'a'), (2, 'b')]
product3 [(0, 0, 5), (0, 1, 5), (1, 0, 5), (1, 1, 5)]
product_repeat [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (3, 3)] [()]
perm [(1, 2, 3), (1, 3, 2), (2, 1, 3), (2, 3, 1), (3, 1, 2), (3, 2, 1)] [('a', 'b'), ('a', 'c'), ('a', 'd'), ('b', 'a'), ('b', 'c'), ('b', 'd'), ('c', 'a'), ('c', 'b'), ('c', 'd'), ('d', 'a'), ('d', 'b'), ('d', 'c')] [] [()]
comb [(1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4)] [('a', 'b', 'c'), ('a', 'b', 'd'), ('a', 'b', 'e'), ('a', 'c', 'd'), ('a', 'c', 'e'), ('a', 'd', 'e'), ('b', 'c', 'd'), ('b', 'c', 'e'), ('b', 'd', 'e'), ('c', 'd', 'e')] [] [()]
cwr [(1, 1), (1, 2), (1, 3), (2, 2), (2, 3), (3, 3)] [] [()]
acc [1, 3, 6, 10, 15] [3, 3, 4, 4, 5] [10, 10, 20, 60]
groupby [('a', ['a', 'a', 'a']), ('b', ['b']), ('c', ['c', 'c']), ('d', ['d']), ('a', ['a', 'a'])] [(1, [1, 3]), (0, [2, 4]), (1, [5, 7]), (0, [6])]
chain [1, 2, 3] [2, 4, 6] [3, 4, 5, 6, 7, 8, 9] [4] []
misc [(1, 2), (2, 3), (3, 4)] [(1, 4), (2, 0), (3, 0)] [1, 2] [3, 1] [0, 2, 4] ['a', 'c', 'e'] [7, 7, 7]
";
