//! Python exceptions modelled as Rust panics carrying a [`PyErr`] payload.
//!
//! `raise` is `std::panic::panic_any(PyErr)`; `try`/`except` is [`try_catch`]
//! followed by [`exc_matches`]; the program entry point is [`run_main`].

use std::any::Any;
use std::cell::Cell;
use std::collections::HashMap;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Once, OnceLock, RwLock};

/// A raised Python exception: its class name, its message (`str(e)`) and,
/// for `SystemExit`, the integer exit status.
#[derive(Clone, Debug, PartialEq)]
pub struct PyErr {
    /// Class name, e.g. `"ValueError"`.
    pub kind: String,
    /// The message, i.e. `str(exc)`.
    pub msg: String,
    /// Exit status carried by `SystemExit` (None for `sys.exit("msg")`).
    pub exit_code: Option<i32>,
}

impl PyErr {
    /// Builds an exception of class `kind` with message `msg`.
    pub fn new(kind: &str, msg: impl Into<String>) -> PyErr {
        PyErr {
            kind: kind.to_string(),
            msg: msg.into(),
            exit_code: None,
        }
    }

    /// True if this exception is an instance of `class` (see [`exc_matches`]).
    pub fn matches(&self, class: &str) -> bool {
        exc_matches(self, class)
    }

    /// The line CPython prints last for an uncaught exception: `Kind: msg` or `Kind`.
    pub fn traceback_line(&self) -> String {
        if self.msg.is_empty() {
            self.kind.clone()
        } else {
            format!("{}: {}", self.kind, self.msg)
        }
    }
}

impl std::fmt::Display for PyErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for PyErr {}

/// Raises a new exception of class `kind` (panics with a [`PyErr`] payload).
pub fn raise(kind: &str, msg: impl Into<String>) -> ! {
    raise_err(PyErr::new(kind, msg))
}

/// Raises (or re-raises) an existing exception value.
pub fn raise_err(e: PyErr) -> ! {
    std::panic::panic_any(e)
}

/// Builtin exception hierarchy: (class, parent).
const BUILTIN: &[(&str, &str)] = &[
    ("Exception", "BaseException"),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("BaseExceptionGroup", "BaseException"),
    ("ExceptionGroup", "BaseExceptionGroup"),
    ("ArithmeticError", "Exception"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("FloatingPointError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("BufferError", "Exception"),
    ("EOFError", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("MemoryError", "Exception"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("OSError", "Exception"),
    ("IOError", "OSError"),
    ("EnvironmentError", "OSError"),
    ("BlockingIOError", "OSError"),
    ("ChildProcessError", "OSError"),
    ("ConnectionError", "OSError"),
    ("BrokenPipeError", "ConnectionError"),
    ("ConnectionAbortedError", "ConnectionError"),
    ("ConnectionRefusedError", "ConnectionError"),
    ("ConnectionResetError", "ConnectionError"),
    ("FileExistsError", "OSError"),
    ("FileNotFoundError", "OSError"),
    ("InterruptedError", "OSError"),
    ("IsADirectoryError", "OSError"),
    ("NotADirectoryError", "OSError"),
    ("PermissionError", "OSError"),
    ("ProcessLookupError", "OSError"),
    ("TimeoutError", "OSError"),
    ("io.UnsupportedOperation", "OSError"),
    ("ReferenceError", "Exception"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("StopAsyncIteration", "Exception"),
    ("StopIteration", "Exception"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("TabError", "IndentationError"),
    ("SystemError", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("UnicodeTranslateError", "UnicodeError"),
    ("Warning", "Exception"),
    ("BytesWarning", "Warning"),
    ("DeprecationWarning", "Warning"),
    ("EncodingWarning", "Warning"),
    ("FutureWarning", "Warning"),
    ("ImportWarning", "Warning"),
    ("PendingDeprecationWarning", "Warning"),
    ("ResourceWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
    ("SyntaxWarning", "Warning"),
    ("UnicodeWarning", "Warning"),
    ("UserWarning", "Warning"),
];

fn registry() -> &'static RwLock<HashMap<String, String>> {
    static REG: OnceLock<RwLock<HashMap<String, String>>> = OnceLock::new();
    REG.get_or_init(|| {
        RwLock::new(
            BUILTIN
                .iter()
                .map(|(c, p)| (c.to_string(), p.to_string()))
                .collect(),
        )
    })
}

/// Normalizes class aliases (`IOError`/`EnvironmentError` are `OSError`).
fn canonical(class: &str) -> &str {
    match class {
        "IOError" | "EnvironmentError" => "OSError",
        "UnsupportedOperation" => "io.UnsupportedOperation",
        c => c,
    }
}

/// Registers a user-defined exception class `name` deriving from `parent`.
pub fn register_exception(name: &str, parent: &str) {
    let mut reg = registry().write().unwrap_or_else(|p| p.into_inner());
    reg.insert(name.to_string(), canonical(parent).to_string());
}

/// True if `class` is `ancestor` or (transitively) derives from it.
pub fn is_subclass(class: &str, ancestor: &str) -> bool {
    let ancestor = canonical(ancestor);
    let mut cur = canonical(class).to_string();
    if ancestor == "BaseException" {
        return true;
    }
    let reg = registry().read().unwrap_or_else(|p| p.into_inner());
    for _ in 0..1000 {
        if cur == ancestor {
            return true;
        }
        match reg.get(&cur) {
            Some(p) => cur = canonical(p).to_string(),
            None => return false,
        }
    }
    false
}

/// True if `err`'s class is `class` or a subclass of it (`except class:`).
pub fn exc_matches(err: &PyErr, class: &str) -> bool {
    is_subclass(&err.kind, class)
}

/// Message used for Rust's arithmetic overflow panics.
pub const OVERFLOW_MSG: &str = "integer overflow: result does not fit in 64 bits";

fn panic_message(payload: &(dyn Any + Send)) -> Option<&str> {
    if let Some(s) = payload.downcast_ref::<&'static str>() {
        Some(s)
    } else {
        payload.downcast_ref::<String>().map(|s| s.as_str())
    }
}

/// Maps a Rust runtime panic message (overflow checks, division by zero) to a Python exception.
pub fn map_panic_message(msg: &str) -> Option<PyErr> {
    if msg == "attempt to divide by zero" {
        Some(PyErr::new(
            "ZeroDivisionError",
            "integer division or modulo by zero",
        ))
    } else if msg == "attempt to calculate the remainder with a divisor of zero" {
        Some(PyErr::new("ZeroDivisionError", "integer modulo by zero"))
    } else if msg.starts_with("attempt to ") && msg.ends_with("with overflow") {
        Some(PyErr::new("OverflowError", OVERFLOW_MSG))
    } else if msg.starts_with("index out of bounds") {
        // generated code indexes Vecs directly where the index is known non-negative
        Some(PyErr::new("IndexError", "list index out of range"))
    } else {
        None
    }
}

/// Converts a caught panic payload to a [`PyErr`] if it is one (or a mapped Rust panic).
pub fn payload_to_err(payload: Box<dyn Any + Send>) -> Result<PyErr, Box<dyn Any + Send>> {
    match payload.downcast::<PyErr>() {
        Ok(e) => Ok(*e),
        Err(payload) => match panic_message(&*payload).and_then(map_panic_message) {
            Some(e) => Ok(e),
            None => Err(payload),
        },
    }
}

/// Runs `body`; a raised Python exception (or mapped overflow/zero-division panic)
/// comes back as `Err`. Other panics keep unwinding.
pub fn try_catch<T>(body: impl FnOnce() -> T) -> Result<T, PyErr> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(v) => Ok(v),
        Err(payload) => match payload_to_err(payload) {
            Ok(e) => Err(e),
            Err(payload) => resume_unwind(payload),
        },
    }
}

/// Installs (once) a panic hook that is silent for Python exceptions and mapped
/// arithmetic panics and defers to the previous hook otherwise.
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            if payload.is::<PyErr>() {
                return;
            }
            let msg = info.payload_as_str().or_else(|| panic_message(payload));
            if msg.and_then(map_panic_message).is_some() {
                return;
            }
            prev(info);
        }));
    });
}

/// `sys.exit(n)`.
pub fn sys_exit_int(code: i64) -> ! {
    raise_err(PyErr {
        kind: "SystemExit".to_string(),
        msg: code.to_string(),
        exit_code: Some(code as i32),
    })
}

/// `sys.exit()` / `sys.exit(None)`.
pub fn sys_exit_none() -> ! {
    raise_err(PyErr {
        kind: "SystemExit".to_string(),
        msg: String::new(),
        exit_code: Some(0),
    })
}

/// `sys.exit("message")`: prints the message to stderr and exits with status 1.
pub fn sys_exit_str(msg: &str) -> ! {
    raise_err(PyErr {
        kind: "SystemExit".to_string(),
        msg: msg.to_string(),
        exit_code: None,
    })
}

/// Computes what the process does for an uncaught result: (stderr text, exit status).
pub fn exit_action(result: &Result<(), PyErr>) -> (Option<String>, i32) {
    match result {
        Ok(()) => (None, 0),
        Err(e) if exc_matches(e, "SystemExit") => match e.exit_code {
            Some(c) => (None, c),
            None if e.msg.is_empty() => (None, 0),
            None => (Some(e.msg.clone()), 1),
        },
        Err(e) => (Some(e.traceback_line()), 1),
    }
}

/// Stack size of the thread that runs the program body.
pub const MAIN_STACK_SIZE: usize = 512 << 20;

/// Program entry point: runs `body` on a big-stack thread, reports an uncaught
/// exception like CPython's last traceback line, flushes stdout and exits.
pub fn run_main(body: impl FnOnce() + Send + 'static) -> ! {
    install_panic_hook();
    let handle = std::thread::Builder::new()
        .name("main".to_string())
        .stack_size(MAIN_STACK_SIZE)
        .spawn(move || {
            mark_stack_floor(MAIN_STACK_SIZE);
            try_catch(body)
        });
    let joined = match handle {
        Ok(h) => h.join(),
        Err(e) => {
            eprintln!("pyrt: cannot spawn main thread: {e}");
            std::process::exit(1)
        }
    };
    match joined {
        Ok(result) => {
            let (text, code) = exit_action(&result);
            if let Some(t) = text {
                crate::io::eprint(format_args!("{t}\n"));
            }
            crate::io::flush_stdout();
            std::process::exit(code)
        }
        Err(_) => {
            crate::io::flush_stdout();
            std::process::exit(101)
        }
    }
}

/// CPython's default `sys.getrecursionlimit()`.
pub const DEFAULT_RECURSION_LIMIT: usize = 1000;

static RECURSION_LIMIT: AtomicUsize = AtomicUsize::new(DEFAULT_RECURSION_LIMIT);

/// Stack kept free below the recursion guard's floor, for unwinding and the frames of non-recursive calls.
const STACK_RESERVE: usize = 16 << 20;

thread_local! {
    static RECURSION_DEPTH: Cell<usize> = const { Cell::new(0) };
    static STACK_FLOOR: Cell<usize> = const { Cell::new(0) };
}

/// `sys.setrecursionlimit(n)`: CPython refuses a limit below 1 with `ValueError`.
pub fn set_recursion_limit(limit: i64) {
    if limit < 1 {
        raise(
            "ValueError",
            "recursion limit must be greater or equal than 1",
        );
    }
    RECURSION_LIMIT.store(limit as usize, Ordering::Relaxed);
}

/// `sys.getrecursionlimit()`.
pub fn get_recursion_limit() -> i64 {
    RECURSION_LIMIT.load(Ordering::Relaxed) as i64
}

fn stack_address() -> usize {
    let marker = 0u8;
    std::hint::black_box(std::ptr::addr_of!(marker)) as usize
}

/// Records how deep this thread's stack may grow before [`enter_recursive`] raises `RecursionError`
/// instead of overflowing it (`size` is the thread's stack size).
pub fn mark_stack_floor(size: usize) {
    let floor = stack_address().saturating_sub(size.saturating_sub(STACK_RESERVE));
    STACK_FLOOR.with(|f| f.set(floor));
}

/// True once this thread's stack has grown past the floor [`mark_stack_floor`] set.
#[inline]
pub fn stack_exhausted() -> bool {
    stack_address() < STACK_FLOOR.with(|f| f.get())
}

/// One live call of a function that can recurse; dropping it leaves the call.
pub struct RecursionGuard(());

impl Drop for RecursionGuard {
    #[inline]
    fn drop(&mut self) {
        RECURSION_DEPTH.with(|d| d.set(d.get() - 1));
    }
}

/// Entered at the start of every function on a cycle of the call graph. As in CPython, the module's frame
/// counts too: more than `sys.getrecursionlimit()` frames raise `RecursionError`. So does a stack about to
/// overflow, whatever the limit.
#[inline]
pub fn enter_recursive() -> RecursionGuard {
    let depth = RECURSION_DEPTH.with(|d| {
        let n = d.get() + 1;
        d.set(n);
        n
    });
    if depth + 1 > RECURSION_LIMIT.load(Ordering::Relaxed) || stack_exhausted() {
        RECURSION_DEPTH.with(|d| d.set(depth - 1));
        raise("RecursionError", "maximum recursion depth exceeded");
    }
    RecursionGuard(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(n: u64) -> u64 {
        let _guard = enter_recursive();
        if n == 0 {
            0
        } else {
            1 + depth(n - 1)
        }
    }

    #[test]
    fn recursion_limit_like_cpython() {
        // python3: depth(998) returns 998, depth(999) raises RecursionError (the module frame counts)
        assert_eq!(depth(998), 998);
        let e = try_catch(|| depth(999)).unwrap_err();
        assert_eq!(
            e.traceback_line(),
            "RecursionError: maximum recursion depth exceeded"
        );
        // the failed call left the depth where it was
        assert_eq!(depth(998), 998);
    }

    fn deepest(n: u64) -> u64 {
        if stack_exhausted() {
            return n;
        }
        let mut pad = [0u8; 256];
        pad[(n % 256) as usize] = 1;
        let r = deepest(n + 1);
        std::hint::black_box(&pad);
        r
    }

    #[test]
    fn stack_floor_stops_before_overflow() {
        // without the floor this recursion would overflow the 64 MiB stack and abort the test binary
        let reached = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(|| {
                mark_stack_floor(64 << 20);
                deepest(0)
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(reached > 1000, "{reached}");
    }

    #[test]
    fn exit_actions() {
        // python3 -c "import sys; sys.exit(3)" -> status 3, nothing printed, etc.
        assert_eq!(exit_action(&Ok(())), (None, 0));
        let e = try_catch(|| sys_exit_int(3)).unwrap_err();
        assert_eq!(exit_action(&Err(e)), (None, 3));
        let e = try_catch(|| sys_exit_none()).unwrap_err();
        assert_eq!(exit_action(&Err(e)), (None, 0));
        let e = try_catch(|| sys_exit_str("fatal")).unwrap_err();
        assert_eq!(exit_action(&Err(e)), (Some("fatal".to_string()), 1));
        let e = PyErr::new("ValueError", "bad");
        assert_eq!(
            exit_action(&Err(e)),
            (Some("ValueError: bad".to_string()), 1)
        );
        let e = PyErr::new("RuntimeError", "");
        assert_eq!(exit_action(&Err(e)), (Some("RuntimeError".to_string()), 1));
    }

    #[test]
    fn panic_message_mapping() {
        assert_eq!(
            map_panic_message("attempt to shift left with overflow").map(|e| e.kind),
            Some("OverflowError".to_string())
        );
        assert_eq!(
            map_panic_message("attempt to negate with overflow").map(|e| e.msg),
            Some(OVERFLOW_MSG.to_string())
        );
        assert_eq!(
            map_panic_message("index out of bounds: the len is 2 but the index is 5")
                .map(|e| e.kind),
            Some("IndexError".to_string())
        );
        assert!(map_panic_message("called `Option::unwrap()` on a `None` value").is_none());
    }
}

/// How a `try` body handed control back: fell through, or left by `return`, `break` or `continue`
/// (generated code runs `try` bodies in closures, which cannot exit the enclosing function or loop).
#[derive(Debug, Clone, PartialEq)]
pub enum Flow<T> {
    /// The body ran to its end.
    Normal,
    /// `return value`.
    Return(T),
    /// `break` out of the enclosing loop.
    Break,
    /// `continue` the enclosing loop.
    Continue,
}

/// The value of an `Optional` used where Python needs a real value; `None` raises `kind: msg` there,
/// as CPython does at that use (e.g. `AttributeError: 'NoneType' object has no attribute 'x'`).
#[inline]
pub fn some<T>(o: Option<T>, kind: &str, msg: &str) -> T {
    match o {
        Some(v) => v,
        None => raise(kind, msg),
    }
}

/// [`some`] through a shared reference.
#[inline]
pub fn some_ref<'a, T>(o: &'a Option<T>, kind: &str, msg: &str) -> &'a T {
    match o {
        Some(v) => v,
        None => raise(kind, msg),
    }
}

/// [`some`] through a mutable reference.
#[inline]
pub fn some_mut<'a, T>(o: &'a mut Option<T>, kind: &str, msg: &str) -> &'a mut T {
    match o {
        Some(v) => v,
        None => raise(kind, msg),
    }
}
