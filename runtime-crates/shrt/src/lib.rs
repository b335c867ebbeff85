//! Bash semantics for transpiled shell scripts.
//!
//! The generated code compiles a script's control flow to Rust (`if`, loops, functions as Rust fns) and
//! describes words, redirections and simple commands as static data (`W`, `Cmd`, `Redir`). This crate
//! expands those words in bash's order, runs builtins and external commands (never through `sh -c`),
//! connects pipelines with OS pipes and keeps the shell state: variables, positional parameters, options,
//! file descriptors and traps.
//!
//! Variables live in slots ([`vars::Vars`]): the generated code refers to the names the script spells out
//! by slot number, and integers computed by arithmetic stay `Val::Int` until read as text. Arithmetic of
//! static text arrives compiled ([`state::W::ArithC`], calling [`Sh::ar_var`] and friends); the
//! interpreter in [`arith`] evaluates the rest (text built at run time, variables holding expressions).

pub mod arith;
pub mod builtins;
pub mod expand;
pub mod iarr;
pub mod io;
pub mod pattern;
pub mod state;
pub mod test;
pub mod vars;

pub use state::{Assign, Cmd, Flow, ParamOp, Redir, RedirOp, Sh, R, W};

static PROGRAMS: std::sync::OnceLock<&'static [(&'static str, &'static str)]> =
    std::sync::OnceLock::new();

/// [`run_main`] for a script of a transpiled project: running one of the project's programs
/// (`python3 app/main.py`, `./tools/wc`) runs its transpiled binary, which sits beside this one.
pub fn run_main_in_project(
    programs: &'static [(&'static str, &'static str)],
    names: &[&str],
    body: fn(&mut Sh) -> R,
) -> ! {
    let _ = PROGRAMS.set(programs);
    run_main_with(names, body)
}

/// The argv that runs the transpiled binary instead, when `argv` runs a program of the project.
pub fn project_program(argv: &[String]) -> Option<Vec<String>> {
    let programs = PROGRAMS.get()?;
    let (path, rest) = match argv.first().map(String::as_str) {
        Some("python3") | Some("python") | Some("bash") | Some("sh") if argv.len() > 1 => {
            (&argv[1], &argv[2..])
        }
        Some(_) => (&argv[0], &argv[1..]),
        None => return None,
    };
    let wanted = path.trim_start_matches("./");
    let bin = programs.iter().find(|(p, _)| *p == wanted)?.1;
    let exe = std::env::current_exe().ok()?.with_file_name(bin);
    if !exe.is_file() {
        return None;
    }
    Some(
        std::iter::once(exe.to_string_lossy().into_owned())
            .chain(rest.iter().cloned())
            .collect(),
    )
}

/// Run a script body as the program: `argv[0]` is `$0`, the rest the positional parameters. Never returns.
pub fn run_main(body: fn(&mut Sh) -> R) -> ! {
    run_main_with(&[], body)
}

/// [`run_main`] for generated code that refers to variables by slot: `names[i]` is slot `i`.
pub fn run_main_with(names: &[&str], body: fn(&mut Sh) -> R) -> ! {
    let args: Vec<String> = std::env::args().collect();
    let mut sh = Sh::with_names(args, names);
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
