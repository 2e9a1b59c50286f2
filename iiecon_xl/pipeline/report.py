"""The result of one measurement: every report table, the parameters and the unit it was made with."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from .. import units
from ..inputs import Parameters
from ..tables import Table


@dataclass
class Report:
    """Every report table of METHOD.md §8 plus the intermediate tables an auditor needs.

    ``parameters`` are the :class:`~iiecon_xl.inputs.Parameters` the tables were computed
    with (a copy: later changes to the inputs do not reach it), so that readers such as the
    figures take tier thresholds, N and top-N from here rather than from display text.
    """

    tables: dict[str, Table]
    unit: str
    label: str
    years: list[int]
    warnings: list[str] = field(default_factory=list)
    parameters: Parameters = field(default_factory=Parameters)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name].frame

    def to_json_dict(self) -> dict:
        """``{"unit": …, "label": …, "parameters": {…}, "national": [{…}, …], "provinces": […], …}``."""
        out: dict = {"unit": self.unit, "unit_en": units.UNIT_EN.get(self.unit, self.unit),
                     "label": self.label, "years": self.years, "warnings": self.warnings,
                     "parameters": {k: list(v) if isinstance(v, tuple) else v
                                    for k, v in asdict(self.parameters).items()}}
        for name, table in self.tables.items():
            out[name] = [{k: jsonable(v) for k, v in row.items()}
                         for row in table.frame.to_dict(orient="records")]
        return out


def jsonable(v):
    """A table cell as JSON: numpy scalars as Python numbers, NaN/inf and NA as null."""
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return None if not math.isfinite(float(v)) else float(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if v is pd.NA or v is None:
        return None
    return v


class TableSet(dict):
    """The report's tables in the order they are added (that order is the order of the outputs)."""

    def __init__(self, unit: str):
        super().__init__()
        self.unit = unit

    def add(self, name: str, zh: str, en: str, frame: pd.DataFrame, unit: str | None = None) -> None:
        """A table titled ``zh``/``en``; ``unit`` None = the report unit, "" = no unit."""
        self[name] = Table(name, zh, en, self.unit if unit is None else unit, frame.reset_index(drop=True))
