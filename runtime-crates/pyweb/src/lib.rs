//! Flask semantics for transpiled Flask apps, served by axum on a multi-threaded tokio runtime.
//!
//! The transpiler turns each view function into a plain Rust function and the route decorators into a
//! table of [`routing::Rule`]s; [`serve`] matches requests against them exactly as Werkzeug does (converters,
//! 404 and 405 with Werkzeug's bodies, automatic HEAD and OPTIONS) and renders what the view returns as
//! Flask does (`str` as text/html, dicts and lists as compact sorted ASCII JSON).

pub mod errors;
pub mod json;
pub mod query;
pub mod routing;
mod server;

pub use json::{Json, ToJson};
pub use server::{serve, Request, Response};
