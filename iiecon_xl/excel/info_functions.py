"""Excel functions about iiecon-xl itself: IIE_VERSION."""

from __future__ import annotations

from .. import __version__
from .registry import excel_function


@excel_function(args=(), returns="text", formula="—", example=())
def IIE_VERSION():
    """The version of the iiecon-xl package that computes these functions."""
    return __version__
