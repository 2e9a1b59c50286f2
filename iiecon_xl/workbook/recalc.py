"""Moved to :mod:`iiecon_xl.recalc` — this re-export stays until the last importer is updated."""

from __future__ import annotations

import functools

from .. import udfs
from ..recalc import RecalcResult, SpillMismatch, add_recalc_parser, cmd_recalc, recalc
from ..xlsx.formula_text import strip_addin_prefixes


@functools.lru_cache(maxsize=None)
def bare_udf_names(text: str) -> str:
    """Moved: use ``iiecon_xl.xlsx.formula_text.strip_addin_prefixes(text, udfs.FUNCTIONS)``."""
    return strip_addin_prefixes(text, udfs.FUNCTIONS)


__all__ = ["RecalcResult", "SpillMismatch", "add_recalc_parser", "bare_udf_names", "cmd_recalc", "recalc"]
