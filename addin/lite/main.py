"""iiecon-xl worksheet functions for xlwings Lite (Excel on Windows, Mac and the web).

Paste this file into the ``main.py`` tab of the xlwings Lite editor and the contents of
``requirements.txt`` (next to this file) into its ``requirements.txt`` tab. Every function
of the package — LEONTIEF_INV, IIE_DIRECT, IIE_PENETRATION, CITY_INDEX, … (the list is
``iiecon_xl.udfs.NAMES``; the reference is docs/functions.md) — is then available in the
workbook.

The functions are defined once, in ``iiecon_xl.udfs``; under Pyodide that module decorates
them with xlwings' Office.js decorators (``from xlwings import func, arg, ret`` family), and
the star import below puts them in this module, where xlwings Lite looks for custom
functions. Add your own functions below if you like; do not reuse these names.
"""

from iiecon_xl.udfs import *  # noqa: F401,F403 - registers every iiecon-xl function in this workbook
