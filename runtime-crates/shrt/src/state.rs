//! The shell state (`Sh`), the static command data the generated code hands over, and running commands.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;

/// Non-local control flow: `exit`, `return`, `break n`, `continue n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Exit(i32),
    Return(i32),
    Break(u32),
    Continue(u32),
    /// An expansion error (bad arithmetic): abandons the current top-level command, status 1.
    Abort,
}

/// A command's result: its exit status, or control flow unwinding to a loop, function or the program.
pub type R = Result<i32, Flow>;

/// One part of a word. The bool says whether the part is inside double quotes.
pub enum W {
    /// Unquoted literal text (glob characters active).
    Lit(&'static str),
    /// Quoted literal text.
    Q(&'static str),
    /// `~` or `~user` at the start of a word.
    Tilde(&'static str),
    Param(&'static Param, bool),
    Cmd(fn(&mut Sh) -> R, bool),
    Arith(&'static [W], bool),
    /// `$(( ))` whose text the transpiler compiled to a Rust function.
    ArithC(ArithFn, bool),
}

/// Compiled arithmetic: evaluates one `$(( ))` text over the shell's variables.
pub type ArithFn = fn(&mut Sh) -> Result<i64, Flow>;

/// The slot of a name the variable table does not hold (special parameters).
pub const NO_SLOT: u32 = u32::MAX;

/// `${name[index] op arg}`.
pub struct Param {
    pub name: &'static str,
    /// The variable's slot ([`NO_SLOT`] for special parameters: `$?`, `$1`, `$@`, `RANDOM`...).
    pub slot: u32,
    pub index: Option<&'static [W]>,
    /// The subscript compiled, when its text is static arithmetic (used unless the array is associative).
    pub ix: Option<ArithFn>,
    pub op: ParamOp,
    pub colon: bool,
    pub arg: &'static [W],
    pub arg2: Option<&'static [W]>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ParamOp {
    Plain,
    Len,
    Default,
    Assign,
    Error,
    Alt,
    RemPre,
    RemPreLong,
    RemSuf,
    RemSufLong,
    Sub,
    SubAll,
    SubPre,
    SubSuf,
    Slice,
    Upper,
    UpperAll,
    Lower,
    LowerAll,
    Indirect,
    Keys,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RedirOp {
    Out,
    Append,
    In,
    InOut,
    DupOut,
    DupIn,
    Both,
    BothAppend,
    HereStr,
    HereDoc,
    Clobber,
}

/// A redirection: `fd op target` (fd -1 is the operator's default).
pub struct Redir {
    pub fd: i32,
    pub op: RedirOp,
    pub target: &'static [W],
}

pub enum AVal {
    Word(&'static [W]),
    Array(&'static [(Option<&'static [W]>, &'static [W])]),
}

pub struct Assign {
    pub name: &'static str,
    pub slot: u32,
    pub index: Option<&'static [W]>,
    /// The subscript compiled, when its text is static arithmetic (used unless the array is associative).
    pub ix: Option<ArithFn>,
    pub append: bool,
    pub value: AVal,
}

pub struct Cmd {
    pub line: u32,
    pub assigns: &'static [Assign],
    pub words: &'static [&'static [W]],
    pub redirs: &'static [Redir],
}

#[derive(Clone, Debug)]
pub enum Val {
    Str(String),
    /// An integer: exactly the string its decimal form would be, kept unformatted for arithmetic.
    Int(i64),
    Arr(crate::iarr::IArr),
    Assoc(BTreeMap<String, String>),
}

#[derive(Clone, Debug, Default)]
pub struct Var {
    pub val: Option<Val>,
    pub exported: bool,
    pub readonly: bool,
    pub integer: bool,
}

#[derive(Clone, Default)]
pub struct Opts {
    pub errexit: bool,
    pub nounset: bool,
    pub pipefail: bool,
    pub xtrace: bool,
    pub noglob: bool,
    pub noclobber: bool,
}

pub type Func = fn(&mut Sh) -> R;

/// FxHash: variable names are short and not attacker-chosen, so a fast hash beats SipHash here.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// The whole state of one shell (a subshell or pipeline stage works on a clone).
#[derive(Clone)]
pub struct Sh {
    pub vars: crate::vars::Vars,
    pub frames: Vec<Vec<(u32, Option<Var>)>>,
    pub args: Vec<String>,
    pub arg0: String,
    pub status: i32,
    pub line: u32,
    pub opts: Opts,
    pub funcs: FxMap<String, Func>,
    pub fds: Vec<Option<Arc<File>>>,
    pub obuf: Vec<u8>,
    pub exit_trap: Option<Func>,
    /// The last primary `[[ ]]` evaluated was an invalid regex: a false result has status 2, as bash's.
    pub cond_err: bool,
    pub script: String,
    pub subshell: bool,
    pub pid: u32,
    pub func_depth: u32,
    pub in_cond: u32,
    /// The status of the last command substitution of the command being expanded.
    pub last_sub: Option<i32>,
    /// Parsed arithmetic of the script's own text, by address.
    pub arith_cache: FxMap<usize, Arc<Result<crate::arith::E, String>>>,
    /// Commands found on `$PATH`, as bash's `hash` remembers them: name -> (the PATH searched, the file).
    pub cmd_hash: FxMap<String, (String, std::path::PathBuf)>,
}

fn dup_std(fd: i32) -> Option<Arc<File>> {
    use std::os::fd::AsFd;
    let owned = match fd {
        0 => std::io::stdin().as_fd().try_clone_to_owned(),
        1 => std::io::stdout().as_fd().try_clone_to_owned(),
        _ => std::io::stderr().as_fd().try_clone_to_owned(),
    };
    owned.ok().map(|o| Arc::new(File::from(o)))
}

impl Sh {
    pub fn new(argv: Vec<String>) -> Sh {
        Sh::with_names(argv, &[])
    }

    /// A shell whose variable slots start with `names`, in order (the generated code's slot numbers).
    pub fn with_names(argv: Vec<String>, names: &[&str]) -> Sh {
        let mut it = argv.into_iter();
        let arg0 = it.next().unwrap_or_else(|| "sh".into());
        let mut sh = Sh {
            vars: crate::vars::Vars::with_names(names),
            frames: Vec::new(),
            args: it.collect(),
            script: arg0.clone(),
            arg0,
            status: 0,
            line: 0,
            opts: Opts::default(),
            funcs: FxMap::default(),
            fds: vec![dup_std(0), dup_std(1), dup_std(2)],
            obuf: Vec::new(),
            exit_trap: None,
            cond_err: false,
            subshell: false,
            pid: std::process::id(),
            func_depth: 0,
            in_cond: 0,
            last_sub: None,
            arith_cache: FxMap::default(),
            cmd_hash: FxMap::default(),
        };
        for (k, v) in std::env::vars() {
            sh.vars.insert(
                &k,
                Var {
                    val: Some(Val::Str(v)),
                    exported: true,
                    ..Var::default()
                },
            );
        }
        if !sh.vars.contains_key("IFS") {
            sh.set_str("IFS", " \t\n".into());
        }
        sh.set_str("PPID", std::process::id().to_string());
        sh
    }

    /// Run the EXIT trap and flush output; the program's final status.
    pub fn finish(&mut self, status: i32) -> i32 {
        self.status = status;
        let mut st = status;
        if let Some(t) = self.exit_trap.take() {
            match t(self) {
                Err(Flow::Exit(n)) => st = n,
                _ => st = status,
            }
        }
        self.flush();
        st
    }

    // ---------------------------------------------------------------------------------------------
    // Output

    pub fn flush(&mut self) {
        if !self.obuf.is_empty() {
            let buf = std::mem::take(&mut self.obuf);
            if let Some(Some(f)) = self.fds.get(1) {
                let _ = (&**f).write_all(&buf);
            }
        }
    }

    pub fn write_fd(&mut self, fd: usize, data: &[u8]) -> bool {
        if fd == 1 {
            if self.fds.get(1).map(|f| f.is_none()).unwrap_or(true) {
                return false;
            }
            self.obuf.extend_from_slice(data);
            if self.obuf.len() > 8192 {
                let buf = std::mem::take(&mut self.obuf);
                if let Some(Some(f)) = self.fds.get(1) {
                    return (&**f).write_all(&buf).is_ok();
                }
            }
            return true;
        }
        self.flush();
        match self.fds.get(fd) {
            Some(Some(f)) => (&**f).write_all(data).is_ok(),
            _ => false,
        }
    }

    pub fn out(&mut self, s: &str) -> bool {
        self.write_fd(1, s.as_bytes())
    }

    pub fn err(&mut self, s: &str) {
        self.write_fd(2, s.as_bytes());
    }

    /// `script: line N: msg` on stderr, as bash reports errors.
    pub fn error(&mut self, msg: &str) {
        let m = format!("{}: line {}: {}\n", self.script, self.line, msg);
        self.err(&m);
    }

    pub fn fd(&self, n: usize) -> Option<Arc<File>> {
        self.fds.get(n).cloned().flatten()
    }

    pub fn set_fd(&mut self, n: usize, f: Option<Arc<File>>) {
        if n == 1 {
            self.flush();
        }
        if self.fds.len() <= n {
            self.fds.resize(n + 1, None);
        }
        self.fds[n] = f;
    }

    // ---------------------------------------------------------------------------------------------
    // Variables

    pub fn get_var(&self, name: &str) -> Option<&Var> {
        self.vars.get(name)
    }

    /// [`Sh::get_str`] by slot.
    pub fn get_str_id(&self, id: u32) -> Option<String> {
        match self.vars.at(id).and_then(|v| v.val.as_ref()) {
            Some(Val::Str(s)) => Some(s.clone()),
            Some(Val::Int(n)) => Some(n.to_string()),
            Some(Val::Arr(a)) => a.get(&0).cloned(),
            Some(Val::Assoc(a)) => a.get("0").cloned(),
            None => None,
        }
    }

    /// The scalar value of a variable (element 0 of an array), None when unset.
    pub fn get_str(&self, name: &str) -> Option<String> {
        match self.vars.get(name).and_then(|v| v.val.as_ref()) {
            Some(Val::Str(s)) => Some(s.clone()),
            Some(Val::Int(n)) => Some(n.to_string()),
            Some(Val::Arr(a)) => a.get(&0).cloned(),
            Some(Val::Assoc(a)) => a.get("0").cloned(),
            None => None,
        }
    }

    pub fn is_readonly(&self, name: &str) -> bool {
        self.vars.get(name).map(|v| v.readonly).unwrap_or(false)
    }

    pub fn set_str(&mut self, name: &str, value: String) {
        let integer = self.vars.get(name).map(|v| v.integer).unwrap_or(false);
        let value = if integer {
            self.arith_str(&value)
                .map(|n| n.to_string())
                .unwrap_or(value)
        } else {
            value
        };
        let v = self.vars.entry(name);
        match &mut v.val {
            Some(Val::Arr(a)) => {
                a.insert(0, value);
            }
            Some(Val::Assoc(a)) => {
                a.insert("0".into(), value);
            }
            _ => v.val = Some(Val::Str(value)),
        }
    }

    /// Assign with readonly checking: an error for a readonly name.
    pub fn assign_str(&mut self, name: &str, value: String) -> Result<(), Flow> {
        if self.is_readonly(name) {
            self.error(&format!("{}: readonly variable", name));
            return Err(self.fatal(1));
        }
        self.set_str(name, value);
        Ok(())
    }

    /// An error that ends a non-interactive shell (or the subshell).
    pub fn fatal(&mut self, status: i32) -> Flow {
        self.status = status;
        Flow::Exit(status)
    }

    pub fn set_val(&mut self, name: &str, val: Val) {
        let v = self.vars.entry(name);
        v.val = Some(val);
    }

    pub fn unset(&mut self, name: &str) -> bool {
        if self.is_readonly(name) {
            return false;
        }
        let Some(id) = self.vars.lookup(name) else {
            return true;
        };
        if self.frames.iter().any(|f| f.iter().any(|(n, _)| *n == id)) {
            if let Some(v) = self.vars.at_mut(id) {
                v.val = None;
                return true;
            }
        }
        self.vars.replace_at(id, None);
        true
    }

    pub fn declare_local(&mut self, name: &str) {
        let id = self.vars.id(name);
        self.declare_local_id(id);
    }

    /// `local name` in the innermost function frame: the caller's variable is saved, to come back when the
    /// function returns; until then every reader of the slot (callees included) sees the local.
    pub fn declare_local_id(&mut self, id: u32) {
        if let Some(frame) = self.frames.last_mut() {
            if !frame.iter().any(|(n, _)| *n == id) {
                let old = self.vars.at(id).cloned();
                frame.push((id, old));
                let v = self.vars.at_entry(id);
                v.val = None;
                v.readonly = false;
                v.integer = false;
            }
        }
    }

    pub fn array_mut(&mut self, name: &str) -> &mut crate::iarr::IArr {
        let id = self.vars.id(name);
        self.array_mut_id(id)
    }

    /// The indexed array in slot `id`; a scalar becomes element 0, anything else a new empty array.
    pub fn array_mut_id(&mut self, id: u32) -> &mut crate::iarr::IArr {
        let v = self.vars.at_entry(id);
        match &mut v.val {
            Some(Val::Arr(_)) => {}
            Some(Val::Str(s)) => {
                let m = crate::iarr::IArr::from_iter([(0, std::mem::take(s))]);
                v.val = Some(Val::Arr(m));
            }
            Some(Val::Int(n)) => {
                let m = crate::iarr::IArr::from_iter([(0, n.to_string())]);
                v.val = Some(Val::Arr(m));
            }
            _ => v.val = Some(Val::Arr(crate::iarr::IArr::new())),
        }
        match &mut v.val {
            Some(Val::Arr(a)) => a,
            _ => unreachable!(),
        }
    }

    pub fn is_assoc(&self, name: &str) -> bool {
        matches!(
            self.vars.get(name).and_then(|v| v.val.as_ref()),
            Some(Val::Assoc(_))
        )
    }

    pub fn env_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (k, v) in self.vars.iter() {
            if v.exported {
                if let Some(s) = self.get_str(k) {
                    out.push((k.to_string(), s));
                }
            }
        }
        out
    }

    // ---------------------------------------------------------------------------------------------
    // Running commands

    /// After a command outside a condition: `set -e` ends the shell on failure.
    pub fn check(&mut self) -> Result<(), Flow> {
        if self.opts.errexit && self.status != 0 && self.in_cond == 0 {
            return Err(Flow::Exit(self.status));
        }
        Ok(())
    }

    pub fn def_fn(&mut self, name: &str, f: Func) {
        self.funcs.insert(name.to_string(), f);
        self.status = 0;
    }

    /// Evaluate a statement whose status a condition reads (`if`, `while`, `&&`): errexit is off inside.
    pub fn cond<F: FnOnce(&mut Sh) -> R>(&mut self, f: F) -> Result<bool, Flow> {
        self.in_cond += 1;
        let r = f(self);
        self.in_cond -= 1;
        let st = r?;
        self.status = st;
        Ok(st == 0)
    }

    /// Run a simple command.
    pub fn cmd(&mut self, c: &Cmd) -> R {
        self.line = c.line;
        self.last_sub = None;
        let argv = self.expand_words(c.words)?;
        if argv.is_empty() {
            // Assignments only; the status is the last command substitution's.
            for a in c.assigns {
                self.do_assign(a, false)?;
            }
            let st = self.last_sub.unwrap_or(0);
            if !c.redirs.is_empty() {
                let saved = self.fds.clone();
                let ok = self.apply_redirs(c.redirs)?;
                self.flush();
                self.fds = saved;
                if !ok {
                    self.status = 1;
                    return Ok(1);
                }
            }
            self.status = st;
            return Ok(st);
        }
        if self.opts.xtrace {
            let t = format!("+ {}\n", argv.join(" "));
            self.err(&t);
        }
        if argv[0] == "exec" {
            // `exec` with redirections only makes them permanent; `exec cmd` runs cmd and exits.
            if !self.apply_redirs(c.redirs)? {
                self.status = 1;
                return Err(Flow::Exit(1));
            }
            if argv.len() == 1 {
                self.status = 0;
                return Ok(0);
            }
            let st = self.run_argv(c.assigns, argv[1..].to_vec())?;
            return Err(Flow::Exit(st));
        }
        let saved_fds = if c.redirs.is_empty() {
            None
        } else {
            Some(self.fds.clone())
        };
        if let Some(fds) = &saved_fds {
            match self.apply_redirs(c.redirs) {
                Ok(true) => {}
                Ok(false) => {
                    self.flush();
                    self.fds = fds.clone();
                    self.status = 1;
                    return Ok(1);
                }
                Err(e) => {
                    self.fds = fds.clone();
                    return Err(e);
                }
            }
        }
        let r = self.run_argv(c.assigns, argv);
        if let Some(fds) = saved_fds {
            self.flush();
            self.fds = fds;
        }
        let st = r?;
        self.status = st;
        Ok(st)
    }

    fn run_argv(&mut self, assigns: &'static [Assign], argv: Vec<String>) -> R {
        let name = argv[0].as_str();
        if let Some(f) = self.funcs.get(name).copied() {
            // Prefix assignments are local to the function call.
            self.frames.push(Vec::new());
            for a in assigns {
                self.declare_local(a.name);
                self.do_assign(a, true)?;
            }
            let saved = std::mem::replace(&mut self.args, argv[1..].to_vec());
            self.func_depth += 1;
            let in_cond = self.in_cond;
            let r = f(self);
            self.in_cond = in_cond;
            self.func_depth -= 1;
            self.args = saved;
            self.pop_frame();
            return match r {
                Ok(_) => Ok(self.status),
                Err(Flow::Return(n)) => Ok(n),
                Err(e) => Err(e),
            };
        }
        if crate::builtins::is_special(name)
            || (assigns.is_empty() && crate::builtins::is_builtin(name))
        {
            for a in assigns {
                self.do_assign(a, false)?;
            }
            return crate::builtins::run(self, &argv);
        }
        if crate::builtins::is_builtin(name) {
            // Temporary assignments for a regular builtin.
            self.frames.push(Vec::new());
            for a in assigns {
                self.declare_local(a.name);
                self.do_assign(a, true)?;
            }
            let r = crate::builtins::run(self, &argv);
            self.pop_frame();
            return r;
        }
        let mut env = Vec::new();
        for a in assigns {
            if let AVal::Word(w) = &a.value {
                let v = self.expand_str(w)?;
                env.push((a.name.to_string(), v));
            }
        }
        Ok(self.spawn(&argv, &env))
    }

    pub fn pop_frame(&mut self) {
        if let Some(frame) = self.frames.pop() {
            for (id, old) in frame.into_iter().rev() {
                self.vars.replace_at(id, old);
            }
        }
    }

    /// Run an external program with exact argv and wait for it.
    pub fn spawn(&mut self, argv: &[String], env: &[(String, String)]) -> i32 {
        self.flush();
        let mapped = crate::project_program(argv);
        let argv: &[String] = mapped.as_deref().unwrap_or(argv);
        // A file found on $PATH is spawned by its path (argv[0] stays as written): std then uses
        // posix_spawn instead of fork + an exec per PATH entry, which is what made command-bound scripts
        // slower than bash. A remembered file that is gone is searched for again, as bash does.
        let found = self.find_command(&argv[0]);
        let mut c = match &found {
            Some(path) => {
                use std::os::unix::process::CommandExt;
                let mut c = Command::new(path);
                c.arg0(&argv[0]);
                c
            }
            None => Command::new(&argv[0]),
        };
        c.args(&argv[1..]);
        c.env_clear();
        for (k, v) in self.env_pairs() {
            c.env(k, v);
        }
        for (k, v) in env {
            c.env(k, v);
        }
        let stdio = |f: Option<Arc<File>>| match f.and_then(|f| f.try_clone().ok()) {
            Some(f) => Stdio::from(f),
            None => Stdio::null(),
        };
        c.stdin(stdio(self.fd(0)));
        c.stdout(stdio(self.fd(1)));
        c.stderr(stdio(self.fd(2)));
        let mut result = c.status();
        if found.is_some() && matches!(&result, Err(e) if e.kind() == std::io::ErrorKind::NotFound)
        {
            self.cmd_hash.remove(&argv[0]);
            let mut again = Command::new(&argv[0]);
            again
                .args(&argv[1..])
                .env_clear()
                .envs(self.env_pairs())
                .envs(env.iter().cloned());
            again.stdin(stdio(self.fd(0)));
            again.stdout(stdio(self.fd(1)));
            again.stderr(stdio(self.fd(2)));
            result = again.status();
        }
        match result {
            Ok(st) => {
                use std::os::unix::process::ExitStatusExt;
                match st.code() {
                    Some(n) => n,
                    None => 128 + st.signal().unwrap_or(0),
                }
            }
            Err(e) => {
                let msg = if e.kind() == std::io::ErrorKind::NotFound {
                    if argv[0].contains('/') {
                        format!("{}: No such file or directory", argv[0])
                    } else {
                        format!("{}: command not found", argv[0])
                    }
                } else {
                    format!("{}: {}", argv[0], e)
                };
                self.error(&msg);
                if e.kind() == std::io::ErrorKind::NotFound {
                    127
                } else {
                    126
                }
            }
        }
    }

    /// The file `$PATH` names for a command without a slash: the first regular file with an execute bit, in
    /// PATH's order (an empty entry is the current folder). Absolute finds are remembered per PATH value;
    /// None leaves the search (and its errors) to the spawn itself.
    pub fn find_command(&mut self, name: &str) -> Option<std::path::PathBuf> {
        use std::os::unix::fs::PermissionsExt;
        if name.is_empty() || name.contains('/') {
            return None;
        }
        let path = self.get_str("PATH")?;
        if let Some((searched, file)) = self.cmd_hash.get(name) {
            if *searched == path {
                return Some(file.clone());
            }
        }
        for dir in path.split(':') {
            let dir = if dir.is_empty() { "." } else { dir };
            let file = std::path::Path::new(dir).join(name);
            match std::fs::metadata(&file) {
                Ok(md) if md.is_file() && md.permissions().mode() & 0o111 != 0 => {
                    if dir.starts_with('/') {
                        self.cmd_hash.insert(name.to_string(), (path, file.clone()));
                    }
                    return Some(file);
                }
                _ => {}
            }
        }
        None
    }

    /// Run `f` in a subshell: a copy of the state whose changes do not come back.
    pub fn subshell<F: FnOnce(&mut Sh) -> R>(&mut self, f: F) -> R {
        self.flush();
        let mut sub = self.clone();
        sub.subshell = true;
        sub.exit_trap = None;
        let cwd = std::env::current_dir().ok();
        let r = f(&mut sub);
        let st = match r {
            Ok(_) => sub.status,
            Err(Flow::Exit(n)) | Err(Flow::Return(n)) => n,
            Err(Flow::Abort) => 1,
            Err(_) => sub.status,
        };
        let st = sub.finish(st);
        if let Some(d) = cwd {
            let _ = std::env::set_current_dir(d);
        }
        self.status = st;
        Ok(st)
    }

    /// Run `f` with redirections applied; restores the descriptors after.
    pub fn with_redirs<F: FnOnce(&mut Sh) -> R>(&mut self, redirs: &'static [Redir], f: F) -> R {
        let saved = self.fds.clone();
        match self.apply_redirs(redirs) {
            Ok(true) => {}
            Ok(false) => {
                self.flush();
                self.fds = saved;
                self.status = 1;
                return Ok(1);
            }
            Err(e) => {
                self.fds = saved;
                return Err(e);
            }
        }
        let r = f(self);
        self.flush();
        self.fds = saved;
        let st = r?;
        self.status = st;
        Ok(st)
    }

    /// `$(...)`: run `f` in a subshell with stdout captured, trailing newlines removed.
    pub fn capture(&mut self, f: fn(&mut Sh) -> R) -> Result<String, Flow> {
        self.flush();
        let (reader, writer) = match std::io::pipe() {
            Ok(p) => p,
            Err(_) => return Ok(String::new()),
        };
        let mut sub = self.clone();
        sub.subshell = true;
        sub.exit_trap = None;
        sub.set_fd(
            1,
            Some(Arc::new(File::from(std::os::fd::OwnedFd::from(writer)))),
        );
        let cwd = std::env::current_dir().ok();
        let reader_thread = std::thread::spawn(move || {
            let mut r = reader;
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        });
        let r = f(&mut sub);
        let st = match r {
            Ok(_) => sub.status,
            Err(Flow::Exit(n)) | Err(Flow::Return(n)) => n,
            Err(Flow::Abort) => 1,
            Err(_) => sub.status,
        };
        let st = sub.finish(st);
        drop(sub);
        let buf = reader_thread.join().unwrap_or_default();
        if let Some(d) = cwd {
            let _ = std::env::set_current_dir(d);
        }
        self.status = st;
        self.last_sub = Some(st);
        let mut s = String::from_utf8_lossy(&buf).into_owned();
        s.retain(|c| c != '\0');
        while s.ends_with('\n') {
            s.pop();
        }
        Ok(s)
    }

    /// A pipeline: each stage in its own thread on a copy of the state, joined by OS pipes.
    pub fn pipeline(&mut self, stages: &[&(dyn Fn(&mut Sh) -> R + Sync)], negate: bool) -> R {
        self.flush();
        let n = stages.len();
        let mut subs: Vec<Sh> = Vec::with_capacity(n);
        let mut next_in = self.fd(0);
        for i in 0..n {
            let mut sub = self.clone();
            sub.subshell = true;
            sub.exit_trap = None;
            sub.set_fd(0, next_in.take());
            if i + 1 < n {
                if let Ok((r, w)) = std::io::pipe() {
                    sub.set_fd(1, Some(Arc::new(File::from(std::os::fd::OwnedFd::from(w)))));
                    next_in = Some(Arc::new(File::from(std::os::fd::OwnedFd::from(r))));
                }
            }
            subs.push(sub);
        }
        fn run_stage(mut sub: Sh, f: &(dyn Fn(&mut Sh) -> R + Sync)) -> i32 {
            let r = f(&mut sub);
            let st = match r {
                Ok(_) => sub.status,
                Err(Flow::Exit(n)) | Err(Flow::Return(n)) => n,
                Err(Flow::Abort) => 1,
                Err(_) => sub.status,
            };
            sub.finish(st)
        }
        // every stage but the last in a thread of its own; the last one runs here (one thread less to
        // start and join per pipeline; it still works on its own copy of the state, as bash's subshell)
        let last = subs.pop();
        let statuses: Vec<i32> = std::thread::scope(|scope| {
            let handles: Vec<_> = subs
                .into_iter()
                .zip(stages.iter())
                .map(|(sub, f)| scope.spawn(move || run_stage(sub, *f)))
                .collect();
            let last_st = last.map(|sub| run_stage(sub, stages[n - 1]));
            let mut out: Vec<i32> = handles.into_iter().map(|h| h.join().unwrap_or(1)).collect();
            out.extend(last_st);
            out
        });
        let mut st = *statuses.last().unwrap_or(&0);
        if self.opts.pipefail {
            if let Some(&bad) = statuses.iter().rev().find(|&&s| s != 0) {
                st = bad;
            }
        }
        let arr: crate::iarr::IArr = statuses
            .iter()
            .enumerate()
            .map(|(i, s)| (i as i64, s.to_string()))
            .collect();
        self.set_val("PIPESTATUS", Val::Arr(arr));
        if negate {
            st = if st == 0 { 1 } else { 0 };
        }
        self.status = st;
        Ok(st)
    }

    pub fn set_status(&mut self, st: i32) -> R {
        self.status = st;
        Ok(st)
    }

    /// `[[ ... ]]` and `(( ))` results.
    pub fn bool_status(&mut self, b: bool) -> R {
        self.set_status(if b { 0 } else { 1 })
    }

    /// The status of a `[[ ]]` command: 0 when true, 1 when false, 2 when false because its last primary had
    /// an invalid regex.
    pub fn cond_status(&mut self, b: bool) -> R {
        let err = std::mem::take(&mut self.cond_err);
        self.set_status(if b {
            0
        } else if err {
            2
        } else {
            1
        })
    }

    /// One top-level command: an expansion error abandons it and the script goes on with status 1.
    pub fn top<F: FnOnce(&mut Sh) -> R>(&mut self, f: F) -> R {
        match f(self) {
            Err(Flow::Abort) => {
                self.status = 1;
                if self.opts.errexit {
                    return Err(Flow::Exit(1));
                }
                Ok(1)
            }
            r => r,
        }
    }

    /// `break`/`continue` outside the loop of the generated function: unwinds to the caller's loop.
    pub fn flow_status(&mut self, f: Flow) -> R {
        Err(f)
    }
}

impl Sh {
    /// `$(( ))` text evaluated: used by `(( ))` and `for ((;;))`.
    pub fn arith_word(&mut self, w: &'static [W]) -> Result<i64, Flow> {
        if let [W::Lit(t)] = w {
            return self.arith_static(t);
        }
        let s = self.expand_str(w)?;
        self.arith_str(&s)
    }

    /// Whether `s` matches one of a `case` item's patterns.
    pub fn case_match(&mut self, s: &str, pats: &[&'static [W]]) -> Result<bool, Flow> {
        for p in pats {
            let pat = self.expand_pat(p)?;
            if crate::pattern::matches(s, &pat) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    pub fn set_exit_trap(&mut self, f: Option<Func>) {
        self.exit_trap = f;
        self.status = 0;
    }
}
