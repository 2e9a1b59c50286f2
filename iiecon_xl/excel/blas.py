"""One BLAS thread for small matrices.

A worksheet function factorises a 149×149 matrix in about a millisecond. Handing that to
a two-thread BLAS gains nothing, and on a loaded machine (Excel, other processes, the
headless engine recalculating a book) the second thread may not get a core: the call
then stalls, measured up to 0.25 s for one factorisation. So the functions run the
linear algebra of a system of at most :data:`SMALL` sectors on one BLAS thread, and
leave larger systems (n = 999) to the BLAS configuration.

The limit is set through ``threadpoolctl``; one controller is made at the first use and
kept (making one scans the loaded libraries, several milliseconds; setting a limit
through it costs tens of microseconds). Without ``threadpoolctl``, or where it cannot
inspect the libraries (xlwings Lite under Pyodide has no BLAS threads anyway),
:func:`limited` does nothing.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

#: The largest system (sectors, or sectors plus virtual sectors) run on one BLAS thread.
SMALL = 400

_UNSET = object()
_controller = _UNSET


def _blas_controller():
    """The kept ``threadpoolctl`` controller of the BLAS libraries, or None."""
    global _controller
    if _controller is _UNSET:
        try:
            from threadpoolctl import ThreadpoolController

            blas = ThreadpoolController().select(user_api="blas")
            _controller = blas if blas.lib_controllers else None
        except Exception:  # noqa: BLE001 - no threadpoolctl, or it cannot read this platform
            _controller = None
    return _controller


def limited(n: int) -> AbstractContextManager:
    """A context in which BLAS uses one thread when ``n`` ≤ :data:`SMALL` (else no change)."""
    if n > SMALL:
        return nullcontext()
    controller = _blas_controller()
    if controller is None:
        return nullcontext()
    return controller.limit(limits=1)
