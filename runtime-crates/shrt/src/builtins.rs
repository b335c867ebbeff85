//! Builtin commands, written to behave exactly as bash's.

use std::collections::BTreeMap;
use std::io::Read;

use crate::state::{Flow, Sh, Val, Var, R};

const SPECIAL: &[&str] = &[
    ":", "break", "continue", "exit", "export", "readonly", "return", "set", "shift", "unset",
    "local", "declare", "typeset", "trap", "eval", "source", ".",
];
const REGULAR: &[&str] = &[
    "echo",
    "printf",
    "true",
    "false",
    "test",
    "[",
    "cd",
    "pwd",
    "read",
    "let",
    "type",
    "shopt",
    "wait",
    "command",
    "builtin",
    "getopts",
    "umask",
    "hash",
    "alias",
    "unalias",
    "mapfile",
    "readarray",
];

pub fn is_special(name: &str) -> bool {
    SPECIAL.contains(&name)
}

pub fn is_builtin(name: &str) -> bool {
    REGULAR.contains(&name) || SPECIAL.contains(&name)
}

pub fn run(sh: &mut Sh, argv: &[String]) -> R {
    let st = match argv[0].as_str() {
        ":" | "true" | "shopt" | "wait" | "hash" | "alias" | "unalias" | "umask" => 0,
        "false" => 1,
        "echo" => echo(sh, argv),
        "printf" => printf(sh, argv),
        "test" | "[" => sh.builtin_test(argv),
        "exit" => {
            let n = match argv.get(1) {
                Some(a) => match a.parse::<i64>() {
                    Ok(n) => (n & 255) as i32,
                    Err(_) => {
                        sh.error(&format!("exit: {}: numeric argument required", a));
                        2
                    }
                },
                None => sh.status,
            };
            return Err(Flow::Exit(n));
        }
        "return" => {
            let n = match argv.get(1) {
                Some(a) => a.parse::<i64>().map(|n| (n & 255) as i32).unwrap_or(2),
                None => sh.status,
            };
            if sh.func_depth == 0 {
                sh.error("return: can only `return' from a function or sourced script");
                1
            } else {
                return Err(Flow::Return(n));
            }
        }
        "break" | "continue" => {
            let n = argv.get(1).and_then(|a| a.parse::<u32>().ok()).unwrap_or(1);
            return Err(if argv[0] == "break" {
                Flow::Break(n)
            } else {
                Flow::Continue(n)
            });
        }
        "cd" => cd(sh, argv),
        "pwd" => {
            let d = sh
                .get_str("PWD")
                .filter(|p| std::path::Path::new(p).is_dir());
            let d = d.unwrap_or_else(|| {
                std::env::current_dir()
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            sh.out(&format!("{}\n", d));
            0
        }
        "shift" => {
            let n = argv
                .get(1)
                .and_then(|a| a.parse::<usize>().ok())
                .unwrap_or(1);
            if n > sh.args.len() {
                1
            } else {
                sh.args.drain(..n);
                0
            }
        }
        "export" | "readonly" | "local" | "declare" | "typeset" => declare(sh, argv)?,
        "unset" => {
            let mut st = 0;
            let mut funcs = false;
            for a in &argv[1..] {
                match a.as_str() {
                    "-f" => funcs = true,
                    "-v" => funcs = false,
                    _ => {
                        if funcs {
                            sh.funcs.remove(a);
                        } else if let Some(i) = a.find('[') {
                            let n = &a[..i];
                            let k = a[i + 1..].trim_end_matches(']').to_string();
                            let assoc = sh.is_assoc(n);
                            let idx = if assoc { 0 } else { sh.arith_str(&k)? };
                            if let Some(v) = sh.vars.get_mut(n) {
                                match &mut v.val {
                                    Some(Val::Arr(m)) => {
                                        let idx = if idx < 0 {
                                            idx + m.keys().next_back().map(|x| x + 1).unwrap_or(0)
                                        } else {
                                            idx
                                        };
                                        m.remove(&idx);
                                    }
                                    Some(Val::Assoc(m)) => {
                                        m.remove(&k);
                                    }
                                    _ => {}
                                }
                            }
                        } else if !sh.unset(a) {
                            sh.error(&format!("unset: {}: cannot unset: readonly variable", a));
                            st = 1;
                        }
                    }
                }
            }
            st
        }
        "set" => set(sh, argv),
        "let" => {
            let mut last = 0;
            for a in &argv[1..] {
                let r = sh.arith_str(a);
                match sh.arith_cmd(r)? {
                    Some(v) => last = v,
                    None => return Ok(1),
                }
            }
            (last == 0) as i32
        }
        "read" => read(sh, argv)?,
        "type" | "command" | "builtin" => {
            if argv.len() > 2 && argv[1] == "-v" {
                let n = &argv[2];
                if sh.funcs.contains_key(n) || is_builtin(n) {
                    sh.out(&format!("{}\n", n));
                    0
                } else {
                    1
                }
            } else if argv[0] != "type" && argv.len() > 1 {
                return sh.run_builtin_or_external(&argv[1..]);
            } else {
                0
            }
        }
        "mapfile" | "readarray" => mapfile(sh, argv),
        _ => {
            sh.error(&format!(
                "{}: not supported by the transpiled shell",
                argv[0]
            ));
            2
        }
    };
    sh.status = st;
    Ok(st)
}

impl Sh {
    /// `command name args`: skip functions.
    pub fn run_builtin_or_external(&mut self, argv: &[String]) -> R {
        if is_builtin(&argv[0]) {
            return run(self, argv);
        }
        Ok(self.spawn(argv, &[]))
    }
}

fn cd(sh: &mut Sh, argv: &[String]) -> i32 {
    let target = match argv.get(1).map(|s| s.as_str()) {
        None => sh.get_str("HOME").unwrap_or_default(),
        Some("-") => sh.get_str("OLDPWD").unwrap_or_default(),
        Some(d) => d.to_string(),
    };
    let old = std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    match std::env::set_current_dir(&target) {
        Ok(()) => {
            let new = std::env::current_dir()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default();
            sh.set_str("OLDPWD", old);
            sh.set_str("PWD", new.clone());
            if argv.get(1).map(|s| s.as_str()) == Some("-") {
                sh.out(&format!("{}\n", new));
            }
            0
        }
        Err(_) => {
            sh.error(&format!("cd: {}: No such file or directory", target));
            1
        }
    }
}

/// Backslash escapes of `echo -e` and `printf %b`. Returns (text, stop) where stop is `\c`.
pub fn escapes(s: &str, printf_b: bool) -> (String, bool) {
    let mut out = String::new();
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < c.len() {
        if c[i] != '\\' || i + 1 >= c.len() {
            out.push(c[i]);
            i += 1;
            continue;
        }
        i += 1;
        match c[i] {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'v' => out.push('\x0b'),
            'e' | 'E' => out.push('\x1b'),
            '\\' => out.push('\\'),
            'c' => return (out, true),
            '0'..='7' if c[i] == '0' || printf_b => {
                let mut n = 0u32;
                let mut k = 0;
                if c[i] == '0' {
                    i += 1;
                }
                while k < 3 && i < c.len() && ('0'..='7').contains(&c[i]) {
                    n = n * 8 + (c[i] as u32 - '0' as u32);
                    i += 1;
                    k += 1;
                }
                out.push(char::from_u32(n & 0xff).unwrap_or('?'));
                continue;
            }
            'x' => {
                let mut n = 0u32;
                let mut k = 0;
                let mut j = i + 1;
                while k < 2 && j < c.len() && c[j].is_ascii_hexdigit() {
                    n = n * 16 + c[j].to_digit(16).unwrap_or(0);
                    j += 1;
                    k += 1;
                }
                if k == 0 {
                    out.push('\\');
                    out.push('x');
                } else {
                    out.push(char::from_u32(n).unwrap_or('?'));
                }
                i = j;
                continue;
            }
            'u' | 'U' => {
                let max = if c[i] == 'u' { 4 } else { 8 };
                let mut n = 0u32;
                let mut k = 0;
                let mut j = i + 1;
                while k < max && j < c.len() && c[j].is_ascii_hexdigit() {
                    n = n * 16 + c[j].to_digit(16).unwrap_or(0);
                    j += 1;
                    k += 1;
                }
                if k == 0 {
                    out.push('\\');
                    out.push(c[i]);
                } else {
                    out.push(char::from_u32(n).unwrap_or('?'));
                }
                i = j;
                continue;
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
        i += 1;
    }
    (out, false)
}

fn echo(sh: &mut Sh, argv: &[String]) -> i32 {
    let mut newline = true;
    let mut esc = false;
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        if a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| "neE".contains(c)) {
            for c in a[1..].chars() {
                match c {
                    'n' => newline = false,
                    'e' => esc = true,
                    _ => esc = false,
                }
            }
            i += 1;
        } else {
            break;
        }
    }
    let mut out = String::new();
    for (k, a) in argv[i..].iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        if esc {
            let (t, stop) = escapes(a, false);
            out.push_str(&t);
            if stop {
                sh.out(&out);
                return 0;
            }
        } else {
            out.push_str(a);
        }
    }
    if newline {
        out.push('\n');
    }
    if sh.out(&out) {
        0
    } else {
        1
    }
}

fn printf_num(sh: &mut Sh, a: &str) -> (i64, bool) {
    let t = a.trim();
    if t.is_empty() {
        return (0, true);
    }
    if let Some(ch) = t.strip_prefix('\'').or_else(|| t.strip_prefix('"')) {
        return (ch.chars().next().map(|c| c as i64).unwrap_or(0), true);
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let parsed = if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()
    } else if body.len() > 1 && body.starts_with('0') {
        i64::from_str_radix(&body[1..], 8).ok()
    } else {
        body.parse::<i64>().ok()
    };
    match parsed {
        Some(n) => (if neg { -n } else { n }, true),
        None => {
            sh.error(&format!("printf: {}: invalid number", a));
            let digits: String = body.chars().take_while(|c| c.is_ascii_digit()).collect();
            (
                digits.parse::<i64>().unwrap_or(0) * if neg { -1 } else { 1 },
                false,
            )
        }
    }
}

fn pad(s: &str, width: Option<usize>, left: bool, zero: bool) -> String {
    let n = s.chars().count();
    match width {
        Some(w) if w > n => {
            if left {
                format!("{}{}", s, " ".repeat(w - n))
            } else if zero {
                let (sign, digits) = if s.starts_with('-') || s.starts_with('+') {
                    s.split_at(1)
                } else {
                    ("", s)
                };
                format!("{}{}{}", sign, "0".repeat(w - n), digits)
            } else {
                format!("{}{}", " ".repeat(w - n), s)
            }
        }
        _ => s.to_string(),
    }
}

fn shell_quote(s: &str) -> String {
    if s.is_empty() {
        return "''".into();
    }
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || "_-./=:,+@%^".contains(c) {
            out.push(c);
        } else if c == '\n' {
            return format!(
                "$'{}'",
                s.replace('\\', "\\\\")
                    .replace('\'', "\\'")
                    .replace('\n', "\\n")
                    .replace('\t', "\\t")
            );
        } else {
            out.push('\\');
            out.push(c);
        }
    }
    out
}

fn printf(sh: &mut Sh, argv: &[String]) -> i32 {
    let mut i = 1;
    let mut var: Option<String> = None;
    if argv.get(1).map(|s| s.as_str()) == Some("-v") && argv.len() > 2 {
        var = Some(argv[2].clone());
        i = 3;
    }
    if argv.get(i).map(|s| s.as_str()) == Some("--") {
        i += 1;
    }
    let Some(fmt) = argv.get(i) else {
        sh.error("printf: usage: printf [-v var] format [arguments]");
        return 2;
    };
    let fmt: Vec<char> = fmt.chars().collect();
    let args = &argv[i + 1..];
    let mut ai = 0;
    let mut out = String::new();
    let mut status = 0;
    loop {
        let mut k = 0;
        let mut consumed = false;
        while k < fmt.len() {
            let c = fmt[k];
            if c == '\\' {
                let mut j = k + 1;
                let esc: String = if j < fmt.len() && fmt[j] == '0'
                    || (j < fmt.len() && ('1'..='7').contains(&fmt[j]))
                {
                    let mut n = 0u32;
                    let mut d = 0;
                    let max = if fmt[j] == '0' { 4 } else { 3 };
                    while d < max && j < fmt.len() && ('0'..='7').contains(&fmt[j]) {
                        n = n * 8 + (fmt[j] as u32 - '0' as u32);
                        j += 1;
                        d += 1;
                    }
                    char::from_u32(n & 0xff)
                        .map(|c| c.to_string())
                        .unwrap_or_default()
                } else {
                    let end = (j + 1).min(fmt.len());
                    let mut end = end;
                    if j < fmt.len() && (fmt[j] == 'x' || fmt[j] == 'u' || fmt[j] == 'U') {
                        let max = match fmt[j] {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let mut e = j + 1;
                        while e < fmt.len() && e - j - 1 < max && fmt[e].is_ascii_hexdigit() {
                            e += 1;
                        }
                        end = e;
                    }
                    let s: String = fmt[k..end].iter().collect();
                    j = end;
                    let (t, stop) = escapes(&s, true);
                    if stop {
                        out.push_str(&t);
                        return finish_printf(sh, var, out, status);
                    }
                    t
                };
                out.push_str(&esc);
                k = j;
                continue;
            }
            if c != '%' {
                out.push(c);
                k += 1;
                continue;
            }
            if k + 1 < fmt.len() && fmt[k + 1] == '%' {
                out.push('%');
                k += 2;
                continue;
            }
            let mut j = k + 1;
            let mut flags = String::new();
            while j < fmt.len() && "-+ 0#".contains(fmt[j]) {
                flags.push(fmt[j]);
                j += 1;
            }
            let mut width: Option<usize> = None;
            let mut left = flags.contains('-');
            if j < fmt.len() && fmt[j] == '*' {
                let (n, _) = printf_num(sh, args.get(ai).map(|s| s.as_str()).unwrap_or("0"));
                ai += 1;
                consumed = true;
                if n < 0 {
                    left = true;
                }
                width = Some(n.unsigned_abs() as usize);
                j += 1;
            } else {
                let st = j;
                while j < fmt.len() && fmt[j].is_ascii_digit() {
                    j += 1;
                }
                if j > st {
                    width = fmt[st..j].iter().collect::<String>().parse().ok();
                }
            }
            let mut prec: Option<usize> = None;
            if j < fmt.len() && fmt[j] == '.' {
                j += 1;
                if j < fmt.len() && fmt[j] == '*' {
                    let (n, _) = printf_num(sh, args.get(ai).map(|s| s.as_str()).unwrap_or("0"));
                    ai += 1;
                    consumed = true;
                    prec = Some(n.max(0) as usize);
                    j += 1;
                } else {
                    let st = j;
                    while j < fmt.len() && fmt[j].is_ascii_digit() {
                        j += 1;
                    }
                    prec = Some(fmt[st..j].iter().collect::<String>().parse().unwrap_or(0));
                }
            }
            while j < fmt.len() && "lhLqjzt".contains(fmt[j]) && fmt[j] != 'q' {
                j += 1;
            }
            if j >= fmt.len() {
                sh.error(&format!(
                    "printf: `{}': missing format character",
                    fmt[k..].iter().collect::<String>()
                ));
                return finish_printf(sh, var, out, 1);
            }
            let conv = fmt[j];
            k = j + 1;
            let arg = args.get(ai).cloned();
            if arg.is_some() {
                consumed = true;
            }
            ai += 1;
            let zero = flags.contains('0') && !left;
            match conv {
                's' | 'q' | 'b' => {
                    let a = arg.unwrap_or_default();
                    let mut s = match conv {
                        's' => a,
                        'q' => shell_quote(&a),
                        _ => {
                            let (t, stop) = escapes(&a, true);
                            if stop {
                                out.push_str(&pad(&t, width, left, false));
                                return finish_printf(sh, var, out, status);
                            }
                            t
                        }
                    };
                    if let Some(p) = prec {
                        s = s.chars().take(p).collect();
                    }
                    out.push_str(&pad(&s, width, left, false));
                }
                'c' => {
                    let a = arg.unwrap_or_default();
                    let s: String = a.chars().take(1).collect();
                    out.push_str(&pad(&s, width, left, false));
                }
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                    let (n, ok) = printf_num(sh, arg.as_deref().unwrap_or(""));
                    if !ok {
                        status = 1;
                    }
                    let mut s = match conv {
                        'x' => format!("{:x}", n),
                        'X' => format!("{:X}", n),
                        'o' => format!("{:o}", n),
                        'u' => format!("{}", n as u64),
                        _ => n.abs().to_string(),
                    };
                    if let Some(p) = prec {
                        if s.len() < p {
                            s = "0".repeat(p - s.len()) + &s;
                        }
                    }
                    if flags.contains('#') && n != 0 {
                        match conv {
                            'x' => s = format!("0x{}", s),
                            'X' => s = format!("0X{}", s),
                            'o' => s = format!("0{}", s),
                            _ => {}
                        }
                    }
                    if matches!(conv, 'd' | 'i') {
                        if n < 0 {
                            s = format!("-{}", s);
                        } else if flags.contains('+') {
                            s = format!("+{}", s);
                        } else if flags.contains(' ') {
                            s = format!(" {}", s);
                        }
                    }
                    out.push_str(&pad(&s, width, left, zero && prec.is_none()));
                }
                'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                    let a = arg.unwrap_or_default();
                    let x: f64 = if a.trim().is_empty() {
                        0.0
                    } else {
                        match a.trim().parse() {
                            Ok(v) => v,
                            Err(_) => {
                                sh.error(&format!("printf: {}: invalid number", a));
                                status = 1;
                                0.0
                            }
                        }
                    };
                    let p = prec.unwrap_or(6);
                    let mut s = match conv {
                        'f' | 'F' => format!("{:.*}", p, x),
                        'e' | 'E' => fmt_exp(x, p, conv == 'E'),
                        _ => fmt_g(x, p, conv == 'G', flags.contains('#')),
                    };
                    if x >= 0.0 && flags.contains('+') {
                        s = format!("+{}", s);
                    }
                    out.push_str(&pad(&s, width, left, zero));
                }
                _ => {
                    sh.error(&format!("printf: `{}': invalid format character", conv));
                    return finish_printf(sh, var, out, 1);
                }
            }
        }
        if ai >= args.len() || !consumed {
            break;
        }
    }
    finish_printf(sh, var, out, status)
}

fn fmt_exp(x: f64, p: usize, upper: bool) -> String {
    let s = format!("{:.*e}", p, x);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let r = format!("{}e{}{:02}", m, if e < 0 { '-' } else { '+' }, e.abs());
    if upper {
        r.to_uppercase()
    } else {
        r
    }
}

fn fmt_g(x: f64, p: usize, upper: bool, alt: bool) -> String {
    let p = if p == 0 { 1 } else { p };
    if x == 0.0 {
        return "0".into();
    }
    let e = x.abs().log10().floor() as i32;
    let s = if e < -4 || e >= p as i32 {
        let s = fmt_exp(x, p - 1, upper);
        if alt {
            s
        } else {
            let (m, ex) = s
                .split_once(if upper { 'E' } else { 'e' })
                .unwrap_or((&s, ""));
            let m = if m.contains('.') {
                m.trim_end_matches('0').trim_end_matches('.')
            } else {
                m
            };
            format!("{}{}{}", m, if upper { 'E' } else { 'e' }, ex)
        }
    } else {
        let dec = (p as i32 - 1 - e).max(0) as usize;
        let s = format!("{:.*}", dec, x);
        if alt || !s.contains('.') {
            s
        } else {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    };
    s
}

fn finish_printf(sh: &mut Sh, var: Option<String>, out: String, status: i32) -> i32 {
    match var {
        Some(v) => {
            if let Some(i) = v.find('[') {
                let n = v[..i].to_string();
                let k = v[i + 1..].trim_end_matches(']').to_string();
                if let Ok(k) = sh.arith_str(&k) {
                    sh.array_mut(&n).insert(k, out);
                }
            } else {
                sh.set_str(&v, out);
            }
        }
        None => {
            sh.out(&out);
        }
    }
    status
}

fn declare(sh: &mut Sh, argv: &[String]) -> Result<i32, Flow> {
    let cmd = argv[0].as_str();
    let mut export = cmd == "export";
    let mut readonly = cmd == "readonly";
    let mut array = false;
    let mut assoc = false;
    let mut integer = false;
    let mut print = false;
    let mut global = false;
    let mut unexport = false;
    let mut names = Vec::new();
    for a in &argv[1..] {
        if (a.starts_with('-') || a.starts_with('+')) && names.is_empty() && a.len() > 1 {
            let on = a.starts_with('-');
            for c in a[1..].chars() {
                match c {
                    'x' => {
                        export = on;
                        unexport = !on;
                    }
                    'r' => readonly = on,
                    'a' => array = on,
                    'A' => assoc = on,
                    'i' => integer = on,
                    'p' => print = true,
                    'g' => global = true,
                    _ => {}
                }
            }
            continue;
        }
        names.push(a.clone());
    }
    if print || (names.is_empty() && cmd != "local") {
        let mut keys: Vec<String> = sh.vars.keys().map(str::to_string).collect();
        keys.sort();
        let mut out = String::new();
        let filter: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut st = 0;
        for f in &filter {
            if !sh.vars.contains_key(f) {
                sh.error(&format!("{}: {}: not found", cmd, f));
                st = 1;
            }
        }
        for k in &keys {
            let Some(v) = sh.vars.get(k) else { continue };
            if !filter.is_empty() && !filter.contains(k) {
                continue;
            }
            if filter.is_empty()
                && ((cmd == "export" && !v.exported) || (cmd == "readonly" && !v.readonly))
            {
                continue;
            }
            let mut fl = String::new();
            match &v.val {
                Some(Val::Arr(_)) => fl.push('a'),
                Some(Val::Assoc(_)) => fl.push('A'),
                _ => {}
            }
            if v.integer {
                fl.push('i');
            }
            if v.readonly {
                fl.push('r');
            }
            if v.exported {
                fl.push('x');
            }
            if fl.is_empty() {
                fl.push('-');
            }
            let val = match &v.val {
                Some(Val::Int(n)) => format!("=\"{}\"", n),
                Some(Val::Str(s)) => format!(
                    "=\"{}\"",
                    s.replace('\\', "\\\\")
                        .replace('"', "\\\"")
                        .replace('$', "\\$")
                ),
                Some(Val::Arr(a)) => format!(
                    "=({})",
                    a.iter()
                        .map(|(i, s)| format!("[{}]=\"{}\"", i, s))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                Some(Val::Assoc(a)) => format!(
                    "=({} )",
                    a.iter()
                        .map(|(i, s)| format!("[{}]=\"{}\"", i, s))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                None => String::new(),
            };
            out.push_str(&format!("declare -{} {}{}\n", fl, k, val));
        }
        sh.out(&out);
        return Ok(st);
    }
    let local = (cmd == "local" || ((cmd == "declare" || cmd == "typeset") && !global))
        && sh.func_depth > 0;
    if cmd == "local" && sh.func_depth == 0 {
        sh.error("local: can only be used in a function");
        return Ok(1);
    }
    let mut st = 0;
    for n in names {
        let (name, value, append) = match n.find('=') {
            Some(i) if i > 0 => {
                let (nm, append) = match n[..i].strip_suffix('+') {
                    Some(x) => (x.to_string(), true),
                    None => (n[..i].to_string(), false),
                };
                (nm, Some(n[i + 1..].to_string()), append)
            }
            _ => (n.clone(), None, false),
        };
        let (base, index) = match name.find('[') {
            Some(i) if name.ends_with(']') => (
                name[..i].to_string(),
                Some(name[i + 1..name.len() - 1].to_string()),
            ),
            _ => (name.clone(), None),
        };
        if !valid_name(&base) {
            sh.error(&format!("{}: `{}': not a valid identifier", cmd, n));
            st = 1;
            continue;
        }
        if sh.is_readonly(&base) && (value.is_some() || readonly) && cmd != "export"
            || (sh.is_readonly(&base) && value.is_some())
        {
            sh.error(&format!("{}: readonly variable", base));
            st = 1;
            continue;
        }
        if local {
            sh.declare_local(&base);
        }
        if assoc && !sh.is_assoc(&base) {
            sh.set_val(&base, Val::Assoc(BTreeMap::new()));
        } else if array
            && !matches!(
                sh.vars.get(&base).and_then(|v| v.val.as_ref()),
                Some(Val::Arr(_))
            )
        {
            sh.array_mut(&base);
        }
        {
            let v: &mut Var = sh.vars.entry(&base);
            if export {
                v.exported = true;
            }
            if unexport {
                v.exported = false;
            }
            if integer {
                v.integer = true;
            }
        }
        if let Some(val) = value {
            if (array || assoc) && val.starts_with('(') && val.ends_with(')') {
                let inner = &val[1..val.len() - 1];
                if assoc {
                    let mut m = BTreeMap::new();
                    for item in inner.split_whitespace() {
                        if let Some(rest) = item.strip_prefix('[') {
                            if let Some((k, v)) = rest.split_once("]=") {
                                m.insert(k.to_string(), v.to_string());
                            }
                        }
                    }
                    sh.set_val(&base, Val::Assoc(m));
                } else {
                    let m: crate::iarr::IArr = inner
                        .split_whitespace()
                        .enumerate()
                        .map(|(i, s)| (i as i64, s.to_string()))
                        .collect();
                    sh.set_val(&base, Val::Arr(m));
                }
            } else if let Some(idx) = index {
                let k = sh.arith_str(&idx)?;
                sh.array_mut(&base).insert(k, val);
            } else if append {
                let old = sh.get_str(&base).unwrap_or_default();
                sh.set_str(&base, old + &val);
            } else {
                sh.set_str(&base, val);
            }
        }
        if readonly {
            if let Some(v) = sh.vars.get_mut(&base) {
                v.readonly = true;
            }
        }
    }
    Ok(st)
}

fn valid_name(n: &str) -> bool {
    let mut c = n.chars();
    matches!(c.next(), Some(x) if x.is_ascii_alphabetic() || x == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

fn set(sh: &mut Sh, argv: &[String]) -> i32 {
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        if a == "--" {
            sh.args = argv[i + 1..].to_vec();
            return 0;
        }
        if a == "-o" || a == "+o" {
            let on = a == "-o";
            if let Some(name) = argv.get(i + 1) {
                match name.as_str() {
                    "errexit" => sh.opts.errexit = on,
                    "nounset" => sh.opts.nounset = on,
                    "pipefail" => sh.opts.pipefail = on,
                    "xtrace" => sh.opts.xtrace = on,
                    "noglob" => sh.opts.noglob = on,
                    "noclobber" => sh.opts.noclobber = on,
                    _ => {}
                }
                i += 2;
                continue;
            }
            return 0;
        }
        if (a.starts_with('-') || a.starts_with('+')) && a.len() > 1 {
            let on = a.starts_with('-');
            for c in a[1..].chars() {
                match c {
                    'e' => sh.opts.errexit = on,
                    'u' => sh.opts.nounset = on,
                    'x' => sh.opts.xtrace = on,
                    'f' => sh.opts.noglob = on,
                    'C' => sh.opts.noclobber = on,
                    _ => {}
                }
            }
            i += 1;
            continue;
        }
        sh.args = argv[i..].to_vec();
        return 0;
    }
    0
}

fn read_byte(sh: &Sh) -> Option<u8> {
    let f = sh.fd(0)?;
    let mut b = [0u8; 1];
    match (&*f).read(&mut b) {
        Ok(1) => Some(b[0]),
        _ => None,
    }
}

fn read(sh: &mut Sh, argv: &[String]) -> Result<i32, Flow> {
    let mut raw = false;
    let mut delim = b'\n';
    let mut array: Option<String> = None;
    let mut nchars: Option<usize> = None;
    let mut names = Vec::new();
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        match a {
            "-r" => raw = true,
            "-d" => {
                i += 1;
                delim = argv.get(i).and_then(|s| s.bytes().next()).unwrap_or(0);
            }
            "-a" => {
                i += 1;
                array = argv.get(i).cloned();
            }
            "-n" | "-N" => {
                i += 1;
                nchars = argv.get(i).and_then(|s| s.parse().ok());
            }
            "-p" | "-t" | "-u" => i += 1,
            "-s" | "-e" => {}
            _ => names.push(a.to_string()),
        }
        i += 1;
    }
    sh.flush();
    let mut bytes = Vec::new();
    let mut got_delim = false;
    loop {
        if let Some(n) = nchars {
            if String::from_utf8_lossy(&bytes).chars().count() >= n {
                got_delim = true;
                break;
            }
        }
        let Some(b) = read_byte(sh) else { break };
        if b == delim {
            got_delim = true;
            break;
        }
        if b == b'\\' && !raw {
            match read_byte(sh) {
                Some(b'\n') => continue,
                Some(c) => {
                    bytes.push(b'\\');
                    bytes.push(c);
                    continue;
                }
                None => break,
            }
        }
        bytes.push(b);
    }
    let line = String::from_utf8_lossy(&bytes).into_owned();
    let ifs = sh.get_str("IFS").unwrap_or_else(|| " \t\n".into());
    // Split into fields; backslash-escaped chars (when not raw) are literal and never separate.
    let mut chars: Vec<(char, bool)> = Vec::new();
    {
        let cs: Vec<char> = line.chars().collect();
        let mut j = 0;
        while j < cs.len() {
            if cs[j] == '\\' && !raw && j + 1 < cs.len() {
                chars.push((cs[j + 1], true));
                j += 2;
            } else {
                chars.push((cs[j], false));
                j += 1;
            }
        }
    }
    let is_ws =
        |c: (char, bool)| !c.1 && ifs.contains(c.0) && (c.0 == ' ' || c.0 == '\t' || c.0 == '\n');
    let is_sep = |c: (char, bool)| !c.1 && ifs.contains(c.0);
    let nvars = if array.is_some() {
        usize::MAX
    } else {
        names.len().max(1)
    };
    let mut fields: Vec<String> = Vec::new();
    let mut k = 0;
    while k < chars.len() && is_ws(chars[k]) {
        k += 1;
    }
    while k < chars.len() {
        if fields.len() + 1 == nvars {
            let mut end = chars.len();
            while end > k && is_ws(chars[end - 1]) {
                end -= 1;
            }
            fields.push(chars[k..end].iter().map(|c| c.0).collect());
            break;
        }
        let mut cur = String::new();
        while k < chars.len() && !is_sep(chars[k]) {
            cur.push(chars[k].0);
            k += 1;
        }
        fields.push(cur);
        if k < chars.len() {
            let sep_ws = is_ws(chars[k]);
            k += 1;
            while k < chars.len() && is_ws(chars[k]) {
                k += 1;
            }
            if sep_ws && k < chars.len() && is_sep(chars[k]) && !is_ws(chars[k]) {
                k += 1;
                while k < chars.len() && is_ws(chars[k]) {
                    k += 1;
                }
            }
        }
    }
    if let Some(arr) = array {
        let m: crate::iarr::IArr = fields
            .into_iter()
            .enumerate()
            .map(|(i, s)| (i as i64, s))
            .collect();
        sh.set_val(&arr, Val::Arr(m));
    } else if names.is_empty() {
        sh.set_str("REPLY", chars.iter().map(|c| c.0).collect());
    } else {
        for (idx, n) in names.iter().enumerate() {
            let v = fields.get(idx).cloned().unwrap_or_default();
            sh.assign_str(n, v)?;
        }
    }
    Ok(if got_delim { 0 } else { 1 })
}

fn mapfile(sh: &mut Sh, argv: &[String]) -> i32 {
    let strip = argv.iter().any(|a| a == "-t");
    let name = argv[1..]
        .iter()
        .rfind(|a| !a.starts_with('-'))
        .cloned()
        .unwrap_or_else(|| "MAPFILE".into());
    let mut data = Vec::new();
    while let Some(b) = read_byte(sh) {
        data.push(b);
    }
    let text = String::from_utf8_lossy(&data).into_owned();
    let mut m = crate::iarr::IArr::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let l = if strip {
            line.trim_end_matches('\n')
        } else {
            line
        };
        m.insert(i as i64, l.to_string());
    }
    sh.set_val(&name, Val::Arr(m));
    0
}
