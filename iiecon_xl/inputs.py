"""The inputs of one measurement (METHOD.md §0) and their CSV folder form.

An :class:`Inputs` object holds everything the pipeline needs; ``Inputs.read(folder)``
and ``inputs.write(folder)`` move it to and from a folder of CSV files plus
``parameters.json`` (the demo data shipped in ``iiecon_xl/resources/demo`` is such a folder).

Conventions: years are ints; sections are letters A–S; provinces are GB/T 2260
codes (ints); three-industry columns are ``primary, secondary, tertiary``; the IO
table is in ``io.unit`` and everything else in ``parameters.unit``.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import pandas as pd

from . import reference
from .csvsafe import write_csv
from .safefiles import atomic_file
from .errors import IIEInputError
from .input_files import YEARS, key_line, read_meta, read_table
from .parameters import ALLOCATIONS, CITY_MEANS, DEFAULTS, DENOMINATORS, INDUSTRY_RULES, OPERATORS
from .model import SECTIONS
from .model.checks import years_unique
from .units import UNITS

INDUSTRY_COLUMNS = ["primary", "secondary", "tertiary"]


@dataclass
class Parameters:
    """Every choice of the method that METHOD.md says must be a parameter."""

    base_year: int = DEFAULTS["base_year"]
    fit_window: tuple[int, int] = DEFAULTS["fit_window"]
    constant_returns: bool = DEFAULTS["constant_returns"]
    denominator: str = DEFAULTS["denominator"]          # §1: "yearbook" (base-year section VA) or "io"
    industry_rule: str = DEFAULTS["industry_rule"]      # §0, §5: "nbs2018" (三次产业划分规定) or "section"
    fuzzy_operator: str = DEFAULTS["fuzzy_operator"]    # §6: "weighted" M(·,+) or "minmax" M(∧,∨)
    extrapolation_window: int | None = DEFAULTS["extrapolation_window"]  # §4: last w years, None = all
    allocation: str = DEFAULTS["allocation"]            # §5: "industry" (three-industry rule) or "section"
    city_index_N: float = DEFAULTS["city_index_N"]      # §7
    city_mean: str = DEFAULTS["city_mean"]              # §7: X̄ over "prefecture" units or "all" rows
    tier_thresholds: tuple[float, ...] = DEFAULTS["tier_thresholds"]
    top_n: tuple[int, ...] = DEFAULTS["top_n"]
    growth_span: tuple[int, int] | None = DEFAULTS["growth_span"]  # §8: (start, end); None = last 5 years
    unit: str = DEFAULTS["unit"]
    label: str = DEFAULTS["label"]                      # e.g. the demo's "示例数据（虚构）…" label

    def check(self) -> "Parameters":
        if self.denominator not in DENOMINATORS:
            raise IIEInputError("denominator", f"must be 'yearbook' or 'io', got {self.denominator!r}")
        if self.industry_rule not in INDUSTRY_RULES:
            raise IIEInputError("industry_rule", f"must be 'nbs2018' or 'section', got {self.industry_rule!r}")
        if self.fuzzy_operator not in OPERATORS:
            raise IIEInputError("fuzzy_operator", f"must be 'weighted' or 'minmax', got {self.fuzzy_operator!r}")
        if self.allocation not in ALLOCATIONS:
            raise IIEInputError("allocation", f"must be 'industry' or 'section', got {self.allocation!r}")
        if self.city_mean not in CITY_MEANS:
            raise IIEInputError("city_mean", f"must be 'prefecture' or 'all', got {self.city_mean!r}")
        if self.fit_window[0] > self.fit_window[1]:
            raise IIEInputError("fit_window", f"start {self.fit_window[0]} is after end {self.fit_window[1]}")
        t = list(self.tier_thresholds)
        if not t or any(a <= b for a, b in zip(t, t[1:])):
            raise IIEInputError("tier_thresholds", "must be strictly decreasing (e.g. 50, 35, 25, 17)")
        if not self.city_index_N > 0:
            raise IIEInputError("city_index_N", "must be positive")
        if self.unit not in UNITS:
            raise IIEInputError("unit", f"{self.unit!r} is not one of {', '.join(UNITS)}")
        return self

    @classmethod
    def from_dict(cls, d: dict) -> "Parameters":
        """Parameters from a JSON-like dict (lists for tuples); every value checked for its kind,
        an error naming the key."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise IIEInputError("parameters", f"unknown parameter(s) {', '.join(unknown)}")
        d = {key: _typed(key, value) for key, value in d.items()}
        return cls(**d).check()


#: field → the kind of its value in parameters.json ("?" = may be null)
FIELD_KINDS = {"base_year": "year", "fit_window": "years", "constant_returns": "bool", "denominator": "text",
               "industry_rule": "text", "fuzzy_operator": "text", "extrapolation_window": "count?", "allocation": "text",
               "city_index_N": "number", "city_mean": "text", "tier_thresholds": "numbers", "top_n": "counts", "growth_span": "years?",
               "unit": "text", "label": "text"}
_KIND_TEXT = {"year": "a year", "years": "two years [start, end]", "bool": "true or false", "text": "a text",
              "count": "a positive whole number", "number": "a finite number", "numbers": "a list of numbers",
              "counts": "a list of positive whole numbers"}


def _typed(key: str, value):
    """``value`` of parameter ``key`` as the field holds it (a tuple for a list); IIEInputError if
    it is not of the field's kind."""
    kind = FIELD_KINDS[key]
    if kind.endswith("?"):
        if value is None:
            return None
        kind = kind[:-1]
    ok = {"year": _is_year, "bool": lambda v: isinstance(v, bool), "text": lambda v: isinstance(v, str),
          "count": _is_count, "number": _is_number,
          "years": lambda v: isinstance(v, list) and len(v) == 2 and all(map(_is_year, v)),
          "numbers": lambda v: isinstance(v, list) and all(map(_is_number, v)),
          "counts": lambda v: isinstance(v, list) and all(map(_is_count, v))}[kind](value)
    if not ok:
        raise IIEInputError(key, f"must be {_KIND_TEXT[kind]}{' or null' if FIELD_KINDS[key].endswith('?') else ''}"
                                 f", got {json.dumps(value, ensure_ascii=False)}")
    return tuple(value) if isinstance(value, list) else value


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _is_count(v) -> bool:
    return type(v) is int and v > 0


def _is_year(v) -> bool:
    return type(v) is int and YEARS[0] <= v <= YEARS[1]


@dataclass
class IOTable:
    """Base-year IO table: Z (n×n, row = seller), X total input/output, V value added (optional),
    and the sector list (code, names, section)."""

    sectors: pd.DataFrame   # index code (str); name_zh, name_en, section
    Z: pd.DataFrame         # index and columns = codes
    X: pd.Series            # index code
    V: pd.Series | None = None
    unit: str = "亿元"

    @property
    def codes(self) -> list[str]:
        return list(self.sectors.index)

    @property
    def M(self) -> pd.Series:
        return self.Z.sum(axis=0)

    def value_added(self) -> pd.Series:
        return self.V if self.V is not None else self.X - self.M


@dataclass
class FuzzyScores:
    """Expert scores for the fuzzy evaluation (§6).

    criteria: index criterion id; name_zh, name_en, weight (sum 1).
    grades: index grade id; name_zh, name_en, value.
    counts: index (code, criterion); one column per grade id (number of experts).
    """

    criteria: pd.DataFrame
    grades: pd.DataFrame
    counts: pd.DataFrame


@dataclass
class Inputs:
    io: IOTable
    related: pd.DataFrame               # index code; columns S (blank = from fuzzy scores)
    section_va: pd.DataFrame            # index section; int year columns; NaN = missing
    macro: pd.DataFrame                 # index year; Y, K, L
    national_gdp: pd.DataFrame          # index year; primary, secondary, tertiary
    province_gdp: pd.DataFrame          # index (province_code, year); primary, secondary, tertiary
    city_gdp: pd.DataFrame              # index city; province_code, primary, secondary, tertiary
    params: Parameters = field(default_factory=Parameters)
    fuzzy: FuzzyScores | None = None
    city_year: int | None = None        # year of the city GDP (default: latest year)
    province_section_va: pd.DataFrame | None = None  # index (province_code, year); section columns (section rule)
    province_eta: pd.DataFrame | None = None  # index (province_code, year); primary, secondary, tertiary η (NaN = national)
    analysis: dict | None = None        # the Analysis sheet's inputs (draws, seed, ras_u, ras_v; workbook.analysis_inputs)

    # ----------------------------------------------------------------- checks
    def check(self) -> "Inputs":
        """Raise :class:`IIEInputError` naming the input that is wrong."""
        self.params.check()
        io = self.io
        codes = io.codes
        if len(set(codes)) != len(codes):
            raise IIEInputError("io.sectors", "duplicated sector code(s)")
        if list(io.Z.index) != codes or list(io.Z.columns) != codes:
            raise IIEInputError("io.Z", "rows and columns must be the sector codes in the order of io.sectors")
        if list(io.X.index) != codes:
            raise IIEInputError("io.X", f"{len(io.X)} values, but Z is {len(codes)}×{len(codes)}")
        unknown = sorted(set(io.sectors["section"]) - set(SECTIONS))
        if unknown:
            raise IIEInputError("io.sectors", f"unknown section code(s) {', '.join(map(str, unknown))}")
        missing = [c for c in self.related.index if c not in codes]
        if missing:
            raise IIEInputError("related", f"sector code(s) {', '.join(missing)} are not in the IO table")
        if self.related["S"].isna().any() and self.fuzzy is None:
            raise IIEInputError("related", "coefficient S is blank and there are no expert scores to derive it")
        bad = sorted(set(self.section_va.index) - set(SECTIONS))
        if bad:
            raise IIEInputError("section_va", f"unknown section code(s) {', '.join(map(str, bad))}")
        years_unique("section_va", self.section_va.columns)
        for name, frame in (("macro", self.macro), ("national_gdp", self.national_gdp)):
            years_unique(name, frame.index)
        dup = self.province_gdp.index.duplicated()
        if dup.any():
            p, y = self.province_gdp.index[dup][0]
            raise IIEInputError("province_gdp", f"duplicated row for province {p}, year {y}")
        known = set(reference.provinces().index)
        bad = sorted(set(self.province_gdp.index.get_level_values(0)) - known)
        if bad:
            raise IIEInputError("province_gdp", f"unknown province code(s) {', '.join(map(str, bad))}")
        bad = sorted(set(self.city_gdp["province_code"]) - known)
        if bad:
            raise IIEInputError("city_gdp", f"unknown province code(s) {', '.join(map(str, bad))}")
        if self.city_gdp.index.duplicated().any():
            raise IIEInputError("city_gdp", f"duplicated city {self.city_gdp.index[self.city_gdp.index.duplicated()][0]}")
        if self.params.base_year not in self.section_va.columns:
            raise IIEInputError("section_va", f"no column for the base year {self.params.base_year}")
        if self.params.allocation == "section" and self.province_section_va is None:
            raise IIEInputError("allocation", "the section rule needs province_section_va")
        return self

    @property
    def years(self) -> list[int]:
        """Report years: base year … the last year of section value added."""
        b = self.params.base_year
        return [int(y) for y in sorted(self.section_va.columns) if int(y) >= b]

    # -------------------------------------------------------------- folder I/O
    def write(self, folder) -> Path:
        """Write the inputs as CSV files + parameters.json into ``folder`` (created), each file
        atomically and every text neutralised (:func:`iiecon_xl.csvsafe.write_csv`; UTF-8 without
        BOM and LF line ends, so the committed demo folder stays byte for byte what it is)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        io = self.io
        sectors = io.sectors.copy()
        sectors["total_output"] = io.X
        if io.V is not None:
            sectors["value_added"] = io.V
        frames = [("io_sectors", sectors, "code"), ("io_flows", io.Z, "code"), ("related", self.related, "code"),
                  ("section_va", self.section_va, "section"), ("macro", self.macro, "year"),
                  ("national_gdp", self.national_gdp, "year"), ("province_gdp", self.province_gdp, None),
                  ("city_gdp", self.city_gdp, "city")]
        if self.province_section_va is not None:
            frames.append(("province_section_va", self.province_section_va, None))
        if self.province_eta is not None:
            frames.append(("province_eta", self.province_eta, None))
        if self.fuzzy is not None:
            frames += [("fuzzy_criteria", self.fuzzy.criteria, "criterion"), ("fuzzy_grades", self.fuzzy.grades, "grade"),
                       ("fuzzy_counts", self.fuzzy.counts, None)]
        for name, frame, label in frames:
            write_csv(frame, folder / f"{name}.csv", index=True, index_label=label, encoding="utf-8",
                      lineterminator="\n")
        meta = {"io_unit": io.unit, "city_year": self.city_year, "parameters": asdict(self.params)}
        with atomic_file(folder / "parameters.json") as tmp:
            tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return folder

    @classmethod
    def read(cls, folder) -> "Inputs":
        """Read a folder written by :meth:`write` (or by hand): every bad file an IIEInputError
        naming the file, line, column or key and the problem (:mod:`iiecon_xl.input_files`)."""
        folder = Path(folder)
        if not folder.is_dir():
            raise IIEInputError("--inputs", f"{folder} is not a folder")
        meta, text = read_meta(folder)
        try:
            params = Parameters.from_dict(meta.get("parameters", {}))
        except IIEInputError as exc:
            key = exc.argument.split(".")[-1]
            raise IIEInputError("parameters.json", f"parameters.{key} ({key_line(text, key)}): {exc.problem}") from None
        sec = read_table(folder, "io_sectors.csv")
        Z = read_table(folder, "io_flows.csv").astype(float)
        Z.columns = [str(c) for c in Z.columns]
        io = IOTable(sectors=sec[["name_zh", "name_en", "section"]], Z=Z, X=sec["total_output"].astype(float),
                     V=sec["value_added"].astype(float) if "value_added" in sec else None,
                     unit=meta.get("io_unit") or params.unit)
        psv = read_table(folder, "province_section_va.csv", required=False)
        return cls(io=io, related=read_table(folder, "related.csv"), section_va=read_table(folder, "section_va.csv"),
                   macro=read_table(folder, "macro.csv"), national_gdp=read_table(folder, "national_gdp.csv"),
                   province_gdp=read_table(folder, "province_gdp.csv"), city_gdp=read_table(folder, "city_gdp.csv"),
                   params=params, fuzzy=_read_fuzzy(folder), city_year=meta.get("city_year"),
                   province_section_va=psv, province_eta=read_table(folder, "province_eta.csv", required=False)).check()


def _read_fuzzy(folder: Path) -> FuzzyScores | None:
    """The expert scores, when the folder has them."""
    if not (folder / "fuzzy_counts.csv").exists():
        return None
    grades = read_table(folder, "fuzzy_grades.csv")
    grades.index = [str(g) for g in grades.index]
    counts = read_table(folder, "fuzzy_counts.csv")
    counts.columns = [str(c) for c in counts.columns]
    return FuzzyScores(criteria=read_table(folder, "fuzzy_criteria.csv"), grades=grades, counts=counts)
