"""Report figures (iiecon_xl.figures): PNGs exist, are not blank, and Chinese text renders."""

from __future__ import annotations

import logging
import subprocess
import sys
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

from iiecon_xl import demo, figures, parameters, pipeline, reference
from iiecon_xl.figures import fonts, text


@pytest.fixture(scope="module")
def report():
    return pipeline.run(demo.load_demo())


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(scope="module")
def rendered(report, tmp_path_factory):
    """Make the figures once (into a folder that does not exist yet), recording every warning,
    every matplotlib log message and the rcParams before and after."""
    folder = tmp_path_factory.mktemp("figs") / "new" / "folder"
    handler = _Records()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    before = dict(matplotlib.rcParams)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            paths = figures.make_figures(report, folder)
    finally:
        logger.removeHandler(handler)
    after = dict(matplotlib.rcParams)
    return folder, paths, list(caught), handler.records, (before, after)


def _pixels(path) -> np.ndarray:
    return matplotlib.image.imread(str(path))


def _colour_count(rgb: np.ndarray) -> int:
    """Distinct 8-bit RGB colours (packed into one integer each: much faster than unique rows)."""
    q = (rgb.reshape(-1, 3) * 255).astype(np.uint8).astype(np.uint32)
    return len(np.unique((q[:, 0] << 16) | (q[:, 1] << 8) | q[:, 2]))


def test_all_pngs_written(rendered):
    folder, paths, _, _, _ = rendered
    assert [p.name for p in paths] == list(figures.FIGURE_FILES)
    for p in paths:
        assert p.parent == folder
        assert p.is_file()
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert p.stat().st_size > 20_000, p.name


@pytest.mark.parametrize("name", figures.FIGURE_FILES)
def test_png_not_blank_and_page_sized(rendered, name):
    folder = rendered[0]
    img = _pixels(folder / name)
    h, w = img.shape[:2]
    # dpi 150: between about 5 and 12 inches on either side, fits a report page
    assert 700 <= w <= 1800 and 500 <= h <= 1800, (w, h)
    rgb = img[..., :3]
    assert rgb.std() > 0.05
    # real drawing on a white background: a fair share of non-white pixels, several colours
    non_white = (rgb < 0.95).any(axis=-1).mean()
    assert non_white > 0.03
    assert _colour_count(rgb) > 50


def test_no_missing_glyphs(rendered):
    _, _, caught, records, _ = rendered
    glyph = [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    assert glyph == []
    font_logs = [r.getMessage() for r in records
                 if r.levelno >= logging.WARNING and ("findfont" in r.getMessage() or "Glyph" in r.getMessage())]
    assert font_logs == []


def test_no_warnings_at_all(rendered):
    _, _, caught, _, _ = rendered
    assert [str(w.message) for w in caught] == []


def test_cjk_font_is_found_and_covers_chinese():
    family = fonts.cjk_font_family()
    fm = matplotlib.font_manager
    path = fm.findfont(fm.FontProperties(family=family), fallback_to_default=False)
    font = fm.get_font(path)                    # a face of a .ttc collection is opened by its index
    assert font.family_name == family
    cmap = font.get_charmap()
    for ch in "工业互联网带动增加值亿元梯队黑龙江鄂尔多斯乌鲁木齐（）、≥–":
        assert ord(ch) in cmap, ch


def test_packaged_font_is_preferred():
    pytest.importorskip(fonts.CJK_FONT_MODULE)
    path = fonts.packaged_font_path()
    assert path is not None and path.name == fonts.CJK_FONT_FILE
    assert fonts.cjk_font_family() == "Noto Sans CJK SC"
    assert figures.cjk_font_family is fonts.cjk_font_family      # the package re-exports it


def test_missing_font_error_names_the_package(monkeypatch):
    monkeypatch.setattr(fonts, "packaged_font_path", lambda: None)
    monkeypatch.setattr(matplotlib.font_manager.fontManager, "ttflist",
                        [f for f in matplotlib.font_manager.fontManager.ttflist if fonts.pick([f.name]) is None])
    fonts.cjk_font_family.cache_clear()
    try:
        with pytest.raises(fonts.CJKFontMissingError, match="noto-cjk-sans-otc"):
            fonts.cjk_font_family()
    finally:
        monkeypatch.undo()
        fonts.cjk_font_family.cache_clear()
    assert fonts.cjk_font_family()


def test_fallback_to_installed_cjk_font(monkeypatch):
    """Without the package, a CJK font that matplotlib already knows is used."""
    pytest.importorskip(fonts.CJK_FONT_MODULE)
    fonts.cjk_font_family.cache_clear()
    fonts.cjk_font_family()                     # registers the packaged font
    monkeypatch.setattr(fonts, "packaged_font_path", lambda: None)
    fonts.cjk_font_family.cache_clear()
    try:
        assert "CJK" in fonts.cjk_font_family()
    finally:
        monkeypatch.undo()
        fonts.cjk_font_family.cache_clear()


def test_pick_prefers_simplified_chinese():
    names = ["DejaVu Sans", "Noto Sans CJK JP", "Noto Sans Mono CJK SC", "Noto Sans CJK SC"]
    assert fonts.pick(names) == "Noto Sans CJK SC"
    assert fonts.pick(["DejaVu Sans", "WenQuanYi Zen Hei"]) == "WenQuanYi Zen Hei"
    assert fonts.pick(["DejaVu Sans", "Liberation Serif"]) is None


def test_rc_params_left_alone(rendered):
    folder, _, _, _, (before, after) = rendered
    assert folder.parts[-2:] == ("new", "folder") and (folder / "national.png").is_file()
    assert {k for k in before if before[k] != after[k]} == set()


def test_importing_figures_does_not_import_matplotlib():
    """matplotlib (the figures extra) loads when a figure is drawn, not when the package is imported."""
    code = ("import sys, iiecon_xl.figures as f; f.tier_name(1); f.FIGURE_FILES; "
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------- tile layout

def test_tiles_match_the_provinces():
    with _tiles_path().open("r", encoding="utf-8") as fh:
        tiles = pd.read_csv(fh, dtype={"abbr": str})
    assert list(tiles.columns) == ["abbr", "row", "col"]
    provinces = reference.provinces()
    assert len(tiles) == 31
    assert tiles["abbr"].is_unique
    assert set(tiles["abbr"]) == set(provinces["abbr"])
    assert "TW" not in set(tiles["abbr"])
    assert not tiles.duplicated(["row", "col"]).any()
    assert (tiles[["row", "col"]] >= 0).all().all()


def _tiles_path():
    from importlib import resources
    return resources.files("iiecon_xl").joinpath("resources", "province_tiles.csv")


def test_tiles_look_like_china():
    t = figures.province_tiles()
    col, row = t["col"], t["row"]
    assert col["XJ"] == col.min() and col["XJ"] < col["GS"]           # Xinjiang far west
    assert row["HL"] == row.min() and col["HL"] == col.max()          # Heilongjiang far north-east
    assert row["HI"] == row.max()                                     # Hainan far south
    assert row["HL"] < row["JL"] < row["LN"]                          # the north-east from north to south
    assert row["BJ"] < row["SD"] < row["JS"] < row["ZJ"] < row["FJ"]  # east coast north to south
    assert col["SH"] > col["JS"] and col["SC"] < col["CQ"] < col["HB"]
    # every province touches another one (edge or corner): one connected shape
    cells = set(zip(row, col))
    seen, todo = set(), [next(iter(cells))]
    while todo:
        r, c = todo.pop()
        if (r, c) in seen:
            continue
        seen.add((r, c))
        todo += [(r + dr, c + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (r + dr, c + dc) in cells]
    assert seen == cells


# ---------------------------------------------------------------- helpers and content

def test_tier_thresholds_read_from_report(report):
    assert figures.tier_thresholds(report) == parameters.TIER_THRESHOLDS == (50.0, 35.0, 25.0, 17.0)


def test_figures_take_thresholds_and_N_from_the_report_parameters():
    """A report computed with other thresholds and N draws those, not the defaults (nothing is
    read back from display text)."""
    inp = demo.load_demo()
    inp.params.tier_thresholds = (60.0, 40.0, 30.0, 20.0)
    inp.params.city_index_N = 30.0
    inp.params.top_n = (5, 50)
    rep = pipeline.run(inp)
    inp.params.tier_thresholds = (1.0,)                 # later changes to the inputs do not reach the report
    assert figures.tier_thresholds(rep) == (60.0, 40.0, 30.0, 20.0)
    fig = figures.city_index_figure(rep)
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    assert "第一梯队 ≥60" in texts and "第二梯队 40–60" in texts and "第一梯队 ≥50" not in texts
    note = " ".join(t for t in texts if t.startswith("注"))
    assert "N = 30" in note and "前5位" in note and "前50位" in note


def test_tier_names():
    assert [figures.tier_name(k) for k in (1, 2, 3, 4, 0)] == ["第一梯队", "第二梯队", "第三梯队", "第四梯队", "未入梯队"]
    assert figures.tier_name(12) == "第十二梯队"


def test_wrap_list_keeps_rank_order_and_width():
    names = "、".join(["北京", "上海", "深圳", "鄂尔多斯", "乌鲁木齐", "石家庄"] * 5)
    lines = text.wrap_list(names, 12)
    assert all(len(line) <= 12 for line in lines)
    assert "".join(lines) == names
    assert text.wrap_list("", 10) == ["—"]


def test_wrap_mixed_text():
    label = "示例数据（虚构，非官方统计） Illustrative demo data generated by iiecon_xl.demo — not official statistics"
    lines = text.wrap_mixed(label, 200, 7)
    assert len(lines) > 1
    assert all(text.text_width(line, 7) <= 200 for line in lines)
    assert "".join(lines).replace(" ", "") == label.replace(" ", "")


def test_figures_carry_titles_units_and_label(report):
    fig = figures.national_figure(report)
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    assert any(t.startswith("全国工业互联网带动增加值") and "National" in t for t in texts)
    assert any(f"（{report.unit}）" in t for t in texts)                 # axis label with the unit
    assert any(report.label.split(" ")[0] in t for t in texts)           # the data label as footnote
    assert any(t.endswith("%") for t in texts)

    fig = figures.province_map_figure(report)
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    for name in ("新疆", "黑龙江", "海南", "广东", "西藏"):
        assert name in texts
    assert "台湾" not in texts

    fig = figures.city_index_figure(report, top=30)
    ax = fig.axes[0]
    assert len(ax.patches) == 30
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    assert "第一梯队 ≥50" in texts

    fig = figures.tiers_figure(report)
    texts = " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))
    first = report["tiers"]["cities"].iloc[0].split("、")
    assert all(c in texts for c in first)


def test_provinces_sorted_descending(report):
    fig = figures.provinces_figure(report)
    ax = fig.axes[0]
    labels = [t.get_text().replace("\n", "") for t in ax.get_xticklabels()]
    year = max(report.years)
    prov = report["provinces"]
    prov = prov[prov["year"] == year].sort_values("total", ascending=False)
    short = reference.provinces()["short_zh"]
    assert labels == [short[int(c)] for c in prov["province_code"]]
    assert len(labels) == 31


def test_map_marks_a_province_without_data(report):
    import copy
    r = copy.deepcopy(report)
    prov = r.tables["provinces"].frame
    r.tables["provinces"].frame = prov[prov["province_code"] != 540000]      # no Tibet
    r.label = ""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = figures.province_map_figure(r)
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    assert "西藏" in texts and "无数据" in texts
    assert not any("示例数据" in t for t in texts)                            # empty label: no footnote label
    assert [str(w.message) for w in caught] == []


@pytest.mark.parametrize("drawer, column, growth", [
    ("province_core_figure", "core", "core_growth"),
    ("province_penetration_figure", "penetration", "penetration_growth"),
    ("province_share_figure", "share_of_gdp", None)])
def test_province_part_figures_sort_their_own_column(report, drawer, column, growth):
    """Figures 7–9: the bars are the latest-year ``column`` sorted descending (share in %), the
    dots that column's own growth in % (core growth for the core figure, not the total's)."""
    fig = getattr(figures, drawer)(report)
    ax = fig.axes[0]
    year = max(report.years)
    prov = report["provinces"]
    prov = prov[prov["year"] == year].sort_values([column, "province_code"], ascending=[False, True])
    heights = np.array([p.get_height() for p in ax.patches])
    scale = 100.0 if growth is None else 1.0
    np.testing.assert_allclose(heights, scale * prov[column].to_numpy(float), rtol=1e-12)
    short = reference.provinces()["short_zh"]
    assert [t.get_text().replace("\n", "") for t in ax.get_xticklabels()] == [short[int(c)] for c in prov["province_code"]]
    if growth is not None:
        dots = fig.axes[1].lines[0].get_ydata()
        np.testing.assert_allclose(dots, 100.0 * prov[growth].to_numpy(float), rtol=1e-12)
        assert not np.allclose(dots, 100.0 * prov["total_growth"].to_numpy(float))


def test_industry_and_section_figures_stack_core_and_penetration(report):
    """Industries: three stacks in order 1, 2, 3; sections: 19 stacks by total, largest first —
    the core bar's height is the core, the penetration bar sits on it (bottom = core)."""
    year = max(report.years)
    for drawer, table, n, order in (("industries_figure", "industries", 3, "industry"),
                                    ("sections_figure", "sections", 19, "total")):
        ax = getattr(figures, drawer)(report).axes[0]
        rows = report[table]
        rows = rows[rows["year"] == year].sort_values(order, ascending=order == "industry")
        core, pen = ax.patches[:n], ax.patches[n:]
        assert len(ax.patches) == 2 * n
        np.testing.assert_allclose([p.get_height() for p in core], rows["core"].to_numpy(float))
        np.testing.assert_allclose([p.get_height() for p in pen], rows["penetration"].to_numpy(float))
        np.testing.assert_allclose([p.get_y() for p in pen], rows["core"].to_numpy(float))


def test_city_figure_shows_the_top_100_by_default(report):
    """The report analyses the top 100 cities (METHOD.md §7): 100 bars, ranks 1 … 100."""
    ax = figures.city_index_figure(report).axes[0]
    assert len(ax.patches) == 100
