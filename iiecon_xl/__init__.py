"""iiecon-xl: the industrial internet's (工业互联网, IIE) contribution to GDP, in Excel and headless.

The economics lives in :mod:`iiecon_xl.model` (pure functions, see ``METHOD.md``); the
pipeline in :mod:`iiecon_xl.pipeline` runs the whole measurement on one
:class:`iiecon_xl.inputs.Inputs` object and returns every report table.
"""

__version__ = "0.1.0"
