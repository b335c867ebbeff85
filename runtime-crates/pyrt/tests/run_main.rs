//! `run_main` end-to-end: the test binary re-runs itself as a child process.
//! Expected exit codes and stderr lines were checked against `python3 -c ...`.

use pyrt::{dict, exc, io, raise, register_exception, run_main, try_catch, Dict};
use std::process::Command;

fn child_body(case: &str) {
    match case {
        "ok" => io::print(format_args!("hello\n")),
        "value_error" => {
            io::print(format_args!("before\n"));
            raise("ValueError", "bad value");
        }
        "bare" => raise("RuntimeError", ""),
        "exit3" => exc::sys_exit_int(3),
        "exit_none" => exc::sys_exit_none(),
        "exit_str" => exc::sys_exit_str("fatal"),
        "keyerror" => {
            let d: Dict<String, i64> = Dict::default();
            dict::get(&d, &"x".to_string());
        }
        "overflow" => {
            let x = std::hint::black_box(i64::MAX);
            io::print(format_args!("{}\n", x + 1));
        }
        "zerodiv" => {
            let x = std::hint::black_box(0i64);
            io::print(format_args!("{}\n", 1 / x));
        }
        "user_exc" => {
            register_exception("MyError", "ValueError");
            match try_catch(|| raise("MyError", "inner")) {
                Err(e) if exc::exc_matches(&e, "ValueError") => {
                    io::print(format_args!("caught {}\n", e.msg))
                }
                _ => unreachable!(),
            }
            raise("MyError", "boom");
        }
        "deep" => {
            fn rec(n: i64) -> i64 {
                if n == 0 {
                    0
                } else {
                    1 + rec(std::hint::black_box(n - 1))
                }
            }
            io::print(format_args!("{}\n", rec(100_000)));
        }
        "big_output" => {
            for i in 0..20000 {
                io::print(format_args!("{i}\n"));
            }
        }
        "stdin" => {
            let first = io::input(Some("name? "));
            io::print(format_args!("got {first:?}\n"));
            let line = io::readline_stdin();
            io::print(format_args!("line {line:?}\n"));
            let rest: Vec<String> = io::stdin_lines().collect();
            io::print(format_args!("rest {rest:?}\n"));
            io::input(None);
        }
        "rust_panic" => panic!("internal bug"),
        other => panic!("unknown case {other}"),
    }
}

/// Entry point used by the child processes; a no-op when run as a normal test.
#[test]
fn child_entry() {
    if let Ok(case) = std::env::var("PYRT_CHILD_CASE") {
        run_main(move || child_body(&case));
    }
}

fn run_child(case: &str) -> (i32, String, String) {
    run_child_stdin(case, "")
}

fn run_child_stdin(case: &str, input: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_entry", "--nocapture", "--test-threads=1"])
        .env("PYRT_CHILD_CASE", case)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn exit_ok() {
    let (code, out, err) = run_child("ok");
    assert_eq!(code, 0);
    assert!(out.ends_with("hello\n"), "{out:?}");
    assert_eq!(err, "");
}

#[test]
fn uncaught_exception() {
    let (code, out, err) = run_child("value_error");
    assert_eq!(code, 1);
    assert!(out.ends_with("before\n"), "{out:?}");
    assert_eq!(err, "ValueError: bad value\n");
    let (code, _, err) = run_child("bare");
    assert_eq!((code, err.as_str()), (1, "RuntimeError\n"));
    let (code, _, err) = run_child("keyerror");
    assert_eq!((code, err.as_str()), (1, "KeyError: 'x'\n"));
}

#[test]
fn sys_exit() {
    assert_eq!(run_child("exit3").0, 3);
    let (code, _, err) = run_child("exit_none");
    assert_eq!((code, err.as_str()), (0, ""));
    let (code, _, err) = run_child("exit_str");
    assert_eq!((code, err.as_str()), (1, "fatal\n"));
}

/// True when this test binary was built with overflow checks (debug, or a profile enabling them).
fn overflow_checks_on() -> bool {
    pyrt::exc::install_panic_hook();
    try_catch(|| std::hint::black_box(i64::MAX) + std::hint::black_box(1)).is_err()
}

#[test]
fn mapped_rust_panics() {
    if !overflow_checks_on() {
        return;
    }
    let (code, _, err) = run_child("overflow");
    assert_eq!(
        (code, err.as_str()),
        (
            1,
            "OverflowError: integer overflow: result does not fit in 64 bits\n"
        )
    );
    let (code, _, err) = run_child("zerodiv");
    assert_eq!(
        (code, err.as_str()),
        (1, "ZeroDivisionError: integer division or modulo by zero\n")
    );
}

#[test]
fn user_exception_and_deep_recursion() {
    let (code, out, err) = run_child("user_exc");
    assert_eq!(code, 1);
    assert!(out.ends_with("caught inner\n"), "{out:?}");
    assert_eq!(err, "MyError: boom\n");
    let (code, out, _) = run_child("deep");
    assert_eq!(code, 0);
    assert!(out.ends_with("100000\n"), "{out:?}");
}

#[test]
fn stdout_fully_flushed() {
    let (code, out, _) = run_child("big_output");
    assert_eq!(code, 0);
    let expected: String = (0..20000).map(|i| format!("{i}\n")).collect();
    assert!(out.ends_with(&expected));
}

#[test]
fn other_panics_are_not_swallowed() {
    let (code, _, err) = run_child("rust_panic");
    assert_eq!(code, 101);
    assert!(err.contains("internal bug"), "{err:?}");
}

#[test]
fn stdin_reading() {
    // python: input() strips only \\n (stdin has no CRLF translation), readline keeps it, EOF -> EOFError
    let (code, out, err) = run_child_stdin("stdin", "bob\r\nsecond\nthird\nfourth");
    assert_eq!(code, 1);
    assert!(
        out.ends_with(
            "name? got \"bob\\r\"\nline \"second\\n\"\nrest [\"third\\n\", \"fourth\"]\n"
        ),
        "{out:?}"
    );
    assert_eq!(err, "EOFError: EOF when reading a line\n");
}
