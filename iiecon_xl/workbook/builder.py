"""The workbook builder's historical import path: ``from iiecon_xl.workbook import builder``.

The builder lives in :mod:`iiecon_xl.workbook.build` (one module per group of sheets);
this module re-exports its entry point and manifest types.
"""

from __future__ import annotations

from .build import Expect, Manifest, build

__all__ = ["build", "Manifest", "Expect"]
