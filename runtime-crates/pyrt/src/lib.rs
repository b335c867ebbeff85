//! `pyrt`: runtime support for Rust code generated from Python.
//!
//! Gives exact CPython semantics for arithmetic, formatting, strings, lists,
//! dicts and I/O. Python exceptions are Rust panics carrying a [`PyErr`]
//! payload; see [`exc`].

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bigint;
pub mod bisect;
pub mod builtins;
pub mod complex;
pub mod csv;
pub mod dict;
pub mod exc;
pub mod float;
pub mod fmt;
pub mod gen;
pub mod heapq;
pub mod int;
pub mod io;
pub mod itertools;
pub mod json;
pub mod list;
pub mod math;
pub mod os;
pub mod par;
pub mod pystr;
pub mod random;
pub mod re;
pub mod shared;
mod unicode_tables;

pub use exc::{
    exc_matches, raise, raise_err, register_exception, run_main, sys_exit_int, sys_exit_none,
    sys_exit_str, try_catch, PyErr,
};
pub use fmt::{format_spec, percent_format, to_repr, to_str, PyArg, PyFmt, PyFormat, R, S};
pub use shared::Shared;

/// The hasher used by [`Dict`] and [`Set`].
pub type Hasher = rustc_hash::FxBuildHasher;

/// Python `dict`: an insertion-ordered hash map.
pub type Dict<K, V> = indexmap::IndexMap<K, V, Hasher>;

/// Python `set`: an insertion-ordered hash set (iteration order is insertion order,
/// which differs from CPython's hash order for non-trivial sets).
pub type Set<T> = indexmap::IndexSet<T, Hasher>;

/// `print(...)` convenience: formats like `format!` and writes to the stdout buffer.
#[macro_export]
macro_rules! py_print {
    ($($arg:tt)*) => {
        $crate::io::print(format_args!($($arg)*))
    };
}
