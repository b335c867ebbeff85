//! Shell arithmetic on i64: `$(( ))`, `(( ))`, `let`, array indices. Parsed once per distinct text.

use std::cell::RefCell;
use std::rc::Rc;

use crate::state::{Flow, Sh, Val};

#[derive(Debug, Clone)]
pub enum E {
    Num(i64),
    Var(String),
    Elem(String, Box<E>),
    Un(&'static str, Box<E>),
    Bin(&'static str, Box<E>, Box<E>),
    Assign(&'static str, Box<E>, Box<E>),
    PreInc(i64, Box<E>),
    PostInc(i64, Box<E>),
    Cond(Box<E>, Box<E>, Box<E>),
    Comma(Box<E>, Box<E>),
}

struct P<'a> {
    s: &'a [u8],
    i: usize,
}

type PR = Result<E, String>;

const BINOPS: &[(&str, u8)] = &[
    ("||", 1),
    ("&&", 2),
    ("|", 3),
    ("^", 4),
    ("&", 5),
    ("==", 6),
    ("!=", 6),
    ("<=", 7),
    (">=", 7),
    ("<", 7),
    (">", 7),
    ("<<", 8),
    (">>", 8),
    ("+", 9),
    ("-", 9),
    ("*", 10),
    ("/", 10),
    ("%", 10),
];

const ASSIGN_OPS: &[&str] = &[
    "<<=", ">>=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "=",
];

impl<'a> P<'a> {
    fn ws(&mut self) {
        while self.i < self.s.len() && (self.s[self.i] as char).is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn peek(&mut self, t: &str) -> bool {
        self.ws();
        self.s[self.i..].starts_with(t.as_bytes())
    }
    fn eat(&mut self, t: &str) -> bool {
        if self.peek(t) {
            self.i += t.len();
            true
        } else {
            false
        }
    }
    fn comma(&mut self) -> PR {
        let mut e = self.assign()?;
        while self.eat(",") {
            let r = self.assign()?;
            e = E::Comma(Box::new(e), Box::new(r));
        }
        Ok(e)
    }
    fn assign(&mut self) -> PR {
        let save = self.i;
        let lhs = self.ternary()?;
        if matches!(lhs, E::Var(_) | E::Elem(..)) {
            self.ws();
            for op in ASSIGN_OPS {
                if self.s[self.i..].starts_with(op.as_bytes())
                    && !(*op == "=" && self.s[self.i..].starts_with(b"=="))
                {
                    self.i += op.len();
                    let rhs = self.assign()?;
                    return Ok(E::Assign(op, Box::new(lhs), Box::new(rhs)));
                }
            }
        }
        let _ = save;
        Ok(lhs)
    }
    fn ternary(&mut self) -> PR {
        let c = self.binary(1)?;
        if self.eat("?") {
            let a = self.assign()?;
            if !self.eat(":") {
                return Err("`:' expected for conditional expression".into());
            }
            let b = self.assign()?;
            return Ok(E::Cond(Box::new(c), Box::new(a), Box::new(b)));
        }
        Ok(c)
    }
    fn binary(&mut self, min: u8) -> PR {
        let mut lhs = self.power()?;
        loop {
            self.ws();
            let rest = &self.s[self.i..];
            let mut found = None;
            for (op, prec) in BINOPS {
                if rest.starts_with(op.as_bytes()) && *prec >= min {
                    // Do not take `=` of an assignment, `&&` as `&`, etc.
                    let after = &rest[op.len()..];
                    if (*op == "|" && after.starts_with(b"|"))
                        || (*op == "&" && after.starts_with(b"&"))
                    {
                        continue;
                    }
                    if (*op == "<" && after.starts_with(b"<"))
                        || (*op == ">" && after.starts_with(b">"))
                    {
                        continue;
                    }
                    if after.starts_with(b"=")
                        && !matches!(*op, "==" | "!=" | "<=" | ">=")
                        && *op != "<"
                        && *op != ">"
                    {
                        break;
                    }
                    if (*op == "<<" || *op == ">>") && after.starts_with(b"=") {
                        break;
                    }
                    found = Some((*op, *prec));
                    break;
                }
            }
            let Some((op, prec)) = found else { break };
            self.i += op.len();
            let rhs = self.binary(prec + 1)?;
            lhs = E::Bin(op, Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }
    fn power(&mut self) -> PR {
        let base = self.unary()?;
        if self.eat("**") {
            let exp = self.power()?;
            return Ok(E::Bin("**", Box::new(base), Box::new(exp)));
        }
        Ok(base)
    }
    fn unary(&mut self) -> PR {
        if self.eat("++") {
            return Ok(E::PreInc(1, Box::new(self.unary()?)));
        }
        if self.eat("--") {
            return Ok(E::PreInc(-1, Box::new(self.unary()?)));
        }
        for op in ["-", "+", "!", "~"] {
            if self.eat(op) {
                return Ok(E::Un(op, Box::new(self.unary()?)));
            }
        }
        let e = self.primary()?;
        if matches!(e, E::Var(_) | E::Elem(..)) {
            if self.eat("++") {
                return Ok(E::PostInc(1, Box::new(e)));
            }
            if self.eat("--") {
                return Ok(E::PostInc(-1, Box::new(e)));
            }
        }
        Ok(e)
    }
    fn primary(&mut self) -> PR {
        self.ws();
        if self.eat("(") {
            let e = self.comma()?;
            if !self.eat(")") {
                return Err("missing `)'".into());
            }
            return Ok(e);
        }
        let start = self.i;
        while self.i < self.s.len()
            && ((self.s[self.i] as char).is_ascii_alphanumeric()
                || self.s[self.i] == b'_'
                || self.s[self.i] == b'#'
                || (self.s[self.i] == b'@' && self.i > start))
        {
            self.i += 1;
        }
        let tok = std::str::from_utf8(&self.s[start..self.i])
            .unwrap_or("")
            .to_string();
        if tok.is_empty() {
            let rest = String::from_utf8_lossy(&self.s[self.i..])
                .trim()
                .to_string();
            return Err(if rest.is_empty() {
                "operand expected".into()
            } else {
                format!(
                    "syntax error: operand expected (error token is \"{}\")",
                    rest
                )
            });
        }
        if tok.as_bytes()[0].is_ascii_digit() {
            return parse_num(&tok).map(E::Num).ok_or_else(|| {
                format!(
                    "{}: value too great for base (error token is \"{}\")",
                    tok, tok
                )
            });
        }
        if self.eat("[") {
            let idx = self.comma()?;
            if !self.eat("]") {
                return Err("missing `]'".into());
            }
            return Ok(E::Elem(tok, Box::new(idx)));
        }
        Ok(E::Var(tok))
    }
}

/// `s` when it is a plain decimal integer as bash would print it (no sign but `-`, no leading zero, no
/// blanks): the common case, which needs no expression parsing.
#[inline]
pub fn decimal(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let digits = match b.first() {
        Some(b'-') => &b[1..],
        _ => b,
    };
    if digits.is_empty() || digits.len() > 18 || (digits[0] == b'0' && digits.len() > 1) {
        return None;
    }
    let mut n: i64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + (c - b'0') as i64;
    }
    Some(if b[0] == b'-' { -n } else { n })
}

fn parse_num(t: &str) -> Option<i64> {
    if let Some((b, d)) = t.split_once('#') {
        let base: u32 = b.parse().ok()?;
        if !(2..=64).contains(&base) {
            return None;
        }
        let mut n: i64 = 0;
        for c in d.chars() {
            let v = match c {
                '0'..='9' => c as u32 - '0' as u32,
                'a'..='z' => c as u32 - 'a' as u32 + 10,
                'A'..='Z' => {
                    if base <= 36 {
                        c as u32 - 'A' as u32 + 10
                    } else {
                        c as u32 - 'A' as u32 + 36
                    }
                }
                '@' => 62,
                '_' => 63,
                _ => return None,
            };
            if v >= base {
                return None;
            }
            n = n.wrapping_mul(base as i64).wrapping_add(v as i64);
        }
        return Some(n);
    }
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return u64::from_str_radix(h, 16).ok().map(|v| v as i64);
    }
    if t.len() > 1 && t.starts_with('0') {
        return u64::from_str_radix(&t[1..], 8).ok().map(|v| v as i64);
    }
    t.parse::<u64>().ok().map(|v| v as i64)
}

thread_local! {
    static CACHE: RefCell<crate::state::FxMap<String, Rc<Result<E, String>>>> = RefCell::new(Default::default());
}

fn parse(text: &str) -> Rc<Result<E, String>> {
    CACHE.with(|c| {
        if let Some(e) = c.borrow().get(text) {
            return e.clone();
        }
        let mut p = P {
            s: text.as_bytes(),
            i: 0,
        };
        let r = if text.trim().is_empty() {
            Ok(E::Num(0))
        } else {
            match p.comma() {
                Ok(e) => {
                    p.ws();
                    if p.i < p.s.len() {
                        let rest = String::from_utf8_lossy(&p.s[p.i..]).to_string();
                        Err(format!(
                            "syntax error in expression (error token is \"{}\")",
                            rest
                        ))
                    } else {
                        Ok(e)
                    }
                }
                Err(m) => Err(m),
            }
        };
        let r = Rc::new(r);
        c.borrow_mut().insert(text.to_string(), r.clone());
        r
    })
}

impl Sh {
    /// Evaluate arithmetic text that is part of the script itself: parsed once, looked up by address.
    pub fn arith_static(&mut self, text: &'static str) -> Result<i64, Flow> {
        let key = text.as_ptr() as usize;
        let e = match self.arith_cache.get(&key) {
            Some(e) => e.clone(),
            None => {
                let e = std::sync::Arc::new((*parse(text)).clone());
                self.arith_cache.insert(key, e.clone());
                e
            }
        };
        match &*e {
            Ok(e) => self.eval(e, text, 0),
            Err(m) => {
                let msg = format!("{}: {}", text.trim(), m);
                self.error(&msg);
                Err(self.arith_fail())
            }
        }
    }

    /// Evaluate arithmetic text; an error is reported and ends the command (status 1).
    pub fn arith_str(&mut self, text: &str) -> Result<i64, Flow> {
        if let Some(n) = decimal(text.trim()) {
            return Ok(n);
        }
        let e = parse(text);
        match &*e {
            Ok(e) => self.eval(e, text, 0),
            Err(m) => {
                let msg = format!("{}: {}", text.trim(), m);
                self.error(&msg);
                Err(self.arith_fail())
            }
        }
    }

    fn arith_fail(&mut self) -> Flow {
        self.status = 1;
        Flow::Abort
    }

    fn var_num(&mut self, name: &str, depth: u32) -> Result<i64, Flow> {
        match self.vars.get(name).and_then(|v| v.val.as_ref()) {
            Some(Val::Int(n)) => return Ok(*n),
            Some(Val::Str(s)) => {
                if let Some(n) = decimal(s) {
                    return Ok(n);
                }
            }
            _ => {}
        }
        let v = match self.param_value(name, None)? {
            Some(v) => v,
            None => {
                if self.opts.nounset {
                    self.error(&format!("{}: unbound variable", name));
                    return Err(self.fatal(1));
                }
                return Ok(0);
            }
        };
        self.num_of(&v, depth)
    }

    fn num_of(&mut self, v: &str, depth: u32) -> Result<i64, Flow> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(0);
        }
        if let Some(n) = decimal(t) {
            return Ok(n);
        }
        if depth > 100 {
            self.error(&format!("{}: expression recursion level exceeded", t));
            return Err(self.arith_fail());
        }
        let e = parse(t);
        match &*e {
            Ok(e) => self.eval(e, t, depth + 1),
            Err(m) => {
                let msg = format!("{}: {}", t, m);
                self.error(&msg);
                Err(self.arith_fail())
            }
        }
    }

    fn elem_get(&mut self, name: &str, idx: i64, depth: u32) -> Result<i64, Flow> {
        let v = match self.vars.get(name).and_then(|v| v.val.as_ref()) {
            Some(Val::Arr(a)) => a.get(&idx).cloned(),
            Some(Val::Assoc(a)) => a.get(&idx.to_string()).cloned(),
            Some(Val::Str(s)) if idx == 0 => Some(s.clone()),
            Some(Val::Int(n)) if idx == 0 => return Ok(*n),
            _ => None,
        };
        self.num_of(&v.unwrap_or_default(), depth)
    }

    // ---------------------------------------------------------------------------------------------
    // Compiled arithmetic: the generated code evaluates `$(( ))` itself and calls these for variables
    // (by slot) and for the operators that can fail.

    /// Variable `id` as an operand: its integer, or its text evaluated as an expression (unset: 0).
    #[inline]
    pub fn ar_var(&mut self, id: u32) -> Result<i64, Flow> {
        match self.vars.at(id).and_then(|v| v.val.as_ref()) {
            Some(Val::Int(n)) => Ok(*n),
            Some(Val::Str(s)) => match decimal(s) {
                Some(n) => Ok(n),
                None => self.ar_var_slow(id),
            },
            _ => self.ar_var_slow(id),
        }
    }

    #[cold]
    fn ar_var_slow(&mut self, id: u32) -> Result<i64, Flow> {
        let name = self.vars.name(id).to_string();
        self.var_num(&name, 0)
    }

    /// `name=value` from arithmetic: the integer is stored as is (formatted only when read as text).
    #[inline]
    pub fn ar_set(&mut self, id: u32, v: i64) -> Result<(), Flow> {
        let var = self.vars.at_entry(id);
        if var.readonly {
            // An expression error, not an assignment error: the command fails, the shell goes on.
            let m = format!("{}: readonly variable", self.vars.name(id));
            self.error(&m);
            return Err(self.arith_fail());
        }
        if matches!(var.val, None | Some(Val::Str(_)) | Some(Val::Int(_))) {
            var.val = Some(Val::Int(v));
            return Ok(());
        }
        let name = self.vars.name(id).to_string();
        self.assign_str(&name, v.to_string())
    }

    /// The value of a `(( ))` command's expression; an expression error (reported already) makes the command
    /// fail with status 1 and the shell go on, as bash does: None then.
    pub fn arith_cmd(&mut self, r: Result<i64, Flow>) -> Result<Option<i64>, Flow> {
        match r {
            Ok(v) => Ok(Some(v)),
            Err(Flow::Abort) => {
                self.status = 1;
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// `name[idx]` as an operand.
    pub fn ar_elem(&mut self, id: u32, idx: i64) -> Result<i64, Flow> {
        if let Some(Val::Arr(a)) = self.vars.at(id).and_then(|v| v.val.as_ref()) {
            if let Some(n) = a.get(&idx).and_then(|s| decimal(s)) {
                return Ok(n);
            }
        }
        let name = self.vars.name(id).to_string();
        self.elem_get(&name, idx, 0)
    }

    /// `name[idx]=v` from arithmetic.
    pub fn ar_set_elem(&mut self, id: u32, idx: i64, v: i64) -> Result<(), Flow> {
        self.array_mut_id(id).insert(idx, v.to_string());
        Ok(())
    }

    /// `a / b` (`rem`: `a % b`) of the expression `text`; `token` is bash's error token (the text after the
    /// operator).
    #[inline]
    pub fn ar_div(
        &mut self,
        a: i64,
        b: i64,
        rem: bool,
        text: &str,
        token: &str,
    ) -> Result<i64, Flow> {
        if b == 0 {
            return Err(self.ar_error(text, "division by 0", token));
        }
        Ok(if rem {
            a.wrapping_rem(b)
        } else {
            a.wrapping_div(b)
        })
    }

    /// `a ** b`.
    pub fn ar_pow(&mut self, a: i64, b: i64, text: &str, token: &str) -> Result<i64, Flow> {
        if b < 0 {
            return Err(self.ar_error(text, "exponent less than 0", token));
        }
        Ok(a.wrapping_pow(b as u32))
    }

    #[cold]
    fn ar_error(&mut self, text: &str, msg: &str, token: &str) -> Flow {
        let m = format!("{}: {} (error token is \"{}\")", text, msg, token);
        self.error(&m);
        self.arith_fail()
    }

    fn store(&mut self, target: &E, v: i64, depth: u32) -> Result<(), Flow> {
        match target {
            E::Var(n) => {
                let id = self.vars.id(n);
                self.ar_set(id, v)
            }
            E::Elem(n, i) => {
                let i = self.eval(i, "", depth)?;
                self.array_mut(n).insert(i, v.to_string());
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn load(&mut self, target: &E, depth: u32) -> Result<i64, Flow> {
        match target {
            E::Var(n) => self.var_num(n, depth),
            E::Elem(n, i) => {
                let i = self.eval(i, "", depth)?;
                self.elem_get(n, i, depth)
            }
            _ => Ok(0),
        }
    }

    fn eval(&mut self, e: &E, text: &str, depth: u32) -> Result<i64, Flow> {
        Ok(match e {
            E::Num(n) => *n,
            E::Var(_) | E::Elem(..) => self.load(e, depth)?,
            E::Un(op, a) => {
                let a = self.eval(a, text, depth)?;
                match *op {
                    "-" => a.wrapping_neg(),
                    "+" => a,
                    "!" => (a == 0) as i64,
                    _ => !a,
                }
            }
            E::Bin("&&", a, b) => {
                (self.eval(a, text, depth)? != 0 && self.eval(b, text, depth)? != 0) as i64
            }
            E::Bin("||", a, b) => {
                (self.eval(a, text, depth)? != 0 || self.eval(b, text, depth)? != 0) as i64
            }
            E::Bin(op, a, b) => {
                let a = self.eval(a, text, depth)?;
                let b = self.eval(b, text, depth)?;
                self.binop(op, a, b, text)?
            }
            E::Assign(op, t, rhs) => {
                let r = self.eval(rhs, text, depth)?;
                let v = if *op == "=" {
                    r
                } else {
                    let cur = self.load(t, depth)?;
                    self.binop(&op[..op.len() - 1], cur, r, text)?
                };
                self.store(t, v, depth)?;
                v
            }
            E::PreInc(d, t) => {
                let v = self.load(t, depth)?.wrapping_add(*d);
                self.store(t, v, depth)?;
                v
            }
            E::PostInc(d, t) => {
                let v = self.load(t, depth)?;
                self.store(t, v.wrapping_add(*d), depth)?;
                v
            }
            E::Cond(c, a, b) => {
                if self.eval(c, text, depth)? != 0 {
                    self.eval(a, text, depth)?
                } else {
                    self.eval(b, text, depth)?
                }
            }
            E::Comma(a, b) => {
                self.eval(a, text, depth)?;
                self.eval(b, text, depth)?
            }
        })
    }

    fn binop(&mut self, op: &str, a: i64, b: i64, text: &str) -> Result<i64, Flow> {
        Ok(match op {
            "+" => a.wrapping_add(b),
            "-" => a.wrapping_sub(b),
            "*" => a.wrapping_mul(b),
            "/" | "%" => {
                if b == 0 {
                    self.error(&format!(
                        "{}: division by 0 (error token is \"{}\")",
                        text.trim(),
                        "0"
                    ));
                    return Err(self.arith_fail());
                }
                if op == "/" {
                    a.wrapping_div(b)
                } else {
                    a.wrapping_rem(b)
                }
            }
            "**" => {
                if b < 0 {
                    self.error(&format!("{}: exponent less than 0", text.trim()));
                    return Err(self.arith_fail());
                }
                a.wrapping_pow(b as u32)
            }
            "<<" => a.wrapping_shl(b as u32),
            ">>" => a.wrapping_shr(b as u32),
            "&" => a & b,
            "|" => a | b,
            "^" => a ^ b,
            "==" => (a == b) as i64,
            "!=" => (a != b) as i64,
            "<" => (a < b) as i64,
            ">" => (a > b) as i64,
            "<=" => (a <= b) as i64,
            ">=" => (a >= b) as i64,
            _ => 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::state::Sh;

    #[test]
    fn arithmetic() {
        let mut sh = Sh::new(vec!["t".into()]);
        assert_eq!(sh.arith_str("1 + 2 * 3").unwrap(), 7);
        assert_eq!(sh.arith_str("x = 5, x += 2, x").unwrap(), 7);
        assert_eq!(sh.arith_str("2 ** 10").unwrap(), 1024);
        assert_eq!(sh.arith_str("x > 3 ? 1 : 0").unwrap(), 1);
        assert_eq!(sh.arith_str("0x10 + 010 + 2#11").unwrap(), 27);
        assert_eq!(sh.arith_str("x++ + ++x").unwrap(), 7 + 9);
        assert_eq!(sh.arith_str("-7 / 2").unwrap(), -3);
        assert_eq!(sh.arith_str("-7 % 2").unwrap(), -1);
    }
}
