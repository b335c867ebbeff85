//! The C library functions transpiled programs call, each taking the program's `Mem` first.
//!
//! Argument and return types are the Rust forms of the C prototypes in `frontends/c/include`:
//! `int` is `i32`, `size_t` and every pointer are `u64`, `double` is `f64`.

use crate::mem::{has_zero, word_at, zero_bytes};
use crate::Mem;
use std::io::{Read, Write};

// ---- stdio streams: handles 1, 2, 3 are stdin, stdout, stderr; fopen returns higher ones.

pub fn flush_stream(m: &mut Mem, i: usize) {
    if let Some(Some(s)) = m.streams.get(i) {
        if s.writable {
            if let Some(p) = &s.path {
                let _ = std::fs::write(p, &s.data);
            }
        }
    }
}

pub fn write_stream(m: &mut Mem, h: u64, bytes: &[u8]) -> bool {
    match h {
        2 => m.write_stdout(bytes),
        3 => {
            m.flush_stdout_if_tty();
            let _ = std::io::stderr().write_all(bytes);
        }
        _ => match m.streams.get_mut(h as usize) {
            Some(Some(s)) if s.writable => {
                let end = s.pos + bytes.len();
                if s.data.len() < end {
                    s.data.resize(end, 0);
                }
                s.data[s.pos..end].copy_from_slice(bytes);
                s.pos = end;
            }
            _ => return false,
        },
    }
    true
}

impl Mem {
    /// stderr is unbuffered, stdout to a pipe is fully buffered: nothing to do unless stdout is a tty.
    pub fn flush_stdout_if_tty(&mut self) {}

    fn load_stdin(&mut self) {
        if !self.stdin_loaded {
            self.stdin_loaded = true;
            let mut data = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut data);
            self.streams[1] = Some(crate::mem::Stream {
                data,
                pos: 0,
                path: None,
                writable: false,
                eof: false,
                unget: Vec::new(),
            });
        }
    }

    /// The next byte of a readable stream, or None at end of file.
    pub fn stream_getc(&mut self, h: u64) -> Option<u8> {
        if h == 1 {
            self.load_stdin();
        }
        let s = self.streams.get_mut(h as usize)?.as_mut()?;
        if let Some(c) = s.unget.pop() {
            return Some(c);
        }
        if s.pos < s.data.len() {
            s.pos += 1;
            Some(s.data[s.pos - 1])
        } else {
            s.eof = true;
            None
        }
    }

    pub fn stream_ungetc(&mut self, h: u64, c: u8) {
        if let Some(Some(s)) = self.streams.get_mut(h as usize) {
            s.unget.push(c);
            s.eof = false;
        }
    }
}

pub fn fopen(m: &mut Mem, path: u64, mode: u64) -> u64 {
    let p = String::from_utf8_lossy(m.cstr(path)).into_owned();
    let mode = m.cstr(mode).to_vec();
    let (data, writable, pos) = match mode.first() {
        Some(b'r') => match std::fs::read(&p) {
            Ok(d) => (d, mode.contains(&b'+'), 0),
            Err(_) => return 0,
        },
        Some(b'w') => {
            if std::fs::write(&p, b"").is_err() {
                return 0;
            }
            (Vec::new(), true, 0)
        }
        Some(b'a') => {
            let d = std::fs::read(&p).unwrap_or_default();
            let n = d.len();
            (d, true, n)
        }
        _ => return 0,
    };
    m.streams.push(Some(crate::mem::Stream {
        data,
        pos,
        path: Some(p),
        writable,
        eof: false,
        unget: Vec::new(),
    }));
    (m.streams.len() - 1) as u64
}

pub fn fclose(m: &mut Mem, h: u64) -> i32 {
    if h >= 4 {
        flush_stream(m, h as usize);
        if let Some(s) = m.streams.get_mut(h as usize) {
            *s = None;
        }
    } else if h == 2 {
        m.flush_stdout();
    }
    0
}

pub fn fflush(m: &mut Mem, h: u64) -> i32 {
    if h == 2 || h == 0 {
        m.flush_stdout();
    }
    if h >= 4 {
        flush_stream(m, h as usize);
    }
    0
}

pub fn fputc(m: &mut Mem, c: i32, h: u64) -> i32 {
    if write_stream(m, h, &[c as u8]) {
        c & 0xff
    } else {
        -1
    }
}

pub fn putc(m: &mut Mem, c: i32, h: u64) -> i32 {
    fputc(m, c, h)
}

pub fn putchar(m: &mut Mem, c: i32) -> i32 {
    m.write_stdout(&[c as u8]);
    c & 0xff
}

pub fn fputs(m: &mut Mem, s: u64, h: u64) -> i32 {
    let b = m.cstr(s).to_vec();
    if write_stream(m, h, &b) {
        1
    } else {
        -1
    }
}

pub fn puts(m: &mut Mem, s: u64) -> i32 {
    let mut b = m.cstr(s).to_vec();
    b.push(b'\n');
    m.write_stdout(&b);
    1
}

pub fn fgetc(m: &mut Mem, h: u64) -> i32 {
    m.stream_getc(h).map_or(-1, |c| c as i32)
}

pub fn getc(m: &mut Mem, h: u64) -> i32 {
    fgetc(m, h)
}

pub fn getchar(m: &mut Mem) -> i32 {
    fgetc(m, 1)
}

pub fn ungetc(m: &mut Mem, c: i32, h: u64) -> i32 {
    if c < 0 {
        return -1;
    }
    m.stream_ungetc(h, c as u8);
    c
}

pub fn fgets(m: &mut Mem, dst: u64, n: i32, h: u64) -> u64 {
    let mut got = Vec::new();
    while (got.len() as i32) < n - 1 {
        match m.stream_getc(h) {
            Some(c) => {
                got.push(c);
                if c == b'\n' {
                    break;
                }
            }
            None => break,
        }
    }
    if got.is_empty() {
        return 0;
    }
    m.put_cstr(dst, &got);
    dst
}

pub fn fread(m: &mut Mem, dst: u64, size: u64, n: u64, h: u64) -> u64 {
    let mut count = 0;
    for i in 0..n {
        for j in 0..size {
            match m.stream_getc(h) {
                Some(c) => m.b[(dst + i * size + j) as usize] = c,
                None => return count,
            }
        }
        count += 1;
    }
    count
}

pub fn fwrite(m: &mut Mem, src: u64, size: u64, n: u64, h: u64) -> u64 {
    let bytes = m.b[src as usize..(src + size * n) as usize].to_vec();
    if write_stream(m, h, &bytes) {
        n
    } else {
        0
    }
}

pub fn feof(m: &mut Mem, h: u64) -> i32 {
    m.streams
        .get(h as usize)
        .and_then(|s| s.as_ref())
        .is_some_and(|s| s.eof) as i32
}

pub fn ferror(_m: &mut Mem, _h: u64) -> i32 {
    0
}

pub fn fseek(m: &mut Mem, h: u64, off: i64, whence: i32) -> i32 {
    if let Some(Some(s)) = m.streams.get_mut(h as usize) {
        let base = match whence {
            0 => 0,
            1 => s.pos as i64,
            _ => s.data.len() as i64,
        };
        s.pos = (base + off).max(0) as usize;
        s.eof = false;
        s.unget.clear();
        return 0;
    }
    -1
}

pub fn ftell(m: &mut Mem, h: u64) -> i64 {
    m.streams
        .get(h as usize)
        .and_then(|s| s.as_ref())
        .map_or(-1, |s| s.pos as i64)
}

pub fn rewind(m: &mut Mem, h: u64) {
    fseek(m, h, 0, 0);
}

pub fn remove(m: &mut Mem, path: u64) -> i32 {
    let p = String::from_utf8_lossy(m.cstr(path)).into_owned();
    if std::fs::remove_file(p).is_ok() {
        0
    } else {
        -1
    }
}

pub fn perror(m: &mut Mem, s: u64) {
    let msg = m.cstr(s).to_vec();
    m.flush_stdout_if_tty();
    let mut e = std::io::stderr();
    if !msg.is_empty() {
        let _ = e.write_all(&msg);
        let _ = e.write_all(b": ");
    }
    let _ = e.write_all(b"Error\n");
}

// ---- stdlib

pub fn malloc(m: &mut Mem, n: u64) -> u64 {
    m.malloc(n)
}

pub fn calloc(m: &mut Mem, n: u64, size: u64) -> u64 {
    m.calloc(n, size)
}

pub fn realloc(m: &mut Mem, a: u64, n: u64) -> u64 {
    m.realloc(a, n)
}

pub fn free(m: &mut Mem, a: u64) {
    m.free(a)
}

pub fn exit(m: &mut Mem, code: i32) -> ! {
    m.exit(code)
}

pub fn abort(m: &mut Mem) -> ! {
    let _ = m;
    std::process::abort()
}

pub fn abs(_m: &mut Mem, x: i32) -> i32 {
    x.wrapping_abs()
}

pub fn labs(_m: &mut Mem, x: i64) -> i64 {
    x.wrapping_abs()
}

pub fn llabs(_m: &mut Mem, x: i64) -> i64 {
    x.wrapping_abs()
}

fn skip_space(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && (s[i] == b' ' || (b'\t'..=b'\r').contains(&s[i])) {
        i += 1;
    }
    i
}

/// strtoull's parse: (magnitude, negative, overflowed, bytes consumed; 0 when nothing parsed).
pub fn parse_int(s: &[u8], base: i32) -> (u64, bool, bool, usize) {
    let mut i = skip_space(s, 0);
    let mut neg = false;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        neg = s[i] == b'-';
        i += 1;
    }
    let mut base = base as u64;
    if (base == 0 || base == 16)
        && i + 1 < s.len()
        && s[i] == b'0'
        && (s[i + 1] | 0x20) == b'x'
        && i + 2 < s.len()
        && s[i + 2].is_ascii_hexdigit()
    {
        i += 2;
        base = 16;
    } else if base == 0 {
        base = if i < s.len() && s[i] == b'0' { 8 } else { 10 };
    }
    let start = i;
    let mut v: u64 = 0;
    let mut over = false;
    while i < s.len() {
        let d = match s[i] {
            c @ b'0'..=b'9' => (c - b'0') as u64,
            c @ b'a'..=b'z' => (c - b'a' + 10) as u64,
            c @ b'A'..=b'Z' => (c - b'A' + 10) as u64,
            _ => break,
        };
        if d >= base {
            break;
        }
        match v.checked_mul(base).and_then(|x| x.checked_add(d)) {
            Some(x) => v = x,
            None => over = true,
        }
        i += 1;
    }
    if i == start {
        return (0, false, false, 0);
    }
    (v, neg, over, i)
}

fn set_end(m: &mut Mem, end: u64, s: u64, used: usize) {
    if end != 0 {
        m.st_u64(end, s + used as u64);
    }
}

pub fn strtol(m: &mut Mem, s: u64, end: u64, base: i32) -> i64 {
    let (v, neg, over, used) = parse_int(m.cstr(s), base);
    set_end(m, end, s, used);
    if neg {
        if over || v > 1u64 << 63 {
            i64::MIN
        } else {
            (v as i64).wrapping_neg()
        }
    } else if over || v > i64::MAX as u64 {
        i64::MAX
    } else {
        v as i64
    }
}

pub fn strtoll(m: &mut Mem, s: u64, end: u64, base: i32) -> i64 {
    strtol(m, s, end, base)
}

pub fn strtoul(m: &mut Mem, s: u64, end: u64, base: i32) -> u64 {
    let (v, neg, over, used) = parse_int(m.cstr(s), base);
    set_end(m, end, s, used);
    if over {
        u64::MAX
    } else if neg {
        v.wrapping_neg()
    } else {
        v
    }
}

pub fn strtoull(m: &mut Mem, s: u64, end: u64, base: i32) -> u64 {
    strtoul(m, s, end, base)
}

pub fn atoi(m: &mut Mem, s: u64) -> i32 {
    strtol(m, s, 0, 10) as i32
}

pub fn atol(m: &mut Mem, s: u64) -> i64 {
    strtol(m, s, 0, 10)
}

pub fn atoll(m: &mut Mem, s: u64) -> i64 {
    strtol(m, s, 0, 10)
}

/// The longest prefix of `s` that parses as a C floating constant: (value, bytes used).
pub fn parse_float(s: &[u8]) -> (f64, usize) {
    let i0 = skip_space(s, 0);
    let mut i = i0;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        i += 1;
    }
    let rest = &s[i..];
    let lower: Vec<u8> = rest
        .iter()
        .take(8)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let neg = i > i0 && s[i0] == b'-';
    let sign = if neg { -1.0 } else { 1.0 };
    if lower.starts_with(b"infinity") {
        return (sign * f64::INFINITY, i + 8);
    }
    if lower.starts_with(b"inf") {
        return (sign * f64::INFINITY, i + 3);
    }
    if lower.starts_with(b"nan") {
        return (sign * f64::NAN, i + 3);
    }
    let start = i;
    let mut digits = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < s.len() && s[i] == b'.' {
        i += 1;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return (0.0, 0);
    }
    if i < s.len() && (s[i] | 0x20) == b'e' {
        let mut j = i + 1;
        if j < s.len() && (s[j] == b'+' || s[j] == b'-') {
            j += 1;
        }
        if j < s.len() && s[j].is_ascii_digit() {
            while j < s.len() && s[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    let text = std::str::from_utf8(&s[start..i]).unwrap();
    let text = if text.starts_with('.') {
        format!("0{text}")
    } else {
        text.to_string()
    };
    let text = text.replace(".e", ".0e").replace(".E", ".0E");
    let v: f64 = text.trim_end_matches('.').parse().unwrap_or(0.0);
    (sign * v, i)
}

pub fn strtod(m: &mut Mem, s: u64, end: u64) -> f64 {
    let (v, used) = parse_float(m.cstr(s));
    set_end(m, end, s, used);
    v
}

pub fn strtof(m: &mut Mem, s: u64, end: u64) -> f32 {
    strtod(m, s, end) as f32
}

pub fn atof(m: &mut Mem, s: u64) -> f64 {
    strtod(m, s, 0)
}

/// glibc's `random()` TYPE_3 generator, so `rand()` gives the same sequence as the gcc build.
pub struct GlibcRand {
    r: [i32; 34],
    f: usize,
    b: usize,
}

impl GlibcRand {
    pub fn new(seed: u32) -> GlibcRand {
        let mut g = GlibcRand {
            r: [0; 34],
            f: 3,
            b: 0,
        };
        g.seed(seed);
        g
    }

    pub fn seed(&mut self, seed: u32) {
        let seed = if seed == 0 { 1 } else { seed };
        let mut r = [0i32; 34];
        r[0] = seed as i32;
        for i in 1..31 {
            let hi = (r[i - 1] as i64) / 127773;
            let lo = (r[i - 1] as i64) % 127773;
            let mut word = 16807 * lo - 2836 * hi;
            if word < 0 {
                word += 2147483647;
            }
            r[i] = word as i32;
        }
        for i in 31..34 {
            r[i] = r[i - 31];
        }
        self.r = r;
        self.f = 3;
        self.b = 0;
        let mut state = self.r;
        // Re-express as the classic ring of 31 words, then discard 310 outputs.
        let mut ring: Vec<i32> = state[..31].to_vec();
        let (mut fi, mut bi) = (3usize, 0usize);
        for _ in 0..310 {
            ring[fi] = ring[fi].wrapping_add(ring[bi]);
            fi = (fi + 1) % 31;
            bi = (bi + 1) % 31;
        }
        state[..31].copy_from_slice(&ring);
        self.r = state;
        self.f = fi;
        self.b = bi;
    }

    pub fn next_value(&mut self) -> i32 {
        let v = self.r[self.f].wrapping_add(self.r[self.b]);
        self.r[self.f] = v;
        let out = ((v as u32) >> 1) as i32;
        self.f = (self.f + 1) % 31;
        self.b = (self.b + 1) % 31;
        out
    }
}

pub fn rand(m: &mut Mem) -> i32 {
    m.rand.next_value()
}

pub fn srand(m: &mut Mem, seed: u32) {
    m.rand.seed(seed)
}

pub fn getenv(m: &mut Mem, name: u64) -> u64 {
    let n = String::from_utf8_lossy(m.cstr(name)).into_owned();
    match std::env::var_os(n) {
        Some(v) => {
            let b = v.into_encoded_bytes();
            let a = m.malloc(b.len() as u64 + 1);
            m.put_cstr(a, &b);
            a
        }
        None => 0,
    }
}

/// qsort with the comparison given as a closure over the program's function pointer.
pub fn qsort(
    m: &mut Mem,
    base: u64,
    n: u64,
    size: u64,
    cmp: &mut dyn FnMut(&mut Mem, u64, u64) -> i32,
) {
    // Insertion-merge sort on element indices, stable enough and deterministic; glibc uses mergesort too.
    let tmp = m.malloc(n * size);
    m.memcpy(tmp, base, n * size);
    let mut idx: Vec<u64> = (0..n).collect();
    merge_sort(m, &mut idx, tmp, size, cmp);
    for (i, &j) in idx.iter().enumerate() {
        m.memcpy(base + i as u64 * size, tmp + j * size, size);
    }
    m.free(tmp);
}

fn merge_sort(
    m: &mut Mem,
    v: &mut [u64],
    base: u64,
    size: u64,
    cmp: &mut dyn FnMut(&mut Mem, u64, u64) -> i32,
) {
    if v.len() <= 1 {
        return;
    }
    let mid = v.len() / 2;
    merge_sort(m, &mut v[..mid], base, size, cmp);
    merge_sort(m, &mut v[mid..], base, size, cmp);
    let mut out = Vec::with_capacity(v.len());
    let (mut i, mut j) = (0, mid);
    while i < mid && j < v.len() {
        if cmp(m, base + v[i] * size, base + v[j] * size) <= 0 {
            out.push(v[i]);
            i += 1;
        } else {
            out.push(v[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&v[i..mid]);
    out.extend_from_slice(&v[j..]);
    v.copy_from_slice(&out);
}

pub fn bsearch(
    m: &mut Mem,
    key: u64,
    base: u64,
    n: u64,
    size: u64,
    cmp: &mut dyn FnMut(&mut Mem, u64, u64) -> i32,
) -> u64 {
    let (mut lo, mut hi) = (0u64, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let p = base + mid * size;
        let c = cmp(m, key, p);
        if c < 0 {
            hi = mid;
        } else if c > 0 {
            lo = mid + 1;
        } else {
            return p;
        }
    }
    0
}

// ---- string.h

pub fn strlen(m: &mut Mem, s: u64) -> u64 {
    m.strlen(s)
}

pub fn memcpy(m: &mut Mem, d: u64, s: u64, n: u64) -> u64 {
    m.memcpy(d, s, n);
    d
}

pub fn memmove(m: &mut Mem, d: u64, s: u64, n: u64) -> u64 {
    m.memcpy(d, s, n);
    d
}

pub fn memset(m: &mut Mem, d: u64, c: i32, n: u64) -> u64 {
    m.memset(d, c as u8, n);
    d
}

pub fn memcmp(m: &mut Mem, a: u64, b: u64, n: u64) -> i32 {
    for i in 0..n {
        let (x, y) = (m.ld_u8(a + i), m.ld_u8(b + i));
        if x != y {
            return x as i32 - y as i32;
        }
    }
    0
}

pub fn memchr(m: &mut Mem, a: u64, c: i32, n: u64) -> u64 {
    (0..n)
        .find(|&i| m.ld_u8(a + i) == c as u8)
        .map_or(0, |i| a + i)
}

pub fn strcpy(m: &mut Mem, d: u64, s: u64) -> u64 {
    let n = m.strlen(s) + 1;
    m.memcpy(d, s, n);
    d
}

pub fn strncpy(m: &mut Mem, d: u64, s: u64, n: u64) -> u64 {
    let len = m.strlen(s).min(n);
    m.memcpy(d, s, len);
    m.memset(d + len, 0, n - len);
    d
}

/// Copy `n <= 16` bytes from `src` to `dst` as two possibly overlapping loads and stores of one width: no
/// byte past `dst + n` is touched and no call to memmove is made.
#[inline(always)]
fn copy_short(b: &mut [u8], src: usize, dst: usize, n: usize) {
    macro_rules! two {
        ($t:ty, $w:expr) => {{
            let lo = <$t>::from_le_bytes(b[src..src + $w].try_into().unwrap());
            let hi = <$t>::from_le_bytes(b[src + n - $w..src + n].try_into().unwrap());
            b[dst..dst + $w].copy_from_slice(&lo.to_le_bytes());
            b[dst + n - $w..dst + n].copy_from_slice(&hi.to_le_bytes());
        }};
    }
    if n >= 8 {
        two!(u64, 8)
    } else if n >= 4 {
        two!(u32, 4)
    } else if n >= 2 {
        two!(u16, 2)
    } else if n == 1 {
        b[dst] = b[src];
    }
}

pub fn strcat(m: &mut Mem, d: u64, s: u64) -> u64 {
    let dl = m.strlen(d);
    let sl = m.strlen(s);
    if sl < 16 {
        copy_short(&mut m.b, s as usize, (d + dl) as usize, sl as usize + 1);
    } else {
        m.memcpy(d + dl, s, sl + 1);
    }
    d
}

/// `strcat(d, s)` that returns the end of the result (where its NUL is), for the next `strcat` to the
/// same `d` to append there without scanning `d` again.
pub fn strcat_end(m: &mut Mem, d: u64, s: u64) -> u64 {
    let dl = m.strlen(d);
    strcpy_end(m, d + dl, s)
}

/// `strcat_end` of a literal whose length `sl` the translator knows.
pub fn strcat_end_n(m: &mut Mem, d: u64, s: u64, sl: u64) -> u64 {
    let dl = m.strlen(d);
    strcpy_end_n(m, d + dl, s, sl)
}

/// `strcpy(d, s)` that returns the end of the copy (where its NUL is), as POSIX `stpcpy` does.
pub fn strcpy_end(m: &mut Mem, d: u64, s: u64) -> u64 {
    let sl = m.strlen(s);
    strcpy_end_n(m, d, s, sl)
}

/// `strcpy_end` of a literal whose length `sl` the translator knows.
pub fn strcpy_end_n(m: &mut Mem, d: u64, s: u64, sl: u64) -> u64 {
    strcpy_n(m, d, s, sl);
    d + sl
}

/// `strcat(d, s)` where `s` is a literal whose length `sl` the translator knows.
pub fn strcat_n(m: &mut Mem, d: u64, s: u64, sl: u64) -> u64 {
    let dl = m.strlen(d);
    strcpy_n(m, d + dl, s, sl);
    d
}

/// `strcpy(d, s)` where `s` is a literal whose length `sl` the translator knows.
pub fn strcpy_n(m: &mut Mem, d: u64, s: u64, sl: u64) -> u64 {
    if sl < 16 {
        copy_short(&mut m.b, s as usize, d as usize, sl as usize + 1);
    } else {
        m.memcpy(d, s, sl + 1);
    }
    d
}

pub fn strncat(m: &mut Mem, d: u64, s: u64, n: u64) -> u64 {
    let dl = m.strlen(d);
    let len = m.strlen(s).min(n);
    m.memcpy(d + dl, s, len);
    m.st_u8(d + dl + len, 0);
    d
}

pub fn strcmp(m: &mut Mem, a: u64, b: u64) -> i32 {
    strncmp(m, a, b, u64::MAX)
}

pub fn strncmp(m: &mut Mem, a: u64, b: u64, n: u64) -> i32 {
    let (sa, sb) = (&m.b[a as usize..], &m.b[b as usize..]);
    let mut i = 0usize;
    // a word at a time while both words agree and hold no NUL (the words may run past the strings'
    // ends into other bytes of the memory, as glibc's do, but never past the memory)
    while (i as u64).saturating_add(8) <= n {
        match (word_at(sa, i), word_at(sb, i)) {
            (Some(x), Some(y)) if x == y && !has_zero(x) => i += 8,
            _ => break,
        }
    }
    while (i as u64) < n {
        let (x, y) = (sa[i], sb[i]);
        if x != y {
            return x as i32 - y as i32;
        }
        if x == 0 {
            break;
        }
        i += 1;
    }
    0
}

pub fn strchr(m: &mut Mem, s: u64, c: i32) -> u64 {
    let c = c as u8;
    let bytes = &m.b[s as usize..];
    let spread = u64::from(c) * 0x0101_0101_0101_0101;
    let mut i = 0;
    while let Some(w) = word_at(bytes, i) {
        // the first byte that is `c` or the NUL, a word at a time
        let hit = zero_bytes(w) | zero_bytes(w ^ spread);
        if hit != 0 {
            let k = i + (hit.trailing_zeros() / 8) as usize;
            return if bytes[k] == c { s + k as u64 } else { 0 };
        }
        i += 8;
    }
    for (i, &x) in bytes.iter().enumerate().skip(i) {
        if x == c {
            return s + i as u64;
        }
        if x == 0 {
            break;
        }
    }
    0
}

pub fn strrchr(m: &mut Mem, s: u64, c: i32) -> u64 {
    let n = m.strlen(s);
    (0..=n)
        .rev()
        .find(|&i| m.ld_u8(s + i) == c as u8)
        .map_or(0, |i| s + i)
}

pub fn strstr(m: &mut Mem, h: u64, n: u64) -> u64 {
    let hay = m.cstr(h);
    let needle = m.cstr(n);
    if needle.is_empty() {
        return h;
    }
    hay.windows(needle.len())
        .position(|w| w == needle)
        .map_or(0, |i| h + i as u64)
}

/// The bytes of the NUL-terminated string at `set` as a 256-bit membership table.
fn byte_set(m: &Mem, set: u64) -> [u64; 4] {
    let mut bits = [0u64; 4];
    for &c in m.cstr(set) {
        bits[(c >> 6) as usize] |= 1 << (c & 63);
    }
    bits
}

#[inline(always)]
fn in_set(bits: &[u64; 4], c: u8) -> bool {
    bits[(c >> 6) as usize] >> (c & 63) & 1 != 0
}

pub fn strspn(m: &mut Mem, s: u64, set: u64) -> u64 {
    let bits = byte_set(m, set);
    m.cstr(s).iter().take_while(|&&c| in_set(&bits, c)).count() as u64
}

pub fn strcspn(m: &mut Mem, s: u64, set: u64) -> u64 {
    let bits = byte_set(m, set);
    m.cstr(s).iter().take_while(|&&c| !in_set(&bits, c)).count() as u64
}

pub fn strpbrk(m: &mut Mem, s: u64, set: u64) -> u64 {
    let n = strcspn(m, s, set);
    if m.ld_u8(s + n) == 0 {
        0
    } else {
        s + n
    }
}

pub fn strdup(m: &mut Mem, s: u64) -> u64 {
    let n = m.strlen(s) + 1;
    let d = m.malloc(n);
    m.memcpy(d, s, n);
    d
}

pub fn strtok(m: &mut Mem, s: u64, delim: u64) -> u64 {
    let p = if s != 0 { s } else { m.strtok_next };
    if p == 0 {
        return 0;
    }
    let delims = m.cstr(delim);
    let rest = &m.b[p as usize..];
    let (start, len) = if let [c] = *delims {
        token_one(rest, c)
    } else {
        let mut bits = [0u64; 4];
        for &c in delims {
            bits[(c >> 6) as usize] |= 1 << (c & 63);
        }
        let start = rest
            .iter()
            .take_while(|&&c| c != 0 && in_set(&bits, c))
            .count();
        bits[0] |= 1; // the token ends at a delimiter or the NUL
        (
            start,
            rest[start..]
                .iter()
                .take_while(|&&c| !in_set(&bits, c))
                .count(),
        )
    };
    end_token(m, p, start, len)
}

/// `strtok(s, d)` where `d` is a literal of the one byte `c` (the usual " " or ","), which the translator
/// knows: the delimiter set needs no scan.
pub fn strtok_c(m: &mut Mem, s: u64, c: u8) -> u64 {
    let p = if s != 0 { s } else { m.strtok_next };
    if p == 0 {
        return 0;
    }
    let (start, len) = token_one(&m.b[p as usize..], c);
    end_token(m, p, start, len)
}

/// The token of `rest` for the one delimiter `c` (not NUL), as (start, length): it ends at the first byte
/// that is `c` or the NUL, found a word at a time.
#[inline(always)]
fn token_one(rest: &[u8], c: u8) -> (usize, usize) {
    let start = rest.iter().take_while(|&&x| x == c).count();
    let tok = &rest[start..];
    let spread = u64::from(c) * 0x0101_0101_0101_0101;
    let mut i = 0;
    while let Some(w) = word_at(tok, i) {
        let hit = zero_bytes(w) | zero_bytes(w ^ spread);
        if hit != 0 {
            return (start, i + (hit.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    (
        start,
        i + tok[i..].iter().take_while(|&&x| x != 0 && x != c).count(),
    )
}

/// Ends the token found at `p + start` (`len` bytes) with a NUL and saves where the next call goes on.
#[inline(always)]
fn end_token(m: &mut Mem, mut p: u64, start: usize, len: usize) -> u64 {
    p += start as u64;
    if m.b[p as usize] == 0 {
        m.strtok_next = 0;
        return 0;
    }
    let end = p + len as u64;
    if m.b[end as usize] == 0 {
        m.strtok_next = 0;
    } else {
        m.b[end as usize] = 0;
        m.strtok_next = end + 1;
    }
    p
}

pub fn strerror(m: &mut Mem, _e: i32) -> u64 {
    let a = m.malloc(8);
    m.put_cstr(a, b"Error");
    a
}

// ---- ctype.h (C locale)

macro_rules! ctype {
    ($($name:ident $f:expr;)*) => {
        $(
            pub fn $name(_m: &mut Mem, c: i32) -> i32 {
                let f: fn(u8) -> bool = $f;
                ((0..=255).contains(&c) && f(c as u8)) as i32
            }
        )*
    };
}

ctype! {
    isalpha |c| c.is_ascii_alphabetic();
    isdigit |c| c.is_ascii_digit();
    isalnum |c| c.is_ascii_alphanumeric();
    isspace |c| c == b' ' || (b'\t'..=b'\r').contains(&c);
    isupper |c| c.is_ascii_uppercase();
    islower |c| c.is_ascii_lowercase();
    isxdigit |c| c.is_ascii_hexdigit();
    ispunct |c| c.is_ascii_punctuation();
    isprint |c| (32..127).contains(&c);
    isgraph |c| (33..127).contains(&c);
    iscntrl |c| c < 32 || c == 127;
    isblank |c| c == b' ' || c == b'\t';
}

pub fn toupper(_m: &mut Mem, c: i32) -> i32 {
    if (b'a' as i32..=b'z' as i32).contains(&c) {
        c - 32
    } else {
        c
    }
}

pub fn tolower(_m: &mut Mem, c: i32) -> i32 {
    if (b'A' as i32..=b'Z' as i32).contains(&c) {
        c + 32
    } else {
        c
    }
}

// ---- math.h: Rust's f64 methods call the platform libm, so results match the gcc build.

macro_rules! math1 {
    ($($name:ident $m:ident;)*) => {
        $(pub fn $name(_m: &mut Mem, x: f64) -> f64 { x.$m() })*
    };
}

math1! {
    sqrt sqrt; sin sin; cos cos; tan tan; asin asin; acos acos; atan atan; sinh sinh; cosh cosh; tanh tanh;
    exp exp; log ln; log10 log10; log2 log2; fabs abs; floor floor; ceil ceil; round round; trunc trunc;
    cbrt cbrt; exp2 exp2; expm1 exp_m1; log1p ln_1p;
}

pub fn pow(_m: &mut Mem, x: f64, y: f64) -> f64 {
    x.powf(y)
}

pub fn atan2(_m: &mut Mem, y: f64, x: f64) -> f64 {
    y.atan2(x)
}

pub fn fmod(_m: &mut Mem, x: f64, y: f64) -> f64 {
    x % y
}

pub fn hypot(_m: &mut Mem, x: f64, y: f64) -> f64 {
    x.hypot(y)
}

pub fn fmin(_m: &mut Mem, x: f64, y: f64) -> f64 {
    x.min(y)
}

pub fn fmax(_m: &mut Mem, x: f64, y: f64) -> f64 {
    x.max(y)
}

pub fn ldexp(_m: &mut Mem, x: f64, e: i32) -> f64 {
    x * 2f64.powi(e)
}

pub fn sqrtf(_m: &mut Mem, x: f32) -> f32 {
    x.sqrt()
}

pub fn fabsf(_m: &mut Mem, x: f32) -> f32 {
    x.abs()
}

// ---- errno

pub fn errno_location(m: &mut Mem) -> u64 {
    m.errno_addr
}

/// `assert` failure: glibc's message on stderr, then abort.
pub fn assert_fail(m: &mut Mem, expr: u64, file: u64, line: i32, func: u64) -> ! {
    m.flush_stdout_if_tty();
    let prog = std::env::args().next().unwrap_or_default();
    let msg = format!(
        "{}: {}:{}: {}: Assertion `{}' failed.\n",
        prog,
        String::from_utf8_lossy(m.cstr(file)),
        line,
        String::from_utf8_lossy(m.cstr(func)),
        String::from_utf8_lossy(m.cstr(expr))
    );
    let _ = std::io::stderr().write_all(msg.as_bytes());
    std::process::abort()
}

// ---- time.h

pub fn time(m: &mut Mem, t: u64) -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    if t != 0 {
        m.st_i64(t, now);
    }
    now
}

pub fn clock(m: &mut Mem) -> i64 {
    m.started.elapsed().as_micros() as i64
}

pub fn difftime(_m: &mut Mem, a: i64, b: i64) -> f64 {
    (a - b) as f64
}
