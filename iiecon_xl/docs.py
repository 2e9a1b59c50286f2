"""``python -m iiecon_xl.docs``: the entry point of the reference generator.

The generator is :mod:`iiecon_xl.excel.docs` (its docstring says where it writes); this
module only runs it, so that the documented command keeps working.
"""

from __future__ import annotations

import sys

from .excel.docs import DEFAULT_PATH, check, main, render, write

__all__ = ["DEFAULT_PATH", "check", "main", "render", "write"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
