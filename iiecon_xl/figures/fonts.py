"""The CJK font of the figures.

Chinese text needs a CJK font. It comes from the PyPI package ``noto-cjk-sans-otc``
(Noto Sans CJK, OFL-1.1: ``noto_cjk_sans_otc/NotoSansCJK-Regular.ttc``, the ``figures``
extra), registered with matplotlib's font manager at first use; failing that, any CJK font
matplotlib already knows (Noto/Source Han CJK, *Hei*, *Song*, WenQuanYi …) is used; failing
that, :class:`CJKFontMissingError` says what to install.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from matplotlib import font_manager

from . import CJKFontMissingError

#: the pip package that carries the CJK font, and the file inside it
CJK_FONT_PACKAGE = "noto-cjk-sans-otc"
CJK_FONT_MODULE = "noto_cjk_sans_otc"
CJK_FONT_FILE = "NotoSansCJK-Regular.ttc"
#: substrings that mark an installed font as CJK-capable, best first
CJK_NAME_HINTS = ("CJK SC", "Source Han Sans SC", "CJK", "Source Han", "WenQuanYi", "Hei", "Song")

__all__ = ["CJK_FONT_FILE", "CJK_FONT_MODULE", "CJK_FONT_PACKAGE", "CJKFontMissingError", "cjk_font_family",
           "packaged_font_path", "pick"]


def packaged_font_path() -> Path | None:
    """The .ttc file of the ``noto-cjk-sans-otc`` package, or None when it is not installed."""
    try:
        path = resources.files(CJK_FONT_MODULE).joinpath(CJK_FONT_FILE)
    except (ModuleNotFoundError, TypeError):
        return None
    try:
        path = Path(str(path))
    except TypeError:  # pragma: no cover - zipped install; matplotlib needs a real file
        return None
    return path if path.is_file() else None


def pick(names) -> str | None:
    """The best CJK family among ``names`` (Simplified-Chinese faces first)."""
    names = sorted(set(names))
    for hint in CJK_NAME_HINTS:
        hits = [n for n in names if hint.lower() in n.lower() and "mono" not in n.lower()]
        hits = hits or [n for n in names if hint.lower() in n.lower()]
        if hits:
            return hits[0]
    return None


@lru_cache(maxsize=1)
def cjk_font_family() -> str:
    """The family name of the CJK font used for every figure, registering the packaged font once.

    Order: the ``noto-cjk-sans-otc`` package (its .ttc collection is added to
    ``matplotlib.font_manager.fontManager``; its Simplified-Chinese face "Noto Sans CJK SC"
    is chosen), then any installed CJK font matplotlib already lists. Raises
    :class:`CJKFontMissingError` when there is none.
    """
    path = packaged_font_path()
    if path is not None:
        font_manager.fontManager.addfont(str(path))
        mine = [f.name for f in font_manager.fontManager.ttflist if Path(f.fname) == path]
        name = pick(mine)
        if name:
            return name
    name = pick(f.name for f in font_manager.fontManager.ttflist)
    if name:
        return name
    raise CJKFontMissingError(
        f"no CJK font for the Chinese labels of the figures: install the font package with "
        f"`pip install {CJK_FONT_PACKAGE}` (or install any CJK font, e.g. Noto Sans CJK SC, "
        f"that matplotlib can find)")
