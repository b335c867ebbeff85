//! `csv`: readers and writers on the csv crate, with the csv module's defaults (`excel` dialect:
//! `,` `"`, doubled quotes, minimal quoting, "\r\n" line terminator).

use crate::exc::raise;
use crate::fmt::{float_repr, PyFmt};
use crate::gen::{from_iter, Generator};
use crate::io::PyFile;
use crate::Dict;

/// `csv.QUOTE_MINIMAL`.
pub const QUOTE_MINIMAL: i64 = 0;
/// `csv.QUOTE_ALL`.
pub const QUOTE_ALL: i64 = 1;
/// `csv.QUOTE_NONNUMERIC`.
pub const QUOTE_NONNUMERIC: i64 = 2;
/// `csv.QUOTE_NONE`.
pub const QUOTE_NONE: i64 = 3;

/// The formatting keywords of `csv.reader`/`csv.writer`.
#[derive(Clone, Debug)]
pub struct Dialect {
    delimiter: u8,
    quotechar: u8,
    quoting: i64,
    lineterminator: String,
}

fn one_char(what: &str, s: &str) -> u8 {
    match s.as_bytes() {
        [b] if b.is_ascii() => *b,
        _ => raise(
            "TypeError",
            format!("\"{what}\" must be a 1-character string"),
        ),
    }
}

impl Dialect {
    /// The dialect from keyword values (ASCII delimiter and quote character).
    pub fn new(delimiter: &str, quotechar: &str, quoting: i64, lineterminator: &str) -> Dialect {
        if !(QUOTE_MINIMAL..=QUOTE_NONE).contains(&quoting) {
            raise("TypeError", "bad \"quoting\" value");
        }
        Dialect {
            delimiter: one_char("delimiter", delimiter),
            quotechar: one_char("quotechar", quotechar),
            quoting,
            lineterminator: lineterminator.to_string(),
        }
    }

    fn reader(&self, text: String) -> csv::Reader<std::io::Cursor<String>> {
        if self.quoting == QUOTE_NONNUMERIC {
            // the csv module would turn unquoted fields into floats
            raise(
                "NotImplementedError",
                "csv readers support QUOTE_MINIMAL, QUOTE_ALL and QUOTE_NONE",
            );
        }
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.delimiter)
            .quote(self.quotechar)
            .quoting(self.quoting != QUOTE_NONE)
            .from_reader(std::io::Cursor::new(text))
    }
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect::new(",", "\"", QUOTE_MINIMAL, "\r\n")
    }
}

/// The rows of the file. The csv crate skips blank lines, where Python's reader yields an empty row:
/// the line terminators between two records give them back.
fn records(f: &mut PyFile, d: &Dialect) -> impl Iterator<Item = Vec<String>> + 'static {
    let mut rdr = d.reader(f.read());
    let mut rec = csv::StringRecord::new();
    let mut blank = 0usize;
    let mut pending: Option<Vec<String>> = None;
    let mut done = false;
    std::iter::from_fn(move || loop {
        if blank > 0 {
            blank -= 1;
            return Some(Vec::new());
        }
        if let Some(row) = pending.take() {
            return Some(row);
        }
        if done {
            return None;
        }
        let start = rdr.position().byte() as usize;
        match rdr.read_record(&mut rec) {
            Ok(true) => pending = Some(rec.iter().map(str::to_string).collect()),
            Ok(false) => done = true,
            Err(e) => raise("_csv.Error", e.to_string()),
        }
        blank = blank_lines(rdr.get_ref().get_ref().as_bytes(), start);
    })
}

/// The empty lines at `start`, where the reader stopped after the previous record (maybe between
/// the "\r" and "\n" of its terminator).
fn blank_lines(text: &[u8], start: usize) -> usize {
    let mut i = start;
    if i > 0 && text.get(i - 1) == Some(&b'\r') && text.get(i) == Some(&b'\n') {
        i += 1;
    }
    let mut n = 0;
    loop {
        match (text.get(i), text.get(i + 1)) {
            (Some(b'\r'), Some(b'\n')) => i += 2,
            (Some(b'\r' | b'\n'), _) => i += 1,
            _ => return n,
        }
        n += 1;
    }
}

/// `csv.reader(f, ...)`: the rows of the rest of the file.
pub fn reader(f: &mut PyFile, d: &Dialect) -> Generator<Vec<String>> {
    from_iter(records(f, d))
}

/// `csv.DictReader(f, ...)`: the first row names the fields; each later row is a dict.
pub fn dict_reader(f: &mut PyFile, d: &Dialect) -> Generator<Dict<String, String>> {
    let mut rows = records(f, d).filter(|r| !r.is_empty());
    let header = rows.next().unwrap_or_default();
    from_iter(rows.map(move |row| {
        if row.len() != header.len() {
            raise(
                "ValueError",
                format!(
                    "csv.DictReader: a row has {} fields but the header has {} (restkey/restval are not supported)",
                    row.len(),
                    header.len()
                ),
            );
        }
        header.iter().cloned().zip(row).collect()
    }))
}

/// A value the csv writer turns into a field: `str()` of it, and "" for None.
pub trait CsvField {
    /// The field text.
    fn field(&self) -> String;
}

impl CsvField for str {
    fn field(&self) -> String {
        self.to_string()
    }
}

impl CsvField for String {
    fn field(&self) -> String {
        self.clone()
    }
}

impl CsvField for i64 {
    fn field(&self) -> String {
        self.to_string()
    }
}

impl CsvField for f64 {
    fn field(&self) -> String {
        float_repr(*self)
    }
}

impl CsvField for bool {
    fn field(&self) -> String {
        crate::fmt::to_str(self)
    }
}

impl CsvField for () {
    fn field(&self) -> String {
        String::new()
    }
}

impl CsvField for crate::json::Value {
    fn field(&self) -> String {
        match self {
            crate::json::Value::Null => String::new(),
            v => crate::fmt::to_str(v),
        }
    }
}

impl<T: CsvField + ?Sized> CsvField for &T {
    fn field(&self) -> String {
        (**self).field()
    }
}

impl<T: CsvField> CsvField for Option<T> {
    fn field(&self) -> String {
        self.as_ref().map_or_else(String::new, CsvField::field)
    }
}

/// The field text of one value (for rows built from tuples of mixed types).
pub fn field<T: CsvField + ?Sized>(x: &T) -> String {
    x.field()
}

/// `csv.writer(f, ...)`: writes rows to a shared handle on the file.
#[derive(Debug)]
pub struct Writer {
    file: PyFile,
    dialect: Dialect,
}

/// `csv.writer(f, ...)`.
pub fn writer(f: &PyFile, d: Dialect) -> Writer {
    if d.quoting == QUOTE_NONNUMERIC || d.quoting == QUOTE_NONE {
        raise(
            "NotImplementedError",
            "csv.writer supports QUOTE_MINIMAL and QUOTE_ALL",
        );
    }
    Writer {
        file: f.clone(),
        dialect: d,
    }
}

impl Writer {
    fn line(&self, fields: &[String]) -> String {
        let mut out = String::new();
        if !fields.is_empty() {
            let style = if self.dialect.quoting == QUOTE_ALL {
                csv::QuoteStyle::Always
            } else {
                csv::QuoteStyle::Necessary
            };
            let mut w = csv::WriterBuilder::new()
                .delimiter(self.dialect.delimiter)
                .quote(self.dialect.quotechar)
                .quote_style(style)
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new());
            let ok = w.write_record(fields).is_ok();
            let bytes = w.into_inner().unwrap_or_default();
            if !ok {
                raise("_csv.Error", "could not write the row");
            }
            // the record's text without the csv crate's terminator
            let text = String::from_utf8(bytes).unwrap_or_default();
            out.push_str(text.strip_suffix('\n').unwrap_or(&text));
        }
        out.push_str(&self.dialect.lineterminator);
        out
    }

    /// `w.writerow(row)`: returns the number of characters written.
    pub fn writerow<I>(&mut self, row: I) -> i64
    where
        I: IntoIterator,
        I::Item: CsvField,
    {
        let fields: Vec<String> = row.into_iter().map(|x| x.field()).collect();
        let line = self.line(&fields);
        self.file.write(&line)
    }

    /// `w.writerows(rows)`.
    pub fn writerows<R, I>(&mut self, rows: R)
    where
        R: IntoIterator<Item = I>,
        I: IntoIterator,
        I::Item: CsvField,
    {
        for row in rows {
            self.writerow(row);
        }
    }
}

/// `csv.DictWriter(f, fieldnames, ...)`.
#[derive(Debug)]
pub struct DictWriter {
    w: Writer,
    fieldnames: Vec<String>,
}

/// `csv.DictWriter(f, fieldnames=..., ...)`.
pub fn dict_writer(f: &PyFile, fieldnames: Vec<String>, d: Dialect) -> DictWriter {
    DictWriter {
        w: writer(f, d),
        fieldnames,
    }
}

impl DictWriter {
    /// `w.writeheader()`.
    pub fn writeheader(&mut self) -> i64 {
        let names = self.fieldnames.clone();
        self.w.writerow(names)
    }

    /// `w.writerow(d)`: missing keys write "", unknown keys raise ValueError.
    pub fn writerow<V: CsvField>(&mut self, row: &Dict<String, V>) -> i64 {
        let extra: Vec<String> = row
            .keys()
            .filter(|k| !self.fieldnames.contains(k))
            .map(|k| crate::fmt::str_repr(k))
            .collect();
        if !extra.is_empty() {
            raise(
                "ValueError",
                format!(
                    "dict contains fields not in fieldnames: {}",
                    extra.join(", ")
                ),
            );
        }
        let fields: Vec<String> = self
            .fieldnames
            .iter()
            .map(|k| row.get(k).map_or_else(String::new, CsvField::field))
            .collect();
        let line = self.w.line(&fields);
        self.w.file.write(&line)
    }

    /// `w.writerows(rows)`.
    pub fn writerows<V: CsvField>(&mut self, rows: &[Dict<String, V>]) {
        for r in rows {
            self.writerow(r);
        }
    }
}

impl PyFmt for Writer {
    fn fmt_repr(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<_csv.writer object>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_quoting_matches_python() {
        let w = Writer {
            file: crate::io::open("/dev/null", "w"),
            dialect: Dialect::default(),
        };
        let row: Vec<String> = ["a,b", "q\"x", "line\nbreak", "", "plain"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            w.line(&row),
            "\"a,b\",\"q\"\"x\",\"line\nbreak\",,plain\r\n"
        );
        assert_eq!(w.line(&[String::new()]), "\"\"\r\n");
        assert_eq!(w.line(&[]), "\r\n");
    }

    fn rows_of(text: &str) -> Vec<Vec<String>> {
        let path = std::env::temp_dir().join(format!("pyrt-csv-{}.csv", std::process::id()));
        let p = path.to_string_lossy().into_owned();
        crate::io::open(&p, "w").write(text);
        let rows: Vec<Vec<String>> =
            records(&mut crate::io::open(&p, "r"), &Dialect::default()).collect();
        let _ = std::fs::remove_file(&path);
        rows
    }

    #[test]
    fn blank_lines_are_empty_rows() {
        let rows = rows_of("a,b\n\n\"x\ny\",2\n\n\n");
        let lens: Vec<usize> = rows.iter().map(Vec::len).collect();
        assert_eq!(lens, vec![2, 0, 2, 0, 0]);
        assert_eq!(rows[2][0], "x\ny");
        assert_eq!(rows_of("a").len(), 1);
        assert_eq!(rows_of("a\r\nb\r\n").len(), 2);
        assert_eq!(rows_of("a\r\n\r\nb").len(), 3);
        assert_eq!(rows_of("z,\r\n\"\"\r\n\r\n").len(), 3);
        assert_eq!(rows_of("\"1\";\"2\"\r\n\"p|q\"|r\n").len(), 2);
    }
}
