"""Cost of IIE_UNCERTAINTY's model: 10,000 draws of the expert panel at n = 149, m = 11.

Issue 15 asks for 10,000 uncertainty draws in at most 2× the time of 10,000 solves of m
right-hand sides against one LU factorisation. Prints the median wall time of
  - the reference: lu_factor(I − A) once, then 10,000 × lu_solve with the m unit vectors e_K
  - iiecon_xl.model.iie_uncertainty(..., draws=10,000), multinomial and Dirichlet resampling
  - the naive route for comparison: penetration() called per draw (timed on a few hundred
    draws and scaled to 10,000)
and each as a ratio to the reference measured in the same process, the calls interleaved.

    python benchmarks/bench_uncertainty.py [--n 149] [--m 11] [--draws 10000] [--repeat 3]
                                           [--blas-threads 1]

BLAS runs single-threaded by default (threadpoolctl when installed, else the usual environment
variables set before numpy is imported) so that a loaded 2-core machine gives stable ratios.
No timed assertions: the figures are printed for the note.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import time

if __name__ == "__main__":  # BLAS threads must be set before numpy is imported
    from blas_threads import pin_from_argv

    pin_from_argv()

import numpy as np  # noqa: E402
import scipy.linalg  # noqa: E402

from iiecon_xl import model  # noqa: E402


def system(n: int, m: int, seed: int = 0):
    """A productive A (column sums 0.3–0.8), outputs X, m related sectors and a panel of 20
    experts on 4 criteria and 5 grades (counts m×4×5)."""
    rng = np.random.default_rng(seed)
    A = rng.random((n, n))
    A *= rng.uniform(0.3, 0.8, n) / A.sum(axis=0)
    X = rng.lognormal(8, 1, n)
    K = rng.choice(n, m, replace=False)
    counts = rng.multinomial(20, [0.1, 0.3, 0.3, 0.2, 0.1], size=(m, 4)).astype(float)
    W = np.array([0.3, 0.25, 0.25, 0.2])
    G = np.array([0.9, 0.7, 0.5, 0.3, 0.1])
    return A, X, K, counts, W, G


def reference(A, K, draws: int) -> None:
    """One LU of I − A, then ``draws`` solves of the m right-hand sides e_K."""
    n = A.shape[0]
    lu = scipy.linalg.lu_factor(np.eye(n) - A, check_finite=False)
    E = np.zeros((n, len(K)))
    E[K, np.arange(len(K))] = 1.0
    for _ in range(draws):
        scipy.linalg.lu_solve(lu, E, check_finite=False)


def naive(A, X, K, S_draws) -> None:
    """penetration() per draw: one LU and m solves each time."""
    for S in S_draws:
        model.penetration(A, X, K, S)


def median_times(fns, repeat: int) -> list[float]:
    """Median wall time of each function, the calls interleaved round by round."""
    times = [[] for _ in fns]
    for _ in range(repeat):
        for ts, fn in zip(times, fns):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
    return [statistics.median(ts) for ts in times]


def blas_limits(threads: str):
    """threadpoolctl's limit when it is installed (else the environment variables do it)."""
    if threads == "auto":
        return contextlib.nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=int(threads), user_api="blas")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=149)
    ap.add_argument("--m", type=int, default=11)
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--naive-draws", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--blas-threads", default="1", help='BLAS threads (default 1), or "auto"')
    args = ap.parse_args(argv)
    A, X, K, counts, W, G = system(args.n, args.m)
    D = args.draws
    print(f"BLAS threads: {os.environ.get('OPENBLAS_NUM_THREADS', 'auto')}; n = {args.n}, m = {args.m}, "
          f"draws = {D:,}")
    with blas_limits(args.blas_threads):
        sample = model.iie_uncertainty(counts, W, G, A, X, K, draws=args.naive_draws, seed=1)
        for d in range(3):  # the batched route is the unbatched model
            assert np.isclose(sample.draws[d, 1], model.penetration(A, X, K, sample.S_draws[d]).total, rtol=1e-10)
        ref, t_mult, t_dir, t_naive = median_times([
            lambda: reference(A, K, D),
            lambda: model.iie_uncertainty(counts, W, G, A, X, K, draws=D, seed=0),
            lambda: model.iie_uncertainty(counts, W, G, A, X, K, draws=D, seed=0, method="dirichlet"),
            lambda: naive(A, X, K, sample.S_draws)], args.repeat)
    t_naive *= D / args.naive_draws
    print(f"{'route':<44} {'seconds':>9} {'ratio':>7}")
    for name, t in [(f"reference: 1 LU + {D:,} solves of {args.m} rhs", ref),
                    ("iie_uncertainty, multinomial", t_mult), ("iie_uncertainty, dirichlet", t_dir),
                    (f"penetration() per draw (scaled from {args.naive_draws})", t_naive)]:
        print(f"{name:<44} {t:>9.3f} {t / ref:>7.2f}")
    print(f"target ≤ 2.00: multinomial {t_mult / ref:.2f}, dirichlet {t_dir / ref:.2f}; the batched route is "
          f"{t_naive / t_mult:.0f}× faster than penetration() per draw")


if __name__ == "__main__":
    main()
