//! Files read ahead of a loop, in parallel with rayon (the `parallel` feature), for the loops the
//! `prefetch_file_reads` pass proves independent. The loop still runs in order and takes each text here.

use crate::io::decode_text;

/// How many files are read ahead at a time: enough to keep the thread pool busy, few enough that memory
/// stays near what reading one file at a time needs.
const WINDOW: usize = 64;

/// The files a loop will read, in the loop's order, read a window at a time.
#[derive(Debug, Default)]
pub struct Prefetch {
    paths: Vec<String>,
    texts: Vec<Option<String>>,
    pos: usize,
    loaded_to: usize,
}

/// Regular files only: anything else (and any failed read) is read again in place by `open()`,
/// which raises what CPython raises at that iteration.
fn read_regular(path: &String) -> Option<String> {
    let md = std::fs::metadata(path).ok()?;
    if !md.is_file() {
        return None;
    }
    std::fs::read(path).ok().map(|b| decode_text(b, true))
}

/// The paths a loop will read, in order; nothing is read until the loop takes the first one.
pub fn prefetch_texts(paths: Vec<String>) -> Prefetch {
    let n = paths.len();
    Prefetch {
        paths,
        texts: vec![None; n],
        pos: 0,
        loaded_to: 0,
    }
}

impl Prefetch {
    fn load(&mut self, from: usize) {
        let to = (from + WINDOW).min(self.paths.len());
        let window = &self.paths[from..to];
        #[cfg(feature = "parallel")]
        let texts: Vec<Option<String>> = {
            use rayon::prelude::*;
            window.par_iter().map(read_regular).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let texts: Vec<Option<String>> = window.iter().map(read_regular).collect();
        for (slot, t) in self.texts[from..to].iter_mut().zip(texts) {
            *slot = t;
        }
        self.loaded_to = to;
    }

    /// The text of `path` for this iteration: the next entry for that path (iterations that skipped
    /// their read are passed over), else `open(path).read()`.
    pub fn take(&mut self, path: &str) -> String {
        while self.pos < self.paths.len() {
            let i = self.pos;
            self.pos += 1;
            if self.paths[i] != path {
                self.texts[i] = None;
                continue;
            }
            if i >= self.loaded_to {
                self.load(i);
            }
            if let Some(t) = self.texts[i].take() {
                return t;
            }
            break;
        }
        crate::io::open(path, "r").read()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_in_order_and_falls_back() {
        let dir = std::env::temp_dir().join(format!("pyrt-par-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = dir.join("a.txt").to_string_lossy().into_owned();
        let b = dir.join("b.txt").to_string_lossy().into_owned();
        std::fs::write(&a, "one\r\ntwo").unwrap();
        std::fs::write(&b, "b").unwrap();
        let mut many = vec![b.clone(); 200];
        many.insert(0, a.clone());
        let mut pf = prefetch_texts(many);
        assert_eq!(pf.take(&a), "one\ntwo");
        for _ in 0..150 {
            assert_eq!(pf.take(&b), "b");
        }
        let mut pf = prefetch_texts(vec![a.clone(), b.clone(), a.clone()]);
        assert_eq!(pf.take(&b), "b"); // the iteration for the first `a` skipped its read
        assert_eq!(pf.take(&a), "one\ntwo");
        assert_eq!(pf.take(&a), "one\ntwo"); // past the end: read in place
        let _ = std::fs::remove_dir_all(&dir);
    }
}
