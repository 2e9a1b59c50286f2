"""Text of the figures, without matplotlib: number formats, wrapping of mixed Chinese/English
text and of 、-separated lists, vertical names, tier names and the tier thresholds of a report."""

from __future__ import annotations

import re

import numpy as np

_CN_DIGITS = "零一二三四五六七八九十"


def fmt(v: float) -> str:
    """Thousands separators; decimals only where the value is small."""
    if v is None or not np.isfinite(v):
        return "–"
    a = abs(v)
    if a >= 100:
        return f"{v:,.0f}"
    if a >= 10:
        return f"{v:,.1f}"
    return f"{v:,.2f}"


def pct(v: float) -> str:
    return "–" if v is None or not np.isfinite(v) else f"{100.0 * v:.1f}%"


def unit_text(report) -> str:
    """'（亿元）' for axis labels, '' when the report has no unit."""
    return f"（{report.unit}）" if report.unit else ""


def text_width(text: str, fontsize: float) -> float:
    """Rough printed width in points: CJK characters a full em, others about half."""
    return sum(fontsize if ord(c) > 0x2E80 else 0.55 * fontsize for c in text)


def wrap_mixed(text: str, width_pt: float, fontsize: float) -> list[str]:
    """Wrap Chinese/English text to ``width_pt`` points, breaking at spaces or between CJK characters."""
    lines: list[str] = []
    for para in str(text).splitlines() or [""]:
        cur = ""
        for token in re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", para):
            if cur and text_width(cur + token.rstrip(), fontsize) > width_pt:
                lines.append(cur.rstrip())
                cur = token.lstrip()
            else:
                cur += token
        lines.append(cur.rstrip())
    return lines


def footnote_lines(report, note: str, width_pt: float, fontsize: float = 7.0) -> list[str]:
    """The note, then the report's data label, wrapped to ``width_pt``."""
    lines: list[str] = []
    for part in (note, report.label or ""):
        if part:
            lines += wrap_mixed(part, width_pt, fontsize)
    return lines


def wrap_list(text: str, width: int, sep: str = "、") -> list[str]:
    """Wrap a 、-separated list into lines of at most ``width`` characters, breaking after a separator."""
    items = [s for s in str(text).split(sep) if s]
    if not items:
        return ["—"]
    lines, cur = [], ""
    for i, item in enumerate(items):
        piece = item + (sep if i < len(items) - 1 else "")
        if cur and len(cur) + len(piece) > width:
            lines.append(cur)
            cur = ""
        cur += piece
    lines.append(cur)
    return lines


def vertical(name: str) -> str:
    """A Chinese name written top to bottom, one character a line (Latin text left as is)."""
    return "\n".join(name) if all(ord(c) > 0x2E80 for c in name) else name


def cn_number(k: int) -> str:
    """0–19 in Chinese numerals, larger numbers in digits."""
    if 0 <= k <= 10:
        return _CN_DIGITS[k]
    if k < 20:
        return "十" + _CN_DIGITS[k - 10]
    return str(k)


def tier_name(k: int) -> str:
    """1 → 第一梯队 …; 0 (below the last threshold) → 未入梯队."""
    return f"第{cn_number(int(k))}梯队" if k >= 1 else "未入梯队"


def tier_thresholds(report) -> tuple[float, ...]:
    """The lower bounds of tiers 1, 2, … the report was computed with (``report.parameters``)."""
    return tuple(float(t) for t in report.parameters.tier_thresholds)


def tier_label(k: int, thresholds) -> str:
    """'第一梯队 ≥50', '第二梯队 35–50' …"""
    lo = thresholds[k - 1]
    rng = f"≥{lo:g}" if k == 1 else f"{lo:g}–{thresholds[k - 2]:g}"
    return f"{tier_name(k)} {rng}"
