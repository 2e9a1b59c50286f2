"""The cell formats of a book: yellow inputs, white formulas, orange extrapolated values …"""

from __future__ import annotations

from types import SimpleNamespace

#: name → XlsxWriter format properties (created in this order, so the styles part is stable)
FORMATS = {
    "title": {"bold": True, "font_size": 14},
    "note": {"italic": True, "font_color": "#555555"},
    "head": {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"},
    "input": {"bg_color": "#FFF2CC", "border": 1, "num_format": "#,##0.00"},
    "input_int": {"bg_color": "#FFF2CC", "border": 1, "num_format": "0"},
    "input_text": {"bg_color": "#FFF2CC", "border": 1},
    "label": {"border": 1},
    "money": {"num_format": "#,##0.00", "border": 1},
    "rate": {"num_format": "0.00%", "border": 1},
    "ratio": {"num_format": "0.0000", "border": 1},
    "int": {"num_format": "0", "border": 1},
    "text": {"border": 1},
    "extrap": {"bg_color": "#F8CBAD", "italic": True},
    "awaiting": {"bg_color": "#FFC7CE", "border": 1, "num_format": "#,##0.00"},
    "input_extrap": {"bg_color": "#F8CBAD", "italic": True, "border": 1, "num_format": "#,##0.00"},
    "ok": {"bg_color": "#C6EFCE", "font_color": "#006100", "bold": True},
    "fail": {"bg_color": "#FFC7CE", "font_color": "#9C0006", "bold": True},
}

#: colours of the charts and of the conditional formats
CORE_COLOR = "#2F5597"
PEN_COLOR = "#9DC3E6"
GROWTH_COLOR = "#C00000"
BAR_COLOR = "#9BC2E6"
HEAT = {"type": "3_color_scale", "min_color": "#F8F8F8", "mid_color": "#9DC3E6", "max_color": "#1F4E79"}


def make_formats(wb) -> SimpleNamespace:
    """The formats of :data:`FORMATS` added to the XlsxWriter workbook ``wb`` (``f.money`` …)."""
    return SimpleNamespace(**{name: wb.add_format(props) for name, props in FORMATS.items()})
