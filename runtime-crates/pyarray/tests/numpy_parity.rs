//! Expectations produced by numpy 2.4 (the Python line is quoted above each check).

use pyarray::index::Ix;
use pyarray::*;

fn v(x: &[f64]) -> Array<f64> {
    create::from_vec(x.to_vec())
}

#[test]
fn default_rng_matches_numpy() {
    // np.random.default_rng(42).random(3)
    let mut g = random::default_rng(42);
    assert_eq!(
        g.random_n(&[3]).into_raw_vec_and_offset().0,
        vec![0.7739560485559633, 0.4388784397520523, 0.8585979199113825]
    );
    // r = default_rng(7); r.integers(0,10,5), r.integers(-5,1000000,3), r.integers(0, 1<<40, 2)
    let mut g = random::default_rng(7);
    assert_eq!(
        g.integers_n(0, 10, &[5]).into_raw_vec_and_offset().0,
        vec![9, 6, 6, 8, 5]
    );
    assert_eq!(
        g.integers_n(-5, 1000000, &[3]).into_raw_vec_and_offset().0,
        vec![775684, 833650, 225203]
    );
    assert_eq!(
        g.integers_n(0, 1 << 40, &[2]).into_raw_vec_and_offset().0,
        vec![330036320526, 960482170696]
    );
}

#[test]
fn str_matches_numpy() {
    assert_eq!(fmt::str(&v(&[1.5, 2.25, -3.0])), "[ 1.5   2.25 -3.  ]");
    assert_eq!(
        fmt::str(&shape::reshape(&create::arange_i(0, 12, 1), &[3, 4])),
        "[[ 0  1  2  3]\n [ 4  5  6  7]\n [ 8  9 10 11]]"
    );
    assert_eq!(fmt::str(&v(&[1e-5, 1.0])), "[1.e-05 1.e+00]");
    assert_eq!(
        fmt::str(&create::linspace(0.0, 1.0, 7)),
        "[0.         0.16666667 0.33333333 0.5        0.66666667 0.83333333\n 1.        ]"
    );
    assert_eq!(
        fmt::str(&create::from_vec(vec![true, false])),
        "[ True False]"
    );
    assert_eq!(
        fmt::repr(&create::from_rows(vec![vec![1.0, 2.5], vec![3.0, 4.0]])),
        "array([[1. , 2.5],\n       [3. , 4. ]])"
    );
    let a = ops::mul(
        &astype::<f64, i64>(&create::arange_i(0, 30, 1)),
        &ops::scalar(0.37),
    );
    assert_eq!(
        fmt::str(&a),
        "[ 0.    0.37  0.74  1.11  1.48  1.85  2.22  2.59  2.96  3.33  3.7   4.07\n  4.44  4.81  5.18  5.55  5.92  6.29  6.66  7.03  7.4   7.77  8.14  8.51\n  8.88  9.25  9.62  9.99 10.36 10.73]"
    );
    assert_eq!(
        fmt::str(&create::arange_f(0.0, 2000.0, 1.0)),
        "[0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03]"
    );
    assert_eq!(
        fmt::str(&v(&[f64::NAN, 1.0, f64::INFINITY])),
        "[nan  1. inf]"
    );
    assert_eq!(
        fmt::repr(&create::zeros::<f32>(&[3]).mapv(|_| 1.0f32)),
        "array([1., 1., 1.], dtype=float32)"
    );
}

fn astype<T: Elem, U: Elem>(a: &Array<U>) -> Array<T> {
    create::astype::<T, U>(a)
}

#[test]
fn slicing_matches_numpy() {
    let a = shape::reshape(&create::arange_f(0.0, 12.0, 1.0), &[3, 4]);
    // a[::-1, 1:3]
    let s = index::get(
        &a,
        &[Ix::Slice(None, None, -1), Ix::Slice(Some(1), Some(3), 1)],
    );
    assert_eq!(
        s.iter().copied().collect::<Vec<_>>(),
        vec![9.0, 10.0, 5.0, 6.0, 1.0, 2.0]
    );
    // a[:, ::-2]
    let s = index::get(&a, &[Ix::Slice(None, None, 1), Ix::Slice(None, None, -2)]);
    assert_eq!(
        s.iter().copied().collect::<Vec<_>>(),
        vec![3.0, 1.0, 7.0, 5.0, 11.0, 9.0]
    );
    // a[2:0:-1]
    let s = index::get(&a, &[Ix::Slice(Some(2), Some(0), -1)]);
    assert_eq!(
        s.iter().copied().collect::<Vec<_>>(),
        vec![8.0, 9.0, 10.0, 11.0, 4.0, 5.0, 6.0, 7.0]
    );
    // a[:, None].shape == (3, 1, 4)
    assert_eq!(
        index::get(&a, &[Ix::Slice(None, None, 1), Ix::NewAxis]).shape(),
        &[3, 1, 4]
    );
    // a[a > 5].sum() == 51
    let m = ops::gt(&a, &ops::scalar(5.0));
    assert_eq!(reduce::sum(&index::mask(&a, &m)), 51.0);
    // a[np.array([2, 0])][:, 0] == [8, 0]
    let t = index::take(&a, &create::from_vec(vec![2i64, 0]));
    assert_eq!((t[[0, 0]], t[[1, 0]]), (8.0, 0.0));
}

#[test]
fn fft_matches_numpy() {
    // np.fft.fft([1,2,3,4,5])
    let f = fft::fft(&v(&[1.0, 2.0, 3.0, 4.0, 5.0]));
    let want = [
        (15.0, 0.0),
        (-2.5, 3.4409548011779334),
        (-2.5, 0.8122992405822659),
        (-2.5, -0.8122992405822659),
        (-2.5, -3.4409548011779334),
    ];
    for (z, w) in f.iter().zip(want) {
        assert!(
            (z.re - w.0).abs() < 1e-12 && (z.im - w.1).abs() < 1e-12,
            "{z} vs {w:?}"
        );
    }
    // np.fft.rfft([1,2,3,4,5,6]) has 4 bins
    let r = fft::rfft(&v(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]));
    assert_eq!(r.len(), 4);
    assert!((r[1].re + 3.0).abs() < 1e-12 && (r[1].im - 5.196152422706632).abs() < 1e-12);
    let back = fft::ifft(&f);
    assert!((back[2].re - 3.0).abs() < 1e-12);
}

#[test]
fn reductions_match_numpy_bitwise() {
    // x = np.sin(np.arange(1000)*0.1); x.sum(), x.std(), x.mean()
    let x = ops::sin(&ops::mul(
        &create::arange_f(0.0, 1000.0, 1.0),
        &ops::scalar(0.1),
    ));
    assert_eq!(reduce::sum(&x), 1.6288465636777159);
    assert_eq!(reduce::std(&x), 0.708551412874821);
    assert_eq!(reduce::mean(&x), 0.0016288465636777158);
    let a = shape::reshape(&create::arange_f(0.0, 6.0, 1.0), &[2, 3]);
    assert_eq!(
        reduce::sum_axis(&a, 0).into_raw_vec_and_offset().0,
        vec![3.0, 5.0, 7.0]
    );
    assert_eq!(
        reduce::argmax_axis(&a, 1).into_raw_vec_and_offset().0,
        vec![2, 2]
    );
    assert_eq!(
        reduce::cumsum(&a).into_raw_vec_and_offset().0,
        vec![0.0, 1.0, 3.0, 6.0, 10.0, 15.0]
    );
    assert_eq!(
        reduce::argsort(&v(&[3.0, 1.0, 2.0]))
            .into_raw_vec_and_offset()
            .0,
        vec![1, 2, 0]
    );
}

#[test]
fn linalg_matches_numpy() {
    let m = create::from_rows(vec![vec![4.0, 3.0], vec![6.0, 3.0]]);
    let x = linalg::solve(&m, &v(&[10.0, 12.0]));
    assert!((x[0] - 1.0).abs() < 1e-12 && (x[1] - 2.0).abs() < 1e-12);
    let i = linalg::inv(&m);
    assert!((i[[1, 1]] + 0.6666666666666666).abs() < 1e-12);
    let p = linalg::matmul(&m, &i);
    assert!((p[[0, 0]] - 1.0).abs() < 1e-12 && p[[0, 1]].abs() < 1e-12);
    assert_eq!(linalg::norm(&v(&[3.0, 4.0])), 5.0);
}

#[test]
fn broadcasting() {
    let col = shape::reshape(&create::arange_f(0.0, 3.0, 1.0), &[3, 1]);
    let row = create::arange_f(0.0, 4.0, 1.0);
    let s = ops::add(&col, &row);
    assert_eq!(s.shape(), &[3, 4]);
    assert_eq!(s[[2, 3]], 5.0);
}

/// `len(m), m.sum(axis=0)` of `m = a[key == c]` without the selection equals the selection's own, bit for
/// bit: rows added in order from 0.0 (numpy's identity, so -0.0 rows sum to 0.0), pairwise for
/// one-element rows (numpy's iterator then sees a single axis).
#[test]
fn count_sum_rows_where_matches_the_selection() {
    let mut rng = random::default_rng(11);
    for &(n, width) in &[
        (0, 2),
        (1, 1),
        (7, 1),
        (300, 1),
        (1000, 2),
        (130, 3),
        (65, 4),
        (200, 5),
        (64, 9),
        (5, 0),
    ] {
        let mut a = ops::mul(&rng.random_n(&[n, width]), &ops::scalar(1e3));
        if n > 0 && width > 0 {
            a[[0, 0]] = -0.0;
        }
        let key = rng.integers_n(0, 3, &[n]);
        for c in 0..4 {
            let (count, sums) = reduce::count_sum_rows_where(&a, &key, move |x| x == c);
            let m = index::rows_where(&a, &key, move |x| x == c);
            assert_eq!(count, m.shape()[0] as i64);
            let rows: Vec<Vec<f64>> = m
                .outer_iter()
                .map(|r| r.iter().copied().collect())
                .collect();
            let want: Vec<f64> = if width == 1 {
                let col: Vec<f64> = rows.iter().map(|r| r[0]).collect();
                vec![0.0 + reduce::pairwise(&col)]
            } else {
                let mut acc = vec![0.0; width];
                for r in &rows {
                    for (o, x) in acc.iter_mut().zip(r) {
                        *o += x;
                    }
                }
                acc
            };
            let got: Vec<u64> = sums.iter().map(|x| x.to_bits()).collect();
            assert_eq!(
                got,
                want.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                "n={n} width={width} c={c}"
            );
            let plain: Vec<u64> = reduce::sum_axis(&m, 0)
                .iter()
                .map(|x| x.to_bits())
                .collect();
            assert_eq!(got, plain, "sum_axis agrees, n={n} width={width}");
        }
    }
    // -0.0 rows: numpy's sum starts from 0.0
    let z = ops::mul(&create::ones::<f64>(&[3, 2]), &ops::scalar(-0.0));
    let (_, s) = reduce::count_sum_rows_where(&z, &create::zeros::<i64>(&[3]), |x| x == 0);
    assert!(s.iter().all(|x| x.to_bits() == 0));
    // shapes the fused path does not take: an elementwise 2-d key, a transposed (non-contiguous) array
    let a = ops::mul(&rng.random_n(&[6, 3]), &ops::scalar(10.0));
    let k2 = ops::mul(&rng.random_n(&[6, 3]), &ops::scalar(10.0));
    let (count, sums) = reduce::count_sum_rows_where(&a, &k2, |x| x > 5.0);
    let m = index::mask(&a, &k2.mapv(|x| x > 5.0));
    assert_eq!(count, m.len() as i64);
    assert_eq!(sums, reduce::sum_axis(&m, 0));
    let t = shape::transpose(&shape::transpose(&a).as_standard_layout().to_owned());
    let key = rng.integers_n(0, 2, &[6]);
    let (count, sums) = reduce::count_sum_rows_where(&t, &key, |x| x == 1);
    let m = index::rows_where(&t, &key, |x| x == 1);
    assert_eq!(
        (count, sums),
        (m.shape()[0] as i64, reduce::sum_axis(&m, 0))
    );
}

/// `group_count_sum_rows` + `group_take` (one pass over the key for every group) give each group exactly
/// what `count_sum_rows_where(a, key == j)` gives, bit for bit: empty groups, keys outside `0..k`, NaN,
/// -0.0, one-column rows (taken one group at a time), k <= 0 and a non-contiguous array.
#[test]
fn grouped_rows_match_one_selection_per_group() {
    let mut rng = random::default_rng(12);
    let bits = |a: &pyarray::Array<f64>| a.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
    for &(n, width) in &[
        (0, 2),
        (1, 1),
        (300, 1),
        (1000, 2),
        (130, 3),
        (65, 4),
        (200, 5),
        (64, 9),
        (5, 0),
    ] {
        let mut a = ops::mul(&rng.random_n(&[n, width]), &ops::scalar(1e3));
        if n > 2 && width > 0 {
            a[[0, 0]] = -0.0;
            a[[n / 2, width - 1]] = f64::NAN;
        }
        let key = rng.integers_n(-2, 7, &[n]);
        for k in [-1i64, 0, 1, 5, 9] {
            let (counts, sums) = reduce::group_count_sum_rows(&a, &key, k);
            for j in 0..k {
                let (count, s) = reduce::group_take(&counts, &sums, j, &a, &key);
                let (want_count, want) = reduce::count_sum_rows_where(&a, &key, move |x| x == j);
                assert_eq!(count, want_count, "n={n} width={width} k={k} j={j}");
                assert_eq!(bits(&s), bits(&want), "n={n} width={width} k={k} j={j}");
            }
        }
    }
    let a = ops::mul(&rng.random_n(&[6, 3]), &ops::scalar(10.0));
    let t = shape::transpose(&shape::transpose(&a).as_standard_layout().to_owned());
    let key = rng.integers_n(0, 2, &[6]);
    let cube = rng.random_n(&[6, 2, 2]);
    for b in [&t, &cube] {
        let (counts, sums) = reduce::group_count_sum_rows(b, &key, 2);
        if b.ndim() == 3 {
            assert_eq!(counts.len(), 0, "a 3-d array is taken one group at a time");
        }
        for j in 0..2 {
            let got = reduce::group_take(&counts, &sums, j, b, &key);
            assert_eq!(got, reduce::count_sum_rows_where(b, &key, move |x| x == j));
        }
    }
}
