//! Hand-written behaviour tests; expected values were checked with python3 3.11.

use pyrt::fmt::{to_repr, to_str};
use pyrt::{builtins, dict, exc, io, list, pystr, try_catch, Dict, PyErr, Set};
use std::collections::VecDeque;

fn err<T: std::fmt::Debug>(f: impl FnOnce() -> T) -> String {
    exc::install_panic_hook();
    let e = try_catch(f).expect_err("expected an exception");
    if e.msg.is_empty() {
        e.kind
    } else {
        format!("{}: {}", e.kind, e.msg)
    }
}

#[test]
fn container_reprs() {
    // repr([1,'a',2.5,None,True]) etc.
    let v: Vec<Box<dyn pyrt::PyFmt>> = vec![
        Box::new(1i64),
        Box::new("a"),
        Box::new(2.5f64),
        Box::new(()),
        Box::new(true),
    ];
    assert_eq!(to_repr(&v), "[1, 'a', 2.5, None, True]");
    assert_eq!(to_repr(&(1i64,)), "(1,)");
    assert_eq!(to_repr(&(1i64, "b")), "(1, 'b')");
    let mut d: Dict<String, Vec<i64>> = Dict::default();
    d.insert("a".into(), vec![1]);
    d.insert("b".into(), vec![1, 2]);
    assert_eq!(to_repr(&d), "{'a': [1], 'b': [1, 2]}");
    let s: Set<i64> = [1, 2].into_iter().collect();
    assert_eq!(to_repr(&s), "{1, 2}");
    assert_eq!(to_repr(&Set::<i64>::default()), "set()");
    assert_eq!(to_repr(&Dict::<i64, i64>::default()), "{}");
    assert_eq!(to_repr(&VecDeque::from(vec![1i64, 2])), "deque([1, 2])");
    assert_eq!(to_repr(&Vec::<i64>::new()), "[]");
    assert_eq!(to_repr(&vec![vec![1i64, 2], vec![3]]), "[[1, 2], [3]]");
    assert_eq!(to_repr(&("x", (1i64, 2.0f64))), "('x', (1, 2.0))");
    assert_eq!(
        to_repr(&PyErr::new("ValueError", "bad")),
        "ValueError('bad')"
    );
    assert_eq!(to_repr(&PyErr::new("ValueError", "")), "ValueError()");
    assert_eq!(to_str(&PyErr::new("ValueError", "bad")), "bad");
    assert_eq!(to_str(&Some("x".to_string())), "x");
    assert_eq!(to_repr(&Some("x".to_string())), "'x'");
    assert_eq!(to_repr(&None::<i64>), "None");
    assert_eq!(to_str(&'c'), "c");
    assert_eq!(to_repr(&'c'), "'c'");
    assert_eq!(format!("{}|{}", pyrt::S(&1.0f64), pyrt::R("q")), "1.0|'q'");
}

#[test]
fn exception_hierarchy() {
    let e = PyErr::new("ZeroDivisionError", "x");
    for c in [
        "ZeroDivisionError",
        "ArithmeticError",
        "Exception",
        "BaseException",
    ] {
        assert!(exc::exc_matches(&e, c), "{c}");
    }
    assert!(!exc::exc_matches(&e, "ValueError"));
    let ex = PyErr::new("SystemExit", "");
    assert!(!exc::exc_matches(&ex, "Exception"));
    assert!(exc::exc_matches(&ex, "BaseException"));
    assert!(exc::exc_matches(&PyErr::new("KeyError", ""), "LookupError"));
    assert!(exc::exc_matches(
        &PyErr::new("FileNotFoundError", ""),
        "OSError"
    ));
    assert!(exc::exc_matches(
        &PyErr::new("FileNotFoundError", ""),
        "IOError"
    ));
    assert!(exc::exc_matches(
        &PyErr::new("UnicodeDecodeError", ""),
        "ValueError"
    ));
    assert!(exc::exc_matches(
        &PyErr::new("RecursionError", ""),
        "RuntimeError"
    ));
    assert!(!exc::exc_matches(
        &PyErr::new("KeyboardInterrupt", ""),
        "Exception"
    ));
    pyrt::register_exception("AppError", "Exception");
    pyrt::register_exception("DbError", "AppError");
    let d = PyErr::new("DbError", "down");
    assert!(exc::exc_matches(&d, "AppError"));
    assert!(exc::exc_matches(&d, "Exception"));
    assert!(!exc::exc_matches(&d, "ValueError"));
    assert!(!exc::exc_matches(&PyErr::new("Unknown", ""), "Exception"));
}

#[test]
fn try_catch_maps_rust_panics() {
    exc::install_panic_hook();
    if try_catch(|| std::hint::black_box(i64::MAX) + std::hint::black_box(1)).is_ok() {
        return; // built without overflow checks (e.g. `cargo test --release`)
    }
    let big = std::hint::black_box(i64::MAX);
    let zero = std::hint::black_box(0i64);
    let msg = "OverflowError: integer overflow: result does not fit in 64 bits";
    assert_eq!(err(|| big + 1), msg);
    assert_eq!(err(|| big * 2), msg);
    assert_eq!(err(|| -(big - big - 1 - big)), msg);
    assert_eq!(err(|| 1i64 << (64 + zero)), msg);
    assert_eq!(
        err(|| 7 / zero),
        "ZeroDivisionError: integer division or modulo by zero"
    );
    assert_eq!(
        err(|| 7 % zero),
        "ZeroDivisionError: integer modulo by zero"
    );
    assert_eq!(try_catch(|| 5), Ok(5));
    let r = std::panic::catch_unwind(|| try_catch(|| panic!("plain rust panic")));
    assert!(r.is_err(), "non-Python panics keep unwinding");
    // nested re-raise keeps the payload
    let e = try_catch(|| {
        if let Err(e) = try_catch(|| pyrt::raise("KeyError", "'k'")) {
            pyrt::raise_err(e)
        }
    })
    .unwrap_err();
    assert_eq!(e, PyErr::new("KeyError", "'k'"));
}

#[test]
fn list_operations() {
    let mut v = vec![3i64, 1, 2];
    list::insert(&mut v, -10, 0);
    list::insert(&mut v, 100, 9);
    list::insert(&mut v, -1, 7);
    assert_eq!(v, [0, 3, 1, 2, 7, 9]); // python: [0, 3, 1, 2, 7, 9]
    assert_eq!(list::pop(&mut v, None), 9);
    assert_eq!(list::pop(&mut v, Some(0)), 0);
    assert_eq!(list::pop(&mut v, Some(-1)), 7);
    assert_eq!(
        err(|| list::pop(&mut vec![1i64], Some(5))),
        "IndexError: pop index out of range"
    );
    assert_eq!(
        err(|| list::pop(&mut Vec::<i64>::new(), None)),
        "IndexError: pop from empty list"
    );
    assert_eq!(*list::get(&v, -1), 2);
    assert_eq!(
        err(|| *list::get(&v, 3)),
        "IndexError: list index out of range"
    );
    assert_eq!(
        err(|| list::set(&mut [1i64], 1, 0)),
        "IndexError: list assignment index out of range"
    );
    assert_eq!(
        err(|| list::index(&[1i64], &2)),
        "ValueError: 2 is not in list"
    );
    assert_eq!(
        err(|| list::index(&["a".to_string()], &"b".to_string())),
        "ValueError: 'b' is not in list"
    );
    assert_eq!(
        err(|| list::remove(&mut vec![1i64], &2)),
        "ValueError: list.remove(x): x not in list"
    );
    assert_eq!(list::repeat(&[1i64, 2], 3), [1, 2, 1, 2, 1, 2]);
    assert!(list::repeat(&[1i64, 2], -1).is_empty());
    assert_eq!(list::count(&[1i64, 2, 1], &1), 2);
    let mut w: Vec<i64> = (0..10).collect();
    list::set_slice(&mut w, Some(2), Some(5), vec![-1]);
    assert_eq!(w, [0, 1, -1, 5, 6, 7, 8, 9]);
    list::del_slice(&mut w, None, None, Some(2));
    assert_eq!(w, [1, 5, 7, 9]);
    list::del_slice(&mut w, Some(-2), None, None);
    assert_eq!(w, [1, 5]);
    assert_eq!(
        err(|| list::slice(&[1i64], None, None, Some(0))),
        "ValueError: slice step cannot be zero"
    );
}

#[test]
fn sorting_is_stable_like_python() {
    // sorted([(1,'b'),(0,'z'),(1,'a')], key=lambda t: t[0], reverse=True)
    let mut v = vec![(1i64, "b"), (0, "z"), (1, "a")];
    list::sort_by_key(&mut v, |t| t.0, true);
    assert_eq!(v, [(1, "b"), (1, "a"), (0, "z")]);
    let mut w = vec![3i64, 1, 2];
    list::sort_rev(&mut w, true);
    assert_eq!(w, [3, 2, 1]);
    let mut f = vec![2.5f64, -1.0, 0.0];
    list::sort(&mut f);
    assert_eq!(f, [-1.0, 0.0, 2.5]);
    // NaN never panics; non-NaN order preserved around it
    let mut g = vec![3.0f64, f64::NAN, 1.0, 2.0];
    list::sort(&mut g);
    assert_eq!(g.len(), 4);
    // min([3, 1, 1.0]) -> 1 (first), max([1, 1.0, 0]) -> 1 (first)
    assert_eq!(
        list::min_of(
            vec![(3, 'x'), (1, 'a'), (1, 'b')]
                .into_iter()
                .map(|p| Key(p.0, p.1))
        )
        .1,
        'a'
    );
    assert_eq!(
        list::max_of(vec![Key(1, 'a'), Key(1, 'b'), Key(0, 'c')]).1,
        'a'
    );
    assert_eq!(
        err(|| list::min_of(Vec::<i64>::new())),
        "ValueError: min() arg is an empty sequence"
    );
    assert_eq!(
        err(|| list::max_of(Vec::<i64>::new())),
        "ValueError: max() arg is an empty sequence"
    );
    assert_eq!(list::max_by_key(vec!["aa", "b", "cc"], |s| s.len()), "aa");
}

/// Compares on the first field only (like Python numbers 1 and 1.0).
#[derive(Clone, Debug)]
struct Key(i64, char);
impl PartialEq for Key {
    fn eq(&self, o: &Self) -> bool {
        self.0 == o.0
    }
}
impl PartialOrd for Key {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        self.0.partial_cmp(&o.0)
    }
}

#[test]
fn dict_operations() {
    let mut d: Dict<String, i64> =
        dict::from_pairs([("a".into(), 1), ("b".into(), 2), ("c".into(), 3)]);
    dict::remove(&mut d, &"a".to_string());
    d.insert("a".into(), 4);
    assert_eq!(dict::keys(&d), ["b", "c", "a"]); // python: ['b', 'c', 'a']
    assert_eq!(err(|| *dict::get(&d, &"z".to_string())), "KeyError: 'z'");
    let mut e: Dict<i64, i64> = Dict::default();
    assert_eq!(err(|| dict::pop(&mut e, &3)), "KeyError: 3");
    assert_eq!(
        err(|| dict::popitem(&mut e)),
        "KeyError: 'popitem(): dictionary is empty'"
    );
    let mut t: Dict<(i64, String), i64> = Dict::default();
    assert_eq!(
        err(|| dict::remove(&mut t, &(1, "a".to_string()))),
        "KeyError: (1, 'a')"
    );
    *dict::get_mut(&mut d, &"b".to_string()) += 10;
    assert_eq!(d["b"], 12);
    assert_eq!(dict::pop(&mut d, &"c".to_string()), 3);
    assert_eq!(to_repr(&d), "{'b': 12, 'a': 4}");
    let mut s: Set<i64> = dict::set_from([3, 1, 2]);
    assert_eq!(err(|| dict::set_remove(&mut s, &9)), "KeyError: 9");
    assert_eq!(
        err(|| dict::set_pop(&mut Set::<i64>::default())),
        "KeyError: 'pop from an empty set'"
    );
}

#[test]
fn ranges() {
    // list(range(10, 0, -3)), len(range(0, 10, 3)), len(range(5, 0)), list(range(-5, 5, 4))
    assert_eq!(
        builtins::range(10, 0, -3).collect::<Vec<_>>(),
        [10, 7, 4, 1]
    );
    assert_eq!(builtins::range_len(0, 10, 3), 4);
    assert_eq!(builtins::range_len(5, 0, 1), 0);
    assert_eq!(builtins::range(-5, 5, 4).collect::<Vec<_>>(), [-5, -1, 3]);
    assert_eq!(
        builtins::range(0, 5, 2).rev().collect::<Vec<_>>(),
        [4, 2, 0]
    );
    assert_eq!(builtins::range(i64::MAX - 2, i64::MAX, 1).count(), 2);
    assert_eq!(
        builtins::range_len(i64::MIN, i64::MAX, 1),
        u64::MAX as usize
    );
    assert_eq!(
        err(|| builtins::range(1, 2, 0).count()),
        "ValueError: range() arg 3 must not be zero"
    );
}

#[test]
fn str_misc() {
    assert_eq!(pystr::join(" ", ["a", "b"]), "a b");
    assert_eq!(pystr::join("", Vec::<String>::new()), "");
    assert_eq!(pystr::ord("é"), 233);
    assert_eq!(
        err(|| pystr::ord("ab")),
        "TypeError: ord() expected a character, but string of length 2 found"
    );
    assert_eq!(pystr::chr(0x1F600), "😀");
    assert_eq!(
        err(|| pystr::chr(0x110000)),
        "ValueError: chr() arg not in range(0x110000)"
    );
    assert_eq!(
        err(|| pystr::index("abc", 3)),
        "IndexError: string index out of range"
    );
    assert_eq!(
        err(|| pystr::index_of("a", "b")),
        "ValueError: substring not found"
    );
    assert_eq!(
        err(|| pystr::partition("a", "")),
        "ValueError: empty separator"
    );
}

#[test]
fn file_io() {
    let dir = std::env::temp_dir().join(format!("pyrt-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("f.txt");
    let path = p.to_str().unwrap();
    let mut f = io::open(path, "w");
    assert_eq!(f.write("héllo\nworld\r\nlast"), 17); // python: 17 (characters)
    f.close();
    f.close();
    assert_eq!(
        err(|| f.write("x")),
        "ValueError: I/O operation on closed file."
    );
    let mut f = io::open(path, "a");
    f.write("!\n");
    drop(f); // flushed on drop
    let mut f = io::open(path, "r");
    assert_eq!(f.readline(), "héllo\n");
    assert_eq!(f.read_n(3), "wor");
    assert_eq!(f.readlines(), ["ld\n", "last!\n"]);
    assert_eq!(f.readline(), "");
    assert_eq!(
        err(|| f.write("x")),
        "io.UnsupportedOperation: not writable"
    );
    f.close();
    let mut f = io::open(path, "r");
    assert_eq!(f.read(), "héllo\nworld\nlast!\n");
    assert_eq!(f.name(), path);
    let missing = dir.join("missing.txt");
    let m = missing.to_str().unwrap();
    assert_eq!(
        err(|| io::open(m, "r")),
        format!("FileNotFoundError: [Errno 2] No such file or directory: '{m}'")
    );
    assert_eq!(
        err(|| io::open(dir.to_str().unwrap(), "r")),
        format!(
            "IsADirectoryError: [Errno 21] Is a directory: '{}'",
            dir.to_str().unwrap()
        )
    );
    assert_eq!(
        err(|| io::remove_file(m)),
        format!("FileNotFoundError: [Errno 2] No such file or directory: '{m}'")
    );
    assert!(io::path_exists(path));
    io::remove_file(path);
    assert!(!io::path_exists(path));
    assert_eq!(err(|| io::open(path, "z")), "ValueError: invalid mode: 'z'");
    std::fs::remove_dir_all(&dir).unwrap();
}
