//! Table-driven tests whose expected values were produced by CPython 3.11
//! (see tests/gen/gen_cases.py).

#[rustfmt::skip]
#[path = "data/cases_generated.rs"]
mod cases;

use pyrt::fmt::{format_spec, to_repr};
use pyrt::{exc, float, int, list, math, pystr, try_catch, PyErr};

fn show_err(e: PyErr) -> String {
    format!("!{}: {}", e.kind, e.msg)
}

fn run<T>(f: impl FnOnce() -> T, show: impl FnOnce(T) -> String) -> String {
    exc::install_panic_hook();
    match try_catch(f) {
        Ok(v) => show(v),
        Err(e) => show_err(e),
    }
}

fn check(failures: &mut Vec<String>, what: String, got: String, want: &str) {
    if got != want {
        failures.push(format!("{what}: got {got:?}, want {want:?}"));
    }
}

fn finish(failures: Vec<String>, total: usize) {
    if !failures.is_empty() {
        panic!(
            "{} of {} cases failed:\n{}",
            failures.len(),
            total,
            failures.join("\n")
        );
    }
}

#[test]
fn float_repr() {
    let mut f = Vec::new();
    for &(x, want) in cases::FLOAT_REPR {
        check(&mut f, format!("repr({x:e})"), to_repr(&x), want);
    }
    finish(f, cases::FLOAT_REPR.len());
}

#[test]
fn format_int() {
    let mut f = Vec::new();
    for &(v, spec, want) in cases::FORMAT_INT {
        let got = run(|| format_spec(&v, spec), |s| s);
        check(&mut f, format!("format({v}, {spec:?})"), got, want);
    }
    finish(f, cases::FORMAT_INT.len());
}

#[test]
fn format_float() {
    let mut f = Vec::new();
    for &(v, spec, want) in cases::FORMAT_FLOAT {
        let got = run(|| format_spec(&v, spec), |s| s);
        check(&mut f, format!("format({v:e}, {spec:?})"), got, want);
    }
    finish(f, cases::FORMAT_FLOAT.len());
}

#[test]
fn format_str_and_bool() {
    let mut f = Vec::new();
    for &(v, spec, want) in cases::FORMAT_STR {
        let got = run(|| format_spec(v, spec), |s| s);
        check(&mut f, format!("format({v:?}, {spec:?})"), got, want);
    }
    for &(v, spec, want) in cases::FORMAT_BOOL {
        let got = run(|| format_spec(&v, spec), |s| s);
        check(&mut f, format!("format({v}, {spec:?})"), got, want);
    }
    finish(f, cases::FORMAT_STR.len() + cases::FORMAT_BOOL.len());
}

#[test]
fn percent_format() {
    let mut f = Vec::new();
    let all = cases::percent_cases();
    for (fmt, args, want) in &all {
        let got = run(|| pyrt::percent_format(fmt, args), |s| s);
        check(&mut f, format!("{fmt:?} % {args:?}"), got, want);
    }
    finish(f, all.len());
}

#[test]
fn int_ops() {
    let mut f = Vec::new();
    for &(a, b, fd, md, dm, td) in cases::INT_DIV {
        check(
            &mut f,
            format!("{a} // {b}"),
            run(|| int::floordiv(a, b), |v| v.to_string()),
            fd,
        );
        check(
            &mut f,
            format!("{a} % {b}"),
            run(|| int::modulo(a, b), |v| v.to_string()),
            md,
        );
        check(
            &mut f,
            format!("divmod({a}, {b})"),
            run(|| int::divmod(a, b), |v| to_repr(&v)),
            dm,
        );
        check(
            &mut f,
            format!("{a} / {b}"),
            run(|| int::truediv(a, b), |v| to_repr(&v)),
            td,
        );
    }
    for &(a, b, want) in cases::INT_POW {
        check(
            &mut f,
            format!("{a} ** {b}"),
            run(|| int::pow(a, b), |v| v.to_string()),
            want,
        );
    }
    for &(s, base, want) in cases::INT_PARSE {
        check(
            &mut f,
            format!("int({s:?}, {base})"),
            run(|| int::parse(s, base), |v| v.to_string()),
            want,
        );
    }
    for &(v, b, o, h) in cases::INT_RADIX {
        check(&mut f, format!("bin({v})"), int::to_bin(v), b);
        check(&mut f, format!("oct({v})"), int::to_oct(v), o);
        check(&mut f, format!("hex({v})"), int::to_hex(v), h);
    }
    for &(a, b, l, r) in cases::INT_SHIFT {
        check(
            &mut f,
            format!("{a} << {b}"),
            run(|| int::shl(a, b), |v| v.to_string()),
            l,
        );
        check(
            &mut f,
            format!("{a} >> {b}"),
            run(|| int::shr(a, b), |v| v.to_string()),
            r,
        );
    }
    finish(f, 0);
}

#[test]
fn float_ops() {
    let mut f = Vec::new();
    for &(a, b, td, fd, md, dm) in cases::FLOAT_DIV {
        check(
            &mut f,
            format!("{a} / {b}"),
            run(|| float::truediv(a, b), |v| to_repr(&v)),
            td,
        );
        check(
            &mut f,
            format!("{a} // {b}"),
            run(|| float::floordiv(a, b), |v| to_repr(&v)),
            fd,
        );
        check(
            &mut f,
            format!("{a} % {b}"),
            run(|| float::modulo(a, b), |v| to_repr(&v)),
            md,
        );
        check(
            &mut f,
            format!("divmod({a}, {b})"),
            run(|| float::divmod(a, b), |v| to_repr(&v)),
            dm,
        );
    }
    for &(a, b, want) in cases::FLOAT_POW {
        check(
            &mut f,
            format!("{a} ** {b}"),
            run(|| float::pow(a, b), |v| to_repr(&v)),
            want,
        );
    }
    for &(s, want) in cases::FLOAT_PARSE {
        check(
            &mut f,
            format!("float({s:?})"),
            run(|| float::parse(s), |v| to_repr(&v)),
            want,
        );
    }
    for &(x, n, want) in cases::FLOAT_ROUND {
        let got = if n == i64::MIN {
            run(|| float::round_int(x), |v| v.to_string())
        } else {
            run(|| float::round_ndigits(x, n), |v| to_repr(&v))
        };
        check(&mut f, format!("round({x:e}, {n})"), got, want);
    }
    finish(f, 0);
}

#[test]
fn list_slices() {
    let mut f = Vec::new();
    let v: Vec<i64> = (0..10).collect();
    for &(a, b, s, want) in cases::LIST_SLICE {
        let got = run(|| list::slice(&v, a, b, s), |r| to_repr(&r));
        check(&mut f, format!("[{a:?}:{b:?}:{s:?}]"), got, want);
    }
    finish(f, cases::LIST_SLICE.len());
}

fn str_call(name: &str, s: &str) -> String {
    let r = |x: &dyn pyrt::PyFmt| pyrt::to_repr(x);
    match name {
        "split()" => r(&pystr::split(s, None, -1)),
        "split(,)" => r(&pystr::split(s, Some(","), -1)),
        "split(None,1)" => r(&pystr::split(s, None, 1)),
        "rsplit(None,1)" => r(&pystr::rsplit(s, None, 1)),
        "split(l,1)" => r(&pystr::split(s, Some("l"), 1)),
        "rsplit(l,1)" => r(&pystr::rsplit(s, Some("l"), 1)),
        "splitlines" => r(&pystr::splitlines(s)),
        "splitlines(True)" => r(&pystr::splitlines_keep(s, true)),
        "strip" => r(&pystr::strip(s, None)),
        "lstrip" => r(&pystr::lstrip(s, None)),
        "rstrip" => r(&pystr::rstrip(s, None)),
        "strip(ad)" => r(&pystr::strip(s, Some("ad"))),
        "upper" => r(&pystr::upper(s)),
        "lower" => r(&pystr::lower(s)),
        "title" => r(&pystr::title(s)),
        "capitalize" => r(&pystr::capitalize(s)),
        "swapcase" => r(&pystr::swapcase(s)),
        "isdigit" => r(&pystr::isdigit(s)),
        "isalpha" => r(&pystr::isalpha(s)),
        "isalnum" => r(&pystr::isalnum(s)),
        "isspace" => r(&pystr::isspace(s)),
        "isupper" => r(&pystr::isupper(s)),
        "islower" => r(&pystr::islower(s)),
        "isnumeric" => r(&pystr::isnumeric(s)),
        "isdecimal" => r(&pystr::isdecimal(s)),
        "istitle" => r(&pystr::istitle(s)),
        "center(15,*)" => r(&pystr::center(s, 15, '*')),
        "center(4)" => r(&pystr::center(s, 4, ' ')),
        "center(6)" => r(&pystr::center(s, 6, ' ')),
        "center(7)" => r(&pystr::center(s, 7, ' ')),
        "ljust(12,.)" => r(&pystr::ljust(s, 12, '.')),
        "rjust(12)" => r(&pystr::rjust(s, 12, ' ')),
        "zfill(6)" => r(&pystr::zfill(s, 6)),
        "find(l)" => r(&pystr::find(s, "l")),
        "rfind(l)" => r(&pystr::rfind(s, "l")),
        "find(ö)" => r(&pystr::find(s, "ö")),
        "find()" => r(&pystr::find(s, "")),
        "rfind()" => r(&pystr::rfind(s, "")),
        "find(o,5)" => r(&pystr::find_in(s, "o", Some(5), None)),
        "find(o,-4,-1)" => r(&pystr::find_in(s, "o", Some(-4), Some(-1))),
        "rfind(o,0,5)" => r(&pystr::rfind_in(s, "o", Some(0), Some(5))),
        "index(o)" => r(&pystr::index_of(s, "o")),
        "rindex(l)" => r(&pystr::rindex(s, "l")),
        "count(a)" => r(&pystr::count(s, "a")),
        "count()" => r(&pystr::count(s, "")),
        "count(aa)" => r(&pystr::count(s, "aa")),
        "replace(l,L)" => r(&pystr::replace(s, "l", "L", -1)),
        "replace(l,L,1)" => r(&pystr::replace(s, "l", "L", 1)),
        "replace(,-)" => r(&pystr::replace(s, "", "-", -1)),
        "replace(,-,2)" => r(&pystr::replace(s, "", "-", 2)),
        "partition( )" => r(&pystr::partition(s, " ")),
        "rpartition( )" => r(&pystr::rpartition(s, " ")),
        "expandtabs" => r(&pystr::expandtabs(s, 8)),
        "expandtabs(4)" => r(&pystr::expandtabs(s, 4)),
        "len" => r(&pystr::len(s)),
        "[1]" => r(&pystr::index(s, 1)),
        "[-1]" => r(&pystr::index(s, -1)),
        "[::-1]" => r(&pystr::slice(s, None, None, Some(-1))),
        "[1:4]" => r(&pystr::slice(s, Some(1), Some(4), None)),
        "[::2]" => r(&pystr::slice(s, None, None, Some(2))),
        "[-3:]" => r(&pystr::slice(s, Some(-3), None, None)),
        "*3" => r(&pystr::repeat(s, 3)),
        "startswith(he)" => r(&pystr::startswith(s, "he")),
        "endswith(d)" => r(&pystr::endswith(s, "d")),
        "casefold" => r(&pystr::casefold(s)),
        "repr" => r(&pyrt::to_repr(s)),
        "split(e)" => r(&pystr::split(s, Some(""), -1)),
        other => panic!("unknown case {other}"),
    }
}

#[test]
fn str_methods() {
    let mut f = Vec::new();
    let all = cases::str_cases();
    for (name, s, want) in &all {
        let got = run(|| str_call(name, s), |v| v);
        check(&mut f, format!("{s:?}.{name}"), got, want);
    }
    finish(f, all.len());
}

#[test]
fn str_repr() {
    let mut f = Vec::new();
    for &(s, want) in cases::STR_REPR {
        check(&mut f, format!("repr({s:?})"), to_repr(s), want);
    }
    finish(f, cases::STR_REPR.len());
}

fn math1(name: &str, x: f64) -> String {
    let fr = |v: f64| to_repr(&v);
    match name {
        "sqrt" => fr(math::sqrt(x)),
        "log" => fr(math::log(x)),
        "log2" => fr(math::log2(x)),
        "log10" => fr(math::log10(x)),
        "log1p" => fr(math::log1p(x)),
        "exp" => fr(math::exp(x)),
        "expm1" => fr(math::expm1(x)),
        "sin" => fr(math::sin(x)),
        "cos" => fr(math::cos(x)),
        "tan" => fr(math::tan(x)),
        "asin" => fr(math::asin(x)),
        "acos" => fr(math::acos(x)),
        "atan" => fr(math::atan(x)),
        "sinh" => fr(math::sinh(x)),
        "cosh" => fr(math::cosh(x)),
        "tanh" => fr(math::tanh(x)),
        "asinh" => fr(math::asinh(x)),
        "acosh" => fr(math::acosh(x)),
        "atanh" => fr(math::atanh(x)),
        "fabs" => fr(math::fabs(x)),
        "floor" => math::floor(x).to_string(),
        "ceil" => math::ceil(x).to_string(),
        "trunc" => math::trunc(x).to_string(),
        "degrees" => fr(math::degrees(x)),
        "radians" => fr(math::radians(x)),
        "isnan" => to_repr(&math::isnan(x)),
        "isinf" => to_repr(&math::isinf(x)),
        "isfinite" => to_repr(&math::isfinite(x)),
        other => panic!("unknown {other}"),
    }
}

#[test]
fn math_functions() {
    let mut f = Vec::new();
    for &(name, x, want) in cases::MATH1 {
        check(
            &mut f,
            format!("math.{name}({x:e})"),
            run(|| math1(name, x), |v| v),
            want,
        );
    }
    for &(name, a, b, want) in cases::MATH2 {
        let got = run(
            || match name {
                "pow" => to_repr(&math::pow(a, b)),
                "hypot" => to_repr(&math::hypot(a, b)),
                "atan2" => to_repr(&math::atan2(a, b)),
                "fmod" => to_repr(&math::fmod(a, b)),
                "copysign" => to_repr(&math::copysign(a, b)),
                "log" => to_repr(&math::log_base(a, b)),
                "isclose" => to_repr(&math::isclose(a, b)),
                other => panic!("unknown {other}"),
            },
            |v| v,
        );
        check(&mut f, format!("math.{name}({a:e}, {b:e})"), got, want);
    }
    for &(name, a, b, want) in cases::MATH_INT {
        let got = run(
            || match name {
                "gcd" => math::gcd(a, b),
                "lcm" => math::lcm(a, b),
                "comb" => math::comb(a, b),
                "perm" => math::perm(a, b),
                "factorial" => math::factorial(a),
                "isqrt" => math::isqrt(a),
                other => panic!("unknown {other}"),
            },
            |v| v.to_string(),
        );
        check(&mut f, format!("math.{name}({a}, {b})"), got, want);
    }
    for (v, want) in cases::fsum_cases() {
        check(
            &mut f,
            format!("fsum({v:?})"),
            to_repr(&math::fsum(v.iter().copied())),
            want,
        );
    }
    finish(f, 0);
}
