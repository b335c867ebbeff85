//! Redirections on the shell's own descriptor table (`Sh::fds`), never the process's: builtins write
//! through it and external commands get copies as their stdin/stdout/stderr.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::sync::Arc;

use crate::state::{Flow, Redir, RedirOp, Sh};

impl Sh {
    /// Apply redirections left to right. Ok(false) when one failed (reported; the command is skipped).
    pub fn apply_redirs(&mut self, redirs: &'static [Redir]) -> Result<bool, Flow> {
        for r in redirs {
            let fd = if r.fd >= 0 {
                r.fd as usize
            } else {
                match r.op {
                    RedirOp::In
                    | RedirOp::InOut
                    | RedirOp::DupIn
                    | RedirOp::HereStr
                    | RedirOp::HereDoc => 0,
                    _ => 1,
                }
            };
            match r.op {
                RedirOp::HereStr | RedirOp::HereDoc => {
                    let mut text = if r.op == RedirOp::HereDoc {
                        let mut s = String::new();
                        for part in r.target {
                            s.push_str(&self.expand_str(std::slice::from_ref(part))?);
                        }
                        s
                    } else {
                        self.expand_str(r.target)?
                    };
                    if r.op == RedirOp::HereStr {
                        text.push('\n');
                    }
                    let Ok((rd, wr)) = std::io::pipe() else {
                        return Ok(false);
                    };
                    let data = text.into_bytes();
                    std::thread::spawn(move || {
                        let mut w = wr;
                        let _ = w.write_all(&data);
                    });
                    self.set_fd(
                        fd,
                        Some(Arc::new(File::from(std::os::fd::OwnedFd::from(rd)))),
                    );
                }
                RedirOp::DupOut | RedirOp::DupIn => {
                    let t = self.expand_str(r.target)?;
                    if t == "-" {
                        self.set_fd(fd, None);
                        continue;
                    }
                    let (num, close) = match t.strip_suffix('-') {
                        Some(n) => (n.to_string(), true),
                        None => (t.clone(), false),
                    };
                    match num.parse::<usize>() {
                        Ok(src) => match self.fd(src) {
                            Some(f) => {
                                if src == 1 {
                                    self.flush();
                                }
                                self.set_fd(fd, Some(f));
                                if close {
                                    self.set_fd(src, None);
                                }
                            }
                            None => {
                                self.error(&format!("{}: Bad file descriptor", num));
                                return Ok(false);
                            }
                        },
                        Err(_) => {
                            if r.op == RedirOp::DupOut && r.fd < 0 {
                                // `>&file` is `&>file`.
                                match self.open_file(&t, RedirOp::Out)? {
                                    Some(f) => {
                                        self.set_fd(1, Some(f.clone()));
                                        self.set_fd(2, Some(f));
                                    }
                                    None => return Ok(false),
                                }
                            } else {
                                self.error(&format!("{}: ambiguous redirect", t));
                                return Ok(false);
                            }
                        }
                    }
                }
                _ => {
                    let words = self.expand_words(std::slice::from_ref(&r.target))?;
                    if words.len() != 1 {
                        let t = self.expand_str(r.target).unwrap_or_default();
                        self.error(&format!("{}: ambiguous redirect", t));
                        return Ok(false);
                    }
                    let Some(f) = self.open_file(&words[0], r.op)? else {
                        return Ok(false);
                    };
                    if matches!(r.op, RedirOp::Both | RedirOp::BothAppend) {
                        self.set_fd(1, Some(f.clone()));
                        self.set_fd(2, Some(f));
                    } else {
                        self.set_fd(fd, Some(f));
                    }
                }
            }
        }
        Ok(true)
    }

    fn open_file(&mut self, path: &str, op: RedirOp) -> Result<Option<Arc<File>>, Flow> {
        let mut o = OpenOptions::new();
        match op {
            RedirOp::In => {
                o.read(true);
            }
            RedirOp::InOut => {
                o.read(true).write(true).create(true);
            }
            RedirOp::Append | RedirOp::BothAppend => {
                o.append(true).create(true);
            }
            _ => {
                if self.opts.noclobber
                    && op != RedirOp::Clobber
                    && std::path::Path::new(path).is_file()
                {
                    self.error(&format!("{}: cannot overwrite existing file", path));
                    return Ok(None);
                }
                o.write(true).create(true).truncate(true);
            }
        }
        match o.open(path) {
            Ok(f) => Ok(Some(Arc::new(f))),
            Err(e) => {
                let msg = match e.kind() {
                    std::io::ErrorKind::NotFound => "No such file or directory".to_string(),
                    std::io::ErrorKind::PermissionDenied => "Permission denied".to_string(),
                    _ => {
                        if std::path::Path::new(path).is_dir() {
                            "Is a directory".to_string()
                        } else {
                            e.to_string()
                        }
                    }
                };
                self.error(&format!("{}: {}", path, msg));
                Ok(None)
            }
        }
    }
}
