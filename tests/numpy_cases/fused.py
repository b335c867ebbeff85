"""Fused numpy chains (passes/fuse_array_exprs.py) beside the chains it must leave alone; every result is
printed at full precision (float repr), so the transpiled program must match numpy bit for bit.

argv: n (rows, default 50).
"""

import sys

import numpy as np
import numpy.typing as npt


def show(name: str, a: np.ndarray) -> None:
    print(name, a.ravel().tolist())


def nearest(points: np.ndarray, centers: np.ndarray) -> list[int]:
    # the k-means chain over three statements, on arrays of unknown rank (checked at run time)
    diff = points[:, None, :] - centers[None, :, :]
    dist = (diff * diff).sum(axis=2)
    return dist.argmin(axis=1).tolist()


def farthest_value(points: np.ndarray, centers: np.ndarray) -> np.ndarray:
    return ((points[:, None, :] - centers[None, :, :]) ** 2).sum(axis=-1).max(axis=-1)


def cluster_means(name: str, points: np.ndarray, k: int) -> None:
    # members is used only through its size and column sums/means: counted and summed in one pass over
    # labels (passes/fuse_masked_rows.py), with numpy's row-after-row order
    labels = np.argsort(points[:, -1]) % (k - 1)
    for j in range(k):
        members = points[labels == j]
        print(name, j, len(members))
        if members.shape[0] > 0:
            show(f"{name} mean {j}", members.mean(axis=0))
        show(f"{name} sum {j}", np.sum(members, axis=0))


def grouped_means(points: np.ndarray, labels: npt.NDArray[np.int64], k: int) -> np.ndarray:
    # every cluster's count and column sums in one pass over labels before the loop (passes/fuse_masked_rows.py,
    # group_selection_loops), each cluster's rows added in row order as numpy does; labels outside 0..k are in
    # no cluster
    out = np.zeros((k, points.shape[1] + 2))
    for j in range(k):
        members = points[labels == j]
        out[j, 0] = len(members)
        if len(members) > 0:
            out[j, 2:] = members.mean(axis=0)
        out[j, 1] = members.sum(axis=0)[0]
    return out


def above_means(points: np.ndarray, cut: float) -> None:
    key = points[:, 1]
    high = points[key > cut]
    low = points[key <= cut]
    print("above", high.shape[0], low.shape[-2])
    show("above sum", high.sum(axis=0))
    show("below mean", low.mean(0))


def first_member(points: np.ndarray) -> list[float]:
    # members is indexed, so the selection is built (not fused)
    labels = np.argsort(points[:, 0]) % 3
    members = points[labels == 1]
    return [float(len(members)), float(members[0, 1])] if len(members) > 0 else []


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    rng = np.random.default_rng(7)
    for d in (1, 2, 3, 7, 8, 9, 16, 130, 300):
        x = rng.random((n, d)) * 10.0 - 5.0
        c = rng.random((4, d)) * 10.0 - 5.0
        show(f"sq d={d}", ((x[:, None, :] - c[None, :, :]) ** 2).sum(axis=2))
        print(f"argmin d={d}", nearest(x, c))
        print(f"argmax d={d}", (x[:, None, :] * c[None, :, :]).sum(axis=2).argmax(axis=1).tolist())
        show(f"min d={d}", (np.abs(x[:, None, :] - c[None, :, :])).sum(axis=-1).min(axis=1))
        show(f"max d={d}", farthest_value(x, c))
    x = rng.random((n, 5))
    m = x.mean(axis=0)
    s = 2.5
    k = 3
    show("rank2 centered", ((x - m) ** 2).sum(axis=1))
    show("rank2 scalars", (x * s - k).sum(axis=-1))
    # sqrt and abs are exact in IEEE arithmetic (exp, log, sin, cos and general powers are fused the same
    # way, but numpy's SIMD (SVML) versions and Rust's libm may differ in the last bit, fused or not)
    show("rank2 ufuncs", (np.sqrt(x) + np.abs(0.5 - x) / 3.0 - -x).sum(axis=1))
    show("rank2 powers", (x ** 2 - x ** 0.5).sum(axis=1))
    show("rank2 newaxis", (x[:, :] * m[None, :]).sum(axis=1))
    col = rng.random((n, 1))
    show("broadcast size-1 lane", (x - col).sum(axis=1))
    print("broadcast size-1 rows", ((col[:, None, :] - x[None, :, :]) ** 2).sum(axis=2).argmin(axis=1).tolist())
    # not fused: sums along a leading axis keep numpy's row-after-row order
    show("axis0", (x * 2.0).sum(axis=0))
    y = rng.random((n, 3, 4))
    show("rank3 middle axis", (y * y).sum(axis=1))
    show("rank3 first axis", (y - 0.5).sum(axis=0))
    # a temporary used twice in one statement is fused into both chains; used in two statements, it stays
    t = x * x
    show("both uses fused", t.sum(axis=1) + t.sum(axis=1).argmin())
    u = x - 0.25
    show("kept temporary", u.sum(axis=1))
    show("kept temporary again", (u * 2.0).sum(axis=1))
    # NaN: argmin/min take the first NaN, as numpy does
    z = rng.random((n, 2))
    z[n // 2, 1] = float("nan")
    w = rng.random((3, 2))
    print("nan argmin", ((z[:, None, :] - w[None, :, :]) ** 2).sum(axis=2).argmin(axis=1).tolist())
    show("nan min", ((z[:, None, :] - w[None, :, :]) ** 2).sum(axis=2).min(axis=1))
    w[1, 0] = float("nan")
    print("nan center argmax", ((z[:, None, :] - w[None, :, :]) ** 2).sum(axis=2).argmax(axis=1).tolist())
    # a[key == c] selects rows without building the mask (pyarray::index::rows_where)
    lab = rng.integers(0, 3, size=n)
    for j in range(3):
        show(f"rows where label {j}", x[lab == j].sum(axis=0))
    for width in (1, 2, 3, 4):
        narrow = rng.random((n, width))
        show(f"rows where width {width}", narrow[lab == 1])
        show(f"rows where width {width} none", narrow[lab == 7])
    show("rows where float key", x[x[:, 0] > 0.5].ravel())
    show("elementwise mask", x[x > 0.5])
    # row selections summarized without building them: widths 1 (numpy sums a one-element row pairwise)
    # to 9, an empty cluster, -0.0 rows (numpy starts from 0.0) and a NaN
    for width in (1, 2, 3, 4, 5, 9):
        pts = rng.random((n, width)) * 200.0 - 100.0
        pts[0, 0] = -0.0
        cluster_means(f"cluster width {width}", pts, 5)
    pts = rng.random((n, 2))
    pts[n // 3, 0] = float("nan")
    cluster_means("cluster nan", pts, 3)
    cluster_means("cluster -0.0", np.zeros((n, 2)) * -1.0, 2)
    for width in (1, 2, 3, 4, 5, 9):
        pts = rng.random((n, width)) * 200.0 - 100.0
        pts[0, 0] = -0.0
        pts[n // 4, width - 1] = float("nan")
        labels = rng.integers(-2, 7, size=n)
        show(f"grouped width {width}", grouped_means(pts, labels, 5))
    show("grouped -0.0", grouped_means(np.zeros((n, 2)) * -1.0, rng.integers(0, 2, size=n), 3))
    show("grouped k=0", grouped_means(x, lab, 0))
    # a strided view: the groups are taken one selection at a time (pyarray::reduce::group_take)
    show("grouped strided", grouped_means(x[:, :2], lab, 3))
    above_means(x, 0.5)
    print("first member", first_member(x))
    # a pick over short lanes large enough to run on rayon (pyarray::fuse::FUSE_PAR_THRESHOLD)
    big = rng.random((131072 + n, 2))
    bc = rng.random((4, 2))
    big_labels = ((big[:, None, :] - bc[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    print("rayon argmin", big_labels[:n].tolist(), int((big_labels * np.arange(big_labels.shape[0])).sum()))
    print("rayon min", repr(float(((big[:, None, :] - bc[None, :, :]) ** 2).sum(axis=2).min(axis=1).sum())))
    # a 3-d array where the code expects 2-d: the run-time rank check takes the unfused path
    cube = rng.random((4, 3, 2))
    show("rank check fallback", farthest_value(cube, cube))


if __name__ == "__main__":
    main()
