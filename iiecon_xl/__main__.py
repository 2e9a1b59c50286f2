"""``python -m iiecon_xl`` is the ``iiecon-xl`` command."""

from .cli import main

raise SystemExit(main())
