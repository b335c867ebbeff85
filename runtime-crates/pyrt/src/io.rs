//! Buffered stdout (block-buffered unless a tty, like CPython), stderr, stdin and text files.

use crate::exc::raise;
use crate::fmt::str_repr;
use std::cell::RefCell;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, IsTerminal, Read, Seek, SeekFrom, Write};
use std::rc::Rc;
use std::sync::{Mutex, OnceLock};

const STDOUT_BUF: usize = 8192;

static STDOUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());

fn stdout_is_tty() -> bool {
    static TTY: OnceLock<bool> = OnceLock::new();
    *TTY.get_or_init(|| std::io::stdout().is_terminal())
}

fn write_out(buf: &mut Vec<u8>) {
    let out = std::io::stdout();
    let mut lock = out.lock();
    let _ = lock.write_all(buf);
    let _ = lock.flush();
    buf.clear();
}

/// Appends text to the stdout buffer.
pub fn write_stdout(s: &str) {
    let mut buf = STDOUT.lock().unwrap_or_else(|p| p.into_inner());
    buf.extend_from_slice(s.as_bytes());
    if buf.len() >= STDOUT_BUF || (stdout_is_tty() && s.contains('\n')) {
        write_out(&mut buf);
    }
}

/// `print(...)`: formats the arguments (the caller includes `end`) into the stdout buffer.
pub fn print(args: std::fmt::Arguments) {
    match args.as_str() {
        Some(s) => write_stdout(s),
        None => write_stdout(&std::fmt::format(args)),
    }
}

/// `print(..., file=sys.stderr)`: writes to stderr immediately.
pub fn eprint(args: std::fmt::Arguments) {
    let s = std::fmt::format(args);
    let err = std::io::stderr();
    let mut lock = err.lock();
    let _ = lock.write_all(s.as_bytes());
    let _ = lock.flush();
}

/// `sys.stdout.flush()`.
pub fn flush_stdout() {
    let mut buf = STDOUT.lock().unwrap_or_else(|p| p.into_inner());
    write_out(&mut buf);
}

fn read_line_raw() -> Option<String> {
    let mut bytes = Vec::new();
    let n = std::io::stdin()
        .lock()
        .read_until(b'\n', &mut bytes)
        .unwrap_or(0);
    if n == 0 {
        return None;
    }
    // sys.stdin uses newline="\n" on POSIX: no "\r\n" translation
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// `input(prompt)`: EOFError "EOF when reading a line" at end of input.
pub fn input(prompt: Option<&str>) -> String {
    if let Some(p) = prompt {
        write_stdout(p);
    }
    flush_stdout();
    match read_line_raw() {
        Some(mut s) => {
            if s.ends_with('\n') {
                s.pop();
            }
            s
        }
        None => raise("EOFError", "EOF when reading a line"),
    }
}

/// `sys.stdin.read()`.
pub fn read_stdin() -> String {
    let mut bytes = Vec::new();
    let _ = std::io::stdin().lock().read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `sys.stdin.readline()` (keeps the newline, "" at EOF).
pub fn readline_stdin() -> String {
    read_line_raw().unwrap_or_default()
}

/// `for line in sys.stdin` (each line keeps its newline).
pub fn stdin_lines() -> impl Iterator<Item = String> {
    std::iter::from_fn(read_line_raw)
}

/// `sys.argv`.
pub fn argv() -> Vec<String> {
    std::env::args().collect()
}

/// A text file's bytes as `open()` reads them: UTF-8, with universal newlines when `translate`.
pub fn decode_text(bytes: Vec<u8>, translate: bool) -> String {
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    if translate {
        normalize_newlines(text)
    } else {
        text
    }
}

fn normalize_newlines(s: String) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s
    }
}

/// Raises the Python OSError subclass matching an I/O error on `path`.
pub fn raise_os_error(e: &std::io::Error, path: &str) -> ! {
    let (kind, errno, text) = match e.raw_os_error() {
        Some(2) => ("FileNotFoundError", 2, "No such file or directory"),
        Some(13) => ("PermissionError", 13, "Permission denied"),
        Some(1) => ("PermissionError", 1, "Operation not permitted"),
        Some(21) => ("IsADirectoryError", 21, "Is a directory"),
        Some(20) => ("NotADirectoryError", 20, "Not a directory"),
        Some(17) => ("FileExistsError", 17, "File exists"),
        Some(39) => ("OSError", 39, "Directory not empty"),
        Some(n) => {
            let msg = e.to_string();
            let text = msg.split(" (os error").next().unwrap_or(&msg).to_string();
            raise("OSError", format!("[Errno {n}] {text}: {}", str_repr(path)))
        }
        None => raise("OSError", e.to_string()),
    };
    raise(kind, format!("[Errno {errno}] {text}: {}", str_repr(path)))
}

/// An open text file (`open(path, mode)`). Clones share one file object, as Python references do
/// (a `csv.writer` keeps the file it writes to).
#[derive(Debug, Clone)]
pub struct PyFile(Rc<RefCell<FileState>>);

#[derive(Debug)]
struct FileState {
    name: String,
    mode: String,
    file: Option<File>,
    readable: bool,
    writable: bool,
    translate: bool,
    rbuf: Option<String>,
    rpos: usize,
    wbuf: Vec<u8>,
    /// A NamedTemporaryFile with delete=True: removed when closed.
    delete_on_close: bool,
}

/// `open(path, mode)` for text modes r, w, a, x with optional `+` (and `t`).
pub fn open(path: &str, mode: &str) -> PyFile {
    open_newline(path, mode, None)
}

/// `open(path, mode, newline=...)`: any newline but None turns off "\r\n" translation on reading.
pub fn open_newline(path: &str, mode: &str, newline: Option<&str>) -> PyFile {
    let m: String = mode.chars().filter(|&c| c != 't').collect();
    let plus = m.contains('+');
    let base: String = m.chars().filter(|&c| c != '+').collect();
    let mut o = OpenOptions::new();
    let (readable, writable) = match base.as_str() {
        "r" => {
            o.read(true).write(plus);
            (true, plus)
        }
        "w" => {
            o.write(true).create(true).truncate(true).read(plus);
            (plus, true)
        }
        "a" => {
            o.append(true).create(true).read(plus);
            (plus, true)
        }
        "x" => {
            o.write(true).create_new(true).read(plus);
            (plus, true)
        }
        _ => raise("ValueError", format!("invalid mode: {}", str_repr(mode))),
    };
    if m.chars().filter(|&c| c == '+').count() > 1 {
        raise("ValueError", format!("invalid mode: {}", str_repr(mode)));
    }
    let file = o.open(path).unwrap_or_else(|e| raise_os_error(&e, path));
    if let Ok(md) = file.metadata() {
        if md.is_dir() {
            raise(
                "IsADirectoryError",
                format!("[Errno 21] Is a directory: {}", str_repr(path)),
            );
        }
    }
    PyFile(Rc::new(RefCell::new(FileState {
        name: path.to_string(),
        mode: mode.to_string(),
        file: Some(file),
        readable,
        writable,
        translate: newline.is_none(),
        rbuf: None,
        rpos: 0,
        wbuf: Vec::new(),
        delete_on_close: false,
    })))
}

/// `tempfile.NamedTemporaryFile(mode, prefix=, suffix=, delete=)` in a text mode: a new file
/// `<temp dir>/<prefix or "tmp"><8 random chars><suffix>`, removed when closed unless `delete` is false.
pub fn named_temporary_file(mode: &str, prefix: &str, suffix: &str, delete: bool) -> PyFile {
    use std::hash::{BuildHasher, Hasher};
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789_";
    let dir = std::env::temp_dir();
    let prefix = if prefix.is_empty() { "tmp" } else { prefix };
    for attempt in 0u64..100 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(attempt);
        h.write_u32(std::process::id());
        let mut bits = h.finish();
        let mut name = String::from(prefix);
        for _ in 0..8 {
            name.push(CHARS[(bits % CHARS.len() as u64) as usize] as char);
            bits /= CHARS.len() as u64;
        }
        name.push_str(suffix);
        let path = dir.join(name);
        if path.exists() {
            continue;
        }
        let path = path.to_string_lossy().into_owned();
        // create it exclusively, then reopen in the requested mode (w+ truncates, a+ appends)
        if let Err(e) = OpenOptions::new().write(true).create_new(true).open(&path) {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                continue;
            }
            raise_os_error(&e, &path);
        }
        let f = open(&path, mode);
        f.0.borrow_mut().delete_on_close = delete;
        return f;
    }
    raise("FileExistsError", "No usable temporary file name found")
}

impl FileState {
    fn check_open(&self) {
        if self.file.is_none() {
            raise("ValueError", "I/O operation on closed file.");
        }
    }

    fn load(&mut self) -> &str {
        self.check_open();
        if !self.readable {
            raise("io.UnsupportedOperation", "not readable");
        }
        self.flush_writes();
        if self.rbuf.is_none() {
            let mut bytes = Vec::new();
            if let Some(f) = self.file.as_mut() {
                let _ = f.read_to_end(&mut bytes);
            }
            self.rbuf = Some(decode_text(bytes, self.translate));
            self.rpos = 0;
        }
        &self.rbuf.as_deref().unwrap_or("")[self.rpos..]
    }

    fn flush_writes(&mut self) {
        if self.wbuf.is_empty() {
            return;
        }
        if let Some(f) = self.file.as_mut() {
            if let Err(e) = f.write_all(&self.wbuf) {
                self.wbuf.clear();
                raise_os_error(&e, &self.name);
            }
        }
        self.wbuf.clear();
    }

    /// `f.read()`.
    pub fn read(&mut self) -> String {
        let s = self.load().to_string();
        self.rpos += s.len();
        s
    }

    /// `f.read(n)` (n characters; negative = all).
    pub fn read_n(&mut self, n: i64) -> String {
        if n < 0 {
            return self.read();
        }
        let rest = self.load();
        let end = rest
            .char_indices()
            .nth(n as usize)
            .map_or(rest.len(), |(b, _)| b);
        let s = rest[..end].to_string();
        self.rpos += end;
        s
    }

    /// `f.readline()` (keeps the newline, "" at EOF).
    pub fn readline(&mut self) -> String {
        let rest = self.load();
        let end = rest.find('\n').map_or(rest.len(), |p| p + 1);
        let s = rest[..end].to_string();
        self.rpos += end;
        s
    }

    /// `f.readlines()`.
    pub fn readlines(&mut self) -> Vec<String> {
        let rest = self.load();
        let v: Vec<String> = rest.split_inclusive('\n').map(str::to_string).collect();
        self.rpos += rest.len();
        v
    }

    /// `f.write(s)`: returns the number of characters written.
    pub fn write(&mut self, s: &str) -> i64 {
        self.check_open();
        if !self.writable {
            raise("io.UnsupportedOperation", "not writable");
        }
        if let Some(buf) = self.rbuf.take() {
            // move the OS position back to the logical read position
            let unread = (buf.len() - self.rpos) as i64;
            if let Some(f) = self.file.as_mut() {
                let _ = f.seek(SeekFrom::Current(-unread));
            }
        }
        self.wbuf.extend_from_slice(s.as_bytes());
        if self.wbuf.len() >= 1 << 16 {
            self.flush_writes();
        }
        crate::pystr::len(s)
    }

    fn close(&mut self) {
        if self.file.is_some() {
            self.flush_writes();
            self.file = None;
            if self.delete_on_close {
                let _ = std::fs::remove_file(&self.name);
            }
        }
    }
}

impl PyFile {
    /// `f.read()`.
    pub fn read(&mut self) -> String {
        self.0.borrow_mut().read()
    }

    /// `f.read(n)` (n characters; negative = all).
    pub fn read_n(&mut self, n: i64) -> String {
        self.0.borrow_mut().read_n(n)
    }

    /// `f.readline()` (keeps the newline, "" at EOF).
    pub fn readline(&mut self) -> String {
        self.0.borrow_mut().readline()
    }

    /// `f.readlines()`.
    pub fn readlines(&mut self) -> Vec<String> {
        self.0.borrow_mut().readlines()
    }

    /// `list(f)` / `for line in f` (each line keeps its newline).
    pub fn lines(&mut self) -> Vec<String> {
        self.0.borrow_mut().readlines()
    }

    /// `f.write(s)`: returns the number of characters written.
    pub fn write(&mut self, s: &str) -> i64 {
        self.0.borrow_mut().write(s)
    }

    /// `f.writelines(lines)`.
    pub fn writelines<I>(&mut self, lines: I)
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut st = self.0.borrow_mut();
        for l in lines {
            st.write(l.as_ref());
        }
    }

    /// `f.flush()`.
    pub fn flush(&mut self) {
        let mut st = self.0.borrow_mut();
        st.check_open();
        st.flush_writes();
    }

    /// `f.close()` (idempotent).
    pub fn close(&mut self) {
        self.0.borrow_mut().close();
    }

    /// `f.closed`.
    pub fn closed(&self) -> bool {
        self.0.borrow().file.is_none()
    }

    /// `f.name`.
    pub fn name(&self) -> String {
        self.0.borrow().name.clone()
    }

    /// `f.mode`.
    pub fn mode(&self) -> String {
        self.0.borrow().mode.clone()
    }
}

impl Drop for FileState {
    fn drop(&mut self) {
        if let Some(f) = self.file.as_mut() {
            let _ = f.write_all(&self.wbuf);
        }
    }
}

/// `os.path.exists(p)`.
pub fn path_exists(p: &str) -> bool {
    std::path::Path::new(p).exists()
}

/// `os.remove(p)`.
pub fn remove_file(p: &str) {
    if let Err(e) = std::fs::remove_file(p) {
        raise_os_error(&e, p);
    }
}
