"""The economics of METHOD.md as pure functions on numpy / pandas objects.

No xlwings, no file I/O. One concept per module:

- :mod:`.coefficients` — A = Z diag(X)⁻¹, M, V (§2.1)
- :mod:`.leontief` — L = (I − A)⁻¹ and LU solves for selected columns (§2.3)
- :mod:`.augment` — the augmented system with virtual IIE sectors (§2.2)
- :mod:`.direct` — direct (core) value added Σ S_k (X_k − M_k) (§1)
- :mod:`.penetration` — ΔY, λ, dz and the rates p_s(t) (§2)
- :mod:`.sections` — sections, industries, section rates d_s, p_s (§1, §2.6)
- :mod:`.production` — Cobb-Douglas fit, γ_t, μ_t (§3)
- :mod:`.extrapolate` — linear extrapolation with flags (§4)
- :mod:`.regional` — η, ω, province and region allocation (§5)
- :mod:`.fuzzy` — fuzzy comprehensive evaluation (§6)
- :mod:`.cities` — city allocation, index, tiers, top-N shares (§7)
- :mod:`.growth` — growth, CAGR, shares (§8)

The IO analysis menu (issue 15; Miller & Blair 2009):

- :mod:`.multipliers` — output, value-added, employment and income multipliers, Type I / II
- :mod:`.ghosh` — B = X̂⁻¹Z and the Ghosh inverse G = X̂⁻¹ L X̂
- :mod:`.linkages` — backward / forward linkages, coefficients of variation, key sectors
- :mod:`.extraction` — hypothetical extraction (backward, forward, total)
- :mod:`.aggregate` — aggregation of a table by a concordance
- :mod:`.ras` — RAS and GRAS updating to new margins
- :mod:`.uncertainty` — resampling the expert panel: quantiles of S_k and of the IIE values
"""

from .aggregate import Concordance, aggregate, concordance
from .augment import Augmented, aggregation_matrix, augment
from .cities import (MUNICIPALITY_CODES, allocate_to_cities, city_index, city_tier, in_city_mean, tier_table,
                     top_n_share)
from .coefficients import calc_A, calc_M, calc_V, calc_Z
from .direct import direct_by_sector, direct_total
from .extraction import Extraction, extraction
from .extrapolate import extrapolate_rows, linear_extrapolate
from .fuzzy import fuzzy_evaluate, membership
from .ghosh import calc_B, ghosh_from_leontief, ghosh_inverse
from .growth import cagr, growth, growth_rows, share, span_growth
from .leontief import LeontiefSolver, calc_L, check_productive
from .linkages import Linkages, linkages
from .multipliers import IOMultipliers, MultiplierEffects, closed_inverse, io_multipliers
from .penetration import Penetration, extend_rates, penetration
from .production import CobbDouglasFit, fit_cobb_douglas, multiplier, tfp
from .ras import Balanced, gras, ras
from .regional import (allocate_by_industry, allocate_by_section, carried_year, effective_eta, eta, province_weights,
                       region_totals, sections_to_industries)
from .sections import (INDUSTRIES, SECTION_INDUSTRY, SECTIONS, apply_rates, by_industry, industry_shares, section_rates,
                       sum_by_section)
from .uncertainty import Uncertainty, iie_uncertainty

__all__ = [
    "Augmented", "aggregation_matrix", "augment", "allocate_to_cities", "city_index", "in_city_mean", "MUNICIPALITY_CODES", "city_tier", "tier_table",
    "top_n_share", "calc_A", "calc_M", "calc_V", "calc_Z", "direct_by_sector", "direct_total", "extrapolate_rows",
    "linear_extrapolate", "fuzzy_evaluate", "membership", "cagr", "growth", "growth_rows", "share", "span_growth",
    "LeontiefSolver", "calc_L", "check_productive", "Penetration", "extend_rates", "penetration", "CobbDouglasFit",
    "fit_cobb_douglas", "multiplier", "tfp", "allocate_by_industry", "allocate_by_section", "carried_year", "effective_eta", "eta",
    "province_weights", "region_totals", "sections_to_industries", "INDUSTRIES", "SECTION_INDUSTRY", "SECTIONS", "apply_rates", "by_industry",
    "industry_shares",
    "section_rates", "sum_by_section",
    # IO analysis (issue 15)
    "Concordance", "aggregate", "concordance", "Extraction", "extraction", "calc_B", "ghosh_from_leontief",
    "ghosh_inverse", "Linkages", "linkages", "IOMultipliers", "MultiplierEffects", "closed_inverse",
    "io_multipliers", "Balanced", "gras", "ras", "Uncertainty", "iie_uncertainty",
]
