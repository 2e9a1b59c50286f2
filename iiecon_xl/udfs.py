"""The Excel functions of iiecon-xl — one definition each, one registry for everything.

Every function is written once, below, as a plain Python function that takes
Excel-shaped values (scalars, flat lists, lists of lists, ``None`` for blanks — see
:mod:`iiecon_xl.cells`), calls the economics in :mod:`iiecon_xl.model` and returns an
Excel-shaped value (a ``float``, a text, or a list of lists). Bad input raises
:class:`~iiecon_xl.errors.IIEInputError` naming the Excel argument.

The ``@_excel`` decorator records each function in three dicts, the only place that
lists them:

- :data:`FUNCTIONS` — Excel name → the plain callable (raises on bad input). The
  headless formula engine, the generated reference (:mod:`iiecon_xl.docs`) and the
  tests read this.
- :data:`SPECS` — Excel name → :class:`ExcelFunction`, the metadata (argument help,
  return shape, formula, example).
- :data:`EXCEL` — Excel name → the xlwings-decorated entry point that Excel calls. It
  is also the module attribute of that name (``iiecon_xl.udfs.LEONTIEF_INV``), which is
  where classic xlwings (``UDF Modules = iiecon_xl.udfs``) and xlwings Lite
  (``from iiecon_xl.udfs import *`` in ``main.py``) look for it. It never raises: an
  input error comes back as one text cell ``"#IIE! <argument>: <problem>"``, any other
  exception as ``"#IIE! internal error: …"`` (logged, never a traceback in the cell).

Decorators: one family only, the one xlwings picks when it is imported — the COM
decorators on Windows with pywin32, the Office.js decorators under xlwings Server /
Lite (``XLWINGS_ON_SERVER=true``), no-ops elsewhere (Linux, macOS). Under Pyodide
(``sys.platform == "emscripten"``, i.e. xlwings Lite) the Office.js family is taken from
``xlwings.server`` even if the environment variable was not set. The two families are
never stacked on one function.

Results are returned whole and spill as dynamic arrays in Excel 365 and xlwings Lite.
``xw.ret(expand="table")``, the legacy emulation for Excel versions without dynamic
arrays (it overwrites neighbouring cells), is applied only when the environment variable
``IIECON_XL_LEGACY_ARRAYS=1`` is set before Excel starts Python.
"""

from __future__ import annotations

import functools
import inspect
import logging
import math
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xlwings as xw

from . import __version__, cells, model
from .cells import BLANK_IS_ERROR, IIE_ERROR_PREFIX
from .errors import IIEInputError

logger = logging.getLogger(__name__)

#: Excel function category (classic Excel's Function Wizard).
CATEGORY = "iiecon-xl"


# --------------------------------------------------------------------------- decorators


def _decorator_family():
    """(func, arg, ret): the family xlwings picked at import; Office.js under Pyodide."""
    if sys.platform == "emscripten" and not getattr(xw, "on_server", False):  # pragma: no cover
        from xlwings.server import arg, func, ret  # xlwings Lite without XLWINGS_ON_SERVER

        return func, arg, ret
    return xw.func, xw.arg, xw.ret


_func, _arg, _ret = _decorator_family()
_RET_OPTIONS = {"expand": "table"} if os.environ.get("IIECON_XL_LEGACY_ARRAYS") == "1" else {}


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class ExcelFunction:
    """Metadata of one Excel function (what docs/functions.md and the add-ins show)."""

    name: str
    func: Callable
    args: tuple[tuple[str, str], ...]   # (argument name, help text) in signature order
    ranges: frozenset[str]               # arguments read as ranges (xw.arg ndim=2)
    returns: str                         # the return shape, in words
    formula: str                         # the formula computed (METHOD.md notation)
    example: tuple                       # Python (Excel-shaped) arguments of a worked example
    doc: str                             # one-line description (Function Wizard, ≤ 255 chars)
    volatile: bool = False

    @property
    def optional(self) -> tuple[str, ...]:
        params = inspect.signature(self.func).parameters.values()
        return tuple(p.name for p in params if p.default is not inspect.Parameter.empty)

    def signature(self) -> str:
        """``LEONTIEF_INV(matrix, [total_output])``."""
        opt = set(self.optional)
        return f"{self.name}({', '.join(f'[{a}]' if a in opt else a for a, _ in self.args)})"


FUNCTIONS: dict[str, Callable] = {}
SPECS: dict[str, ExcelFunction] = {}
EXCEL: dict[str, Callable] = {}


def _summary(doc: str | None) -> str:
    first = (doc or "").strip().split("\n\n")[0]
    return " ".join(first.split())


def _excel_entry(name: str, plain: Callable) -> Callable:
    """The callable Excel runs: ``plain`` with every failure turned into one text cell."""

    @functools.wraps(plain)
    def entry(*args):
        try:
            return plain(*args)
        except IIEInputError as e:
            return f"{IIE_ERROR_PREFIX} {e}"
        except Exception as e:  # noqa: BLE001 - Excel must get a message, never a traceback
            logger.exception("internal error in %s", name)
            message = " ".join(str(e).split())
            if len(message) > 200:
                message = message[:199] + "…"
            return f"{IIE_ERROR_PREFIX} internal error: {type(e).__name__}: {message}"

    return entry


def _excel(*, args: tuple[tuple[str, str], ...], returns: str, formula: str, example: tuple,
           ranges: tuple[str, ...] = (), volatile: bool = False):
    """Register the decorated plain function and return its xlwings-decorated entry point."""

    def register(plain: Callable) -> Callable:
        name = plain.__name__
        params = list(inspect.signature(plain).parameters)
        if params != [a for a, _ in args]:
            raise TypeError(f"{name}: help texts {[a for a, _ in args]} do not match the signature {params}")
        if name in SPECS:
            raise TypeError(f"{name} is registered twice")
        spec = ExcelFunction(name=name, func=plain, args=tuple(args), ranges=frozenset(ranges),
                             returns=returns, formula=formula, example=tuple(example),
                             doc=_summary(plain.__doc__), volatile=volatile)
        entry = _excel_entry(name, plain)
        entry.__doc__ = spec.doc  # the Function Wizard / Office.js description
        entry = _ret(**_RET_OPTIONS)(entry)
        for arg_name, help_text in args:
            options = {"ndim": 2} if arg_name in ranges else {}
            entry = _arg(arg_name, doc=help_text, err_to_str=True, **options)(entry)
        entry = _func(category=CATEGORY, volatile=volatile)(entry)
        FUNCTIONS[name] = plain
        SPECS[name] = spec
        EXCEL[name] = entry
        return entry

    return register


# --------------------------------------------------------------------------- helpers


def _absent(v) -> bool:
    """An optional argument left out, or given as one blank cell."""
    if v is None:
        return True
    if isinstance(v, (list, tuple, np.ndarray)):
        flat = np.asarray(v, dtype=object).reshape(-1)
        return flat.size == 1 and cells.is_blank(flat[0])
    return cells.is_blank(v)


@contextmanager
def _renamed(names: dict[str, str]):
    """Re-raise the model's input errors under the Excel argument names."""
    try:
        yield
    except IIEInputError as e:
        if e.argument in names:
            raise IIEInputError(names[e.argument], e.problem) from None
        raise


def _unit_interval(name: str, arr: np.ndarray) -> np.ndarray:
    bad = np.flatnonzero((arr < 0) | (arr > 1))
    if bad.size:
        i = int(bad[0])
        raise IIEInputError(name, f"coefficients must lie in [0, 1]; item {i + 1} is {arr[i]:g}")
    return arr


def _years(name: str, v) -> np.ndarray:
    y = cells.to_vector(name, v, blank=BLANK_IS_ERROR)
    frac = np.flatnonzero(y != np.round(y))
    if frac.size:
        i = int(frac[0])
        raise IIEInputError(name, f"item {i + 1} ({y[i]:g}) is not a whole year")
    years = y.astype(int)
    uniq, counts = np.unique(years, return_counts=True)
    if (counts > 1).any():
        raise IIEInputError(name, f"year {int(uniq[counts > 1][0])} appears more than once")
    return years


def _finite_or_blank(x: float):
    return float(x) if np.isfinite(x) else None


def _fit(years, Y, K, L, start_year, end_year, constant_returns):
    yrs = _years("years", years)
    n = len(yrs)
    series = {nm: pd.Series(cells.to_vector(nm, v, n, against="years", blank=np.nan), index=yrs)
              for nm, v in (("Y", Y), ("K", K), ("L", L))}
    lo = cells.to_int("start_year", start_year, 2007)
    hi = cells.to_int("end_year", end_year, 2016)
    cr = cells.to_bool("constant_returns", constant_returns, False)
    with _renamed({"window": "start_year"}):
        fit = model.fit_cobb_douglas(series["Y"], series["K"], series["L"], window=(lo, hi),
                                     constant_returns=cr)
    return yrs, series, fit


def _related_and_shares(related, coefficients, n: int, shape: tuple[int, int]):
    """0-based related positions and their shares, from IIE_AUGMENT's related/coefficients."""
    if _absent(related):
        S = cells.to_vector("coefficients", coefficients, n, against=("flows", shape))
        _unit_interval("coefficients", S)
        k = np.flatnonzero(S)
        return k, S[k]
    r = cells.to_vector("related", related, blank=np.nan, bools=True)
    keep = ~np.isnan(r)
    known = r[keep]
    flags = len(r) == n and bool(np.isin(known, (0.0, 1.0)).all())
    if flags:  # 0/1 flags aligned with the sectors (blank = 0)
        k = np.flatnonzero(np.where(keep, r, 0.0) == 1.0)
    else:  # 1-based sector positions (blank cells are skipped)
        bad = np.flatnonzero((known != np.round(known)) | (known < 1) | (known > n))
        if bad.size:
            raise IIEInputError("related", f"{known[bad[0]]:g} is not a sector position 1..{n}")
        k = known.astype(int) - 1
        uniq, counts = np.unique(k, return_counts=True)
        if (counts > 1).any():
            raise IIEInputError("related", f"sector {int(uniq[counts > 1][0]) + 1} is listed more than once")
    S = cells.to_vector("coefficients", coefficients)
    if len(S) == n and (flags or len(r) != n):
        S_k = S[k]                       # one coefficient per sector
    elif len(S) == len(r):
        S_k = S[keep]                    # one coefficient per entry of related, same order
    elif flags and len(S) == len(k):
        S_k = S                          # one coefficient per flagged sector, in sector order
    else:
        raise IIEInputError("coefficients", f"{len(S)} values, but related has {len(r)} and flows is "
                                            f"{shape[0]}×{shape[1]}")
    _unit_interval("coefficients", S_k)
    return k, S_k


# --------------------------------------------------------------------------- the functions

_EX_Z = [[10.0, 20.0, 5.0], [15.0, 5.0, 10.0], [5.0, 10.0, 20.0]]
_EX_X = [100.0, 80.0, 120.0]
_EX_S = [0.0, 0.4, 0.0]
_EX_YEARS = list(range(2007, 2021))
_EX_K = [round(100.0 * 1.09 ** t, 2) for t in range(14)]
_EX_L = [round(50.0 * (1.0 + 0.05 * math.sin(t)), 2) for t in range(14)]
_EX_Y = [round(2.0 * k ** 0.4 * l_ ** 0.6 * 1.02 ** max(0, year - 2016) * (1.0 + 0.003 * ((7 * t) % 5 - 2)), 2)
         for t, (year, k, l_) in enumerate(zip(_EX_YEARS, _EX_K, _EX_L))]


@_excel(
    args=(("matrix", "Square range: the coefficient matrix A, or the flow table Z when total_output is given. "
                     "Blank cells count as 0."),
          ("total_output", "Optional row or column of total outputs X (one per sector). When given, "
                           "A = Z / X by column.")),
    ranges=("matrix", "total_output"),
    returns="n×n matrix L (spills)",
    formula="L = (I − A)⁻¹; with total_output: a_ij = z_ij / X_j (a zero column where X_j = 0)",
    example=([[0.2, 0.3], [0.1, 0.4]],),
)
def LEONTIEF_INV(matrix, total_output=None):
    """The Leontief inverse (I − A)⁻¹ of a coefficient matrix A, or of a flow table Z with its total outputs X."""
    M = cells.to_matrix("matrix", matrix, square=True)
    if _absent(total_output):
        L = model.calc_L(M, name="matrix")
    else:
        X = cells.to_vector("total_output", total_output, M.shape[0], against=("matrix", M.shape))
        A = model.calc_A(M, X, z_name="matrix", x_name="total_output")
        L = model.calc_L(A, name="matrix")
    return cells.to_excel(L, name="matrix")


@_excel(
    args=(("flows", "Square range: the intermediate flow table Z (z_ij = output of sector i used by "
                    "sector j). Blank cells count as 0."),
          ("total_output", "Row or column of total outputs X, one per sector.")),
    ranges=("flows", "total_output"),
    returns="n×n matrix A (spills)",
    formula="a_ij = z_ij / X_j (a zero column where X_j = 0)",
    example=(_EX_Z, _EX_X),
)
def TECH_COEFF(flows, total_output):
    """Technical coefficients A = Z · diag(X)⁻¹ of a flow table Z and total outputs X."""
    Z = cells.to_matrix("flows", flows, square=True)
    X = cells.to_vector("total_output", total_output, Z.shape[0], against=("flows", Z.shape))
    return cells.to_excel(model.calc_A(Z, X, z_name="flows", x_name="total_output"), name="flows")


@_excel(
    args=(("total_input", "Row or column of total inputs X_k, one per sector (= total output)."),
          ("intermediate_input", "Row or column of intermediate inputs M_k (column sums of Z), one per "
                                 "sector."),
          ("coefficients", "Row or column of IIE coefficients S_k in [0, 1], aligned with the sectors; "
                           "blank or 0 = not a related sector."),
          ("by_sector", "Optional TRUE to return the column S_k (X_k − M_k) by sector instead of the "
                        "total. Default FALSE.")),
    ranges=("total_input", "intermediate_input", "coefficients"),
    returns="scalar Σ S_k (X_k − M_k); with by_sector TRUE an n×1 column",
    formula="Zdir = Σ_k S_k (X_k − M_k)",
    example=([100.0, 80.0, 120.0], [30.0, 35.0, 35.0], [0.0, 0.4, 0.0]),
)
def IIE_DIRECT(total_input, intermediate_input, coefficients, by_sector=False):
    """Direct (core-industry) IIE value added Σ S_k (X_k − M_k), in total or by sector."""
    X = cells.to_vector("total_input", total_input)
    n = len(X)
    M = cells.to_vector("intermediate_input", intermediate_input, n, against="total_input")
    S = _unit_interval("coefficients", cells.to_vector("coefficients", coefficients, n, against="total_input"))
    per_sector = cells.to_bool("by_sector", by_sector, False)
    k = np.flatnonzero(S)
    with _renamed({"X": "total_input", "M": "intermediate_input", "S": "coefficients",
                   "related": "coefficients"}):
        values = model.direct_by_sector(X, M, k, S[k])
    if per_sector:
        return cells.to_excel(values, name="total_input")
    return cells.to_excel(float(values.sum()), name="total_input")


_PENETRATION_RESULTS = ("dz", "total", "dY", "lambda", "table")


@_excel(
    args=(("flows", "Square range: the intermediate flow table Z. Blank cells count as 0."),
          ("total_output", "Row or column of total outputs X, one per sector."),
          ("coefficients", "Row or column of IIE coefficients S_k in [0, 1], aligned with the sectors; "
                           "blank or 0 = not a related sector."),
          ("value_added", "Optional row or column of value added V; default X minus the column sums of Z."),
          ("result", 'Optional: "dz" (default, n×1 column), "total" (Σ dz), "dY" (ΔY), "lambda" (λ) or '
                     '"table" (n×3: ΔY, λ, dz).')),
    ranges=("flows", "total_output", "coefficients", "value_added"),
    returns='n×1 column dz; "total" → scalar; "dY", "lambda" → n×1; "table" → n×3 [ΔY, λ, dz]',
    formula="A* augmented with one virtual sector per related k (shares S_k : 1 − S_k); "
            "C = (I − A*)⁻¹; ΔY_i = Σ_v C_iv · S_k X_k / C_vv; λ_i = ΔY_i / X*_i; dz_i = λ_i (X*_i − M*_i) "
            "= ΔY_i V_i / X_i",
    example=(_EX_Z, _EX_X, _EX_S, None, "table"),
)
def IIE_PENETRATION(flows, total_output, coefficients, value_added=None, result="dz"):
    """Penetration IIE value added by sector (augmented input-output model): dz, or ΔY, λ, the total or a table."""
    Z = cells.to_matrix("flows", flows, square=True)
    n = Z.shape[0]
    X = cells.to_vector("total_output", total_output, n, against=("flows", Z.shape))
    S = _unit_interval("coefficients",
                       cells.to_vector("coefficients", coefficients, n, against=("flows", Z.shape)))
    if _absent(value_added):
        V = X - Z.sum(axis=0)
    else:
        V = cells.to_vector("value_added", value_added, n, against=("flows", Z.shape))
    what = cells.to_text("result", result, "dz", choices=_PENETRATION_RESULTS)
    A = model.calc_A(Z, X, z_name="flows", x_name="total_output")
    k = np.flatnonzero(S)
    with _renamed({"S": "coefficients", "related": "coefficients", "A": "flows", "X": "total_output",
                   "V": "value_added"}):
        pen = model.penetration(A, X, k, S[k], V, a_name="flows", x_name="total_output", v_name="value_added")
    if what == "total":
        return cells.to_excel(pen.total, name="flows")
    out = {"dz": pen.dz, "dY": pen.dY, "lambda": pen.lam, "table": pen.table()}[what]
    return cells.to_excel(out, name="flows")


_AUGMENT_RESULTS = ("matrix", "output", "flows")


@_excel(
    args=(("flows", "Square range: the intermediate flow table Z. Blank cells count as 0."),
          ("total_output", "Row or column of total outputs X, one per sector."),
          ("related", "Column of 1-based positions of the related sectors, or of 0/1 flags aligned with the "
                      "sectors; a blank cell takes the sectors with nonzero coefficients."),
          ("coefficients", "IIE coefficients S_k in [0, 1]: one per entry of related, or one per sector."),
          ("result", 'Optional: "matrix" (default, A*), "output" (X* column) or "flows" (Z* = A* diag X*).')),
    ranges=("flows", "total_output", "related", "coefficients"),
    returns='(n+m)×(n+m) matrix A* ("output" → (n+m)×1 column X*, "flows" → (n+m)×(n+m) Z*)',
    formula="A* = diag(r) · A[σ, σ], σ = (1..n, k_1..k_m), r_k = 1 − S_k, r_v = S_k, r_j = 1 otherwise; "
            "X*_v = S_k X_k, X*_k = (1 − S_k) X_k",
    example=(_EX_Z, _EX_X, [2], [0.4]),
)
def IIE_AUGMENT(flows, total_output, related, coefficients, result="matrix"):
    """The augmented coefficient matrix A* with one virtual pure-IIE sector per related sector (for auditing)."""
    Z = cells.to_matrix("flows", flows, square=True)
    n = Z.shape[0]
    X = cells.to_vector("total_output", total_output, n, against=("flows", Z.shape))
    k, S_k = _related_and_shares(related, coefficients, n, Z.shape)
    what = cells.to_text("result", result, "matrix", choices=_AUGMENT_RESULTS)
    A = model.calc_A(Z, X, z_name="flows", x_name="total_output")
    with _renamed({"S": "coefficients", "A": "flows", "X": "total_output"}):
        aug = model.augment(A, X, k, S_k, a_name="flows", x_name="total_output")
    if what == "output":
        return cells.to_excel(aug.X, name="flows")
    if what == "flows":
        return cells.to_excel(aug.A * aug.X[np.newaxis, :], name="flows")
    return cells.to_excel(aug.A, name="flows")


_FIT_ARGS = (
    ("years", "Row or column of years (whole numbers, each once)."),
    ("Y", "Output (GDP) by year, aligned with years; blank = missing."),
    ("K", "Capital stock by year, aligned with years; blank = missing."),
    ("L", "Employment by year, aligned with years; blank = missing."),
    ("start_year", "Optional first year of the fit window. Default 2007."),
    ("end_year", "Optional last year of the fit window. Default 2016."),
    ("constant_returns", "Optional TRUE to impose α + β = 1 (regress ln(Y/L) on ln(K/L)). Default FALSE."),
)
_FIT_EXAMPLE = (_EX_YEARS, _EX_Y, _EX_K, _EX_L)


@_excel(
    args=_FIT_ARGS,
    ranges=("years", "Y", "K", "L"),
    returns='8×3 table: header ["parameter", "estimate", "std_error"], rows lnA, alpha, beta, A, R2, nobs, '
            'warning (text when α or β leave (0, 1), else blank)',
    formula="OLS over the window: ln Y_t = ln A + α ln K_t + β ln L_t + ε_t",
    example=_FIT_EXAMPLE,
)
def PRODFN_FIT(years, Y, K, L, start_year=2007, end_year=2016, constant_returns=False):
    """Cobb-Douglas fit ln Y = ln A + α ln K + β ln L by OLS over a window of years, as a labelled table."""
    _, _, fit = _fit(years, Y, K, L, start_year, end_year, constant_returns)
    f = _finite_or_blank
    table = [["parameter", "estimate", "std_error"]]
    table += [[par, f(row.estimate), f(row.std_error)] for par, row in fit.table().iterrows()]
    table.append(["warning", "; ".join(fit.warnings), None])
    return cells.to_excel(table, blanks=True, name="Y")


@_excel(
    args=_FIT_ARGS,
    ranges=("years", "Y", "K", "L"),
    returns='table: header ["year", "gamma", "mu"], one row per year in the order given; blank where '
            'undefined (μ of the first year)',
    formula="γ_t = Y_t / (A K_t^α L_t^β) with A, α, β fitted over the window; μ_t = γ_t / γ_{t−1}",
    example=_FIT_EXAMPLE,
)
def TECH_MULTIPLIER(years, Y, K, L, start_year=2007, end_year=2016, constant_returns=False):
    """Technology level γ_t and yearly technology multiplier μ_t = γ_t / γ_(t−1) from a Cobb-Douglas fit."""
    yrs, s, fit = _fit(years, Y, K, L, start_year, end_year, constant_returns)
    gamma = model.tfp(fit, s["Y"], s["K"], s["L"])
    mu = model.multiplier(gamma)
    g, m = gamma.reindex(yrs), mu.reindex(yrs)
    rows = [["year", "gamma", "mu"]]
    rows += [[int(t), _finite_or_blank(g[t]), _finite_or_blank(m[t])] for t in yrs]
    return cells.to_excel(rows, blanks=True, name="Y")


_EXTRAPOLATE_RESULTS = ("values", "flag", "table")


@_excel(
    args=(("years", "Row or column of years (whole numbers, each once)."),
          ("values", "The series, aligned with years; blank cells are the missing years to fill."),
          ("window", "Optional: fit the line on the last `window` observed years (at least 2). Default all."),
          ("result", 'Optional: "values" (default, filled column), "flag" ("observed" / "extrapolated" / '
                     '"interpolated") or "table" (n×2).')),
    ranges=("years", "values"),
    returns='n×1 column of filled values; "flag" → n×1 column of flags; "table" → n×2 [value, flag]',
    formula="x̂_t = a + b·t by OLS on the observed years (last `window` of them); gaps inside the observed span "
            "are interpolated linearly between neighbours",
    example=([2019, 2020, 2021, 2022, 2023, 2024], [10.0, 11.0, 12.5, None, 14.0, None], None, "table"),
)
def IIE_EXTRAPOLATE(years, values, window=None, result="values"):
    """Fill missing years of a series by linear extrapolation (and interpolation), with flags."""
    yrs = _years("years", years)
    x = cells.to_vector("values", values, len(yrs), against="years", blank=np.nan)
    w = cells.to_int("window", window, None, minimum=2)
    what = cells.to_text("result", result, "values", choices=_EXTRAPOLATE_RESULTS)
    filled, flags = model.linear_extrapolate(pd.Series(x, index=yrs), w, name="values")
    filled, flags = filled.reindex(yrs), flags.reindex(yrs)
    if what == "flag":
        return cells.to_excel(flags.to_numpy(dtype=object), name="values")
    if what == "table":
        return cells.to_excel([[float(v), str(f)] for v, f in zip(filled, flags)], name="values")
    return cells.to_excel(filled.to_numpy(dtype=float), name="values")


_OPERATORS = ("weighted", "minmax")


@_excel(
    args=(("counts_or_membership", "Range p×g: expert counts (criteria × grades) or a membership matrix; "
                                   "each row is divided by its total."),
          ("weights", "Row or column of p criterion weights in [0, 1] summing to 1."),
          ("grades", "Row or column of g grade values in [0, 1] (e.g. 0.9, 0.7, 0.5, 0.3, 0.1)."),
          ("operator", 'Optional: "weighted" (default, M(·,+): B = W·R) or "minmax" (M(∧,∨)).')),
    ranges=("counts_or_membership", "weights", "grades"),
    returns="scalar S_k",
    formula="R = counts / row totals; b = W·R (weighted) or b_g = max_c min(w_c, r_cg) (minmax); "
            "B = b / Σ b; S = B · G",
    example=([[3, 5, 2, 0, 0], [1, 4, 4, 1, 0], [0, 2, 5, 2, 1]], [0.5, 0.3, 0.2], [0.9, 0.7, 0.5, 0.3, 0.1]),
)
def FUZZY_EVAL(counts_or_membership, weights, grades, operator="weighted"):
    """Fuzzy comprehensive evaluation S = B · G of one related sector from expert ratings."""
    name = "counts_or_membership"
    counts = cells.to_matrix(name, counts_or_membership)
    p, g = counts.shape
    W = cells.to_vector("weights", weights)
    if len(W) != p:
        raise IIEInputError("weights", f"{len(W)} weights, but {name} has {p} criteria (rows)")
    G = cells.to_vector("grades", grades)
    if len(G) != g:
        raise IIEInputError("grades", f"{len(G)} grade values, but {name} has {g} grades (columns)")
    op = cells.to_text("operator", operator, "weighted", choices=_OPERATORS)
    with _renamed({"counts": name, "R": name, "W": "weights", "G": "grades"}):
        R = model.membership(counts, name=name)
        _, S = model.fuzzy_evaluate(W, R, G, op)
    return cells.to_excel(S, name=name)


@_excel(
    args=(("values", "Row or column of city IIE value added X_i; blank cells give blank results."),
          ("N", "The scale N of the index (a positive number)."),
          ("mean", "Optional mean X̄ to divide by; default the mean of the non-blank values.")),
    ranges=("values",),
    returns="n×1 column of indices (blank where the value is blank)",
    formula="CI_i = N · ln(1 + X_i / X̄)",
    example=([120.0, 40.0, None, 15.0], 20),
)
def CITY_INDEX(values, N, mean=None):
    """City development index N · ln(1 + X_i / X̄) for a column of city IIE value added."""
    x = cells.to_vector("values", values, blank=np.nan)
    n_scale = cells.to_scalar("N", N)
    if _absent(mean):
        xbar = None
        known = x[~np.isnan(x)]
        if known.size and (known >= 0).all():
            with np.errstate(over="ignore"):
                xbar = float(known.mean())
            if not np.isfinite(xbar) or xbar <= 0:
                raise IIEInputError("values", f"the mean of the values is {xbar:g}; the index needs a positive, "
                                              "finite mean (or pass mean)")
    else:
        xbar = cells.to_scalar("mean", mean)
    return cells.to_excel(model.city_index(x, n_scale, xbar), blanks=True, name="values")


@_excel(
    args=(("index", "Row or column of city indices; blank cells give blank results."),
          ("thresholds", "Optional strictly decreasing tier thresholds. Default 50, 35, 25, 17.")),
    ranges=("index", "thresholds"),
    returns="n×1 column of tiers 1..len(thresholds), 0 below the last threshold, blank for a blank index",
    formula="tier = 1 if CI ≥ t_1, 2 if CI ≥ t_2, …; 0 below the last threshold",
    example=([62.3, 41.0, 30.2, 18.5, 9.9, None],),
)
def CITY_TIER(index, thresholds=None):
    """Tier of each city index against decreasing thresholds (default 50 / 35 / 25 / 17)."""
    x = cells.to_vector("index", index, blank=np.nan)
    if _absent(thresholds):
        t = np.array([50.0, 35.0, 25.0, 17.0])
    else:
        t = cells.to_vector("thresholds", thresholds, blank=np.nan)
        t = t[~np.isnan(t)]
    tiers = model.city_tier(x, t).astype(object)
    tiers[np.isnan(x)] = None
    return cells.to_excel(tiers, blanks=True, name="index")


def _code_key(code: str):
    """Codes match as numbers when they are all digits ("039" = 39), else as text ignoring case."""
    return ("number", int(code)) if code.isdigit() else ("text", code.casefold())


@_excel(
    args=(("sector_codes", "Row or column of the IO table's sector codes (text like 039 or numbers), each once."),
          ("related_codes", "Row or column of the related sectors' codes; blank cells are skipped."),
          ("coefficients", "Row or column of their IIE coefficients S in [0, 1], aligned with related_codes.")),
    ranges=("sector_codes", "related_codes", "coefficients"),
    returns="n×1 column of S aligned with sector_codes (0 for sectors that are not related)",
    formula="S_i = S of the related sector whose code equals sector code i, else 0",
    example=(["001", "002", "039", "040"], ["39", "2"], [0.62, 0.35]),
)
def IIE_ALIGN(sector_codes, related_codes, coefficients):
    """Coefficients S listed by related-sector code, laid out as a column aligned with the IO table's sectors."""
    codes = cells.to_labels("sector_codes", sector_codes)
    position: dict = {}
    for i, code in enumerate(codes):
        if code is None:
            raise IIEInputError("sector_codes", f"item {i + 1} is blank")
        key = _code_key(code)
        if key in position:
            raise IIEInputError("sector_codes", f"code {code!r} appears more than once")
        position[key] = i
    related = cells.to_labels("related_codes", related_codes)
    S = cells.to_vector("coefficients", coefficients, len(related), against="related_codes", blank=np.nan)
    out = np.zeros(len(codes))
    seen: set = set()
    for k, (code, s) in enumerate(zip(related, S)):
        if code is None:
            if not np.isnan(s):
                raise IIEInputError("related_codes", f"item {k + 1} is blank but has a coefficient")
            continue
        key = _code_key(code)
        if key not in position:
            raise IIEInputError("related_codes", f"code {code!r} is not among sector_codes")
        if key in seen:
            raise IIEInputError("related_codes", f"code {code!r} appears more than once")
        seen.add(key)
        if np.isnan(s):
            raise IIEInputError("coefficients", f"item {k + 1} (code {code!r}) is blank")
        if not 0.0 <= s <= 1.0:
            raise IIEInputError("coefficients", f"coefficients must lie in [0, 1]; item {k + 1} is {s:g}")
        out[position[key]] = s
    return cells.to_excel(out, name="coefficients")


@_excel(
    args=(("names", "Row or column of names (cities, provinces, ...)."),
          ("values", "Row or column of their values, aligned with names; blank values are left out."),
          ("n", "Optional number of rows to return. Default all.")),
    ranges=("names", "values"),
    returns="k×2 table [name, value] sorted by value, largest first (k = n, or fewer when fewer values)",
    formula="sort by value descending (ties keep their order), keep the first n",
    example=(["Hefei", "Wuhu", "Anqing", "Bengbu"], [31.2, 18.4, None, 12.9], 2),
)
def TOP_N(names, values, n=None):
    """The n largest values with their names, sorted from the largest (e.g. the top 30 cities by index)."""
    labels = cells.to_labels("names", names)
    x = cells.to_vector("values", values, len(labels), against="names", blank=np.nan)
    k = cells.to_int("n", n, None, minimum=1)
    keep = np.flatnonzero(~np.isnan(x))
    if keep.size == 0:
        raise IIEInputError("values", "no values")
    order = keep[np.argsort(-x[keep], kind="stable")]
    if k is not None:
        order = order[:k]
    for i in order:
        if labels[i] is None:
            raise IIEInputError("names", f"item {i + 1} is blank but its value is not")
    return cells.to_excel([[labels[i], float(x[i])] for i in order], name="values")


_TIER_HEADER = ["tier", "index_range", "count", "cities"]


@_excel(
    args=(("names", "Row or column of city names."),
          ("index", "Row or column of their indices, aligned with names; blank cities are left out."),
          ("thresholds", "Optional strictly decreasing tier thresholds. Default 50, 35, 25, 17.")),
    ranges=("names", "index", "thresholds"),
    returns='(1 + tiers)×4 table: header ["tier", "index_range", "count", "cities"], then one row per tier '
            "(cities in rank order, joined by 、)",
    formula="tier k = cities with t_k ≤ CI < t_(k−1) (t_0 = ∞), ranked by CI",
    example=(["A", "B", "C", "D", "E"], [55.0, 48.2, 51.3, 20.0, 9.0]),
)
def TIER_TABLE(names, index, thresholds=None):
    """The report's Table 1: for each tier its index range, number of cities and the cities in rank order."""
    labels = cells.to_labels("names", names)
    x = cells.to_vector("index", index, len(labels), against="names", blank=np.nan)
    if _absent(thresholds):
        t = np.array([50.0, 35.0, 25.0, 17.0])
    else:
        t = cells.to_vector("thresholds", thresholds, blank=np.nan)
        t = t[~np.isnan(t)]
    keep = np.flatnonzero(~np.isnan(x))
    for i in keep:
        if labels[i] is None:
            raise IIEInputError("names", f"item {i + 1} is blank but its index is not")
    table = model.tier_table([labels[i] for i in keep], x[keep], t)
    rows = [list(_TIER_HEADER)]
    rows += [[int(r.tier), str(r.index_range), int(r.count), str(r.cities)] for r in table.itertuples()]
    return cells.to_excel(rows, name="index")


@_excel(
    args=(("values", "Row or column of city IIE value added; blank cells are left out."),
          ("total", "The national total to divide by (a positive number)."),
          ("n", "How many of the largest values to add up (a whole number ≥ 1).")),
    ranges=("values",),
    returns="scalar share",
    formula="Σ of the n largest values / total",
    example=([120.0, 40.0, None, 15.0, 80.0], 400.0, 2),
)
def TOPN_SHARE(values, total, n):
    """Share of a total held by the n largest values (e.g. the top 100 cities' share of national IIE value added)."""
    x = cells.to_vector("values", values, blank=np.nan)
    tot = cells.to_scalar("total", total)
    k = cells.to_int("n", n, minimum=1)
    return cells.to_excel(model.top_n_share(x, tot, k), name="values")


@_excel(args=(), returns="text", formula="—", example=())
def IIE_VERSION():
    """The version of the iiecon-xl package that computes these functions."""
    return __version__


#: The Excel names, in registration order (also what ``from iiecon_xl.udfs import *`` brings).
NAMES: tuple[str, ...] = tuple(SPECS)
__all__ = list(NAMES)
