"""The layout of a whole book: every sheet layout for one set of dimensions, and the defined names."""

from __future__ import annotations

from ...xlsx import a1
from .calculations import ProductionSheet, ProvinceCalcSheet, SectionCalcSheet, SectorCalcSheet
from .analysis import AnalysisSheet
from .checks import ChecksSheet
from .dims import Dims
from .gdp_fill import GDPFillSheet
from .native import HelperSheet, MatrixSheet
from .sources import SourcesSheet
from .provinces import ProvinceSectionCalcSheet, ProvinceSectionsSheet
from .sheets import EDITIONS, FUNCTION, NATIVE
from .inputs import (CityGDPSheet, GuideSheet, IOSheet, MacroSheet, NationalGDPSheet, ParamsSheet,
                     ProvinceGDPSheet, RelatedSheet, ScoresSheet, SectionVASheet)
from .reports import (CitiesReport, IndustriesReport, NationalReport, ProvincesReport, RegionsReport,
                      SectionsReport)


class Layout:
    """Where everything of a book with dimensions ``dims`` sits (0-based rows and columns).

    ``layout.io.x_row``, ``layout.national.col("total")``, ``layout.section_calc.block_row("core", i)``:
    the builder, the reader, the audit, the update and the tests read positions only from here.
    """

    def __init__(self, dims: Dims, edition: str = FUNCTION):
        if edition not in EDITIONS:
            raise ValueError(f"edition must be one of {', '.join(EDITIONS)}, got {edition!r}")
        self.dims = dims
        self.edition = edition
        T, P = dims.T, len(dims.provinces)
        self.guide = GuideSheet(edition=edition)
        self.params = ParamsSheet()
        self.io = IOSheet(n=dims.n)
        self.related = RelatedSheet(m=dims.m)
        self.scores = ScoresSheet(p=len(dims.criteria), g=len(dims.grades))
        self.section_va = SectionVASheet(T=T)
        self.macro = MacroSheet(Ty=len(dims.macro_years))
        self.national_gdp = NationalGDPSheet(T=T)
        self.province_gdp = ProvinceGDPSheet(P=P, T=T)
        self.province_sections = ProvinceSectionsSheet(P=P, T=T)
        self.city_gdp = CityGDPSheet(C=len(dims.cities))
        self.sources = SourcesSheet()   # its rows are counted by the builder (build/sources.py)
        self.sector_calc = SectorCalcSheet(n=dims.n)
        self.section_calc = SectionCalcSheet(T=T)
        self.production = ProductionSheet(Ty=len(dims.macro_years))
        self.gdp_fill = GDPFillSheet(P=P, T=T)
        self.province_calc = ProvinceCalcSheet(P=P, T=T)
        self.province_section_calc = ProvinceSectionCalcSheet(P=P, T=T)
        self.national = NationalReport(T=T)
        self.industries = IndustriesReport(T=T)
        self.sections = SectionsReport(T=T)
        self.provinces = ProvincesReport(P=P, T=T)
        self.regions = RegionsReport(T=T)
        self.cities = CitiesReport(C=len(dims.cities), P=P)
        self.analysis = AnalysisSheet(n=dims.n, m=dims.m, T=T, p=len(dims.criteria), g=len(dims.grades),
                                      edition=edition)
        self.checks = ChecksSheet()
        # the native edition's own sheets (None in the function edition)
        self.matrices = self.helpers = None
        if edition == NATIVE:
            self.matrices = MatrixSheet(n=dims.n, m=dims.m)
            self.helpers = HelperSheet(m=dims.m, p=len(dims.criteria), g=len(dims.grades), C=len(dims.cities), P=P)

    @property
    def native(self) -> bool:
        return self.edition == NATIVE

    @property
    def sheets(self) -> tuple:
        """Every sheet layout, in book order."""
        native = (self.matrices, self.helpers) if self.native else ()
        return (self.guide, self.params, self.io, self.related, self.scores, self.section_va, self.macro,
                self.national_gdp, self.province_gdp, self.province_sections, self.city_gdp, self.sources,
                self.sector_calc, self.section_calc, self.production, self.gdp_fill, self.province_calc, self.province_section_calc,
                *native, self.national, self.industries, self.sections, self.provinces, self.regions, self.cities,
                self.analysis, self.checks)

    def sheet(self, name: str):
        """The layout of the sheet called ``name``."""
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(name)

    def defined_names(self) -> dict[str, str]:
        """{defined name: ``'Sheet'!$A$4:$A$152``} of every name the book defines."""
        out = {}
        for s in self.sheets:
            for nm, target in s.names().items():
                out[nm] = a1.ref(s.name, *target, absolute=True) if len(target) == 2 else a1.ref_area(s.name, *target)
        return out
