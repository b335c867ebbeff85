//! printf formatting, strings and the heap, checked against what glibc prints.

use crt::Mem;

/// Format `fmt` with integer/double arguments laid out as variadic slots.
fn fmt(m: &mut Mem, f: &str, args: &[u64]) -> String {
    let fa = m.malloc(f.len() as u64 + 1);
    m.put_cstr(fa, f.as_bytes());
    let va = m.malloc(8 * args.len() as u64 + 8);
    for (i, a) in args.iter().enumerate() {
        m.st_u64(va + 8 * i as u64, *a);
    }
    String::from_utf8(crt::fmt::format(m, fa, va)).unwrap()
}

fn d(x: f64) -> u64 {
    x.to_bits()
}

#[test]
fn integers() {
    let mut m = Mem::new(b"", 0);
    assert_eq!(
        fmt(
            &mut m,
            "[%5d|%-4d|%05d|%+d|% d]",
            &[1, 2, (-3i64) as u64, 4, 5]
        ),
        "[    1|2   |-0003|+4| 5]"
    );
    assert_eq!(
        fmt(
            &mut m,
            "%u %x %#X %#o %hhd",
            &[(-1i64) as u64, 255, 255, 8, 300]
        ),
        "4294967295 ff 0XFF 010 44"
    );
    assert_eq!(
        fmt(
            &mut m,
            "%ld %lu %.0d|%.3d",
            &[(-1i64) as u64, u64::MAX, 0, 5]
        ),
        "-1 18446744073709551615 |005"
    );
}

#[test]
fn floats() {
    let mut m = Mem::new(b"", 0);
    assert_eq!(
        fmt(
            &mut m,
            "%f %.2f %e %.0e",
            &[d(1.23456), d(2.675), d(1234.5), d(15.0)]
        ),
        "1.234560 2.67 1.234500e+03 2e+01"
    );
    assert_eq!(
        fmt(
            &mut m,
            "%g %g %g %#g %G",
            &[d(100000.0), d(1e6), d(1e-5), d(1.5), d(1e-10)]
        ),
        "100000 1e+06 1e-05 1.50000 1E-10"
    );
    assert_eq!(
        fmt(
            &mut m,
            "%a %a %.1a %f %F",
            &[d(1.0), d(-0.1), d(1.0), d(f64::INFINITY), d(f64::NAN)]
        ),
        "0x1p+0 -0x1.999999999999ap-4 0x1.0p+0 inf NAN"
    );
    assert_eq!(
        fmt(&mut m, "%08.3f|%-8.2e|", &[d(-3.5), d(0.5)]),
        "-003.500|5.00e-01|"
    );
}

#[test]
fn strings_and_heap() {
    let mut m = Mem::new(b"", 0);
    let s = m.malloc(16);
    m.put_cstr(s, b"hello");
    assert_eq!(
        fmt(&mut m, "[%s][%.2s][%7s][%-7s][%c]", &[s, s, s, s, 65]),
        "[hello][he][  hello][hello  ][A]"
    );
    assert_eq!(crt::libc::strlen(&mut m, s), 5);
    let t = crt::libc::strdup(&mut m, s);
    assert_eq!(crt::libc::strcmp(&mut m, s, t), 0);
    let r = m.realloc(t, 64);
    assert_eq!(m.cstr(r), b"hello");
}

#[test]
fn glibc_rand_sequence() {
    let mut g = crt::libc::GlibcRand::new(1);
    let first: Vec<i32> = (0..3).map(|_| g.next_value()).collect();
    assert_eq!(first, vec![1804289383, 846930886, 1681692777]);
}

/// Put `s` (and its NUL) at a fresh address offset by `skew` bytes, so that strings straddle 8-byte words.
fn put(m: &mut Mem, s: &[u8], skew: u64) -> u64 {
    let a = m.malloc(s.len() as u64 + 32) + skew;
    m.put_cstr(a, s);
    a
}

#[test]
fn word_at_a_time_string_functions() {
    use crt::libc::{strcat, strchr, strcmp, strlen, strncmp, strtok};
    let mut m = Mem::new(b"", 0);
    for skew in 0..8 {
        for len in 0..20 {
            let text: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            let a = put(&mut m, &text, skew);
            assert_eq!(strlen(&mut m, a), len as u64);
            // every byte is found at its first position, a missing byte is not, the NUL is the end
            for (i, &c) in text.iter().enumerate() {
                assert_eq!(strchr(&mut m, a, c as i32), a + i as u64);
            }
            assert_eq!(
                strchr(&mut m, a, b'z' as i32),
                if len == 26 { a + 25 } else { 0 }
            );
            assert_eq!(strchr(&mut m, a, 0), a + len as u64);
            let mut other = text.clone();
            let b = put(&mut m, &other, 7 - skew);
            assert_eq!(strcmp(&mut m, a, b), 0);
            if len > 0 {
                other[len - 1] = b'~';
                let c = put(&mut m, &other, skew / 2);
                assert_eq!(strcmp(&mut m, a, c), text[len - 1] as i32 - b'~' as i32);
                assert_eq!(strncmp(&mut m, a, c, len as u64 - 1), 0);
                let shorter = put(&mut m, &text[..len - 1], 3);
                assert_eq!(strcmp(&mut m, a, shorter), text[len - 1] as i32);
            }
        }
    }
    // strcat of short and long sources keeps what follows the destination's new NUL
    let d = m.malloc(64);
    let x = put(&mut m, b"word ", 1);
    let long = put(&mut m, b"a-longer-source-string", 5);
    m.put_cstr(d, b"");
    m.memset(d + 1, b'#', 40);
    strcat(&mut m, d, x);
    strcat(&mut m, d, long);
    strcat(&mut m, d, x);
    assert_eq!(m.cstr(d), b"word a-longer-source-stringword ");
    assert_eq!(m.ld_u8(d + 33), b'#');
    // strtok: one delimiter (the word-at-a-time path) and several
    let s = put(&mut m, b"  alpha beta  gammadelta ", 2);
    let sp = put(&mut m, b" ", 0);
    let mut toks = Vec::new();
    let mut t = strtok(&mut m, s, sp);
    while t != 0 {
        toks.push(m.cstr(t).to_vec());
        t = strtok(&mut m, 0, sp);
    }
    assert_eq!(
        toks,
        [b"alpha".to_vec(), b"beta".to_vec(), b"gammadelta".to_vec()]
    );
    let s = put(&mut m, b"a,b;;c", 0);
    let delims = put(&mut m, b";,", 0);
    let mut toks = Vec::new();
    let mut t = strtok(&mut m, s, delims);
    while t != 0 {
        toks.push(m.cstr(t).to_vec());
        t = strtok(&mut m, 0, delims);
    }
    assert_eq!(toks, [b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]);
}

#[test]
fn nul_pos_at_every_length_and_position() {
    // the first word, the 24-byte block and the 16-byte loop each find the NUL; a slice without one is
    // its own length
    for n in 0..80usize {
        let text = vec![b'x'; n];
        assert_eq!(crt::mem::nul_pos(&text), n);
        for z in 0..n {
            let mut t = text.clone();
            t[z] = 0;
            if z + 1 < n {
                t[n - 1] = 0; // a later NUL does not count
            }
            assert_eq!(crt::mem::nul_pos(&t), z, "n={n} z={z}");
        }
    }
}

#[test]
fn appending_runs_and_literal_lengths() {
    use crt::libc::{
        strcat_end, strcat_end_n, strcat_n, strcpy_end, strcpy_end_n, strcpy_n, strtok, strtok_c,
    };
    let mut m = Mem::new(b"", 0);
    let d = m.malloc(96);
    m.memset(d, b'#', 96);
    let a = put(&mut m, b"alpha", 3);
    let long = put(&mut m, b"a-source-longer-than-sixteen", 1);
    let sp = put(&mut m, b" ", 0);
    let empty = put(&mut m, b"", 5);
    // strcpy(d, a); strcat(d, " "); strcat(d, long); strcat(d, ""): each appends at the previous end
    let e = strcpy_end(&mut m, d, a);
    assert_eq!(e, d + 5);
    let e = strcpy_end_n(&mut m, e, sp, 1);
    let e = strcpy_end(&mut m, e, long);
    let e = strcpy_end_n(&mut m, e, empty, 0);
    assert_eq!(m.cstr(d), b"alpha a-source-longer-than-sixteen");
    assert_eq!(e, d + 34);
    assert_eq!(m.ld_u8(d + 35), b'#');
    let e = strcat_end(&mut m, d, sp);
    assert_eq!(e, d + 35);
    let e = strcat_end_n(&mut m, d, long, 28);
    assert_eq!(e, d + 63);
    assert_eq!(strcpy_n(&mut m, d, a, 5), d);
    assert_eq!(strcat_n(&mut m, d, long, 28), d);
    assert_eq!(m.cstr(d), b"alphaa-source-longer-than-sixteen");
    // strtok_c agrees with strtok on a one-byte delimiter, across calls with NULL and past the end
    for text in [&b"  one  two three   "[..], b"", b"   ", b"x", b"a b"] {
        let mut runs = Vec::new();
        for one in [false, true] {
            let s = put(&mut m, text, if one { 6 } else { 2 });
            let mut toks = Vec::new();
            let mut p = s;
            for _ in 0..6 {
                let t = if one {
                    strtok_c(&mut m, p, b' ')
                } else {
                    strtok(&mut m, p, sp)
                };
                p = 0;
                toks.push((t != 0).then(|| (t - s, m.cstr(t).to_vec())));
            }
            runs.push(toks);
        }
        assert_eq!(runs[0], runs[1]);
    }
}
