//! Bash semantics for transpiled shell scripts.
//!
//! The generated code compiles a script's control flow to Rust (`if`, loops, functions as Rust fns) and
//! describes words, redirections and simple commands as static data (`W`, `Cmd`, `Redir`). This crate
//! expands those words in bash's order, runs builtins and external commands (never through `sh -c`),
//! connects pipelines with OS pipes and keeps the shell state: variables, positional parameters, options,
//! file descriptors and traps.

pub mod arith;
pub mod builtins;
pub mod expand;
pub mod io;
pub mod pattern;
pub mod state;
pub mod test;

pub use state::{Assign, Cmd, Flow, ParamOp, Redir, RedirOp, Sh, W, R};

/// Run a script body as the program: argv[0] is `$0`, the rest the positional parameters. Never returns.
pub fn run_main(body: fn(&mut Sh) -> R) -> ! {
    let args: Vec<String> = std::env::args().collect();
    let mut sh = Sh::new(args);
    let status = match body(&mut sh) {
        Ok(_) => sh.status,
        Err(Flow::Exit(n)) => n,
        Err(Flow::Return(n)) => n,
        Err(Flow::Abort) => 1,
        Err(_) => sh.status,
    };
    let status = sh.finish(status);
    std::process::exit(status & 255);
}
