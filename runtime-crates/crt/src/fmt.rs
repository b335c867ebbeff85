//! The printf family's formatting, byte for byte as glibc prints.
//!
//! Variadic arguments arrive as a `va_list`: the address of 8-byte slots, integers sign- or zero-extended
//! to 64 bits by the caller and doubles stored as their bits.

use crate::Mem;

/// Reads successive variadic slots.
pub struct VaList {
    pub addr: u64,
}

impl VaList {
    fn next(&mut self, m: &Mem) -> u64 {
        let v = m.ld_u64(self.addr);
        self.addr += 8;
        v
    }
}

#[derive(Default, Clone, Copy)]
struct Spec {
    minus: bool,
    plus: bool,
    space: bool,
    hash: bool,
    zero: bool,
    width: usize,
    prec: Option<usize>,
}

/// Format `fmt` (a C string in `m`) with the arguments at `va`; `%n` stores through `m`.
pub fn format(m: &mut Mem, fmt: u64, va: u64) -> Vec<u8> {
    let f = m.cstr(fmt).to_vec();
    let mut args = VaList { addr: va };
    let mut out = Vec::new();
    let mut i = 0;
    while i < f.len() {
        let c = f[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        let mut sp = Spec::default();
        while i < f.len() {
            match f[i] {
                b'-' => sp.minus = true,
                b'+' => sp.plus = true,
                b' ' => sp.space = true,
                b'#' => sp.hash = true,
                b'0' => sp.zero = true,
                _ => break,
            }
            i += 1;
        }
        if i < f.len() && f[i] == b'*' {
            i += 1;
            let w = args.next(m) as i32;
            if w < 0 {
                sp.minus = true;
            }
            sp.width = w.unsigned_abs() as usize;
        } else {
            while i < f.len() && f[i].is_ascii_digit() {
                sp.width = sp.width * 10 + (f[i] - b'0') as usize;
                i += 1;
            }
        }
        if i < f.len() && f[i] == b'.' {
            i += 1;
            if i < f.len() && f[i] == b'*' {
                i += 1;
                let p = args.next(m) as i32;
                sp.prec = if p < 0 { None } else { Some(p as usize) };
            } else {
                let mut p = 0;
                while i < f.len() && f[i].is_ascii_digit() {
                    p = p * 10 + (f[i] - b'0') as usize;
                    i += 1;
                }
                sp.prec = Some(p);
            }
        }
        let mut len = 0; // bytes of the integer argument: 0 = int
        while i < f.len() {
            match f[i] {
                b'h' => len = if len == 2 { 1 } else { 2 },
                b'l' | b'q' | b'j' | b'z' | b't' => len = 8,
                b'L' => len = 16,
                _ => break,
            }
            i += 1;
        }
        if i >= f.len() {
            break;
        }
        let conv = f[i];
        i += 1;
        match conv {
            b'%' => out.push(b'%'),
            b'd' | b'i' => {
                let raw = args.next(m);
                let v: i64 = match len {
                    1 => raw as i8 as i64,
                    2 => raw as i16 as i64,
                    8 => raw as i64,
                    _ => raw as i32 as i64,
                };
                let sign: &[u8] = if v < 0 {
                    b"-"
                } else if sp.plus {
                    b"+"
                } else if sp.space {
                    b" "
                } else {
                    b""
                };
                let digits = int_digits(v.unsigned_abs(), 10, false, sp.prec);
                pad_num(&mut out, &sp, sign, &digits, true);
            }
            b'u' | b'o' | b'x' | b'X' => {
                let raw = args.next(m);
                let v: u64 = match len {
                    1 => raw as u8 as u64,
                    2 => raw as u16 as u64,
                    8 => raw,
                    _ => raw as u32 as u64,
                };
                let base = match conv {
                    b'o' => 8,
                    b'u' => 10,
                    _ => 16,
                };
                let mut digits = int_digits(v, base, conv == b'X', sp.prec);
                let mut prefix: &[u8] = b"";
                if sp.hash && conv == b'o' && digits.first() != Some(&b'0') {
                    digits.insert(0, b'0');
                }
                if sp.hash && v != 0 && base == 16 {
                    prefix = if conv == b'X' { b"0X" } else { b"0x" };
                }
                pad_num(&mut out, &sp, prefix, &digits, true);
            }
            b'c' => {
                let v = args.next(m) as u8;
                pad(&mut out, &sp, &[v]);
            }
            b's' => {
                let a = args.next(m);
                let s: Vec<u8> = if a == 0 {
                    if sp.prec.is_none_or(|p| p >= 6) {
                        b"(null)".to_vec()
                    } else {
                        Vec::new()
                    }
                } else {
                    let s = m.cstr(a);
                    let n = sp.prec.map_or(s.len(), |p| p.min(s.len()));
                    s[..n].to_vec()
                };
                pad(&mut out, &sp, &s);
            }
            b'p' => {
                let a = args.next(m);
                if a == 0 {
                    pad(&mut out, &sp, b"(nil)");
                } else {
                    let digits = int_digits(a, 16, false, sp.prec);
                    pad_num(&mut out, &sp, b"0x", &digits, true);
                }
            }
            b'n' => {
                let a = args.next(m);
                let n = out.len() as u64;
                match len {
                    1 => m.st_u8(a, n as u8),
                    2 => m.st_u16(a, n as u16),
                    8 => m.st_u64(a, n),
                    _ => m.st_u32(a, n as u32),
                }
            }
            b'f' | b'F' | b'e' | b'E' | b'g' | b'G' | b'a' | b'A' => {
                let v = f64::from_bits(args.next(m));
                if len == 16 {
                    args.next(m); // a long double takes two slots; its value is the first
                }
                let (sign, body) = format_float(v, conv, &sp);
                pad_num(&mut out, &sp, &sign, &body, v.is_finite());
            }
            _ => {
                out.push(b'%');
                out.push(conv);
            }
        }
    }
    out
}

fn int_digits(v: u64, base: u64, upper: bool, prec: Option<usize>) -> Vec<u8> {
    let set: &[u8] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut d = Vec::new();
    let mut x = v;
    while x > 0 {
        d.push(set[(x % base) as usize]);
        x /= base;
    }
    let min = prec.unwrap_or(1);
    while d.len() < min {
        d.push(b'0');
    }
    d.reverse();
    d
}

fn pad(out: &mut Vec<u8>, sp: &Spec, body: &[u8]) {
    let fill = sp.width.saturating_sub(body.len());
    if !sp.minus {
        out.extend(std::iter::repeat_n(b' ', fill));
    }
    out.extend_from_slice(body);
    if sp.minus {
        out.extend(std::iter::repeat_n(b' ', fill));
    }
}

/// Pad a number: `prefix` is its sign or `0x`; zeros go between prefix and digits when the `0` flag applies.
fn pad_num(out: &mut Vec<u8>, sp: &Spec, prefix: &[u8], digits: &[u8], zero_ok: bool) {
    let len = prefix.len() + digits.len();
    let fill = sp.width.saturating_sub(len);
    let zero = sp.zero && !sp.minus && zero_ok && (sp.prec.is_none() || !is_int_body(digits));
    if sp.minus {
        out.extend_from_slice(prefix);
        out.extend_from_slice(digits);
        out.extend(std::iter::repeat_n(b' ', fill));
    } else if zero {
        out.extend_from_slice(prefix);
        out.extend(std::iter::repeat_n(b'0', fill));
        out.extend_from_slice(digits);
    } else {
        out.extend(std::iter::repeat_n(b' ', fill));
        out.extend_from_slice(prefix);
        out.extend_from_slice(digits);
    }
}

fn is_int_body(d: &[u8]) -> bool {
    d.iter().all(|c| c.is_ascii_hexdigit())
}

/// (sign, digits) of one floating conversion.
fn format_float(v: f64, conv: u8, sp: &Spec) -> (Vec<u8>, Vec<u8>) {
    let upper = conv.is_ascii_uppercase();
    let sign: Vec<u8> = if v.is_sign_negative() {
        b"-".to_vec()
    } else if sp.plus {
        b"+".to_vec()
    } else if sp.space {
        b" ".to_vec()
    } else {
        Vec::new()
    };
    let a = v.abs();
    let body = if a.is_nan() {
        if upper { "NAN" } else { "nan" }.to_string()
    } else if a.is_infinite() {
        if upper { "INF" } else { "inf" }.to_string()
    } else {
        match conv.to_ascii_lowercase() {
            b'f' => fixed(a, sp.prec.unwrap_or(6), sp.hash),
            b'e' => expo(a, sp.prec.unwrap_or(6), sp.hash, upper),
            b'g' => general(a, sp.prec.unwrap_or(6), sp.hash, upper),
            _ => hexfloat(a, sp.prec, sp.hash, upper),
        }
    };
    (sign, body.into_bytes())
}

fn fixed(a: f64, prec: usize, hash: bool) -> String {
    let mut s = format!("{a:.prec$}");
    if hash && prec == 0 {
        s.push('.');
    }
    s
}

fn expo(a: f64, prec: usize, hash: bool, upper: bool) -> String {
    let s = format!("{a:.prec$e}");
    let (mant, exp) = s.split_once('e').unwrap();
    let exp: i32 = exp.parse().unwrap();
    let mut r = mant.to_string();
    if hash && prec == 0 {
        r.push('.');
    }
    r.push(if upper { 'E' } else { 'e' });
    r.push(if exp < 0 { '-' } else { '+' });
    r.push_str(&format!("{:02}", exp.unsigned_abs()));
    r
}

fn general(a: f64, prec: usize, hash: bool, upper: bool) -> String {
    let p = if prec == 0 { 1 } else { prec };
    let x: i32 = if a == 0.0 {
        0
    } else {
        let s = format!("{:.*e}", p - 1, a);
        s.split_once('e').unwrap().1.parse().unwrap()
    };
    let mut s = if (p as i32) > x && x >= -4 {
        fixed(a, (p as i32 - 1 - x) as usize, hash)
    } else {
        expo(a, p - 1, hash, upper)
    };
    if !hash {
        let (mant, tail) = match s.find(['e', 'E']) {
            Some(i) => (s[..i].to_string(), s[i..].to_string()),
            None => (s.clone(), String::new()),
        };
        let mant = if mant.contains('.') {
            mant.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            mant
        };
        s = mant + &tail;
    }
    s
}

fn hexfloat(a: f64, prec: Option<usize>, hash: bool, upper: bool) -> String {
    let bits = a.to_bits();
    let mut exp = ((bits >> 52) & 0x7ff) as i64;
    let mut mant = bits & ((1u64 << 52) - 1);
    let lead: u64;
    if exp == 0 {
        if mant == 0 {
            lead = 0;
            exp = 0;
        } else {
            lead = 0;
            exp = -1022;
        }
    } else {
        lead = 1;
        exp -= 1023;
    }
    let mut digits = 13usize;
    let mut lead = lead;
    if let Some(p) = prec {
        if p < 13 {
            let shift = (13 - p) * 4;
            let rem = mant & ((1u64 << shift) - 1);
            let half = 1u64 << (shift - 1);
            mant >>= shift;
            if rem > half || (rem == half && (mant & 1) == 1) {
                mant += 1;
                if mant >> (p * 4) != 0 {
                    mant &= (1u64 << (p * 4)) - 1;
                    lead += 1;
                }
            }
        } else {
            mant <<= 0;
        }
        digits = p;
    }
    let mut hex = if prec.is_some_and(|p| p < 13) {
        if digits == 0 {
            String::new()
        } else {
            format!("{mant:0digits$x}")
        }
    } else {
        let mut h = format!("{mant:013x}");
        if prec.is_none() {
            h = h.trim_end_matches('0').to_string();
        } else {
            while h.len() < digits {
                h.push('0');
            }
        }
        h
    };
    if upper {
        hex = hex.to_uppercase();
    }
    let mut s = String::from(if upper { "0X" } else { "0x" });
    s.push_str(&lead.to_string());
    if !hex.is_empty() || hash {
        s.push('.');
    }
    s.push_str(&hex);
    s.push(if upper { 'P' } else { 'p' });
    s.push(if exp < 0 { '-' } else { '+' });
    s.push_str(&exp.unsigned_abs().to_string());
    s
}

/// `printf(fmt, ...)`.
pub fn printf(m: &mut Mem, fmt: u64, va: u64) -> i32 {
    let s = format(m, fmt, va);
    m.write_stdout(&s);
    s.len() as i32
}

/// `sprintf(dst, fmt, ...)`.
pub fn sprintf(m: &mut Mem, dst: u64, fmt: u64, va: u64) -> i32 {
    let s = format(m, fmt, va);
    m.put_cstr(dst, &s);
    s.len() as i32
}

/// `snprintf(dst, n, fmt, ...)`.
pub fn snprintf(m: &mut Mem, dst: u64, n: u64, fmt: u64, va: u64) -> i32 {
    let s = format(m, fmt, va);
    if n > 0 {
        let k = s.len().min(n as usize - 1);
        m.put_cstr(dst, &s[..k]);
    }
    s.len() as i32
}

/// `fprintf(stream, fmt, ...)`.
pub fn fprintf(m: &mut Mem, stream: u64, fmt: u64, va: u64) -> i32 {
    let s = format(m, fmt, va);
    crate::libc::write_stream(m, stream, &s);
    s.len() as i32
}
