//! The scanf family.

use crate::Mem;

/// A source of bytes for scanning: a stream handle or a string in memory.
enum Src {
    Stream(u64),
    Str(u64),
}

struct Input {
    src: Src,
    consumed: u64,
}

impl Input {
    fn peek(&mut self, m: &mut Mem) -> Option<u8> {
        match self.src {
            Src::Str(a) => {
                let c = m.ld_u8(a + self.consumed);
                if c == 0 {
                    None
                } else {
                    Some(c)
                }
            }
            Src::Stream(h) => {
                let c = m.stream_getc(h)?;
                m.stream_ungetc(h, c);
                Some(c)
            }
        }
    }

    fn bump(&mut self, m: &mut Mem) {
        if let Src::Stream(h) = self.src {
            m.stream_getc(h);
        }
        self.consumed += 1;
    }
}

fn is_space(c: u8) -> bool {
    c == b' ' || (b'\t'..=b'\r').contains(&c)
}

fn scan(m: &mut Mem, mut inp: Input, fmt: u64, va: u64) -> i32 {
    let f = m.cstr(fmt).to_vec();
    let mut va = va;
    let mut assigned = 0;
    let mut i = 0;
    let mut any_input = false;
    while i < f.len() {
        let c = f[i];
        i += 1;
        if is_space(c) {
            while inp.peek(m).is_some_and(is_space) {
                inp.bump(m);
            }
            continue;
        }
        if c != b'%' {
            if inp.peek(m) == Some(c) {
                inp.bump(m);
                continue;
            }
            break;
        }
        let mut suppress = false;
        if i < f.len() && f[i] == b'*' {
            suppress = true;
            i += 1;
        }
        let mut width = 0usize;
        while i < f.len() && f[i].is_ascii_digit() {
            width = width * 10 + (f[i] - b'0') as usize;
            i += 1;
        }
        let mut len = 0;
        while i < f.len() && b"hlLqjzt".contains(&f[i]) {
            len = match f[i] {
                b'h' => {
                    if len == 2 {
                        1
                    } else {
                        2
                    }
                }
                b'L' => 16,
                _ => 8,
            };
            i += 1;
        }
        if i >= f.len() {
            break;
        }
        let conv = f[i];
        i += 1;
        if conv == b'%' {
            while inp.peek(m).is_some_and(is_space) {
                inp.bump(m);
            }
            if inp.peek(m) == Some(b'%') {
                inp.bump(m);
                continue;
            }
            break;
        }
        if conv == b'n' {
            if !suppress {
                let a = m.ld_u64(va);
                va += 8;
                m.st_i32(a, inp.consumed as i32);
            }
            continue;
        }
        if conv != b'c' && conv != b'[' {
            while inp.peek(m).is_some_and(is_space) {
                inp.bump(m);
            }
        }
        if inp.peek(m).is_none() {
            if !any_input {
                return -1;
            }
            break;
        }
        any_input = true;
        let maxw = if width == 0 { usize::MAX } else { width };
        let mut text = Vec::new();
        match conv {
            b'c' => {
                let n = if width == 0 { 1 } else { width };
                while text.len() < n {
                    match inp.peek(m) {
                        Some(c) => {
                            text.push(c);
                            inp.bump(m);
                        }
                        None => break,
                    }
                }
                if !suppress {
                    let a = m.ld_u64(va);
                    va += 8;
                    m.b[a as usize..a as usize + text.len()].copy_from_slice(&text);
                    assigned += 1;
                }
                continue;
            }
            b's' | b'[' => {
                let mut set = Vec::new();
                let mut negate = false;
                if conv == b'[' {
                    if i < f.len() && f[i] == b'^' {
                        negate = true;
                        i += 1;
                    }
                    if i < f.len() && f[i] == b']' {
                        set.push(b']');
                        i += 1;
                    }
                    while i < f.len() && f[i] != b']' {
                        if f[i] == b'-' && !set.is_empty() && i + 1 < f.len() && f[i + 1] != b']' {
                            let lo = *set.last().unwrap();
                            for x in lo..=f[i + 1] {
                                set.push(x);
                            }
                            i += 2;
                            continue;
                        }
                        set.push(f[i]);
                        i += 1;
                    }
                    i += 1;
                }
                while text.len() < maxw {
                    match inp.peek(m) {
                        Some(c)
                            if (conv == b's' && !is_space(c))
                                || (conv == b'[' && set.contains(&c) != negate) =>
                        {
                            text.push(c);
                            inp.bump(m);
                        }
                        _ => break,
                    }
                }
                if text.is_empty() {
                    break;
                }
                if !suppress {
                    let a = m.ld_u64(va);
                    va += 8;
                    m.put_cstr(a, &text);
                    assigned += 1;
                }
                continue;
            }
            _ => {}
        }
        let floating = matches!(conv, b'f' | b'e' | b'g' | b'E' | b'G' | b'a');
        while text.len() < maxw {
            let Some(c) = inp.peek(m) else { break };
            let ok = if floating {
                c.is_ascii_digit()
                    || b"+-.eEinfatyINFATY".contains(&c) && {
                        let mut t = text.clone();
                        t.push(c);
                        valid_float_prefix(&t)
                    }
            } else {
                c.is_ascii_hexdigit() || c == b'-' || c == b'+' || c == b'x' || c == b'X'
            };
            if !ok {
                break;
            }
            let mut t = text.clone();
            t.push(c);
            if !floating {
                let base = match conv {
                    b'x' | b'X' | b'p' => 16,
                    b'o' => 8,
                    b'i' => 0,
                    _ => 10,
                };
                if !valid_int_prefix(&t, base) {
                    break;
                }
            }
            text.push(c);
            inp.bump(m);
        }
        if floating {
            let (v, used) = crate::libc::parse_float(&text);
            if used == 0 {
                break;
            }
            if !suppress {
                let a = m.ld_u64(va);
                va += 8;
                if len == 8 || len == 16 {
                    m.st_f64(a, v);
                } else {
                    m.st_f32(a, v as f32);
                }
                assigned += 1;
            }
        } else {
            let base = match conv {
                b'x' | b'X' | b'p' => 16,
                b'o' => 8,
                b'i' => 0,
                _ => 10,
            };
            let (v, neg, _, used) = crate::libc::parse_int(&text, base);
            if used == 0 {
                break;
            }
            let v = if neg { v.wrapping_neg() } else { v };
            if !suppress {
                let a = m.ld_u64(va);
                va += 8;
                match len {
                    1 => m.st_u8(a, v as u8),
                    2 => m.st_u16(a, v as u16),
                    8 | 16 => m.st_u64(a, v),
                    _ => m.st_u32(a, v as u32),
                }
                assigned += 1;
            }
        }
    }
    assigned
}

fn valid_int_prefix(t: &[u8], base: i32) -> bool {
    let mut i = 0;
    if i < t.len() && (t[i] == b'+' || t[i] == b'-') {
        i += 1;
    }
    let rest = &t[i..];
    if rest.is_empty() {
        return true;
    }
    let (digits, base) = if (base == 16 || base == 0)
        && rest.len() >= 2
        && rest[0] == b'0'
        && (rest[1] | 0x20) == b'x'
    {
        (&rest[2..], 16)
    } else if base == 16
        || base == 0 && rest.len() == 2 && rest[0] == b'0' && (rest[1] | 0x20) == b'x'
    {
        (rest, 16)
    } else {
        (
            rest,
            if base == 0 {
                if rest[0] == b'0' {
                    8
                } else {
                    10
                }
            } else {
                base
            },
        )
    };
    digits.iter().all(|c| (*c as char).is_digit(base as u32))
}

fn valid_float_prefix(t: &[u8]) -> bool {
    let s = std::str::from_utf8(t).unwrap_or("").to_ascii_lowercase();
    let s = s.trim_start_matches(['+', '-']);
    if "infinity".starts_with(s) || "nan".starts_with(s) {
        return true;
    }
    let mut seen_e = false;
    let mut seen_dot = false;
    let mut prev = ' ';
    for ch in s.chars() {
        match ch {
            '0'..='9' => {}
            '.' if !seen_dot && !seen_e => seen_dot = true,
            'e' if !seen_e && prev != ' ' => seen_e = true,
            '+' | '-' if prev == 'e' => {}
            _ => return false,
        }
        prev = ch;
    }
    true
}

pub fn scanf(m: &mut Mem, fmt: u64, va: u64) -> i32 {
    scan(
        m,
        Input {
            src: Src::Stream(1),
            consumed: 0,
        },
        fmt,
        va,
    )
}

pub fn fscanf(m: &mut Mem, h: u64, fmt: u64, va: u64) -> i32 {
    scan(
        m,
        Input {
            src: Src::Stream(h),
            consumed: 0,
        },
        fmt,
        va,
    )
}

pub fn sscanf(m: &mut Mem, s: u64, fmt: u64, va: u64) -> i32 {
    scan(
        m,
        Input {
            src: Src::Str(s),
            consumed: 0,
        },
        fmt,
        va,
    )
}
