//! `test` / `[ ]` and the operators of `[[ ]]`.

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};

use crate::pattern;
use crate::state::{Flow, ParamOp, Sh, Val, NO_SLOT, W};

pub fn unary_file(op: &str, path: &str) -> Option<bool> {
    let md = || std::fs::metadata(path);
    Some(match op {
        "-e" | "-a" => md().is_ok(),
        "-f" => md().map(|m| m.is_file()).unwrap_or(false),
        "-d" => md().map(|m| m.is_dir()).unwrap_or(false),
        "-s" => md().map(|m| m.len() > 0).unwrap_or(false),
        "-r" => md()
            .map(|m| m.permissions().mode() & 0o444 != 0)
            .unwrap_or(false),
        "-w" => md()
            .map(|m| m.permissions().mode() & 0o222 != 0)
            .unwrap_or(false),
        "-x" => md()
            .map(|m| m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false),
        "-L" | "-h" => std::fs::symlink_metadata(path)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false),
        "-p" => md().map(|m| m.file_type().is_fifo()).unwrap_or(false),
        "-S" => md().map(|m| m.file_type().is_socket()).unwrap_or(false),
        "-b" => md()
            .map(|m| m.file_type().is_block_device())
            .unwrap_or(false),
        "-c" => md()
            .map(|m| m.file_type().is_char_device())
            .unwrap_or(false),
        "-u" => md().map(|m| m.mode() & 0o4000 != 0).unwrap_or(false),
        "-g" => md().map(|m| m.mode() & 0o2000 != 0).unwrap_or(false),
        "-k" => md().map(|m| m.mode() & 0o1000 != 0).unwrap_or(false),
        "-O" | "-G" => md().is_ok(),
        "-t" => false,
        _ => return None,
    })
}

fn int_of(s: &str) -> Option<i64> {
    s.trim().parse::<i64>().ok()
}

impl Sh {
    fn unary(&mut self, op: &str, a: &str) -> Result<bool, i32> {
        match op {
            "-z" => Ok(a.is_empty()),
            "-n" => Ok(!a.is_empty()),
            "-v" => Ok(self.var_is_set(a)),
            "-o" => Ok(match a {
                "errexit" => self.opts.errexit,
                "nounset" => self.opts.nounset,
                "pipefail" => self.opts.pipefail,
                "xtrace" => self.opts.xtrace,
                _ => false,
            }),
            _ => unary_file(op, a).ok_or(2),
        }
    }

    fn var_is_set(&mut self, name: &str) -> bool {
        if let Some(i) = name.find('[') {
            let n = &name[..i];
            let k = name[i + 1..].trim_end_matches(']');
            let idx = if self.is_assoc(n) {
                0
            } else {
                self.arith_str(k).unwrap_or(-1)
            };
            return match self.vars.get(n).and_then(|v| v.val.as_ref()) {
                Some(Val::Arr(a)) => {
                    let idx = if idx < 0 {
                        idx + a.keys().next_back().map(|m| m + 1).unwrap_or(0)
                    } else {
                        idx
                    };
                    a.contains_key(&idx)
                }
                Some(Val::Assoc(a)) => a.contains_key(k),
                Some(Val::Str(_)) | Some(Val::Int(_)) => k == "0",
                None => false,
            };
        }
        self.vars
            .get(name)
            .map(|v| v.val.is_some())
            .unwrap_or(false)
    }

    fn binary(&mut self, op: &str, a: &str, b: &str) -> Result<bool, i32> {
        let ints = || match (int_of(a), int_of(b)) {
            (Some(x), Some(y)) => Ok((x, y)),
            _ => Err(2),
        };
        Ok(match op {
            "=" | "==" => a == b,
            "!=" => a != b,
            "<" => a < b,
            ">" => a > b,
            "-eq" => ints().map(|(x, y)| x == y)?,
            "-ne" => ints().map(|(x, y)| x != y)?,
            "-lt" => ints().map(|(x, y)| x < y)?,
            "-le" => ints().map(|(x, y)| x <= y)?,
            "-gt" => ints().map(|(x, y)| x > y)?,
            "-ge" => ints().map(|(x, y)| x >= y)?,
            "-nt" | "-ot" => {
                let m = |p: &str| std::fs::metadata(p).and_then(|m| m.modified()).ok();
                match (m(a), m(b)) {
                    (Some(x), Some(y)) => {
                        if op == "-nt" {
                            x > y
                        } else {
                            x < y
                        }
                    }
                    (Some(_), None) => op == "-nt",
                    (None, Some(_)) => op == "-ot",
                    _ => false,
                }
            }
            "-ef" => match (std::fs::metadata(a), std::fs::metadata(b)) {
                (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
                _ => false,
            },
            _ => return Err(2),
        })
    }

    fn is_binop(op: &str) -> bool {
        matches!(
            op,
            "=" | "=="
                | "!="
                | "<"
                | ">"
                | "-eq"
                | "-ne"
                | "-lt"
                | "-le"
                | "-gt"
                | "-ge"
                | "-nt"
                | "-ot"
                | "-ef"
        )
    }

    fn test_expr(&mut self, a: &[String]) -> Result<bool, i32> {
        // POSIX rules by argument count, then -o/-a/()/! for longer expressions.
        match a.len() {
            0 => return Ok(false),
            1 => return Ok(!a[0].is_empty()),
            2 => {
                if a[0] == "!" {
                    return Ok(a[1].is_empty());
                }
                return self.unary(&a[0], &a[1]);
            }
            3 => {
                if Self::is_binop(&a[1]) {
                    return self.binary(&a[1], &a[0], &a[2]);
                }
                if a[1] == "-a" {
                    return Ok(!a[0].is_empty() && !a[2].is_empty());
                }
                if a[1] == "-o" {
                    return Ok(!a[0].is_empty() || !a[2].is_empty());
                }
                if a[0] == "!" {
                    return self.test_expr(&a[1..]).map(|b| !b);
                }
                if a[0] == "(" && a[2] == ")" {
                    return Ok(!a[1].is_empty());
                }
                return Err(2);
            }
            4 => {
                if a[0] == "!" {
                    return self.test_expr(&a[1..]).map(|b| !b);
                }
                if a[0] == "(" && a[3] == ")" {
                    return self.test_expr(&a[1..3]);
                }
            }
            _ => {}
        }
        let mut pos = 0;
        let r = self.test_or(a, &mut pos)?;
        if pos != a.len() {
            return Err(2);
        }
        Ok(r)
    }

    fn test_or(&mut self, a: &[String], pos: &mut usize) -> Result<bool, i32> {
        let mut l = self.test_and(a, pos)?;
        while *pos < a.len() && a[*pos] == "-o" {
            *pos += 1;
            let r = self.test_and(a, pos)?;
            l = l || r;
        }
        Ok(l)
    }

    fn test_and(&mut self, a: &[String], pos: &mut usize) -> Result<bool, i32> {
        let mut l = self.test_prim(a, pos)?;
        while *pos < a.len() && a[*pos] == "-a" {
            *pos += 1;
            let r = self.test_prim(a, pos)?;
            l = l && r;
        }
        Ok(l)
    }

    fn test_prim(&mut self, a: &[String], pos: &mut usize) -> Result<bool, i32> {
        if *pos >= a.len() {
            return Err(2);
        }
        if a[*pos] == "!" {
            *pos += 1;
            return self.test_prim(a, pos).map(|b| !b);
        }
        if a[*pos] == "(" {
            *pos += 1;
            let r = self.test_or(a, pos)?;
            if *pos >= a.len() || a[*pos] != ")" {
                return Err(2);
            }
            *pos += 1;
            return Ok(r);
        }
        if *pos + 2 < a.len() && Self::is_binop(&a[*pos + 1]) {
            let r = self.binary(&a[*pos + 1].clone(), &a[*pos].clone(), &a[*pos + 2].clone())?;
            *pos += 3;
            return Ok(r);
        }
        if a[*pos].starts_with('-') && a[*pos].len() == 2 && *pos + 1 < a.len() {
            let r = self.unary(&a[*pos].clone(), &a[*pos + 1].clone())?;
            *pos += 2;
            return Ok(r);
        }
        let r = !a[*pos].is_empty();
        *pos += 1;
        Ok(r)
    }

    /// The `test` and `[` builtins.
    pub fn builtin_test(&mut self, argv: &[String]) -> i32 {
        let mut args: Vec<String> = argv[1..].to_vec();
        if argv[0] == "[" {
            if args.last().map(|s| s.as_str()) != Some("]") {
                self.error("[: missing `]'");
                return 2;
            }
            args.pop();
        }
        match self.test_expr(&args) {
            Ok(b) => (!b) as i32,
            Err(n) => {
                let m = format!("{}: syntax error or bad operand", argv[0]);
                self.error(&m);
                n
            }
        }
    }

    /// `[[ -op word ]]`.
    pub fn cond_unary(&mut self, op: &str, w: &'static [W]) -> Result<bool, Flow> {
        self.cond_err = false;
        let a = self.expand_str(w)?;
        Ok(self.unary(op, &a).unwrap_or(false))
    }

    /// `[[ word ]]`: true when non-empty.
    pub fn cond_word(&mut self, w: &'static [W]) -> Result<bool, Flow> {
        self.cond_err = false;
        Ok(!self.expand_str(w)?.is_empty())
    }

    /// `[[ l op r ]]`: `==`/`!=` match a pattern, `=~` an extended regex (sets BASH_REMATCH).
    /// An integer operand of `[[ ]]` read without formatting or parsing: a variable holding an integer, or
    /// a decimal literal. None for anything else (the general path then expands it).
    fn int_operand(&self, w: &'static [W]) -> Option<i64> {
        match w {
            [W::Param(p, _)]
                if p.op == ParamOp::Plain && p.index.is_none() && p.slot != NO_SLOT =>
            {
                match self.vars.at(p.slot).and_then(|v| v.val.as_ref()) {
                    Some(Val::Int(n)) => Some(*n),
                    _ => None,
                }
            }
            [W::Lit(t)] | [W::Q(t)] => crate::arith::decimal(t),
            _ => None,
        }
    }

    pub fn cond_bin(&mut self, op: &str, l: &'static [W], r: &'static [W]) -> Result<bool, Flow> {
        self.cond_err = false;
        if let (Some(x), Some(y)) = (self.int_operand(l), self.int_operand(r)) {
            match op {
                "-eq" => return Ok(x == y),
                "-ne" => return Ok(x != y),
                "-lt" => return Ok(x < y),
                "-le" => return Ok(x <= y),
                "-gt" => return Ok(x > y),
                "-ge" => return Ok(x >= y),
                _ => {}
            }
        }
        let a = self.expand_str(l)?;
        match op {
            "==" | "=" | "!=" => {
                let p = self.expand_pat(r)?;
                let m = pattern::matches(&a, &p);
                Ok(if op == "!=" { !m } else { m })
            }
            "=~" => {
                let re = self.expand_regex(r)?;
                let found = pattern::with_regex(&re, |rx| {
                    rx.map(|rx| {
                        rx.captures(&a).map(|c| {
                            c.iter()
                                .map(|g| g.map(|g| g.as_str().to_string()).unwrap_or_default())
                                .collect::<Vec<String>>()
                        })
                    })
                });
                match found {
                    Some(groups) => match groups {
                        Some(c) => {
                            let m: crate::iarr::IArr = c
                                .into_iter()
                                .enumerate()
                                .map(|(i, g)| (i as i64, g))
                                .collect();
                            self.set_val("BASH_REMATCH", Val::Arr(m));
                            Ok(true)
                        }
                        None => {
                            self.set_val("BASH_REMATCH", Val::Arr(Default::default()));
                            Ok(false)
                        }
                    },
                    None => {
                        self.cond_err = true; // the command's status is 2 if this decides it
                        Ok(false)
                    }
                }
            }
            "-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge" => {
                let b = self.expand_str(r)?;
                let x = self.arith_str(&a)?;
                let y = self.arith_str(&b)?;
                Ok(match op {
                    "-eq" => x == y,
                    "-ne" => x != y,
                    "-lt" => x < y,
                    "-le" => x <= y,
                    "-gt" => x > y,
                    _ => x >= y,
                })
            }
            _ => {
                let b = self.expand_str(r)?;
                Ok(self.binary(op, &a, &b).unwrap_or(false))
            }
        }
    }

    fn expand_regex(&mut self, w: &'static [W]) -> Result<String, Flow> {
        let mut s = String::new();
        for part in w {
            match part {
                W::Lit(t) => s.push_str(t),
                W::Q(t) => s.push_str(&regex::escape(t)),
                W::Param(_, true) | W::Cmd(_, true) | W::Arith(_, true) | W::ArithC(_, true) => {
                    let v = self.expand_str(std::slice::from_ref(part))?;
                    s.push_str(&regex::escape(&v));
                }
                _ => {
                    let v = self.expand_str(std::slice::from_ref(part))?;
                    s.push_str(&v);
                }
            }
        }
        Ok(s)
    }
}
