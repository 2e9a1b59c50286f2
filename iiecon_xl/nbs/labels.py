"""The rows and columns of an NBS input-output table: their keys, Chinese labels and the texts
that name them in a file (Chinese, English, the CSV layout's codes)."""

from __future__ import annotations

from .text import blank, norm, synonyms

#: Rows below the sector rows: key → Chinese label of the NBS table.
ROW_LABELS: dict[str, str] = {
    "TII": "中间投入合计", "VA001": "劳动者报酬", "VA002": "生产税净额", "VA003": "固定资产折旧",
    "VA004": "营业盈余", "TVA": "增加值合计", "TI": "总投入",
}
VA_COMPONENTS = ("VA001", "VA002", "VA003", "VA004")

#: Columns right of the flow block: key → Chinese label of the NBS table (OTH = 其他, the NBS
#: balancing column, "ERR" in some files).
COL_LABELS: dict[str, str] = {
    "TIU": "中间使用合计", "FU101": "农村居民消费支出", "FU102": "城镇居民消费支出",
    "THC": "居民消费支出", "FU103": "政府消费支出", "TC": "最终消费支出",
    "FU201": "固定资本形成总额", "FU202": "存货变动", "GCF": "资本形成总额", "EX": "出口",
    "TFU": "最终使用合计", "IM": "进口", "OTH": "其他", "GO": "总产出",
}
_COL_CODE_ALIASES = {"ERR": "OTH", "OTHER": "OTH"}

#: normalised row text → row key.
ROW_TEXT = synonyms({
    "TII": ["中间投入合计", "中间投入", "Total intermediate input", "Total intermediate inputs"],
    "VA001": ["劳动者报酬", "Compensation of employees"],
    "VA002": ["生产税净额", "Net taxes on production"],
    "VA003": ["固定资产折旧", "Depreciation of fixed assets"],
    "VA004": ["营业盈余", "Operating surplus"],
    "TVA": ["增加值合计", "增加值", "Total value-added", "Total value added"],
    "TI": ["总投入", "Total inputs", "Total input"],
})
#: normalised column header text → column key.
COL_TEXT = synonyms({
    "TIU": ["中间使用合计"], "FU101": ["农村居民消费支出", "农村居民消费", "农村居民"],
    "FU102": ["城镇居民消费支出", "城镇居民消费", "城镇居民"], "THC": ["居民消费支出", "居民消费"],
    "FU103": ["政府消费支出", "政府消费"], "TC": ["最终消费支出", "最终消费"],
    "FU201": ["固定资本形成总额", "固定资本形成"], "FU202": ["存货变动", "存货增加"],
    "GCF": ["资本形成总额", "资本形成"], "EX": ["出口"], "TFU": ["最终使用合计"], "IM": ["进口"],
    "OTH": ["其他", "误差", "ERR"], "GO": ["总产出"],
})
#: Group headers whose 合计/小计 column is the group's total.
GROUP_TOTAL = {norm(k): v for k, v in {
    "中间使用": "TIU", "居民消费支出": "THC", "居民消费": "THC", "最终消费支出": "TC", "最终消费": "TC",
    "资本形成总额": "GCF", "资本形成": "GCF", "最终使用": "TFU"}.items()}
TOTAL_WORDS = {norm(t) for t in ("合计", "小计", "总计")}


def row_key(texts) -> str | None:
    """The row key named by the first non-blank of ``texts`` that names one."""
    for t in texts:
        if blank(t):
            continue
        k = ROW_TEXT.get(norm(t))
        if k:
            return k
    return None


def col_code(text: str) -> str | None:
    """The column key of a CSV-layout column code (TIU, FU101 …, ERR = OTH), else None."""
    t = text.strip().upper()
    t = _COL_CODE_ALIASES.get(t, t)
    return t if t in COL_LABELS else None


def header_key(path: list[str]) -> str | None:
    """The column key of a header path (top to bottom, e.g. 最终使用 / 最终消费支出 / 合计): what its
    lowest text names; a 合计/小计 takes the key of the nearest group above it that has a total."""
    if not path:
        return None
    last = path[-1]
    code = col_code(last)
    if code:
        return code
    if norm(last) not in TOTAL_WORDS:
        return COL_TEXT.get(norm(last))
    return next((GROUP_TOTAL[norm(up)] for up in reversed(path[:-1]) if norm(up) in GROUP_TOTAL), None)
