"""Pin BLAS threads for a benchmark before numpy is imported.

Each benchmark script calls :func:`pin_from_argv` at the top, before ``import numpy``:
``--blas-threads N`` (default 1) sets the usual environment variables, ``auto`` leaves
them alone. One thread gives stable ratios on a loaded 2-core machine.
"""

from __future__ import annotations

import os
import sys

_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def pin_from_argv(argv: list[str] | None = None, default: str = "1") -> str:
    """Set the BLAS thread variables from ``--blas-threads`` in ``argv``; returns the value."""
    argv = sys.argv if argv is None else argv
    threads = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--blas-threads"), default)
    if threads != "auto":
        for var in _VARS:
            os.environ[var] = threads
    return threads
