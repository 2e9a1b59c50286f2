"""``python -m iiecon_xl.addin install [--dest DIR]``: the entry point of the add-in installer.

The code lives in :mod:`iiecon_xl.excel.addin` (installing, the ``addin install``
command) and :mod:`iiecon_xl.excel.addin_file` (building and reading ``iiecon-xl.xlam``);
this module re-exports them so that the documented command and ``iiecon_xl.addin``
importers keep working.
"""

from __future__ import annotations

import sys

from .excel.addin import *  # noqa: F401,F403 - the public names of the installer
from .excel.addin import __all__, main  # noqa: F401

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
