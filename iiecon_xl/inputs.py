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
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import pandas as pd

from . import reference
from .errors import IIEInputError
from .parameters import ALLOCATIONS, DEFAULTS, DENOMINATORS, OPERATORS
from .model import SECTIONS
from .model.checks import years_unique

INDUSTRY_COLUMNS = ["primary", "secondary", "tertiary"]


@dataclass
class Parameters:
    """Every choice of the method that METHOD.md says must be a parameter."""

    base_year: int = DEFAULTS["base_year"]
    fit_window: tuple[int, int] = DEFAULTS["fit_window"]
    constant_returns: bool = DEFAULTS["constant_returns"]
    denominator: str = DEFAULTS["denominator"]          # §1: "io" (IO section totals) or "yearbook"
    fuzzy_operator: str = DEFAULTS["fuzzy_operator"]    # §6: "weighted" M(·,+) or "minmax" M(∧,∨)
    extrapolation_window: int | None = DEFAULTS["extrapolation_window"]  # §4: last w years, None = all
    allocation: str = DEFAULTS["allocation"]            # §5: "industry" (three-industry rule) or "section"
    city_index_N: float = DEFAULTS["city_index_N"]      # §7
    tier_thresholds: tuple[float, ...] = DEFAULTS["tier_thresholds"]
    top_n: tuple[int, ...] = DEFAULTS["top_n"]
    growth_span: tuple[int, int] | None = DEFAULTS["growth_span"]  # §8: (start, end); None = last 5 years
    unit: str = DEFAULTS["unit"]
    label: str = DEFAULTS["label"]                      # e.g. the demo's "示例数据（虚构）…" label

    def check(self) -> "Parameters":
        if self.denominator not in DENOMINATORS:
            raise IIEInputError("denominator", f"must be 'io' or 'yearbook', got {self.denominator!r}")
        if self.fuzzy_operator not in OPERATORS:
            raise IIEInputError("fuzzy_operator", f"must be 'weighted' or 'minmax', got {self.fuzzy_operator!r}")
        if self.allocation not in ALLOCATIONS:
            raise IIEInputError("allocation", f"must be 'industry' or 'section', got {self.allocation!r}")
        if self.fit_window[0] > self.fit_window[1]:
            raise IIEInputError("fit_window", f"start {self.fit_window[0]} is after end {self.fit_window[1]}")
        t = list(self.tier_thresholds)
        if not t or any(a <= b for a, b in zip(t, t[1:])):
            raise IIEInputError("tier_thresholds", "must be strictly decreasing (e.g. 50, 35, 25, 17)")
        if not self.city_index_N > 0:
            raise IIEInputError("city_index_N", "must be positive")
        return self

    @classmethod
    def from_dict(cls, d: dict) -> "Parameters":
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise IIEInputError("parameters", f"unknown parameter(s) {', '.join(unknown)}")
        d = dict(d)
        for key in ("fit_window", "tier_thresholds", "top_n", "growth_span"):
            if d.get(key) is not None:
                d[key] = tuple(d[key])
        return cls(**d).check()


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
    province_section_va: pd.DataFrame | None = None  # index province_code; section columns (section rule)

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
        """Write the inputs as CSV files + parameters.json into ``folder`` (created)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        io = self.io
        sectors = io.sectors.copy()
        sectors["total_output"] = io.X
        if io.V is not None:
            sectors["value_added"] = io.V
        sectors.to_csv(folder / "io_sectors.csv", index_label="code")
        io.Z.to_csv(folder / "io_flows.csv", index_label="code")
        self.related.to_csv(folder / "related.csv", index_label="code")
        self.section_va.to_csv(folder / "section_va.csv", index_label="section")
        self.macro.to_csv(folder / "macro.csv", index_label="year")
        self.national_gdp.to_csv(folder / "national_gdp.csv", index_label="year")
        self.province_gdp.to_csv(folder / "province_gdp.csv")
        self.city_gdp.to_csv(folder / "city_gdp.csv", index_label="city")
        if self.province_section_va is not None:
            self.province_section_va.to_csv(folder / "province_section_va.csv", index_label="province_code")
        if self.fuzzy is not None:
            self.fuzzy.criteria.to_csv(folder / "fuzzy_criteria.csv", index_label="criterion")
            self.fuzzy.grades.to_csv(folder / "fuzzy_grades.csv", index_label="grade")
            self.fuzzy.counts.to_csv(folder / "fuzzy_counts.csv")
        meta = {"io_unit": io.unit, "city_year": self.city_year, "parameters": asdict(self.params)}
        (folder / "parameters.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                                                encoding="utf-8")
        return folder

    @classmethod
    def read(cls, folder) -> "Inputs":
        """Read a folder written by :meth:`write` (raises IIEInputError naming a missing file)."""
        folder = Path(folder)

        def csv(name, required=True, **kw):
            path = folder / name
            if not path.exists():
                if required:
                    raise IIEInputError(name, f"file not found in {folder}")
                return None
            return pd.read_csv(path, encoding="utf-8", **kw)

        meta_path = folder / "parameters.json"
        if not meta_path.exists():
            raise IIEInputError("parameters.json", f"file not found in {folder}")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        params = Parameters.from_dict(meta.get("parameters", {}))
        sec = csv("io_sectors.csv", dtype={"code": str}).set_index("code")
        Z = csv("io_flows.csv", dtype={"code": str}).set_index("code")
        Z.columns = [str(c) for c in Z.columns]
        io = IOTable(sectors=sec[["name_zh", "name_en", "section"]], Z=Z.astype(float),
                     X=sec["total_output"].astype(float),
                     V=sec["value_added"].astype(float) if "value_added" in sec else None,
                     unit=meta.get("io_unit", params.unit))
        related = csv("related.csv", dtype={"code": str}).set_index("code")
        section_va = csv("section_va.csv").set_index("section")
        section_va.columns = [int(c) for c in section_va.columns]
        macro = csv("macro.csv").set_index("year")
        national = csv("national_gdp.csv").set_index("year")
        prov = csv("province_gdp.csv").set_index(["province_code", "year"])
        city = csv("city_gdp.csv").set_index("city")
        psv = csv("province_section_va.csv", required=False)
        fuzzy = None
        if (folder / "fuzzy_counts.csv").exists():
            grades = csv("fuzzy_grades.csv").set_index("grade")
            counts = csv("fuzzy_counts.csv", dtype={"code": str}).set_index(["code", "criterion"])
            counts.columns = [str(c) for c in counts.columns]
            grades.index = [str(g) for g in grades.index]
            fuzzy = FuzzyScores(criteria=csv("fuzzy_criteria.csv").set_index("criterion"),
                                grades=grades, counts=counts)
        return cls(io=io, related=related, section_va=section_va, macro=macro, national_gdp=national,
                   province_gdp=prov, city_gdp=city, params=params, fuzzy=fuzzy,
                   city_year=meta.get("city_year"),
                   province_section_va=None if psv is None else psv.set_index("province_code")).check()
