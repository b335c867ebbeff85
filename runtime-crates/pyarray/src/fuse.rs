//! Fused broadcast expressions: one loop over the output, no temporaries.
//!
//! The `fuse_array_exprs` pass of the transpiler turns a chain such as
//! `((p[:, None, :] - c[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)` into one call here: the
//! operands become [`Leaf`]s (an array seen through `:`/`None` subscripts and numpy broadcasting on
//! the output shape), the elementwise part becomes a closure over one value per leaf, and the kernel
//! walks the output once.
//!
//! Results are bit-for-bit those of the unfused calls: a lane (last-axis) sum adds in numpy's pairwise
//! order ([`crate::reduce::pairwise`]: sequential from 0.0 below 8 values, eight accumulators in
//! blocks of 128 above), and min/max/argmin/argmax keep `reduce::pick`'s first-wins and NaN rules.
//!
//! The output is walked as `[rows, cols, lane]` (rank 3; a rank-2 output is `[rows, 1, lane]`).
//! Rows go in tiles of [`TILE`]: a leaf's values for a tile are gathered once per lane index (and
//! once for all columns when the leaf does not vary along them), so the closure runs over plain
//! arrays the compiler vectorizes. A pick (argmin/argmax/min/max) over lanes shorter than 8, where the
//! lane sum is a plain sequential one, goes [`W`] rows at a time instead ([`pick_short_lanes`]): the
//! sums, best values and indices stay in registers while the columns go by, a leaf constant along rows
//! (the centers of k-means) is one scalar per column and lane, and one constant along columns (the
//! points) is gathered once per rows. Tiles run on rayon when the output is large ([`FUSE_PAR_THRESHOLD`]); each tile's values
//! do not depend on another's, so the split changes no result.

use crate::Array;
use ndarray::IxDyn;
use std::borrow::Cow;

/// Rows of the output handled together.
pub const TILE: usize = 64;
/// Output elements (counting each lane value) from which tiles run on rayon: below it a fork-join
/// costs more than it saves, and on a busy machine a helper thread may not get a core in time.
pub const FUSE_PAR_THRESHOLD: usize = 1 << 20;
/// Lanes up to this length keep their per-row gathers across columns.
const LANE_CACHE: usize = 8;

/// An operand of a fused expression: an array seen on the output through `:`/`None` subscripts.
#[derive(Clone, Debug)]
pub struct Leaf<'a> {
    data: Cow<'a, [f64]>,
    /// The operand's own shape after the subscripts (what numpy would broadcast).
    pub shape: Vec<usize>,
    /// Element strides of `shape` (0 on new axes).
    strides: Vec<usize>,
}

/// `a[axes]` where `axes[k]` is `Some(source axis)` for a `:` and `None` for a new axis; source
/// axes must appear once each, in order (the pass only fuses such subscripts).
pub fn leaf<'a>(a: &'a Array<f64>, axes: &[Option<usize>]) -> Leaf<'a> {
    let data: Cow<'a, [f64]> = match a.as_slice() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(a.iter().copied().collect()),
    };
    let src = a.shape();
    let mut c_strides = vec![0usize; src.len()];
    let mut acc = 1usize;
    for k in (0..src.len()).rev() {
        c_strides[k] = acc;
        acc *= src[k];
    }
    let (mut shape, mut strides) = (Vec::new(), Vec::new());
    for ax in axes {
        match ax {
            Some(s) => {
                shape.push(src[*s]);
                strides.push(c_strides[*s]);
            }
            None => {
                shape.push(1);
                strides.push(0);
            }
        }
    }
    Leaf {
        data,
        shape,
        strides,
    }
}

/// Whether `a` has `rank` axes (fused code for an array of unknown rank checks this first).
pub fn has_rank(a: &Array<f64>, rank: usize) -> bool {
    a.ndim() == rank
}

/// The `[rows, cols, lane]` shape a fused kernel walks for a broadcast output shape of rank 2 or 3.
pub fn walk_shape(out: &[usize]) -> [usize; 3] {
    match *out {
        [r, l] => [r, 1, l],
        [r, c, l] => [r, c, l],
        _ => panic!("internal error: fused expression of rank {}", out.len()),
    }
}

/// One leaf bound to a walk shape: element (i, j, l) is `data[i*s[0] + j*s[1] + l*s[2]]`.
#[derive(Clone, Copy)]
struct Bound<'l> {
    data: &'l [f64],
    s: [usize; 3],
}

impl<'l> Bound<'l> {
    fn new(leaf: &'l Leaf<'_>, out_rank: usize) -> Self {
        // right-align the leaf on the output, then map onto [rows, cols, lane]
        let mut full = [0usize; 3];
        let pad = out_rank - leaf.shape.len();
        for (k, (&d, &st)) in leaf.shape.iter().zip(&leaf.strides).enumerate() {
            let o = k + pad;
            let w = if out_rank == 2 { [0, 2][o] } else { o };
            full[w] = if d == 1 { 0 } else { st };
        }
        Bound {
            data: &leaf.data,
            s: full,
        }
    }

    /// Values at rows i0..i0+n, column j, lane l into `buf[..n]`.
    #[inline(always)]
    fn gather(&self, buf: &mut [f64; TILE], i0: usize, n: usize, j: usize, l: usize) {
        let base = i0 * self.s[0] + j * self.s[1] + l * self.s[2];
        match self.s[0] {
            0 => buf[..n].fill(self.data[base]),
            1 => buf[..n].copy_from_slice(&self.data[base..base + n]),
            st => {
                for (d, &v) in buf[..n]
                    .iter_mut()
                    .zip(self.data[base..].iter().step_by(st))
                {
                    *d = v;
                }
            }
        }
    }
}

/// A tile's evaluator: leaf values gathered per lane, the closure applied over the tile.
struct Tile<'l, const K: usize, F> {
    leaves: [Bound<'l>; K],
    f: F,
    lane: usize,
    /// per leaf and lane: values for the current rows when the leaf does not vary along columns
    cache: Vec<[f64; TILE]>,
    cached: [bool; K],
    bufs: [[f64; TILE]; K],
}

impl<'l, const K: usize, F: Fn([f64; K]) -> f64> Tile<'l, K, F> {
    fn new(leaves: [Bound<'l>; K], f: F, lane: usize) -> Self {
        let cached = std::array::from_fn(|k| leaves[k].s[1] == 0 && lane <= LANE_CACHE);
        Tile {
            leaves,
            f,
            lane,
            cache: vec![[0.0; TILE]; K * lane.min(LANE_CACHE)],
            cached,
            bufs: [[0.0; TILE]; K],
        }
    }

    /// Start rows i0..i0+n: gather the column-invariant leaves once.
    fn rows(&mut self, i0: usize, n: usize) {
        let lanes = self.lane.min(LANE_CACHE);
        for k in 0..K {
            if self.cached[k] {
                for l in 0..lanes {
                    self.leaves[k].gather(&mut self.cache[k * lanes + l], i0, n, 0, l);
                }
            }
        }
    }

    /// out[..] = f(values at rows i0.., column j, lane l), or out[..] += f(..) when `add`.
    #[inline]
    fn eval(&mut self, out: &mut [f64; TILE], i0: usize, n: usize, j: usize, l: usize) {
        self.apply(out, i0, n, j, l, false);
    }

    #[inline(always)]
    fn apply(&mut self, out: &mut [f64; TILE], i0: usize, n: usize, j: usize, l: usize, add: bool) {
        let lanes = self.lane.min(LANE_CACHE);
        for k in 0..K {
            if !self.cached[k] {
                self.leaves[k].gather(&mut self.bufs[k], i0, n, j, l);
            }
        }
        let src: [&[f64; TILE]; K] = std::array::from_fn(|k| {
            if self.cached[k] {
                &self.cache[k * lanes + l]
            } else {
                &self.bufs[k]
            }
        });
        if add {
            for (t, o) in out.iter_mut().enumerate() {
                *o += (self.f)(std::array::from_fn(|k| src[k][t]));
            }
        } else {
            for (t, o) in out.iter_mut().enumerate() {
                *o = (self.f)(std::array::from_fn(|k| src[k][t]));
            }
        }
    }

    /// acc = the lane sums at rows i0.., column j, in numpy's pairwise order.
    #[inline(always)]
    fn lane_sum(&mut self, acc: &mut [f64; TILE], i0: usize, n: usize, j: usize) {
        if self.lane < 8 {
            // pairwise below 8 values: sequential from 0.0
            *acc = [0.0; TILE];
            for l in 0..self.lane {
                self.apply(acc, i0, n, j, l, true);
            }
        } else {
            self.pairwise(acc, i0, n, j, 0, self.lane);
        }
    }

    fn pairwise(
        &mut self,
        acc: &mut [f64; TILE],
        i0: usize,
        n: usize,
        j: usize,
        lo: usize,
        len: usize,
    ) {
        if len < 8 {
            *acc = [0.0; TILE];
            for l in lo..lo + len {
                self.apply(acc, i0, n, j, l, true);
            }
        } else if len <= 128 {
            let mut r = [[0.0; TILE]; 8];
            for (m, rm) in r.iter_mut().enumerate() {
                self.eval(rm, i0, n, j, lo + m);
            }
            let mut i = 8;
            while i < len - (len % 8) {
                for (m, rm) in r.iter_mut().enumerate() {
                    self.apply(rm, i0, n, j, lo + i + m, true);
                }
                i += 8;
            }
            for t in 0..TILE {
                acc[t] = ((r[0][t] + r[1][t]) + (r[2][t] + r[3][t]))
                    + ((r[4][t] + r[5][t]) + (r[6][t] + r[7][t]));
            }
            while i < len {
                self.apply(acc, i0, n, j, lo + i, true);
                i += 1;
            }
        } else {
            let mut n2 = len / 2;
            n2 -= n2 % 8;
            let mut right = [0.0; TILE];
            self.pairwise(acc, i0, n, j, lo, n2);
            self.pairwise(&mut right, i0, n, j, lo + n2, len - n2);
            for (a, &x) in acc.iter_mut().zip(&right) {
                *a += x;
            }
        }
    }
}

fn bind<'l, const K: usize>(leaves: [&'l Leaf<'_>; K], out_rank: usize) -> [Bound<'l>; K] {
    std::array::from_fn(|k| Bound::new(leaves[k], out_rank))
}

/// Split `rows` into tiles, each written to its own chunk of `out` (`per_row` values a row), on rayon
/// when `work` is large.
fn tiles<R: Send, S>(
    out: &mut [R],
    per_row: usize,
    rows: usize,
    work: usize,
    state: impl Fn() -> S + Sync,
    body: impl Fn(&mut S, &mut [R], usize, usize) + Sync,
) {
    let chunk = TILE * per_row.max(1);
    if per_row == 0 || rows == 0 {
        return;
    }
    if work >= FUSE_PAR_THRESHOLD {
        use rayon::prelude::*;
        out.par_chunks_mut(chunk)
            .enumerate()
            .for_each_init(&state, |s, (t, o)| body(s, o, t * TILE, o.len() / per_row));
    } else {
        let mut s = state();
        for (t, o) in out.chunks_mut(chunk).enumerate() {
            body(&mut s, o, t * TILE, o.len() / per_row);
        }
    }
}

/// `E.sum(axis=-1)` of the elementwise expression `f` over `leaves` on the broadcast shape `out`.
pub fn sum_lanes<const K: usize, F: Fn([f64; K]) -> f64 + Sync + Copy>(
    out: &[usize],
    leaves: [&Leaf<'_>; K],
    f: F,
) -> Array<f64> {
    let [rows, cols, lane] = walk_shape(out);
    let bound = bind(leaves, out.len());
    let mut res = vec![0.0; rows * cols];
    tiles(
        &mut res,
        cols,
        rows,
        rows * cols * lane,
        || Tile::new(bound, f, lane),
        |tile, o, i0, n| {
            tile.rows(i0, n);
            let mut acc = [0.0; TILE];
            for j in 0..cols {
                tile.lane_sum(&mut acc, i0, n, j);
                for (t, &a) in acc[..n].iter().enumerate() {
                    o[t * cols + j] = a;
                }
            }
        },
    );
    Array::from_shape_vec(IxDyn(&out[..out.len() - 1]), res).expect("reduced shape")
}

/// Which of min, max, argmin, argmax a [`pick_lane_sums`] takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Min,
    Max,
}

/// The best (first on ties, NaN sticky) of the lane sums along columns, for each row: its index and
/// value, as `E.sum(axis=-1).argmin(axis=-1)` and `.min(axis=-1)` compute them. Rank-3 outputs only.
fn pick_lane_sums<const K: usize, F: Fn([f64; K]) -> f64 + Sync + Copy>(
    out: &[usize],
    leaves: [&Leaf<'_>; K],
    f: F,
    pick: Pick,
) -> (Vec<i64>, Vec<f64>) {
    let [rows, cols, lane] = walk_shape(out);
    if out.len() != 3 {
        panic!("internal error: fused pick needs a rank-3 expression");
    }
    if cols == 0 && rows > 0 {
        crate::value_error(
            "zero-size array to reduction operation minimum which has no identity".into(),
        );
    }
    let bound = bind(leaves, 3);
    if lane < 8 {
        return pick_short_lanes(bound, f, pick, rows, cols, lane);
    }
    let mut res: Vec<(i64, f64)> = vec![(0, 0.0); rows];
    tiles(
        &mut res,
        1,
        rows,
        rows * cols * lane,
        || Tile::new(bound, f, lane),
        |tile, o, i0, n| {
            tile.rows(i0, n);
            let mut best = [0.0; TILE];
            let mut idx = [0i64; TILE];
            let mut acc = [0.0; TILE];
            tile.lane_sum(&mut best, i0, n, 0);
            for j in 1..cols {
                tile.lane_sum(&mut acc, i0, n, j);
                let jj = j as i64;
                for t in 0..TILE {
                    let (x, b) = (acc[t], best[t]);
                    let better = if pick == Pick::Min { x < b } else { x > b };
                    let take = !b.is_nan() && (x.is_nan() || better);
                    best[t] = if take { x } else { b };
                    idx[t] = if take { jj } else { idx[t] };
                }
            }
            for (t, r) in o.iter_mut().enumerate().take(n) {
                *r = (idx[t], best[t]);
            }
        },
    );
    res.into_iter().unzip()
}

/// Rows handled together by [`pick_short_lanes`]: four AVX-512 registers of f64 (8 rows left the
/// compiler's vectorizer behind; 32 keep the per-column work in registers).
const W: usize = 32;

/// A leaf's values at rows i..i+n (n <= W), column j, lane l; zero past n.
#[inline(always)]
fn fetch(b: &Bound<'_>, i: usize, n: usize, j: usize, l: usize) -> [f64; W] {
    let base = i * b.s[0] + j * b.s[1] + l * b.s[2];
    let mut v = [0.0; W];
    match b.s[0] {
        0 => v = [b.data[base]; W],
        1 if n == W => v.copy_from_slice(&b.data[base..base + W]),
        st => {
            for (t, d) in v.iter_mut().enumerate().take(n) {
                *d = b.data[base + t * st];
            }
        }
    }
    v
}

/// The lane sums of `f` at rows i..i+n, column j: sequential from 0.0, as numpy sums fewer than 8.
/// `fixed` holds the values of the leaves that do not vary along columns, gathered once for the rows.
#[inline(always)]
fn short_sums<const K: usize, F: Fn([f64; K]) -> f64>(
    bound: &[Bound<'_>; K],
    f: &F,
    fixed: &[[[f64; W]; K]; 8],
    lane: usize,
    i: usize,
    n: usize,
    j: usize,
) -> [f64; W] {
    let mut acc = [0.0; W];
    for (l, fl) in fixed.iter().enumerate().take(lane) {
        // leaves constant along rows are one scalar (kept out of memory: a broadcast stored and
        // loaded again stalls), those constant along columns are read where they were gathered for
        // the rows (no copy), the others fetched
        let mut v = [[0.0; W]; K];
        let mut one = [0.0; K];
        for k in 0..K {
            let b = &bound[k];
            if b.s[0] == 0 {
                one[k] = b.data[j * b.s[1] + l * b.s[2]];
            } else if b.s[1] != 0 {
                v[k] = fetch(b, i, n, j, l);
            }
        }
        for t in 0..W {
            let mut x = [0.0; K];
            for k in 0..K {
                let b = &bound[k];
                x[k] = if b.s[0] == 0 {
                    one[k]
                } else if b.s[1] == 0 {
                    fl[k][t]
                } else {
                    v[k][t]
                };
            }
            acc[t] += f(x);
        }
    }
    acc
}

/// Rows i0.. of a [`pick_short_lanes`] output, W at a time.
#[inline(always)]
fn pick_short_rows<const K: usize, F: Fn([f64; K]) -> f64>(
    bound: &[Bound<'_>; K],
    f: &F,
    pick: Pick,
    (cols, lane): (usize, usize),
    (ib, vb): (&mut [i64], &mut [f64]),
    i0: usize,
) {
    // filled afresh for each chunk of rows (made once: zeroing it per chunk costs as much as the sums)
    let mut fixed = [[[0.0; W]; K]; 8];
    for (c, (ic, vc)) in ib.chunks_mut(W).zip(vb.chunks_mut(W)).enumerate() {
        let (i, n) = (i0 + c * W, ic.len());
        for k in 0..K {
            if bound[k].s[1] == 0 {
                for (l, fl) in fixed.iter_mut().enumerate().take(lane) {
                    fl[k] = fetch(&bound[k], i, n, 0, l);
                }
            }
        }
        let mut best = short_sums(bound, f, &fixed, lane, i, n, 0);
        let mut idx = [0i64; W];
        for j in 1..cols {
            let acc = short_sums(bound, f, &fixed, lane, i, n, j);
            let jj = j as i64;
            for t in 0..W {
                let (x, b) = (acc[t], best[t]);
                let better = if pick == Pick::Min { x < b } else { x > b };
                let take = !b.is_nan() && (x.is_nan() || better);
                best[t] = if take { x } else { b };
                idx[t] = if take { jj } else { idx[t] };
            }
        }
        ic.copy_from_slice(&idx[..n]);
        vc.copy_from_slice(&best[..n]);
    }
}

/// [`pick_short_rows`] when every leaf is constant along rows or along columns (k-means: the centers
/// and the points) and lanes have `L` values: the row-constant leaves' values are read once into a
/// table (column, lane, leaf), the column-constant ones gathered once per W rows, and with the lane
/// length and the pick known to the compiler the whole per-column step stays in vector registers.
/// The same sequential sums from 0.0, first-wins and NaN rules as [`pick_short_rows`].
fn pick_split_rows<const K: usize, const L: usize, F: Fn([f64; K]) -> f64, const MIN: bool>(
    bound: &[Bound<'_>; K],
    f: &F,
    cols: usize,
    (ib, vb): (&mut [i64], &mut [f64]),
) {
    let rc: [bool; K] = std::array::from_fn(|k| bound[k].s[0] == 0);
    let table: Vec<[[f64; K]; L]> = (0..cols)
        .map(|j| {
            std::array::from_fn(|l| {
                std::array::from_fn(|k| {
                    let b = &bound[k];
                    if rc[k] {
                        b.data[j * b.s[1] + l * b.s[2]]
                    } else {
                        0.0
                    }
                })
            })
        })
        .collect();
    let mut p = [[[0.0; W]; K]; L];
    for (c, (ic, vc)) in ib.chunks_mut(W).zip(vb.chunks_mut(W)).enumerate() {
        let (i, n) = (c * W, ic.len());
        for (l, pl) in p.iter_mut().enumerate() {
            for k in 0..K {
                if !rc[k] {
                    pl[k] = fetch(&bound[k], i, n, 0, l);
                }
            }
        }
        // the row-constant leaves' slots of p hold their value for the current column, splat (a
        // select between a scalar and p per element made LLVM gather through a vector of pointers)
        let mut best = [0.0; W];
        let mut idx = [0i64; W];
        for (j, one) in table.iter().enumerate() {
            for (pl, ol) in p.iter_mut().zip(one) {
                for k in 0..K {
                    if rc[k] {
                        pl[k] = [ol[k]; W];
                    }
                }
            }
            if j == 0 {
                for (t, b) in best.iter_mut().enumerate() {
                    *b = split_sum(&p, f, t);
                }
                continue;
            }
            let jj = j as i64;
            for t in 0..W {
                let (x, b) = (split_sum(&p, f, t), best[t]);
                let better = if MIN { x < b } else { x > b };
                let take = !b.is_nan() && (x.is_nan() || better);
                best[t] = if take { x } else { b };
                idx[t] = if take { jj } else { idx[t] };
            }
        }
        ic.copy_from_slice(&idx[..n]);
        vc.copy_from_slice(&best[..n]);
    }
}

/// The lane sum at row t of a [`pick_split_rows`] chunk: sequential from 0.0.
#[inline(always)]
fn split_sum<const K: usize, const L: usize, F: Fn([f64; K]) -> f64>(
    p: &[[[f64; W]; K]; L],
    f: &F,
    t: usize,
) -> f64 {
    let mut acc = 0.0;
    for pl in p {
        acc += f(std::array::from_fn(|k| pl[k][t]));
    }
    acc
}

/// [`pick_lane_sums`] for lanes shorter than 8, where numpy's pairwise sum is a plain sequential sum
/// from 0.0: W rows at a time, the lane sums, best values and indices kept in registers while the
/// columns go by (the same additions in the same order, the same first-wins and NaN rules).
fn pick_short_lanes<const K: usize, F: Fn([f64; K]) -> f64 + Sync + Copy>(
    bound: [Bound<'_>; K],
    f: F,
    pick: Pick,
    rows: usize,
    cols: usize,
    lane: usize,
) -> (Vec<i64>, Vec<f64>) {
    let mut idx_out = vec![0i64; rows];
    let mut val_out = vec![0.0; rows];
    let split = bound.iter().all(|b| b.s[0] == 0 || b.s[1] == 0);
    if split && (1..=4).contains(&lane) && rows * cols * lane < FUSE_PAR_THRESHOLD {
        let out = (&mut idx_out[..], &mut val_out[..]);
        match (lane, pick) {
            (1, Pick::Min) => pick_split_rows::<K, 1, _, true>(&bound, &f, cols, out),
            (1, Pick::Max) => pick_split_rows::<K, 1, _, false>(&bound, &f, cols, out),
            (2, Pick::Min) => pick_split_rows::<K, 2, _, true>(&bound, &f, cols, out),
            (2, Pick::Max) => pick_split_rows::<K, 2, _, false>(&bound, &f, cols, out),
            (3, Pick::Min) => pick_split_rows::<K, 3, _, true>(&bound, &f, cols, out),
            (3, Pick::Max) => pick_split_rows::<K, 3, _, false>(&bound, &f, cols, out),
            (4, Pick::Min) => pick_split_rows::<K, 4, _, true>(&bound, &f, cols, out),
            _ => pick_split_rows::<K, 4, _, false>(&bound, &f, cols, out),
        }
        return (idx_out, val_out);
    }
    if rows * cols * lane >= FUSE_PAR_THRESHOLD {
        use rayon::prelude::*;
        idx_out
            .par_chunks_mut(TILE)
            .zip(val_out.par_chunks_mut(TILE))
            .enumerate()
            .for_each(|(t, out)| pick_short_rows(&bound, &f, pick, (cols, lane), out, t * TILE));
    } else if pick == Pick::Min {
        // the pick a constant, so that its compare folds into the loop
        pick_short_rows(
            &bound,
            &f,
            Pick::Min,
            (cols, lane),
            (&mut idx_out, &mut val_out),
            0,
        );
    } else {
        pick_short_rows(
            &bound,
            &f,
            Pick::Max,
            (cols, lane),
            (&mut idx_out, &mut val_out),
            0,
        );
    }
    (idx_out, val_out)
}

/// `E.sum(axis=-1).argmin(axis=-1)` (Pick::Min) or `.argmax(axis=-1)` (Pick::Max).
pub fn argpick_lane_sums<const K: usize, F: Fn([f64; K]) -> f64 + Sync + Copy>(
    out: &[usize],
    leaves: [&Leaf<'_>; K],
    f: F,
    pick: Pick,
) -> Array<i64> {
    let (idx, _) = pick_lane_sums(out, leaves, f, pick);
    Array::from_shape_vec(IxDyn(&out[..1]), idx).expect("reduced shape")
}

/// `E.sum(axis=-1).min(axis=-1)` (Pick::Min) or `.max(axis=-1)` (Pick::Max).
pub fn valpick_lane_sums<const K: usize, F: Fn([f64; K]) -> f64 + Sync + Copy>(
    out: &[usize],
    leaves: [&Leaf<'_>; K],
    f: F,
    pick: Pick,
) -> Array<f64> {
    let (_, vals) = pick_lane_sums(out, leaves, f, pick);
    Array::from_shape_vec(IxDyn(&out[..1]), vals).expect("reduced shape")
}
