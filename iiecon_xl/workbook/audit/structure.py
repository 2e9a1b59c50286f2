"""§2 of the audit: the structure of the book against the layout's — sheet names and order,
hidden sheets/rows/columns, defined names and their targets, charts (count, anchor, every
series' categories and values), conditional formats and data validations."""

from __future__ import annotations

from collections import Counter

from ...xlsx import a1


#: XlsxWriter's conditional-format types → the ``cfRule type`` Excel stores
_CF_TYPE = {"cell": "cellIs", "formula": "expression", "data_bar": "dataBar", "2_color_scale": "colorScale",
            "3_color_scale": "colorScale", "icon_set": "iconSet", "top": "top10", "bottom": "top10",
            "average": "aboveAverage", "duplicate": "duplicateValues", "unique": "uniqueValues",
            "blanks": "containsBlanks", "no_blanks": "notContainsBlanks", "errors": "containsErrors",
            "no_errors": "notContainsErrors", "time_period": "timePeriod", "date": "cellIs"}


def _ref(text: str) -> tuple:
    """A reference compared as (sheet, area) with ``$`` and quotes dropped."""
    sheet, cells = a1.split_ref((text or "").replace("$", ""))
    return (sheet, cells.upper())


def same_ref(x: str, y: str) -> bool:
    """Two references to the same sheet and cells (``$`` and quoting aside)."""
    return _ref(x) == _ref(y)


def sheets(result, manifest, book) -> list[str]:
    """Missing, extra and reordered sheets; returns the expected sheets present in the book."""
    order = list(manifest.sheet_order)
    present = [s for s in order if s in book.sheets]
    for s in order:
        if s not in book.sheets:
            result.add("missing-sheet", s, "", "sheet of the layout not found (deleted or renamed)", expected=s)
    for s in book.sheets:
        if s not in order:
            result.add("extra-sheet", s, "", "sheet not in the layout", found=s)
    actual = [s for s in book.sheets if s in order]
    if actual != present:
        result.add("sheet-order", "", "", "sheets are not in the layout's order", expected=present, found=actual)
    return present


def hidden(result, manifest, book, present) -> None:
    want = manifest.hidden
    for s in present:
        sx = book.sheets[s]
        if sx.state != "visible" and (s, "sheet", 0) not in want:
            result.add("hidden", s, "", f"sheet is {sx.state}", expected="visible", found=sx.state)
        for r in sorted(sx.hidden_rows):
            if (s, "row", r) not in want:
                result.add("hidden", s, f"row {r + 1}", "hidden row", expected="visible", found="hidden")
        for c in sorted(sx.hidden_cols):
            if (s, "col", c) not in want:
                result.add("hidden", s, f"column {a1.col_name(c)}", "hidden column", expected="visible",
                           found="hidden")
    for s, kind, i in want:
        sx = book.sheets.get(s)
        if sx is None:
            continue
        shown = (kind == "sheet" and sx.state == "visible" or kind == "row" and i not in sx.hidden_rows
                 or kind == "col" and i not in sx.hidden_cols)
        if shown:
            result.add("hidden", s, f"{kind} {i}", f"{kind} the layout hides is shown", expected="hidden",
                       found="visible")


def names(result, manifest, book) -> None:
    for name, target in manifest.names.items():
        got = book.names.get(name)
        if got is None:
            result.add("name", "", f"name {name}", "defined name missing", expected=target)
        elif _ref(got) != _ref(target):
            result.add("name", "", f"name {name}", "defined name points elsewhere", expected=target, found=got)
    for name, text in book.names.items():
        if name not in manifest.names and not name.startswith("_xlnm."):
            result.add("name", "", f"name {name}", "defined name not in the layout", found=text)


def charts(result, manifest, book, present) -> None:
    want: dict = {}
    for spec in manifest.charts:
        want.setdefault(spec.sheet, []).append(spec)
    for s in present:
        got, exp = book.sheets[s].charts, want.get(s, [])
        if len(got) != len(exp):
            result.add("chart", s, "charts", "number of charts differs", expected=len(exp), found=len(got))
        for i, (e, g) in enumerate(zip(exp, got), start=1):
            where = f"chart {i}"
            if (e.row, e.col) != (g.row, g.col):
                result.add("chart", s, where, "chart moved", expected=a1.cell_name(e.row, e.col),
                           found=a1.cell_name(g.row, g.col))
            if len(e.series) != len(g.series):
                result.add("chart", s, where, "number of series differs", expected=len(e.series),
                           found=len(g.series))
            for k, ((name, cats, vals), (gcats, gvals)) in enumerate(zip(e.series, g.series), start=1):
                for what, x, y in (("categories", cats, gcats), ("values", vals, gvals)):
                    if _ref(x) != _ref(y):
                        result.add("chart", s, f"{where} series {k}", f"{name}: {what} point elsewhere",
                                   expected=x, found=y)


def formats(result, manifest, book, present) -> None:
    """Conditional formats and data validations: the layout's, on the layout's ranges."""
    for attr, kind in (("cond_formats", "conditional format"), ("validations", "data validation")):
        want = Counter((s, rng.upper(), _CF_TYPE.get(t, t) if attr == "cond_formats" else t)
                       for s, rng, t in getattr(manifest, attr))
        got = Counter()
        for s in present:
            for rng, t in getattr(book.sheets[s], attr):
                got[(s, rng.upper(), t)] += 1
        for (s, rng, t), n in (want - got).items():
            result.add("format", s, rng, f"{kind} ({t}) missing or moved", expected=f"{rng} {t}")
        for (s, rng, t), n in (got - want).items():
            result.add("format", s, rng, f"{kind} ({t}) not in the layout", found=f"{rng} {t}")


def print_setup(result, manifest, book, present) -> None:
    """Each printed sheet of the layout (``Manifest.print_setup``: the reports and the checks)
    prints as the builder set it: orientation, paper, fit to pages, the repeated header rows."""
    got_all = getattr(book, "print_setup", None)
    if got_all is None:
        return  # a reader that does not read print settings
    for s, want in manifest.print_setup.items():
        if s not in present:
            continue
        got = got_all.get(s, {})
        for what, exp in want.items():
            found = got.get(what)
            if (tuple(found) if isinstance(found, (list, tuple)) else found) != (
                    tuple(exp) if isinstance(exp, (list, tuple)) else exp):
                result.add("print", s, f"print {what}", f"print setup differs from the layout ({what})",
                           expected=list(exp) if isinstance(exp, tuple) else exp,
                           found=list(found) if isinstance(found, tuple) else found)
