//! C semantics for transpiled programs, in safe Rust.
//!
//! The C program's memory is one byte-addressed `Mem`: a pointer is a `u64` offset into it, so pointer
//! arithmetic, casts, unions and struct layout behave as in the gcc build, while every access is
//! bounds-checked by Rust instead of being undefined behaviour. Arrays and heap blocks the C frontend proves
//! are only accessed as their own element type live in typed storage instead (`Vec`s, slices, `Mem::t`).

pub mod fmt;
pub mod libc;
pub mod mem;
pub mod scan;

pub use mem::{window, Mem};
