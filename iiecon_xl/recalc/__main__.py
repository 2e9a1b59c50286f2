"""``python -m iiecon_xl.recalc recalc BOOK -o OUT``."""

from .cli import main

raise SystemExit(main())
