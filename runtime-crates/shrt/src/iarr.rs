//! Indexed arrays: bash's sparse arrays, stored densely where the indices are (0, 1, 2, ... with small gaps)
//! so that `a[i]` is a `Vec` index; far-apart or negative indices go to an ordered map.

use std::collections::BTreeMap;

/// How far past the end an index may land and still grow the dense part (the gap holds no elements).
const GAP: usize = 64;

#[derive(Clone, Debug, Default)]
pub struct IArr {
    /// Elements 0..dense.len(); `None` is an unset index.
    dense: Vec<Option<String>>,
    /// Every element whose index is negative or at least `dense.len()`.
    sparse: BTreeMap<i64, String>,
    /// How many elements `dense` holds.
    n: usize,
}

pub struct Entry<'a>(&'a mut IArr, i64);

impl<'a> Entry<'a> {
    /// The element, created empty when unset.
    pub fn or_default(self) -> &'a mut String {
        let Entry(a, k) = self;
        if a.get(&k).is_none() {
            a.insert(k, String::new());
        }
        match a.dense_index(k) {
            Some(i) => a.dense[i].get_or_insert_with(String::new),
            None => a.sparse.entry(k).or_default(),
        }
    }
}

impl IArr {
    pub fn new() -> IArr {
        IArr::default()
    }

    fn dense_index(&self, k: i64) -> Option<usize> {
        if k >= 0 && (k as u64) < self.dense.len() as u64 {
            Some(k as usize)
        } else {
            None
        }
    }

    pub fn len(&self) -> usize {
        self.n + self.sparse.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline]
    pub fn get(&self, k: &i64) -> Option<&String> {
        match self.dense_index(*k) {
            Some(i) => self.dense[i].as_ref(),
            None => self.sparse.get(k),
        }
    }

    pub fn contains_key(&self, k: &i64) -> bool {
        self.get(k).is_some()
    }

    /// Set element `k`; the old value.
    pub fn insert(&mut self, k: i64, v: String) -> Option<String> {
        if k >= 0 && (k as u64) < (self.dense.len() + GAP) as u64 {
            let i = k as usize;
            if i >= self.dense.len() {
                self.grow(i + 1);
            }
            let old = self.dense[i].replace(v);
            if old.is_none() {
                self.n += 1;
            }
            return old;
        }
        self.sparse.insert(k, v)
    }

    /// Make the dense part `len` long, moving in the elements of the sparse part it now covers.
    fn grow(&mut self, len: usize) {
        let old = self.dense.len();
        self.dense.resize(len, None);
        let moved: Vec<i64> = self
            .sparse
            .range(old as i64..len as i64)
            .map(|(k, _)| *k)
            .collect();
        for k in moved {
            if let Some(v) = self.sparse.remove(&k) {
                self.dense[k as usize] = Some(v);
                self.n += 1;
            }
        }
    }

    pub fn entry(&mut self, k: i64) -> Entry<'_> {
        Entry(self, k)
    }

    pub fn remove(&mut self, k: &i64) -> Option<String> {
        match self.dense_index(*k) {
            Some(i) => {
                let old = self.dense[i].take();
                if old.is_some() {
                    self.n -= 1;
                }
                old
            }
            None => self.sparse.remove(k),
        }
    }

    /// The elements in index order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (i64, &String)> {
        self.range_from(i64::MIN)
    }

    /// The elements whose index is at least `off`, in index order.
    pub fn range_from(&self, off: i64) -> impl DoubleEndedIterator<Item = (i64, &String)> {
        let neg = self.sparse.range(off.min(0)..0).map(|(k, v)| (*k, v));
        let skip = off.clamp(0, self.dense.len() as i64) as usize;
        let dense = self.dense[skip..]
            .iter()
            .enumerate()
            .filter_map(move |(i, v)| v.as_ref().map(|v| ((i + skip) as i64, v)));
        let high = self
            .sparse
            .range(off.max(self.dense.len() as i64)..)
            .map(|(k, v)| (*k, v));
        neg.chain(dense).chain(high)
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = i64> + '_ {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &String> {
        self.iter().map(|(_, v)| v)
    }
}

impl FromIterator<(i64, String)> for IArr {
    fn from_iter<T: IntoIterator<Item = (i64, String)>>(iter: T) -> IArr {
        let mut a = IArr::new();
        for (k, v) in iter {
            a.insert(k, v);
        }
        a
    }
}

#[cfg(test)]
mod tests {
    use super::IArr;
    use std::collections::BTreeMap;

    #[test]
    fn agrees_with_an_ordered_map() {
        let mut a = IArr::new();
        let mut m: BTreeMap<i64, String> = BTreeMap::new();
        let keys = [
            0,
            5,
            3,
            200,
            70,
            -2,
            1000,
            64,
            65,
            130,
            1,
            200,
            999_999_999,
            -7,
            2,
        ];
        for (n, k) in keys.iter().enumerate() {
            assert_eq!(a.insert(*k, n.to_string()), m.insert(*k, n.to_string()));
            if n % 4 == 3 {
                assert_eq!(a.remove(&keys[n / 2]), m.remove(&keys[n / 2]));
            }
            a.entry(k + 1).or_default().push('x');
            m.entry(k + 1).or_default().push('x');
            let got: Vec<(i64, String)> = a.iter().map(|(k, v)| (k, v.clone())).collect();
            let want: Vec<(i64, String)> = m.iter().map(|(k, v)| (*k, v.clone())).collect();
            assert_eq!(got, want);
            assert_eq!(a.len(), m.len());
            assert_eq!(a.keys().next_back(), m.keys().next_back().copied());
            for off in [-10, -2, 0, 3, 64, 150, 2000] {
                let got: Vec<i64> = a.range_from(off).map(|(k, _)| k).collect();
                let want: Vec<i64> = m.range(off..).map(|(k, _)| *k).collect();
                assert_eq!(got, want, "from {off}");
            }
        }
    }
}
