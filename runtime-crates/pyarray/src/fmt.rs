//! numpy's `str` and `repr` of arrays (default print options: precision 8, line width 75,
//! summarised above 1000 elements with 3 edge items).

use crate::{Array, Complex64, Elem};

/// Elements numpy knows how to print.
pub trait Show: Elem {
    /// Format every (shown) element to strings of equal width.
    fn format_all(vals: &[Self]) -> Vec<String>;
}

pub fn shape_str(s: &[usize]) -> String {
    match s.len() {
        1 => format!("({},)", s[0]),
        _ => format!(
            "({})",
            s.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn trim_zeros(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').to_string()
    } else {
        s
    }
}

/// Positional digits: shortest round-trip, at most 8 fractional digits, trailing zeros dropped, '.' kept.
fn positional(x: f64) -> String {
    let mut s = format!("{}", x.abs());
    if let Some(dot) = s.find('.') {
        if s.len() - dot - 1 > 8 {
            s = trim_zeros(format!("{:.8}", x.abs()));
        }
    } else {
        s.push('.');
    }
    if x.is_sign_negative() {
        format!("-{s}")
    } else {
        s
    }
}

/// Scientific digits: mantissa shortest up to 8 fractional digits, exponent with sign and 2+ digits.
fn scientific(x: f64) -> (String, String) {
    let mut m = format!("{:e}", x.abs());
    let (mant, exp) = m
        .split_once('e')
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .unwrap_or_default();
    let mut mant = mant;
    if let Some(dot) = mant.find('.') {
        if mant.len() - dot - 1 > 8 {
            m = format!("{:.8e}", x.abs());
            let (a, _) = m.split_once('e').unwrap_or_default();
            mant = trim_zeros(a.to_string());
        }
    } else {
        mant.push('.');
    }
    let e: i32 = exp.parse().unwrap_or(0);
    let exp_s = format!("{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    let sign = if x.is_sign_negative() { "-" } else { "" };
    (format!("{sign}{mant}"), exp_s)
}

fn nonfinite(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x > 0.0 {
        "inf".into()
    } else {
        "-inf".into()
    }
}

fn format_floats(vals: &[f64]) -> Vec<String> {
    let finite: Vec<f64> = vals.iter().copied().filter(|x| x.is_finite()).collect();
    let nz: Vec<f64> = finite
        .iter()
        .map(|x| x.abs())
        .filter(|&x| x != 0.0)
        .collect();
    let exp_mode = if nz.is_empty() {
        false
    } else {
        let mx = nz.iter().copied().fold(f64::MIN, f64::max);
        let mn = nz.iter().copied().fold(f64::MAX, f64::min);
        mx >= 1e8 || mn < 0.0001 || mx / mn > 1000.0
    };
    let nonfin_len = vals
        .iter()
        .filter(|x| !x.is_finite())
        .map(|&x| nonfinite(x).len())
        .max()
        .unwrap_or(0);
    if exp_mode {
        let parts: Vec<(String, String)> = finite.iter().map(|&x| scientific(x)).collect();
        let pad_left = parts
            .iter()
            .map(|(m, _)| m.find('.').unwrap_or(m.len()))
            .max()
            .unwrap_or(0);
        let pad_right = parts
            .iter()
            .map(|(m, _)| m.len() - m.find('.').unwrap_or(m.len()) - 1)
            .max()
            .unwrap_or(0);
        let exp_size = parts.iter().map(|(_, e)| e.len() - 1).max().unwrap_or(2);
        let width = pad_left + pad_right + 1 + 2 + exp_size;
        vals.iter()
            .map(|&x| {
                if !x.is_finite() {
                    return format!("{:>width$}", nonfinite(x));
                }
                let (m, e) = scientific(x);
                let dot = m.find('.').unwrap_or(m.len());
                let frac = m.len() - dot - 1;
                let digits = &e[1..];
                format!(
                    "{}{}{}e{}{}{}",
                    " ".repeat(pad_left - dot),
                    m,
                    "0".repeat(pad_right - frac),
                    &e[..1],
                    "0".repeat(exp_size - digits.len()),
                    digits
                )
            })
            .collect()
    } else {
        let strs: Vec<String> = finite.iter().map(|&x| positional(x)).collect();
        let mut pad_left = strs
            .iter()
            .map(|s| s.find('.').unwrap_or(s.len()))
            .max()
            .unwrap_or(0);
        let pad_right = strs
            .iter()
            .map(|s| s.len() - s.find('.').unwrap_or(s.len()) - 1)
            .max()
            .unwrap_or(0);
        if nonfin_len > 0 {
            pad_left = pad_left.max(nonfin_len.saturating_sub(pad_right + 1));
        }
        vals.iter()
            .map(|&x| {
                if !x.is_finite() {
                    let w = pad_left + pad_right + 1;
                    return format!("{:>w$}", nonfinite(x));
                }
                let s = positional(x);
                let dot = s.find('.').unwrap_or(s.len());
                let frac = s.len() - dot - 1;
                format!(
                    "{}{}{}",
                    " ".repeat(pad_left - dot),
                    s,
                    " ".repeat(pad_right - frac)
                )
            })
            .collect()
    }
}

impl Show for f64 {
    fn format_all(vals: &[f64]) -> Vec<String> {
        format_floats(vals)
    }
}

impl Show for f32 {
    fn format_all(vals: &[f32]) -> Vec<String> {
        // float32 prints its own shortest digits; widening first keeps the common values right.
        format_floats(
            &vals
                .iter()
                .map(|&x| format!("{x}").parse::<f64>().unwrap_or(x as f64))
                .collect::<Vec<_>>(),
        )
    }
}

impl Show for i64 {
    fn format_all(vals: &[i64]) -> Vec<String> {
        let w = vals.iter().map(|x| x.to_string().len()).max().unwrap_or(0);
        vals.iter().map(|x| format!("{x:>w$}")).collect()
    }
}

impl Show for bool {
    fn format_all(vals: &[bool]) -> Vec<String> {
        vals.iter()
            .map(|&b| {
                if b {
                    " True".to_string()
                } else {
                    "False".to_string()
                }
            })
            .collect()
    }
}

impl Show for Complex64 {
    fn format_all(vals: &[Complex64]) -> Vec<String> {
        let re = format_floats(&vals.iter().map(|z| z.re).collect::<Vec<_>>());
        let im = format_floats(&vals.iter().map(|z| z.im.abs()).collect::<Vec<_>>());
        vals.iter()
            .zip(re.iter().zip(im))
            .map(|(z, (r, i))| {
                let sign = if z.im.is_sign_negative() { '-' } else { '+' };
                format!("{r}{sign}{}j", i.trim_start())
            })
            .collect()
    }
}

const THRESHOLD: usize = 1000;
const EDGE: usize = 3;
const LINE_WIDTH: usize = 75;

fn extend_line(s: &mut String, line: &mut String, word: &str, width: usize, prefix: &str) {
    let needs_wrap = line.len() + word.len() > width && line.len() > prefix.len();
    if needs_wrap {
        s.push_str(line.trim_end());
        s.push('\n');
        *line = prefix.to_string();
    }
    line.push_str(word);
}

struct Printer<'a> {
    shape: Vec<usize>,
    words: &'a [String],
    summary: bool,
    sep: &'a str,
}

impl Printer<'_> {
    /// Index into `words` (the shown elements, C order) for a position within the shown sub-shape.
    fn shown_len(&self, axis: usize) -> (usize, bool) {
        let n = self.shape[axis];
        if self.summary && n > 2 * EDGE {
            (2 * EDGE, true)
        } else {
            (n, false)
        }
    }

    fn block(&self, axis: usize) -> usize {
        (axis + 1..self.shape.len())
            .map(|a| self.shown_len(a).0)
            .product()
    }

    fn recurse(&self, axis: usize, offset: usize, hanging: &str, width: usize) -> String {
        if axis == self.shape.len() {
            return self.words[offset].clone();
        }
        let next_hanging = format!("{hanging} ");
        let next_width = width - 1;
        let (shown, cut) = self.shown_len(axis);
        let block = self.block(axis);
        let axes_left = self.shape.len() - axis;
        let mut s = String::new();
        let items: Vec<Option<usize>> = if cut {
            (0..EDGE)
                .map(Some)
                .chain(std::iter::once(None))
                .chain((EDGE..2 * EDGE).map(Some))
                .collect()
        } else {
            (0..shown).map(Some).collect()
        };
        if axes_left == 1 {
            let elem_width = width - 1;
            let mut line = hanging.to_string();
            let last = items.len() - 1;
            for (k, it) in items.iter().enumerate() {
                let word = match it {
                    Some(i) => {
                        self.recurse(axis + 1, offset + i * block, &next_hanging, next_width)
                    }
                    None => "...".to_string(),
                };
                let w = if k == last { width - 1 } else { elem_width };
                extend_line(&mut s, &mut line, &word, w, hanging);
                if k != last {
                    line.push_str(self.sep);
                }
            }
            s.push_str(&line);
        } else {
            let line_sep = format!("{}{}", self.sep.trim_end(), "\n".repeat(axes_left - 1));
            let last = items.len() - 1;
            for (k, it) in items.iter().enumerate() {
                let nested = match it {
                    Some(i) => {
                        self.recurse(axis + 1, offset + i * block, &next_hanging, next_width)
                    }
                    None => "...".to_string(),
                };
                s.push_str(hanging);
                s.push_str(&nested);
                if k != last {
                    s.push_str(&line_sep);
                }
            }
        }
        format!("[{}]", &s[hanging.len()..])
    }
}

fn shown_elements<T: Elem>(a: &Array<T>, summary: bool) -> Vec<T> {
    if !summary {
        return a.iter().copied().collect();
    }
    let mut view = a.view();
    for ax in 0..a.ndim() {
        let n = view.shape()[ax];
        if n > 2 * EDGE {
            let head = view.slice_axis(ndarray::Axis(ax), ndarray::Slice::from(..EDGE as isize));
            let tail = view.slice_axis(ndarray::Axis(ax), ndarray::Slice::from(-(EDGE as isize)..));
            let joined =
                ndarray::concatenate(ndarray::Axis(ax), &[head, tail]).expect("same shapes");
            return shown_elements_owned(joined, ax + 1);
        }
        view = a.view();
    }
    a.iter().copied().collect()
}

fn shown_elements_owned<T: Elem>(a: Array<T>, from_axis: usize) -> Vec<T> {
    let mut cur = a;
    for ax in from_axis..cur.ndim() {
        let n = cur.shape()[ax];
        if n > 2 * EDGE {
            let head = cur
                .slice_axis(ndarray::Axis(ax), ndarray::Slice::from(..EDGE as isize))
                .to_owned();
            let tail = cur
                .slice_axis(ndarray::Axis(ax), ndarray::Slice::from(-(EDGE as isize)..))
                .to_owned();
            cur = ndarray::concatenate(ndarray::Axis(ax), &[head.view(), tail.view()])
                .expect("same shapes");
        }
    }
    cur.iter().copied().collect()
}

fn render<T: Show>(a: &Array<T>, prefix: &str, sep: &str, width: usize) -> String {
    if a.ndim() == 0 {
        return T::format_all(&[*a.first().expect("0-d")])
            .remove(0)
            .trim()
            .to_string();
    }
    if a.is_empty() {
        return format!("{}[]{}", "[".repeat(a.ndim() - 1), "]".repeat(a.ndim() - 1));
    }
    let summary = a.len() > THRESHOLD;
    let vals = shown_elements(a, summary);
    let words = T::format_all(&vals);
    let p = Printer {
        shape: a.shape().to_vec(),
        words: &words,
        summary,
        sep,
    };
    p.recurse(0, 0, prefix, width)
}

/// `str(a)` / `print(a)`.
pub fn str<T: Show>(a: &Array<T>) -> String {
    render(a, " ", " ", LINE_WIDTH)
}

/// `repr(a)`: `array([...])`, with the dtype named when numpy names it.
pub fn repr<T: Show>(a: &Array<T>) -> String {
    let body = render(a, "       ", ", ", LINE_WIDTH - 1);
    match T::DTYPE {
        "float64" | "int64" | "bool" | "complex128" => format!("array({body})"),
        d => format!("array({body}, dtype={d})"),
    }
}
