//! Tests for `pyrt::random`; every expected value was produced by python3 3.11.

use pyrt::fmt::to_repr;
use pyrt::random::{self, Random};
use pyrt::{exc, try_catch};

fn err<T>(f: impl FnOnce() -> T) -> String {
    exc::install_panic_hook();
    match try_catch(f) {
        Ok(_) => panic!("expected an exception"),
        Err(e) => e.traceback_line(),
    }
}

/// Produced by this script (python3 3.11):
///
/// ```text
/// import random
/// def fl(x): return repr(x)
/// for s in [42, 0, 1, -7, 123456789, 2**32, 2**40+5, -(2**63), 2**63-1]:
///     r = random.Random(s)
///     print("seed", s)
///     print(" random", [r.random() for _ in range(5)])
///     print(" randint", [r.randint(1,100) for _ in range(10)])
///     l=list(range(10)); r.shuffle(l); print(" shuffle", l)
///     print(" choice", [r.choice("abcdefg") for _ in range(5)])
///     print(" gauss", [r.gauss(0,1) for _ in range(3)])
///     print(" uniform", [r.uniform(2.5, 10.0) for _ in range(3)])
///     print(" randrange", [r.randrange(0, 100, 7) for _ in range(4)], [r.randrange(50, -50, -3) for _ in range(4)], [r.randrange(10) for _ in range(4)])
///     print(" bits", [r.getrandbits(k) for k in (0,1,31,32,33,63,64)])
///     print(" sample", r.sample(range(100), 10), r.sample(range(30),10), r.sample("abcdef", 6))
///     print(" choices", r.choices("abcde", k=5), r.choices("abc", [1,2,3], k=6))
///     print(" misc", r.triangular(0,10,None), r.triangular(1,5,2), r.expovariate(2.0), r.randint(-2**62, 2**62), r.randrange(-2**63, 2**63-1))
/// ```
const EXPECTED: &str = "\
seed 42
 random [0.6394267984578837, 0.025010755222666936, 0.27502931836911926, 0.22321073814882275, 0.7364712141640124]
 randint [87, 95, 70, 12, 76, 55, 5, 4, 12, 28]
 shuffle [2, 5, 7, 9, 6, 1, 4, 0, 8, 3]
 choice ['e', 'c', 'g', 'g', 'a']
 gauss [0.032623373765392434, -0.5889240211923301, -0.7133906300134584]
 uniform [4.1148532158069155, 8.226205967548928, 3.2665770738988655]
 randrange [42, 7, 35, 91] [-16, 2, 44, -37] [8, 1, 6, 1]
 bits [0, 1, 629595552, 3562265906, 6994954670, 7947843307242845999, 10650267372227927280]
 sample [24, 90, 8, 5, 84, 29, 98, 37, 10, 12] [12, 8, 14, 20, 11, 5, 25, 23, 6, 28] ['f', 'a', 'b', 'c', 'e', 'd']
 choices ['c', 'b', 'e', 'd', 'b'] ['b', 'c', 'a', 'c', 'c', 'b']
 misc 1.8191839545734132 3.9790364797048525 0.4187167303670532 1193096386963913423 2867337300347367791
seed 0
 random [0.8444218515250481, 0.7579544029403025, 0.420571580830845, 0.25891675029296335, 0.5112747213686085]
 randint [52, 39, 62, 46, 75, 28, 65, 18, 37, 18]
 shuffle [3, 8, 9, 6, 5, 0, 7, 2, 4, 1]
 choice ['c', 'd', 'c', 'e', 'f']
 gauss [2.227577292070218, -1.355241493551267, -1.9815330795532842]
 uniform [4.453692327939695, 8.537708702597667, 6.61524477876692]
 randrange [0, 7, 77, 91] [-25, 50, -43, -13] [3, 5, 1, 3]
 bits [0, 1, 1218720039, 952210990, 5319814903, 1314278795803408338, 10016396730278161277]
 sample [57, 11, 10, 40, 65, 62, 13, 38, 70, 37] [22, 3, 17, 10, 27, 6, 19, 25, 18, 9] ['d', 'a', 'f', 'b', 'e', 'c']
 choices ['a', 'e', 'a', 'e', 'b'] ['a', 'c', 'a', 'a', 'a', 'a']
 misc 6.122647837992634 3.5690319149626744 0.575213468126852 472866130492029520 5748535023214266663
seed 1
 random [0.13436424411240122, 0.8474337369372327, 0.763774618976614, 0.2550690257394217, 0.49543508709194095]
 randint [58, 61, 84, 49, 27, 13, 63, 4, 50, 56]
 shuffle [6, 3, 4, 8, 1, 5, 2, 7, 0, 9]
 choice ['a', 'a', 'f', 'e', 'a']
 gauss [0.9090310261532091, -0.3655442662325168, 0.21817181336058245]
 uniform [2.7178059068115097, 4.162687497047763, 5.78415695237929]
 randrange [49, 56, 21, 35] [8, 8, -37, -4] [0, 6, 8, 1]
 bits [0, 0, 1351525069, 4262941488, 7402973165, 1115013059373448624, 6137142913487789066]
 sample [92, 91, 64, 54, 85, 24, 38, 36, 75, 63] [27, 16, 12, 18, 1, 15, 7, 29, 13, 5] ['c', 'e', 'f', 'a', 'b', 'd']
 choices ['d', 'c', 'b', 'c', 'a'] ['a', 'c', 'c', 'c', 'b', 'b']
 misc 5.011205348150131 4.536232440184106 0.7359765408571969 2849189371388617991 -2880903934979438039
seed -7
 random [0.32383276483316237, 0.15084917392450192, 0.6509344730398537, 0.07243628666754276, 0.5358820043066892]
 randint [47, 75, 8, 65, 28, 5, 12, 56, 54, 9]
 shuffle [9, 5, 2, 8, 7, 4, 0, 6, 1, 3]
 choice ['e', 'e', 'd', 'a', 'b']
 gauss [1.893390757189709, 0.5705583279262191, -0.13748627795272605]
 uniform [3.3834417855877628, 4.813613680764508, 8.620947693400236]
 randrange [14, 7, 63, 63] [14, -19, 32, 38] [9, 0, 9, 3]
 bits [0, 0, 1461147818, 2283721058, 6131462270, 4294419225162543855, 17034486841352872401]
 sample [58, 46, 38, 31, 23, 89, 99, 10, 73, 67] [15, 28, 10, 23, 14, 9, 19, 2, 3, 16] ['d', 'b', 'c', 'a', 'e', 'f']
 choices ['a', 'd', 'd', 'c', 'e'] ['b', 'c', 'c', 'c', 'b', 'c']
 misc 8.336886881597307 2.4878654592231197 0.5455486070675869 1099561980690496310 1437854117453773953
seed 123456789
 random [0.6414006161858726, 0.5421892680969495, 0.9931750662832721, 0.8432521366869166, 0.8117339283379406]
 randint [51, 39, 89, 60, 51, 69, 45, 52, 57, 70]
 shuffle [6, 9, 2, 5, 8, 1, 7, 4, 0, 3]
 choice ['g', 'f', 'd', 'e', 'c']
 gauss [-0.2875990140940187, -0.3233031528076501, -0.5713293246132287]
 uniform [2.8260948613749766, 2.6151584705265476, 7.364686862173444]
 randrange [56, 7, 0, 63] [-49, -7, -34, -25] [1, 7, 0, 4]
 bits [0, 0, 526521558, 2849959485, 7332199124, 573987702513484683, 10108716453022772150]
 sample [87, 11, 44, 61, 90, 31, 94, 84, 24, 64] [28, 4, 11, 23, 3, 10, 17, 27, 16, 13] ['e', 'f', 'd', 'a', 'b', 'c']
 choices ['d', 'c', 'e', 'd', 'c'] ['c', 'a', 'b', 'b', 'c', 'b']
 misc 3.699596360778898 3.165304705755598 0.566977349806592 -2534906370523499897 5194852806086719668
seed 4294967296
 random [0.11299430095636409, 0.41782886486292836, 0.0166763664992291, 0.6117214625782752, 0.8056470212514185]
 randint [43, 70, 58, 2, 18, 10, 56, 65, 41, 44]
 shuffle [9, 4, 3, 2, 0, 5, 1, 8, 7, 6]
 choice ['e', 'c', 'c', 'e', 'b']
 gauss [-1.7899541521958717, -1.121503802716517, 2.397897779301832]
 uniform [6.993820033238021, 2.536641902169058, 7.943224853717662]
 randrange [35, 91, 77, 0] [2, 8, 20, 38] [5, 7, 6, 7]
 bits [0, 0, 311683840, 380218926, 1055325948, 2513883477688500503, 7296572980367039699]
 sample [5, 36, 23, 34, 81, 87, 90, 59, 53, 76] [1, 9, 0, 7, 6, 13, 26, 5, 29, 2] ['a', 'b', 'f', 'd', 'c', 'e']
 choices ['a', 'c', 'c', 'd', 'a'] ['b', 'a', 'c', 'b', 'c', 'c']
 misc 8.74856347001481 3.5655185136621785 0.24371536180102238 3029166380574183173 -1417101217825711806
seed 1099511627781
 random [0.5043802970418443, 0.2686044399723282, 0.9257865475671585, 0.530959239292452, 0.8179643216302002]
 randint [98, 6, 22, 11, 18, 31, 84, 88, 18, 32]
 shuffle [2, 8, 4, 9, 5, 0, 7, 3, 1, 6]
 choice ['g', 'd', 'c', 'b', 'f']
 gauss [0.5154278894422245, 0.3509011229409428, -0.3740461176467245]
 uniform [5.96631259380313, 3.6155147362117805, 6.606862054387793]
 randrange [63, 14, 63, 63] [-37, 32, -49, -4] [2, 2, 0, 8]
 bits [0, 0, 657054104, 4227149691, 5894215797, 2548440114576041258, 16761201876308784792]
 sample [67, 56, 61, 72, 3, 13, 25, 79, 9, 59] [7, 28, 17, 9, 25, 2, 4, 22, 8, 20] ['a', 'c', 'e', 'f', 'd', 'b']
 choices ['a', 'c', 'e', 'c', 'c'] ['c', 'c', 'b', 'b', 'c', 'b']
 misc 6.510792588142829 3.4158185840072077 1.1201374425260315 -4417384517523205752 -6066727446198756289
seed -9223372036854775808
 random [0.5534639983914199, 0.9406144709090462, 0.24199432111690833, 0.8512870110731147, 0.08475572881914784]
 randint [97, 43, 65, 40, 59, 84, 86, 25, 32, 4]
 shuffle [0, 4, 6, 3, 7, 9, 8, 2, 5, 1]
 choice ['d', 'f', 'a', 'c', 'g']
 gauss [-0.11430103157447041, 0.7658620039136858, 0.12437571639913814]
 uniform [8.692223204500486, 8.041633735579452, 5.356514792451929]
 randrange [35, 21, 14, 14] [-1, -25, 5, 20] [6, 6, 2, 3]
 bits [0, 0, 1178546912, 3772341062, 8077635267, 5289331590042336807, 2495441189778419087]
 sample [48, 62, 32, 55, 18, 25, 5, 37, 27, 74] [11, 2, 23, 27, 26, 25, 8, 10, 4, 3] ['d', 'e', 'a', 'c', 'f', 'b']
 choices ['b', 'e', 'c', 'a', 'b'] ['c', 'a', 'b', 'b', 'c', 'a']
 misc 4.466043489287445 2.5930836932918546 0.6736034821524239 -163859838516427052 -7583418881257411202
seed 9223372036854775807
 random [0.3166448820870279, 0.631259308253863, 0.8035542479972343, 0.45346382341714553, 0.4767927957583785]
 randint [92, 96, 76, 36, 22, 91, 47, 80, 99, 13]
 shuffle [2, 4, 7, 3, 5, 9, 6, 0, 1, 8]
 choice ['d', 'd', 'f', 'd', 'c']
 gauss [0.7160237963785708, -1.18114734875986, -0.7686274653774987]
 uniform [8.992577948898514, 4.9643499530029445, 7.26500768908101]
 randrange [49, 84, 77, 77] [-43, 23, -25, -19] [4, 7, 8, 1]
 bits [0, 0, 851599146, 2820048552, 2230939296, 1479002053223497848, 14903872439006474010]
 sample [37, 30, 6, 50, 69, 40, 59, 84, 31, 24] [5, 8, 22, 4, 11, 27, 13, 12, 6, 7] ['f', 'c', 'b', 'd', 'a', 'e']
 choices ['a', 'c', 'c', 'c', 'c'] ['c', 'c', 'c', 'a', 'b', 'a']
 misc 5.537793643132953 2.0216876832638078 0.5570010919861438 -3329209035681872330 -1778649906037650387
";

fn run_seed(s: i64) -> String {
    let mut r = Random::new_seeded(s);
    let mut out = format!("seed {s}\n");
    let v: Vec<f64> = (0..5).map(|_| r.random()).collect();
    out += &format!(" random {}\n", to_repr(&v));
    let v: Vec<i64> = (0..10).map(|_| r.randint(1, 100)).collect();
    out += &format!(" randint {}\n", to_repr(&v));
    let mut l: Vec<i64> = (0..10).collect();
    r.shuffle(&mut l);
    out += &format!(" shuffle {}\n", to_repr(&l));
    let letters: Vec<String> = "abcdefg".chars().map(String::from).collect();
    let v: Vec<String> = (0..5).map(|_| r.choice(&letters)).collect();
    out += &format!(" choice {}\n", to_repr(&v));
    let v: Vec<f64> = (0..3).map(|_| r.gauss(0.0, 1.0)).collect();
    out += &format!(" gauss {}\n", to_repr(&v));
    let v: Vec<f64> = (0..3).map(|_| r.uniform(2.5, 10.0)).collect();
    out += &format!(" uniform {}\n", to_repr(&v));
    let a: Vec<i64> = (0..4).map(|_| r.randrange(0, 100, 7)).collect();
    let b: Vec<i64> = (0..4).map(|_| r.randrange(50, -50, -3)).collect();
    let c: Vec<i64> = (0..4).map(|_| r.randrange_stop(10)).collect();
    out += &format!(
        " randrange {} {} {}\n",
        to_repr(&a),
        to_repr(&b),
        to_repr(&c)
    );
    let v: Vec<u64> = [0, 1, 31, 32, 33, 63, 64]
        .iter()
        .map(|&k| r.getrandbits_u64(k))
        .collect();
    out += &format!(" bits {}\n", to_repr(&v));
    let pop100: Vec<i64> = (0..100).collect();
    let pop30: Vec<i64> = (0..30).collect();
    let letters6: Vec<String> = "abcdef".chars().map(String::from).collect();
    let a = r.sample(&pop100, 10);
    let b = r.sample(&pop30, 10);
    let c = r.sample(&letters6, 6);
    out += &format!(" sample {} {} {}\n", to_repr(&a), to_repr(&b), to_repr(&c));
    let l5: Vec<String> = "abcde".chars().map(String::from).collect();
    let l3: Vec<String> = "abc".chars().map(String::from).collect();
    let a = r.choices(&l5, 5);
    let b = r.choices_weighted(&l3, &[1.0, 2.0, 3.0], 6);
    out += &format!(" choices {} {}\n", to_repr(&a), to_repr(&b));
    let t1 = r.triangular(0.0, 10.0, None);
    let t2 = r.triangular(1.0, 5.0, Some(2.0));
    let e = r.expovariate(2.0);
    let i1 = r.randint(-(1 << 62), 1 << 62);
    let i2 = r.randrange(i64::MIN, i64::MAX, 1);
    out += &format!(
        " misc {} {} {} {} {}\n",
        to_repr(&t1),
        to_repr(&t2),
        to_repr(&e),
        i1,
        i2
    );
    out
}

#[test]
fn sequences_match_cpython() {
    let seeds = [
        42,
        0,
        1,
        -7,
        123_456_789,
        1 << 32,
        (1 << 40) + 5,
        i64::MIN,
        i64::MAX,
    ];
    let got: String = seeds.iter().map(|&s| run_seed(s)).collect();
    let exp_lines: Vec<&str> = EXPECTED.lines().collect();
    let got_lines: Vec<&str> = got.lines().collect();
    assert_eq!(exp_lines.len(), got_lines.len());
    for (e, g) in exp_lines.iter().zip(&got_lines) {
        assert_eq!(e, g);
    }
}

#[test]
fn errors_match_cpython() {
    let mut r = Random::new_seeded(5);
    assert_eq!(
        err(|| r.randrange(5, 5, 1)),
        "ValueError: empty range for randrange() (5, 5, 0)"
    );
    let mut r = Random::new_seeded(5);
    assert_eq!(
        err(|| r.randrange(0, 10, 0)),
        "ValueError: zero step for randrange()"
    );
    let mut r = Random::new_seeded(5);
    assert_eq!(
        err(|| r.randrange(10, 0, 2)),
        "ValueError: empty range for randrange()"
    );
    let mut r = Random::new_seeded(5);
    assert_eq!(
        err(|| r.randrange_stop(0)),
        "ValueError: empty range for randrange()"
    );
    let mut r = Random::new_seeded(5);
    assert_eq!(
        err(|| r.randrange_stop(-3)),
        "ValueError: empty range for randrange()"
    );
    let mut r = Random::new_seeded(5);
    assert_eq!(
        err(|| r.randint(5, 4)),
        "ValueError: empty range for randrange() (5, 5, 0)"
    );
    let mut r = Random::new_seeded(5);
    assert_eq!(
        err(|| r.choice::<i64>(&[])),
        "IndexError: Cannot choose from an empty sequence"
    );
    let mut r = Random::new_seeded(5);
    assert_eq!(
        err(|| r.sample(&[1i64, 2], 3)),
        "ValueError: Sample larger than population or is negative"
    );
    let mut r = Random::new_seeded(5);
    assert_eq!(
        err(|| r.sample(&[1i64, 2], -1)),
        "ValueError: Sample larger than population or is negative"
    );
    let mut r = Random::new_seeded(5);
    assert_eq!(
        err(|| r.getrandbits(-1)),
        "ValueError: number of bits must be non-negative"
    );
    let mut r = Random::new_seeded(5);
    assert_eq!(
        err(|| r.choices_weighted(&[1i64, 2], &[1.0], 2)),
        "ValueError: The number of weights does not match the population"
    );
    let mut r = Random::new_seeded(5);
    assert_eq!(
        err(|| r.choices_weighted(&[1i64, 2], &[0.0, 0.0], 2)),
        "ValueError: Total of weights must be greater than zero"
    );
    let mut r = Random::new_seeded(5);
    assert_eq!(
        err(|| r.choices_weighted(&[1i64, 2], &[1.0, f64::INFINITY], 2)),
        "ValueError: Total of weights must be finite"
    );
    let mut r = Random::new_seeded(5);
    assert_eq!(
        err(|| r.expovariate(0.0)),
        "ZeroDivisionError: float division by zero"
    );
    let mut r = Random::new_seeded(5);
    assert_eq!(
        err(|| r.choices::<i64>(&[], 1)),
        "IndexError: list index out of range"
    );
}

#[test]
fn module_functions_use_seeded_default() {
    // random.seed(42); print([random.random() for _ in range(3)], random.randint(1,6),
    //   random.choice([10,20,30]), random.gauss(5,2), random.gauss(5,2),
    //   random.uniform(-1,1), random.randrange(0,10,2), random.randrange(7))
    random::seed(42);
    let v: Vec<f64> = (0..3).map(|_| random::random()).collect();
    assert_eq!(
        to_repr(&v),
        "[0.6394267984578837, 0.025010755222666936, 0.27502931836911926]"
    );
    assert_eq!(random::randint(1, 6), 2);
    assert_eq!(random::choice(&[10i64, 20, 30]), 10);
    assert_eq!(to_repr(&random::gauss(5.0, 2.0)), "4.7448234324342256");
    assert_eq!(to_repr(&random::gauss(5.0, 2.0)), "2.005293171318085");
    assert_eq!(to_repr(&random::uniform(-1.0, 1.0)), "0.7843591354096908");
    assert_eq!(random::randrange(0, 10, 2), 0);
    assert_eq!(random::randrange_stop(7), 4);
    // l = list(range(20)); random.shuffle(l)
    let mut l: Vec<i64> = (0..20).collect();
    random::shuffle(&mut l);
    assert_eq!(
        to_repr(&l),
        "[7, 5, 11, 16, 4, 12, 18, 15, 10, 14, 19, 17, 9, 8, 3, 6, 2, 0, 1, 13]"
    );
    // random.sample(range(1000), 5), random.choices([1,2,3], k=4),
    // random.choices("xy", [0.3,0.7], k=4), random.getrandbits(20),
    // random.triangular(0,1,None), random.expovariate(1.5)
    let pop: Vec<i64> = (0..1000).collect();
    assert_eq!(
        to_repr(&random::sample(&pop, 5)),
        "[714, 432, 348, 284, 159]"
    );
    assert_eq!(to_repr(&random::choices(&[1i64, 2, 3], 4)), "[1, 3, 1, 2]");
    assert_eq!(
        to_repr(&random::choices_weighted(&["x", "y"], &[0.3, 0.7], 4)),
        "['y', 'y', 'x', 'x']"
    );
    assert_eq!(random::getrandbits(20), 481741);
    assert_eq!(
        to_repr(&random::triangular(0.0, 1.0, None)),
        "0.5184546186778969"
    );
    assert_eq!(to_repr(&random::expovariate(1.5)), "2.4108101237933464");
    // Reseeding restarts the sequence.
    random::seed(42);
    assert_eq!(to_repr(&random::random()), "0.6394267984578837");
}

#[test]
fn unseeded_default_is_usable() {
    std::thread::spawn(|| {
        let x = random::random();
        assert!((0.0..1.0).contains(&x));
        let n = random::randint(1, 6);
        assert!((1..=6).contains(&n));
    })
    .join()
    .unwrap();
    let a = Random::new_from_entropy().getrandbits(62);
    let b = Random::new_from_entropy().getrandbits(62);
    assert!(a != b || a == 0);
    // Python ints are unbounded; here results beyond 64 bits raise OverflowError.
    let mut r = Random::new_seeded(1);
    assert_eq!(
        err(|| r.getrandbits(65)),
        "OverflowError: getrandbits() result does not fit in 64 bits"
    );
}

#[test]
fn gauss_cache_is_cleared_by_seed() {
    // r = random.Random(7); r.gauss(0,1); r.seed(7); r.gauss(0,1), r.gauss(0,1)
    let mut r = Random::new_seeded(7);
    assert_eq!(to_repr(&r.gauss(0.0, 1.0)), "-0.2558802884476004");
    r.seed(7);
    assert_eq!(to_repr(&r.gauss(0.0, 1.0)), "-0.2558802884476004");
    assert_eq!(to_repr(&r.gauss(0.0, 1.0)), "0.511431512516514");
    // r.triangular(3,3,3), r.triangular(1, 2, None)
    assert_eq!(r.triangular(3.0, 3.0, Some(3.0)), 3.0);
    assert_eq!(to_repr(&r.triangular(1.0, 2.0, None)), "1.1903106495542783");
    // r = random.Random(99); r.sample(list(range(2000)), 25)  (set-based path)
    let mut r = Random::new_seeded(99);
    let pop: Vec<i64> = (0..2000).collect();
    assert_eq!(
        to_repr(&r.sample(&pop, 25)),
        "[827, 779, 409, 1227, 366, 471, 508, 272, 1556, 177, 514, 1493, 784, 1087, \
         1401, 1434, 1103, 183, 1921, 1277, 1002, 408, 863, 1479, 1255]"
    );
}
