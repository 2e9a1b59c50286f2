"""Leontief inverse and penetration cost at n = 149, 1000, 3000 (m = 11).

Prints, for each n, the median wall time of
  - numpy.linalg.inv(I − A)                        (the reference, ratio 1.00)
  - iiecon_xl.model.calc_L(A)                      (whole inverse, with the productivity check)
  - the penetration step via the whole inverse     (inv of the augmented I − A*, then m columns)
  - iiecon_xl.model.penetration(A, X, K, S)        (one LU of I − A*, m solves: never the whole inverse)
and each as a ratio to the reference measured in the same process.

    python benchmarks/bench_leontief.py [--sizes 149 1000 3000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from iiecon_xl import model


def system(n: int, m: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    A = rng.random((n, n))
    A *= rng.uniform(0.3, 0.8, n) / A.sum(axis=0)   # column sums 0.3–0.8: productive
    X = rng.lognormal(8, 1, n)
    K = rng.choice(n, m, replace=False)
    S = rng.uniform(0.1, 0.4, m)
    return A, X, K, S


def penetration_via_inverse(A, X, K, S):
    """The naive route: the whole (n+m)² inverse of the augmented system, then its m columns."""
    aug = model.augment(A, X, K, S)
    n, m = A.shape[0], len(K)
    C = np.linalg.inv(np.eye(n + m) - aug.A)[:, aug.virtual]
    dY = C[:n] @ (S * X[K] / C[aug.virtual, np.arange(m)])
    return dY


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[149, 1000, 3000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--m", type=int, default=11)
    args = ap.parse_args(argv)
    print(f"{'n':>6} {'numpy.inv s':>12} {'calc_L':>14} {'pen. via inv':>14} {'penetration':>14}   (ratio to numpy.inv)")
    for n in args.sizes:
        A, X, K, S = system(n, args.m)
        I_A = np.eye(n) - A
        rep = args.repeat if n > 500 else max(args.repeat, 7)
        ref = median_time(lambda: np.linalg.inv(I_A), rep)
        t_L = median_time(lambda: model.calc_L(A), rep)
        t_naive = median_time(lambda: penetration_via_inverse(A, X, K, S), rep)
        t_pen = median_time(lambda: model.penetration(A, X, K, S), rep)
        assert np.allclose(penetration_via_inverse(A, X, K, S), model.penetration(A, X, K, S).dY, rtol=1e-8)
        print(f"{n:>6} {ref:>12.4f} {t_L / ref:>9.2f} ({t_L:.3f}s) {t_naive / ref:>6.2f} ({t_naive:.3f}s)"
              f" {t_pen / ref:>6.2f} ({t_pen:.3f}s)")
        print(f"{'':>6} penetration is {t_naive / t_pen:.1f}× cheaper than via the whole inverse, "
              f"{ref / t_pen:.1f}× cheaper than numpy.inv of I − A")


if __name__ == "__main__":
    main()
