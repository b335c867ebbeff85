//! Word expansion in bash's order: tilde, parameters, arithmetic and command substitution (left to
//! right), then word splitting on IFS, pathname expansion and quote removal. Brace expansion is done by
//! the transpiler, since it depends only on the text of the script.

use std::collections::BTreeMap;

use crate::pattern;
use crate::state::{AVal, Assign, Flow, Param, ParamOp, Sh, Val, NO_SLOT, W};

/// A piece of expanded text: whether it came from quotes, and whether it is an unquoted expansion
/// (subject to word splitting).
struct Piece {
    s: String,
    quoted: bool,
    split: bool,
}

/// A word's expansion before splitting: `"$@"` can break it into several fields.
struct Pre {
    fields: Vec<Vec<Piece>>,
    /// Whether the word had a quoted part, so an empty field survives.
    quoted: bool,
    /// Inside the word of an unquoted `${x:-word}`: its literal text is split too.
    in_arg: bool,
}

impl Pre {
    fn push(&mut self, p: Piece) {
        if self.fields.is_empty() {
            self.fields.push(Vec::new());
        }
        self.fields.last_mut().unwrap().push(p);
    }
}

fn is_ifs_ws(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\n'
}

impl Sh {
    /// The positional parameters or array elements `"$@"` stands for.
    fn at_values(&mut self, p: &Param) -> Result<Option<Vec<String>>, Flow> {
        if p.name == "@" || p.name == "*" {
            return Ok(Some(self.args.clone()));
        }
        if let Some(idx) = p.index {
            if idx.len() == 1 {
                if let W::Lit(s) = idx[0] {
                    if s == "@" || s == "*" {
                        return Ok(Some(self.array_values(p.name)));
                    }
                }
            }
        }
        Ok(None)
    }

    pub fn array_values(&self, name: &str) -> Vec<String> {
        match self.vars.get(name).and_then(|v| v.val.as_ref()) {
            Some(Val::Arr(a)) => a.values().cloned().collect(),
            Some(Val::Assoc(a)) => a.values().cloned().collect(),
            Some(Val::Str(s)) => vec![s.clone()],
            Some(Val::Int(n)) => vec![n.to_string()],
            None => vec![],
        }
    }

    fn array_keys(&self, name: &str) -> Vec<String> {
        match self.vars.get(name).and_then(|v| v.val.as_ref()) {
            Some(Val::Arr(a)) => a.keys().map(|k| k.to_string()).collect(),
            Some(Val::Assoc(a)) => a.keys().cloned().collect(),
            Some(Val::Str(_)) | Some(Val::Int(_)) => vec!["0".into()],
            None => vec![],
        }
    }

    fn is_star(&self, p: &Param) -> bool {
        p.name == "*"
            || matches!(p.index, Some(idx) if idx.len() == 1 && matches!(idx[0], W::Lit("*")))
    }

    /// [`Sh::param_value`] of a parameter of the script: variables by slot, compiled subscripts.
    fn pval(&mut self, p: &'static Param) -> Result<Option<String>, Flow> {
        if p.slot == NO_SLOT {
            return self.param_value(p.name, p.index);
        }
        if p.index.is_none() {
            return Ok(self.get_str_id(p.slot));
        }
        if let Some(ix) = p.ix {
            if !matches!(
                self.vars.at(p.slot).and_then(|v| v.val.as_ref()),
                Some(Val::Assoc(_))
            ) {
                let mut k = ix(self)?;
                return Ok(match self.vars.at(p.slot).and_then(|v| v.val.as_ref()) {
                    Some(Val::Arr(a)) => {
                        if k < 0 {
                            k += a.keys().next_back().map(|m| m + 1).unwrap_or(0);
                        }
                        a.get(&k).cloned()
                    }
                    Some(Val::Str(s)) if k == 0 => Some(s.clone()),
                    Some(Val::Int(n)) if k == 0 => Some(n.to_string()),
                    _ => None,
                });
            }
        }
        self.param_value(p.name, p.index)
    }

    /// `$name` / `${name[i]}` without an operator; None when unset.
    pub fn param_value(
        &mut self,
        name: &str,
        index: Option<&'static [W]>,
    ) -> Result<Option<String>, Flow> {
        if let Some(idx) = index {
            if self.is_assoc(name) {
                let k = self.expand_str(idx)?;
                return Ok(match self.vars.get(name).and_then(|v| v.val.as_ref()) {
                    Some(Val::Assoc(a)) => a.get(&k).cloned(),
                    _ => None,
                });
            }
            let ks = self.expand_str(idx)?;
            let mut k = self.arith_str(&ks)?;
            return Ok(match self.vars.get(name).and_then(|v| v.val.as_ref()) {
                Some(Val::Arr(a)) => {
                    if k < 0 {
                        k += a.keys().next_back().map(|m| m + 1).unwrap_or(0);
                    }
                    a.get(&k).cloned()
                }
                Some(Val::Str(s)) if k == 0 => Some(s.clone()),
                Some(Val::Int(n)) if k == 0 => Some(n.to_string()),
                _ => None,
            });
        }
        Ok(match name {
            "?" => Some(self.status.to_string()),
            "#" => Some(self.args.len().to_string()),
            "$" => Some(self.pid.to_string()),
            "0" => Some(self.arg0.clone()),
            "!" => None,
            "-" => {
                let mut s = String::from("h");
                if self.opts.errexit {
                    s.push('e');
                }
                if self.opts.nounset {
                    s.push('u');
                }
                if self.opts.xtrace {
                    s.push('x');
                }
                s.push('B');
                Some(s)
            }
            "@" | "*" => {
                if self.args.is_empty() {
                    None
                } else {
                    let sep = self.ifs_first();
                    Some(self.args.join(&sep))
                }
            }
            "RANDOM" => Some((rand_next() % 32768).to_string()),
            "LINENO" => Some(self.line.to_string()),
            "SECONDS" => Some("0".into()),
            _ => {
                if let Ok(n) = name.parse::<usize>() {
                    self.args.get(n.wrapping_sub(1)).cloned()
                } else {
                    self.get_str(name)
                }
            }
        })
    }

    fn ifs_first(&self) -> String {
        match self.get_str("IFS") {
            Some(s) => s.chars().next().map(|c| c.to_string()).unwrap_or_default(),
            None => " ".into(),
        }
    }

    fn unbound(&mut self, name: &str) -> Flow {
        self.error(&format!("{}: unbound variable", name));
        self.fatal(1)
    }

    /// Expand one `${...}` to a list of values (several only for `"${a[@]}"`-like forms).
    fn expand_param(&mut self, p: &'static Param) -> Result<(Vec<String>, bool), Flow> {
        let multi = self.at_values(p)?;
        match p.op {
            ParamOp::Len => {
                if let Some(vals) = multi {
                    return Ok((vec![vals.len().to_string()], false));
                }
                let v = self.pval(p)?;
                if v.is_none() && self.opts.nounset {
                    return Err(self.unbound(p.name));
                }
                return Ok((
                    vec![v.unwrap_or_default().chars().count().to_string()],
                    false,
                ));
            }
            ParamOp::Keys => {
                return Ok((self.array_keys(p.name), true));
            }
            ParamOp::Indirect => {
                let target = self.pval(p)?.unwrap_or_default();
                let (n, idx) = match target.find('[') {
                    Some(i) if target.ends_with(']') => (
                        target[..i].to_string(),
                        Some(target[i + 1..target.len() - 1].to_string()),
                    ),
                    _ => (target.clone(), None),
                };
                let v = match idx {
                    Some(i) if i == "@" || i == "*" => {
                        return Ok((self.array_values(&n), i == "@"));
                    }
                    Some(i) => {
                        let k = self.arith_str(&i)?;
                        match self.vars.get(&n).and_then(|v| v.val.as_ref()) {
                            Some(Val::Arr(a)) => a.get(&k).cloned(),
                            _ => None,
                        }
                    }
                    None => {
                        if n == "@" || n == "*" {
                            return Ok((self.args.clone(), n == "@"));
                        }
                        self.param_value(&n, None)?
                    }
                };
                return Ok((v.into_iter().collect(), false));
            }
            _ => {}
        }
        let is_multi = multi.is_some();
        let (vals, set): (Vec<String>, bool) = match multi {
            Some(v) => {
                let set = !v.is_empty();
                (v, set)
            }
            None => match self.pval(p)? {
                Some(s) => (vec![s], true),
                None => (vec![], false),
            },
        };
        let empty = !set || (vals.len() == 1 && vals[0].is_empty()) || vals.is_empty();
        let missing = if p.colon { empty } else { !set };
        match p.op {
            ParamOp::Plain => {
                if !set && self.opts.nounset && p.name != "@" && p.name != "*" && !is_multi {
                    return Err(self.unbound(p.name));
                }
                Ok((vals, is_multi))
            }
            ParamOp::Default => {
                if missing {
                    Ok((vec![self.expand_str(p.arg)?], false))
                } else {
                    Ok((vals, is_multi))
                }
            }
            ParamOp::Alt => {
                if missing {
                    Ok((vec![], false))
                } else {
                    Ok((vec![self.expand_str(p.arg)?], false))
                }
            }
            ParamOp::Assign => {
                if missing {
                    let v = self.expand_str(p.arg)?;
                    match p.index {
                        Some(idx) => {
                            let k = self.expand_str(idx)?;
                            let k = self.arith_str(&k)?;
                            self.array_mut(p.name).insert(k, v.clone());
                        }
                        None => self.assign_str(p.name, v.clone())?,
                    }
                    Ok((vec![v], false))
                } else {
                    Ok((vals, is_multi))
                }
            }
            ParamOp::Error => {
                if missing {
                    let m = self.expand_str(p.arg)?;
                    let m = if m.is_empty() {
                        "parameter null or not set".to_string()
                    } else {
                        m
                    };
                    self.error(&format!("{}: {}", p.name, m));
                    return Err(self.fatal(1));
                }
                Ok((vals, is_multi))
            }
            _ => {
                if !set && self.opts.nounset && !is_multi {
                    return Err(self.unbound(p.name));
                }
                let mut out = Vec::with_capacity(vals.len());
                for v in vals {
                    out.push(self.param_op(p, v)?);
                }
                if p.op == ParamOp::Slice && is_multi {
                    return self.slice_multi(p, out).map(|v| (v, true));
                }
                Ok((out, is_multi))
            }
        }
    }

    fn param_missing(&mut self, p: &'static Param) -> Result<bool, Flow> {
        let (set, empty) = match self.at_values(p)? {
            Some(v) => (
                !v.is_empty(),
                v.is_empty() || (v.len() == 1 && v[0].is_empty()),
            ),
            None => match self.pval(p)? {
                Some(s) => (true, s.is_empty()),
                None => (false, true),
            },
        };
        Ok(if p.colon { !set || empty } else { !set })
    }

    fn slice_multi(&mut self, p: &'static Param, _vals: Vec<String>) -> Result<Vec<String>, Flow> {
        let mut all: Vec<String> = self.at_values(p)?.unwrap_or_default();
        if p.name == "@" || p.name == "*" {
            all.insert(0, self.arg0.clone());
        }
        let off = self.expand_str(p.arg)?;
        let mut off = self.arith_str(&off)?;
        if let Some(Val::Arr(a)) = self.vars.get(p.name).and_then(|v| v.val.as_ref()) {
            // Arrays slice by index: the elements whose index is at least the offset.
            let top = a.keys().next_back().map(|k| k + 1).unwrap_or(0);
            if off < 0 {
                off += top;
            }
            if off < 0 {
                return Ok(vec![]);
            }
            all = a.range_from(off).map(|(_, v)| v.clone()).collect();
            off = 0;
        }
        let n = all.len() as i64;
        if off < 0 {
            off += n;
        }
        if off < 0 || off > n {
            return Ok(vec![]);
        }
        let mut end = n;
        if let Some(l) = p.arg2 {
            let l = self.expand_str(l)?;
            let l = self.arith_str(&l)?;
            end = if l < 0 { n + l } else { (off + l).min(n) };
        }
        if end < off {
            return Ok(vec![]);
        }
        Ok(all[off as usize..end as usize].to_vec())
    }

    fn param_op(&mut self, p: &'static Param, v: String) -> Result<String, Flow> {
        Ok(match p.op {
            ParamOp::RemPre | ParamOp::RemPreLong | ParamOp::RemSuf | ParamOp::RemSufLong => {
                let pat = self.expand_pat(p.arg)?;
                let long = matches!(p.op, ParamOp::RemPreLong | ParamOp::RemSufLong);
                if matches!(p.op, ParamOp::RemPre | ParamOp::RemPreLong) {
                    pattern::strip_prefix(&v, &pat, long)
                } else {
                    pattern::strip_suffix(&v, &pat, long)
                }
            }
            ParamOp::Sub | ParamOp::SubAll | ParamOp::SubPre | ParamOp::SubSuf => {
                let pat = self.expand_pat(p.arg)?;
                let rep = match p.arg2 {
                    Some(r) => self.expand_str(r)?,
                    None => String::new(),
                };
                pattern::substitute(&v, &pat, &rep, p.op)
            }
            ParamOp::Slice => {
                let chars: Vec<char> = v.chars().collect();
                let n = chars.len() as i64;
                let off = self.expand_str(p.arg)?;
                let mut off = self.arith_str(&off)?;
                if off < 0 {
                    off += n;
                }
                if off < 0 || off > n {
                    return Ok(String::new());
                }
                let mut end = n;
                if let Some(l) = p.arg2 {
                    let l = self.expand_str(l)?;
                    let l = self.arith_str(&l)?;
                    end = if l < 0 { n + l } else { (off + l).min(n) };
                }
                if end < off {
                    self.error(&format!("{}: substring expression < 0", v));
                    return Err(self.fatal(1));
                }
                chars[off as usize..end as usize].iter().collect()
            }
            ParamOp::Upper | ParamOp::UpperAll | ParamOp::Lower | ParamOp::LowerAll => {
                let all = matches!(p.op, ParamOp::UpperAll | ParamOp::LowerAll);
                let up = matches!(p.op, ParamOp::Upper | ParamOp::UpperAll);
                let mut out = String::new();
                for (i, c) in v.chars().enumerate() {
                    if all || i == 0 {
                        if up {
                            out.extend(c.to_uppercase());
                        } else {
                            out.extend(c.to_lowercase());
                        }
                    } else {
                        out.push(c);
                    }
                }
                out
            }
            _ => v,
        })
    }

    fn expand_pre(&mut self, word: &'static [W], pre: &mut Pre) -> Result<(), Flow> {
        for part in word {
            match part {
                W::Lit(s) => {
                    let split = pre.in_arg;
                    pre.push(Piece {
                        s: s.to_string(),
                        quoted: false,
                        split,
                    })
                }
                W::Q(s) => {
                    pre.quoted = true;
                    pre.push(Piece {
                        s: s.to_string(),
                        quoted: true,
                        split: false,
                    })
                }
                W::Tilde(user) => {
                    let home = if user.is_empty() {
                        self.get_str("HOME").unwrap_or_default()
                    } else if *user == "+" {
                        self.get_str("PWD").unwrap_or_default()
                    } else {
                        user_home(user).unwrap_or_else(|| format!("~{}", user))
                    };
                    pre.push(Piece {
                        s: home,
                        quoted: true,
                        split: false,
                    })
                }
                W::Param(p, quoted) => {
                    if matches!(p.op, ParamOp::Default | ParamOp::Alt) {
                        // The word of ${x:-word} keeps its own quoting: "2 3" inside stays one field.
                        let missing = self.param_missing(p)?;
                        if (p.op == ParamOp::Default) == missing {
                            if *quoted {
                                pre.quoted = true;
                            }
                            let saved = pre.in_arg;
                            pre.in_arg = !*quoted;
                            self.expand_pre(p.arg, pre)?;
                            pre.in_arg = saved;
                            continue;
                        }
                    }
                    let (vals, multi) = self.expand_param(p)?;
                    if *quoted && (!multi || self.is_star(p)) {
                        pre.quoted = true;
                    }
                    if multi && !self.is_star(p) {
                        // "$@": one field per value; unquoted, each value is split too.
                        if vals.is_empty() {
                            continue;
                        }
                        let n = vals.len();
                        for (i, v) in vals.into_iter().enumerate() {
                            pre.push(Piece {
                                s: v,
                                quoted: *quoted,
                                split: !*quoted,
                            });
                            if i + 1 < n {
                                pre.fields.push(Vec::new());
                            }
                        }
                    } else if multi && self.is_star(p) && !*quoted {
                        let n = vals.len();
                        for (i, v) in vals.into_iter().enumerate() {
                            pre.push(Piece {
                                s: v,
                                quoted: false,
                                split: true,
                            });
                            if i + 1 < n {
                                pre.fields.push(Vec::new());
                            }
                        }
                    } else {
                        let s = if multi {
                            let sep = self.ifs_first();
                            vals.join(&sep)
                        } else {
                            vals.join(" ")
                        };
                        pre.push(Piece {
                            s,
                            quoted: *quoted,
                            split: !*quoted,
                        })
                    }
                }
                W::Cmd(f, quoted) => {
                    let s = self.capture(*f)?;
                    if *quoted {
                        pre.quoted = true;
                    }
                    pre.push(Piece {
                        s,
                        quoted: *quoted,
                        split: !*quoted,
                    })
                }
                W::Arith(_, quoted) | W::ArithC(_, quoted) => {
                    let n = match part {
                        W::ArithC(f, _) => f(self)?,
                        W::Arith(w, _) => self.arith_word(w)?,
                        _ => unreachable!(),
                    };
                    if *quoted {
                        pre.quoted = true;
                    }
                    pre.push(Piece {
                        s: n.to_string(),
                        quoted: *quoted,
                        split: !*quoted,
                    })
                }
            }
        }
        Ok(())
    }

    /// Expand words into argv: splitting, globbing and quote removal.
    pub fn expand_words(&mut self, words: &'static [&'static [W]]) -> Result<Vec<String>, Flow> {
        let mut out = Vec::new();
        for w in words {
            // Fast path: one literal.
            if w.len() == 1 {
                if let W::Q(s) = w[0] {
                    out.push(s.to_string());
                    continue;
                }
                if let W::Lit(s) = w[0] {
                    if !pattern::has_glob(s) {
                        out.push(s.to_string());
                        continue;
                    }
                }
            }
            let mut pre = Pre {
                fields: Vec::new(),
                quoted: false,
                in_arg: false,
            };
            self.expand_pre(w, &mut pre)?;
            self.split_fields(pre, &mut out);
        }
        Ok(out)
    }

    fn split_fields(&mut self, pre: Pre, out: &mut Vec<String>) {
        let ifs = self.get_str("IFS");
        let ifs: Vec<char> = match &ifs {
            Some(s) => s.chars().collect(),
            None => vec![' ', '\t', '\n'],
        };
        for field in pre.fields {
            // Each output field: (text, glob pattern, has unquoted glob char, has quoted content).
            let mut cur = (String::new(), String::new(), false, false);
            let mut fields: Vec<(String, String, bool, bool)> = Vec::new();
            for piece in field {
                if piece.quoted || !piece.split || ifs.is_empty() {
                    if piece.quoted {
                        cur.3 = true;
                        cur.0.push_str(&piece.s);
                        cur.1.push_str(&pattern::escape(&piece.s));
                    } else {
                        if !piece.s.is_empty() {
                            cur.3 = true;
                        }
                        if pattern::has_glob(&piece.s) {
                            cur.2 = true;
                        }
                        cur.0.push_str(&piece.s);
                        cur.1.push_str(&piece.s);
                    }
                    continue;
                }
                let chars: Vec<char> = piece.s.chars().collect();
                let mut i = 0;
                while i < chars.len() {
                    let c = chars[i];
                    if ifs.contains(&c) {
                        // A run of IFS whitespace, with at most one non-whitespace IFS char, delimits.
                        let mut j = i;
                        while j < chars.len() && ifs.contains(&chars[j]) && is_ifs_ws(chars[j]) {
                            j += 1;
                        }
                        let mut hard = false;
                        if j < chars.len() && ifs.contains(&chars[j]) && !is_ifs_ws(chars[j]) {
                            hard = true;
                            j += 1;
                            while j < chars.len() && ifs.contains(&chars[j]) && is_ifs_ws(chars[j])
                            {
                                j += 1;
                            }
                        }
                        if cur.3 || hard {
                            fields.push(std::mem::take(&mut cur));
                        }
                        i = j;
                        continue;
                    }
                    cur.3 = true;
                    if pattern::is_glob_char(c) {
                        cur.2 = true;
                    }
                    cur.0.push(c);
                    cur.1.push(c);
                    i += 1;
                }
            }
            if cur.3 {
                fields.push(cur);
            }
            for (text, pat, glob, _) in fields {
                if glob && !self.opts.noglob {
                    let matches = pattern::glob_paths(&pat);
                    if !matches.is_empty() {
                        out.extend(matches);
                        continue;
                    }
                    out.push(text);
                } else {
                    out.push(text);
                }
            }
        }
    }

    /// Expand a word to one string: no splitting or globbing (assignments, `case` subjects, `[[ ]]`).
    pub fn expand_str(&mut self, word: &'static [W]) -> Result<String, Flow> {
        if word.len() == 1 {
            match &word[0] {
                W::Lit(s) | W::Q(s) => return Ok(s.to_string()),
                W::Arith(w, _) => return Ok(self.arith_word(w)?.to_string()),
                W::ArithC(f, _) => return Ok(f(self)?.to_string()),
                W::Param(p, _)
                    if p.op == ParamOp::Plain
                        && p.index.is_none()
                        && !matches!(p.name, "@" | "*") =>
                {
                    let var = if p.slot == NO_SLOT {
                        self.vars.get(p.name)
                    } else {
                        self.vars.at(p.slot)
                    };
                    match var.and_then(|v| v.val.as_ref()) {
                        Some(Val::Str(s)) => return Ok(s.clone()),
                        Some(Val::Int(n)) => return Ok(n.to_string()),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        let mut s = String::new();
        for part in word {
            match part {
                W::Lit(t) | W::Q(t) => s.push_str(t),
                W::Param(p, _)
                    if p.op == ParamOp::Plain
                        && p.index.is_none()
                        && p.slot != NO_SLOT
                        && self.push_var(p.slot, &mut s) => {}
                W::Param(p, quoted) => {
                    let (mut vals, multi) = self.expand_param(p)?;
                    if vals.len() == 1 {
                        // One value: moved in when it is the whole text so far, never joined.
                        let v = vals.pop().unwrap_or_default();
                        if s.is_empty() {
                            s = v;
                        } else {
                            s.push_str(&v);
                        }
                        continue;
                    }
                    let sep = if multi && (self.is_star(p) || *quoted) && self.is_star(p) {
                        self.ifs_first()
                    } else {
                        " ".into()
                    };
                    s.push_str(&vals.join(&sep));
                }
                _ => {
                    let mut pre = Pre {
                        fields: Vec::new(),
                        quoted: false,
                        in_arg: false,
                    };
                    self.expand_pre(std::slice::from_ref(part), &mut pre)?;
                    let v: Vec<String> = pre
                        .fields
                        .into_iter()
                        .map(|f| f.into_iter().map(|p| p.s).collect::<String>())
                        .collect();
                    s.push_str(&v.join(" "));
                }
            }
        }
        Ok(s)
    }

    /// Append the scalar value of the variable in `slot` to `s` without copying it first; false (nothing
    /// appended) when it is unset, for the general path to handle.
    fn push_var(&self, slot: u32, s: &mut String) -> bool {
        let v = match self.vars.at(slot).and_then(|v| v.val.as_ref()) {
            Some(Val::Str(v)) => Some(v.as_str()),
            Some(Val::Int(n)) => {
                use std::fmt::Write;
                let _ = write!(s, "{}", n);
                return true;
            }
            Some(Val::Arr(a)) => a.get(&0).map(String::as_str),
            Some(Val::Assoc(a)) => a.get("0").map(String::as_str),
            None => None,
        };
        match v {
            Some(v) => {
                s.push_str(v);
                true
            }
            None => false,
        }
    }

    /// Expand a word as a pattern: quoted characters are escaped with backslashes.
    pub fn expand_pat(&mut self, word: &'static [W]) -> Result<String, Flow> {
        let mut s = String::new();
        for part in word {
            match part {
                W::Lit(t) => s.push_str(t),
                W::Q(t) => s.push_str(&pattern::escape(t)),
                W::Param(_, true)
                | W::Cmd(_, true)
                | W::Arith(_, true)
                | W::ArithC(_, true)
                | W::Tilde(_) => {
                    let v = self.expand_str(std::slice::from_ref(part))?;
                    s.push_str(&pattern::escape(&v));
                }
                _ => {
                    let v = self.expand_str(std::slice::from_ref(part))?;
                    s.push_str(&v);
                }
            }
        }
        Ok(s)
    }

    /// `name=value`, `name[i]=value`, `name+=value`, `name=(a b c)`.
    pub fn do_assign(&mut self, a: &'static Assign, local_ok: bool) -> Result<(), Flow> {
        let _ = local_ok;
        if self.opts.xtrace {
            let t = format!("+ {}=...\n", a.name);
            self.err(&t);
        }
        match &a.value {
            AVal::Word(w) => {
                if a.index.is_none() && !a.append && a.slot != NO_SLOT {
                    if let [W::ArithC(f, _)] = w {
                        // `name=$((...))`: the integer is stored unformatted.
                        let n = f(self)?;
                        return self.ar_set(a.slot, n);
                    }
                }
                let v = self.expand_str(w)?;
                if a.index.is_none() && a.slot != NO_SLOT {
                    // Fast path: the common `name=value` / `name+=value` on a plain variable, by slot.
                    if let Some(var) = self.vars.at_mut(a.slot) {
                        if !var.readonly && !var.integer {
                            match &mut var.val {
                                Some(Val::Str(s)) => {
                                    if a.append {
                                        s.push_str(&v);
                                    } else {
                                        *s = v;
                                    }
                                    return Ok(());
                                }
                                Some(Val::Int(n)) => {
                                    let s = if a.append { n.to_string() + &v } else { v };
                                    var.val = Some(Val::Str(s));
                                    return Ok(());
                                }
                                _ => {}
                            }
                        }
                    }
                }
                match a.index {
                    Some(idx) => {
                        let var = if a.slot == NO_SLOT {
                            self.vars.get(a.name)
                        } else {
                            self.vars.at(a.slot)
                        };
                        let (readonly, assoc) = match var {
                            Some(v) => (v.readonly, matches!(v.val, Some(Val::Assoc(_)))),
                            None => (false, false),
                        };
                        if readonly {
                            self.error(&format!("{}: readonly variable", a.name));
                            return Err(self.fatal(1));
                        }
                        if assoc {
                            let k = self.expand_str(idx)?;
                            if let Some(Val::Assoc(m)) =
                                self.vars.get_mut(a.name).and_then(|v| v.val.as_mut())
                            {
                                let e = m.entry(k).or_default();
                                if a.append {
                                    e.push_str(&v);
                                } else {
                                    *e = v;
                                }
                            }
                            return Ok(());
                        }
                        let mut k = match a.ix {
                            Some(ix) => ix(self)?,
                            None => {
                                let ks = self.expand_str(idx)?;
                                self.arith_str(&ks)?
                            }
                        };
                        let arr = if a.slot == NO_SLOT {
                            self.array_mut(a.name)
                        } else {
                            self.array_mut_id(a.slot)
                        };
                        if k < 0 {
                            k += arr.keys().next_back().map(|m| m + 1).unwrap_or(0);
                        }
                        let e = arr.entry(k).or_default();
                        if a.append {
                            e.push_str(&v);
                        } else {
                            *e = v;
                        }
                    }
                    None => {
                        let integer = self.vars.get(a.name).map(|v| v.integer).unwrap_or(false);
                        if a.append {
                            if integer {
                                let old = self.get_str(a.name).unwrap_or_default();
                                let n = self.arith_str(&old)? + self.arith_str(&v)?;
                                self.assign_str(a.name, n.to_string())?;
                            } else {
                                let old = self.get_str(a.name).unwrap_or_default();
                                self.assign_str(a.name, old + &v)?;
                            }
                        } else {
                            self.assign_str(a.name, v)?;
                        }
                    }
                }
            }
            AVal::Array(items) => {
                if self.is_readonly(a.name) {
                    self.error(&format!("{}: readonly variable", a.name));
                    return Err(self.fatal(1));
                }
                if self.is_assoc(a.name) {
                    let mut m = if a.append {
                        match self.vars.get(a.name).and_then(|v| v.val.clone()) {
                            Some(Val::Assoc(m)) => m,
                            _ => BTreeMap::new(),
                        }
                    } else {
                        BTreeMap::new()
                    };
                    for (k, v) in items.iter() {
                        if let Some(k) = k {
                            let k = self.expand_str(k)?;
                            let v = self.expand_str(v)?;
                            m.insert(k, v);
                        }
                    }
                    self.set_val(a.name, Val::Assoc(m));
                    return Ok(());
                }
                let mut m = if a.append {
                    match self.vars.get(a.name).and_then(|v| v.val.clone()) {
                        Some(Val::Arr(m)) => m,
                        Some(Val::Str(s)) => crate::iarr::IArr::from_iter([(0, s)]),
                        Some(Val::Int(n)) => crate::iarr::IArr::from_iter([(0, n.to_string())]),
                        _ => crate::iarr::IArr::new(),
                    }
                } else {
                    crate::iarr::IArr::new()
                };
                let mut next = m.keys().next_back().map(|k| k + 1).unwrap_or(0);
                for (k, v) in items.iter() {
                    match k {
                        Some(k) => {
                            let ks = self.expand_str(k)?;
                            let k = self.arith_str(&ks)?;
                            let v = self.expand_str(v)?;
                            m.insert(k, v);
                            next = k + 1;
                        }
                        None => {
                            let vals = self.expand_words(std::slice::from_ref(v))?;
                            for val in vals {
                                m.insert(next, val);
                                next += 1;
                            }
                        }
                    }
                }
                self.set_val(a.name, Val::Arr(m));
            }
        }
        Ok(())
    }
}

fn user_home(user: &str) -> Option<String> {
    let text = std::fs::read_to_string("/etc/passwd").ok()?;
    for line in text.lines() {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() > 5 && f[0] == user {
            return Some(f[5].to_string());
        }
    }
    None
}

fn rand_next() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEED: AtomicU64 = AtomicU64::new(0x2545F4914F6CDD1D);
    let mut x = SEED.load(Ordering::Relaxed);
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    SEED.store(x, Ordering::Relaxed);
    x >> 16
}
