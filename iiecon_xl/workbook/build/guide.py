"""The Guide sheet (what each sheet holds, the yearly update) and the Parameters sheet."""

from __future__ import annotations

from ... import __version__
from ...parameters import SPECS, cell_values
from ...xlsx import a1
from .. import layout as L
from . import validation
from .book import Book

GUIDE_ROWS = (
    (L.PARAMS, "方法参数：基年、拟合窗口、分母口径、模糊算子、外推窗口、指数系数 N、梯队阈值、单位", "Method parameters", "按需 as needed"),
    (L.IO, "基年投入产出表：中间流量 Z（行=供给部门，列=使用部门），总投入 X；部门代码与门类", "Base-year IO table: flows Z, total input X, sector → section", "基年更新时 new base year"),
    (L.RELATED, "关联部门 K 及其关联系数 S（由专家评分经模糊综合评价得出）", "Related sectors K; S from the fuzzy evaluation", "每年核对 yearly check"),
    (L.SCORES, "专家评分：评价指标权重 W、等级分值 G、各部门各指标的专家人数", "Expert scores: weights W, grade values G, counts", "每年 yearly"),
    (L.SECTION_VA, "19个门类增加值（年鉴），空白=缺失，将线性外推并标记", "Section value added by year; blanks are extrapolated and flagged", "每年 yearly"),
    (L.MACRO, "GDP（不变价）Y、资本存量 K、就业 L，空白=缺失，将线性外推并标记", "Y, K, L for the production function; blanks are extrapolated and flagged", "每年 yearly"),
    (L.NATIONAL_GDP, "全国三次产业增加值，空白=缺失，将线性外推并标记", "National GDP by the three industries; blanks are extrapolated and flagged", "每年 yearly"),
    (L.PROVINCE_GDP, "31个省份三次产业增加值，空白=缺失，将线性外推并标记", "Provincial GDP by the three industries; blanks are extrapolated and flagged", "每年 yearly"),
    (L.PROVINCE_SECTIONS, "分省19门类增加值（门类分配口径，可多年，空白年份沿用最近有数据年份）；分省 η（空白=全国 η）", "Province × section value added for the section rule (any years; a year without data carries the latest earlier one); province η (blank = national)", "有新数据时 when available"),
    (L.CITY_GDP, "城市三次产业增加值（城市数据年份），空白按 0 计入城市份额，该城市标记“缺数据”", "City GDP by industry (city data year); a blank counts as 0 in the city shares, the city flagged incomplete", "每年 yearly"),
    (L.SECTOR_CALC, "部门测算：直接增加值 S(X−M)、ΔY、λ、dz", "Per-sector direct and penetration results", "公式 formulas"),
    (L.SECTION_CALC, "门类测算：d_s、p_s(t)、补全后的增加值（外推单元格标色）、核心与渗透增加值", "Section rates and series; extrapolated cells coloured", "公式 formulas"),
    (L.PRODUCTION, "生产函数估计与技术乘数 γ_t、μ_t；所用 Y、K、L（外推单元格标色）", "Cobb-Douglas fit, γ_t and μ_t; the Y, K, L used, extrapolated cells coloured", "公式 formulas"),
    (L.GDP_FILL, "所用全国与分省三次产业GDP（空白年份线性外推，外推单元格标色）", "National and provincial GDP used, a blank year extrapolated (coloured)", "公式 formulas"),
    (L.PROVINCE_CALC, "分省 η、权重 ω，两种口径的分省核心、渗透增加值及 P_ALLOCATION 所选口径", "Province η, weights ω; both rules and the chosen one", "公式 formulas"),
    (L.PROVINCE_SECTION_CALC, "门类分配口径：各年所用数据年份 τ(t)、沿用的分省门类增加值、门类合计与费率、城市所用的三次产业费率", "Section rule: data year τ(t), carried value added, sums, rates and the industries' rates the cities use", "公式 formulas"),
    (L.R_NATIONAL, "报告：全国核心、渗透、合计、增速、占GDP比重、区间增长与年均增速", "Report: national series", "公式 formulas"),
    (L.R_INDUSTRIES, "报告：三次产业", "Report: three industries", "公式 formulas"),
    (L.R_SECTIONS, "报告：19个门类", "Report: 19 sections", "公式 formulas"),
    (L.R_PROVINCES, "报告：31个省份（合计、核心、渗透、增速、占GDP比重、排名）", "Report: provinces", "公式 formulas"),
    (L.R_REGIONS, "报告：四大区域", "Report: four regions", "公式 formulas"),
    (L.R_CITIES, "报告：城市发展指数、梯队、排名、表1", "Report: cities, index, tiers, Table 1", "公式 formulas"),
    (L.ANALYSIS, "分析：产出与增加值乘数（I型）、影响力与感应度系数（含 Ghosh）、关键部门象限、关联部门假设抽取；函数版另有专家评分的不确定性区间与 RAS 更新（透明版无此两项）",
     "IO analysis: multipliers (Type I), linkages incl. Ghosh, key-sector quadrant, extraction of K; the function "
     "edition adds the uncertainty band and RAS (not in the glass-box edition)", "公式 formulas"),
    (L.CHECKS, "校验：核心+渗透=合计、分省之和=全国、城市之和=省份、无错误值", "Identity checks: OK / FAIL", "公式 formulas"),
)

#: the rows of the native edition's own sheets (after the calculation sheets)
NATIVE_ROWS = (
    (L.MATRICES, "矩阵：A = Z/X、增广矩阵 A*（n+m）、(I − A*)⁻¹ 的虚拟部门列、虚拟部门 ΔX 与 C_vv", "A, the augmented A*, the used columns of (I − A*)⁻¹, the virtual sectors", "公式 formulas"),
    (L.HELPERS, "辅助计算：模糊综合评价 R、b、B；城市与省份排序、各梯队城市名单", "Fuzzy evaluation R, b, B; rankings and the tier lists", "公式 formulas"),
)

#: what each edition is, first among the notes
EDITION_NOTES = {
    "function": (
        "本工作簿为“函数版”：计算表使用 iiecon-xl 加载项的函数（IIE_PENETRATION、PRODFN_FIT、CITY_INDEX 等）。"
        "重新计算需要安装 iiecon-xl 加载项；未安装时这些单元格显示 #NAME?，“校验”表最后一项变为 FAIL。"
        "没有加载项（LibreOffice、WPS、同事或审阅者的电脑）请使用“透明版” iie_demo_native.xlsx / iie_template_native.xlsx。",
        "Function edition: the calculation sheets call the iiecon-xl add-in's functions. Recalculating this book needs the "
        "iiecon-xl add-in installed; without it those cells show #NAME? and the last check reads FAIL. Without the add-in "
        "(LibreOffice, WPS Office, a reviewer's computer) use the glass-box edition, iie_demo_native.xlsx / "
        "iie_template_native.xlsx: same inputs, same reports, built-in functions only.",
    ),
    "native": (
        "本工作簿为“透明版”（glass-box）：只用电子表格内置函数（MMULT、MINVERSE、LINEST、SUMPRODUCT、INDEX/MATCH、RANK 等，"
        "矩阵为传统数组公式），无需任何加载项，Excel 2010 及以上、LibreOffice、WPS 均可重新计算；方法的每一个中间结果都在单元格中可见"
        "（A、A*、(I − A*)⁻¹ 的列、ΔY、λ、dz、拟合及其统计量、γ 与 μ、外推值及标记、S_k、城市指数）。",
        "Glass-box (native) edition: built-in functions only (matrix blocks are legacy array formulas), no add-in; Excel "
        "2010+, LibreOffice and WPS Office recalculate it, and every intermediate of the method has its own cells. It is "
        "built by the same builder from the same layout as the function edition (iie_demo.xlsx): the input and report "
        "sheets are at the same positions and every report cell has the same value; the function edition does each "
        "step in one iiecon-xl function call, this edition spells it out (sheets 矩阵 Matrices and 辅助计算 Helpers).",
    ),
}

GUIDE_NOTES = (
    "每年更新步骤 Yearly update: 复制上年工作簿 → 在黄色输入单元格粘贴新数据（年份列见 new-year 命令）→ 重新计算 → 检查“校验”表全部为 OK。",
    "Copy last year's book, paste the new year's data into the yellow input cells, recalculate, confirm every check reads OK.",
    "单位 Unit: 见参数表 P_UNIT（默认 亿元 = 1e8 元）。比率以百分比显示。Rates are shown in per cent.",
    "来源 Sources: 国家统计局投入产出表、统计年鉴、城市统计年鉴；关联系数来自专家评分。NBS IO tables and yearbooks; S from expert scoring.",
    "黄色=输入，白色=公式；外推的门类增加值、Y、K、L 与 GDP 以橙色标出，缺数据的城市亦然。Yellow = input, white = formula; extrapolated values (and incomplete cities) are orange.",
)


def guide(b: Book, inputs) -> None:  # noqa: ARG001 - the data label is a formula on P_LABEL
    g = b.lay.guide
    s = g.name
    ws = b.sheet(g, "工业互联网带动增加值测算工作簿", "IIE value-added measurement workbook",
                 f"iiecon-xl {__version__} — 方法见 METHOD.md；所有报告数字均为公式 Every report number is a formula")
    b.header(s, L.HEAD, g.col("sheet"), ["工作表 Sheet", "内容 What it holds", "Contents (en)", "更新 Update"])
    rows = list(GUIDE_ROWS)
    if b.native:
        at = [r[0] for r in rows].index(L.PROVINCE_CALC) + 1
        rows[at:at] = NATIVE_ROWS
    for i, (sheet, zh, en, upd) in enumerate(rows):
        r = g.row(i)
        ws.write_url(r, g.col("sheet"), f"internal:{a1.ref(sheet, L.TITLE_ROW, L.TITLE_COL)}", string=sheet)
        b.label(s, r, g.col("zh"), zh)
        b.label(s, r, g.col("en"), en)
        b.label(s, r, g.col("update"), upd)
    # the data label follows the parameter cell, so a template filled later reads like the demo
    b.formula(s, g.notes_row, g.notes_col, '=IF(P_LABEL="", "", "数据 Data: "&P_LABEL)', b.f.title)
    for i, text in enumerate(list(EDITION_NOTES[b.lay.edition]) + list(GUIDE_NOTES)):
        ws.write(g.notes_row + 1 + i, g.notes_col, text, b.f.note)


def params(b: Book, inputs) -> None:
    """One row per :data:`~iiecon_xl.parameters.SPECS` entry, the value cell named P_*, with its
    data validation and input message (:mod:`.validation`)."""
    p = b.lay.params
    s = p.name
    b.sheet(p, "参数", "Parameters", "黄色单元格可修改 Yellow cells are inputs")
    b.header(s, L.HEAD, p.col("zh"), ["参数", "Parameter", "值 Value", "说明 Notes"])
    d = b.d
    values = cell_values(inputs.params if inputs is not None else None, d.years, d.macro_years,
                         inputs.city_year if inputs is not None else None)
    for spec in SPECS:
        r = p.row(spec.name)
        b.label(s, r, p.col("zh"), spec.zh)
        b.label(s, r, p.col("en"), spec.en)
        v = values[spec.name]
        if isinstance(v, (str, bool)) or v is None:
            fmt = b.f.input_text
        elif spec.kind == "number":
            fmt = b.f.input
        else:
            fmt = b.f.input_int
        b.value(s, r, p.col("value"), v, fmt)
        b.label(s, r, p.col("note"), spec.note)
    # a parameter whose default is blank (the extrapolation window: all observed years) may stay blank
    defaults = cell_values(None, d.years, d.macro_years)
    b.param_blank_ok = {name: v is None or v == "" for name, v in defaults.items()}
    validation.params(b, b.param_blank_ok)
