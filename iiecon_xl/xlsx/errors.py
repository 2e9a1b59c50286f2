"""The one list of Excel error values, and the type the headless engine uses for them."""

from __future__ import annotations

from typing import Any

#: Every error value a cell can show (Excel 365's list; ``t="e"`` cells accept each).
EXCEL_ERRORS: frozenset[str] = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
})

#: Excel's COM error codes (what pywin32 passes for an error cell) → error value.
COM_ERROR_CODES: dict[int, str] = {
    -2146826281: "#DIV/0!",
    -2146826246: "#N/A",
    -2146826259: "#NAME?",
    -2146826288: "#NULL!",
    -2146826252: "#NUM!",
    -2146826265: "#REF!",
    -2146826273: "#VALUE!",
}


class ExcelError(str):
    """An Excel error value (``"#N/A"``, ``"#VALUE!"`` …) as opposed to a text.

    It is a ``str`` (it compares equal to ``"#N/A"``); writers store it as an error cell.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"ExcelError({str.__repr__(self)})"


def is_error_value(v: Any, *, iie_messages: bool = True) -> bool:
    """True for an Excel error value, or (``iie_messages``) an ``#IIE! …`` message text."""
    if not isinstance(v, str):
        return False
    s = v.strip().upper()
    if s in EXCEL_ERRORS:
        return True
    return iie_messages and s.startswith("#IIE!")
