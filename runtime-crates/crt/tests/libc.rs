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
    assert_eq!(fmt(&mut m, "[%5d|%-4d|%05d|%+d|% d]", &[1, 2, (-3i64) as u64, 4, 5]), "[    1|2   |-0003|+4| 5]");
    assert_eq!(fmt(&mut m, "%u %x %#X %#o %hhd", &[(-1i64) as u64, 255, 255, 8, 300]), "4294967295 ff 0XFF 010 44");
    assert_eq!(fmt(&mut m, "%ld %lu %.0d|%.3d", &[(-1i64) as u64, u64::MAX, 0, 5]), "-1 18446744073709551615 |005");
}

#[test]
fn floats() {
    let mut m = Mem::new(b"", 0);
    assert_eq!(fmt(&mut m, "%f %.2f %e %.0e", &[d(1.23456), d(2.675), d(1234.5), d(15.0)]), "1.234560 2.67 1.234500e+03 2e+01");
    assert_eq!(fmt(&mut m, "%g %g %g %#g %G", &[d(100000.0), d(1e6), d(1e-5), d(1.5), d(1e-10)]), "100000 1e+06 1e-05 1.50000 1E-10");
    assert_eq!(fmt(&mut m, "%a %a %.1a %f %F", &[d(1.0), d(-0.1), d(1.0), d(f64::INFINITY), d(f64::NAN)]), "0x1p+0 -0x1.999999999999ap-4 0x1.0p+0 inf NAN");
    assert_eq!(fmt(&mut m, "%08.3f|%-8.2e|", &[d(-3.5), d(0.5)]), "-003.500|5.00e-01|");
}

#[test]
fn strings_and_heap() {
    let mut m = Mem::new(b"", 0);
    let s = m.malloc(16);
    m.put_cstr(s, b"hello");
    assert_eq!(fmt(&mut m, "[%s][%.2s][%7s][%-7s][%c]", &[s, s, s, s, 65]), "[hello][he][  hello][hello  ][A]");
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
