"""Golden numbers: METHOD.md implemented again from scratch, numpy and pandas only.

This script must not import iiecon_xl (not the model, not its parameters, not its resource
reader): it reads the inputs as plain files and writes what METHOD.md says the measurement
gives, so that tests/test_golden.py can hold the package to numbers made another way (as
linearmodels keeps reference results beside its tests).

    python3 tests/golden/make_golden.py        # writes golden_demo.json (+ golden_nbs2017.json)

Two data sets:

* ``demo`` — the illustrative demo inputs in iiecon_xl/resources/demo/ (示例数据，虚构):
  S_k from the expert scores (§6, weighted operator M(·,+)), N, tiers, top-N, city year from
  its parameters.json;
* ``nbs2017`` — the real NBS 2017 table (149 sectors, 万元, read from
  ../shared/data/io/nbs_io_2017_149.csv and divided by 1e4 to 亿元) with the 11 related
  sectors 083 088 089 092 093 094 121 122 123 124 125 and the given
  S = 0.10 0.20 0.30 0.15 0.15 0.20 0.30 0.20 0.40 0.40 0.35 (the set of
  tests/test_model_augment_penetration.py); every other input (section value added, Y/K/L,
  national, provincial and city GDP, N, tiers) is the demo's, and for the section
  allocation rule (§5) the provinces' 2017 section value added summed from
  ../shared/data/provinces/provincial_va_42sectors_2017.csv (42 sectors → 19 sections).
  The json holds derived results only, never the data.

Choices (METHOD.md as written; the json holds the defaults as variant ``default`` and each
alternative on its own, e.g. ``denominator=io``):

* ``denominator`` (§1): ``yearbook`` (default) or ``io``: VA_s(base) of d_s and p_s. The
  base-year row is Σ S_k (X_k − M_k) and Σ dz_i, section by section, whatever the denominator;
  later years are d_s·VA_s(t) and p_s(t)·VA_s(t) with p_s(t) = p_s(t−1)·μ_t;
* ``industry_rule`` (§0, §5): ``nbs2018`` (default: A05 005, B11 011, C43 097 belong to the
  tertiary industry) or ``section`` (A; B–E; F–S). A section split between industries is split,
  for each component on its own, by its sectors' base-year shares of that component (direct
  S_k(X_k − M_k) for core, dz_i for penetration);
* ``allocation`` (§5, §7): ``industry`` (default, ω from provincial GDP by industry and national
  η) or ``section`` (Z_i^s = Z^s VA_i^s / Σ_i VA_i^s with the provinces' base-year section value
  added); the province × industry amount the cities share is then Σ_s Z_i^s times the section's
  industry split above. Only where the input data allows (nbs2017).

Section value added missing at the end (or start) of a row is extended by an OLS line on
all the row's observed years (§4); a gap inside a row is refused.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RES = ROOT / "iiecon_xl" / "resources"
DEMO = RES / "demo"
SHARED = ROOT.parent / "shared" / "data"
NBS_IO = SHARED / "io" / "nbs_io_2017_149.csv"
NBS_PROV42 = SHARED / "provinces" / "provincial_va_42sectors_2017.csv"

SECTIONS = list("ABCDEFGHIJKLMNOPQRS")
SECTION_INDUSTRY = {s: 1 if s == "A" else 2 if s in "BCDE" else 3 for s in SECTIONS}
#: NBS 三次产业划分规定 (2018): A05, B11 and C43 are tertiary; their 2017 149-sector codes.
NBS2018_TERTIARY = {"005": "农、林、牧、渔服务产品", "011": "开采辅助活动和其他采矿产品",
                    "097": "金属制品、机械和设备修理服务"}
MUNICIPALITIES = (110000, 120000, 310000, 500000)
INDUSTRY_COLS = ["primary", "secondary", "tertiary"]
NBS_RELATED = ["083", "088", "089", "092", "093", "094", "121", "122", "123", "124", "125"]
NBS_S = [0.10, 0.20, 0.30, 0.15, 0.15, 0.20, 0.30, 0.20, 0.40, 0.40, 0.35]
#: 42-sector codes of the 2017 regional tables → sections.
SEC42_SECTION = {1: "A", **{k: "B" for k in range(2, 6)}, **{k: "C" for k in range(6, 24)},
                 **{k: "D" for k in range(24, 27)}, 27: "E", 28: "F", 29: "G", 30: "H", 31: "I", 32: "J",
                 33: "K", 34: "L", 35: "M", 36: "M", 37: "N", 38: "O", 39: "P", 40: "Q", 41: "R", 42: "S"}
DEFAULT = {"denominator": "yearbook", "industry_rule": "nbs2018", "allocation": "industry"}


def read_csv(path, **kw) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", **kw)


def sector_list() -> pd.DataFrame:
    """The 2017 149-sector list (code → name_zh, section) as a plain CSV."""
    sec = read_csv(RES / "sectors_2017_149.csv", dtype={"code": str}).set_index("code")
    for code, name in NBS2018_TERTIARY.items():
        assert sec.at[code, "name_zh"] == name, (code, sec.at[code, "name_zh"])
    return sec[["name_zh", "section"]]


def common_inputs() -> dict:
    """The demo's series and parameters (section VA, Y/K/L, GDP of nation, provinces, cities)."""
    meta = json.loads((DEMO / "parameters.json").read_text(encoding="utf-8"))
    p = meta["parameters"]
    sva = read_csv(DEMO / "section_va.csv").set_index("section")
    sva.columns = [int(c) for c in sva.columns]
    return {"section_va": sva.reindex(SECTIONS).astype(float),
            "macro": read_csv(DEMO / "macro.csv").set_index("year").astype(float),
            "national_gdp": read_csv(DEMO / "national_gdp.csv").set_index("year")[INDUSTRY_COLS].astype(float),
            "province_gdp": read_csv(DEMO / "province_gdp.csv"),
            "city_gdp": read_csv(DEMO / "city_gdp.csv"),
            "base_year": int(p["base_year"]), "fit_window": tuple(p["fit_window"]),
            "N": float(p["city_index_N"]), "tiers": [float(t) for t in p["tier_thresholds"]],
            "top_n": [int(n) for n in p["top_n"]], "city_year": int(meta["city_year"]),
            "province_section_va": None}


def fuzzy_shares() -> pd.Series:
    """S_k = B·G with B = W·R normalised to sum 1, R_cg = experts choosing grade g on criterion c
    / experts on c (METHOD.md §6, operator M(·,+))."""
    crit = read_csv(DEMO / "fuzzy_criteria.csv").set_index("criterion")
    grades = read_csv(DEMO / "fuzzy_grades.csv").set_index("grade")
    counts = read_csv(DEMO / "fuzzy_counts.csv", dtype={"code": str})
    out = {}
    for code, block in counts.groupby("code", sort=False):
        R = block.set_index("criterion").loc[crit.index, list(grades.index)].to_numpy(dtype=float)
        R = R / R.sum(axis=1, keepdims=True)
        B = crit["weight"].to_numpy(dtype=float) @ R
        B = B / B.sum()
        out[code] = float(B @ grades["value"].to_numpy(dtype=float))
    return pd.Series(out, name="S")


def demo_inputs() -> dict:
    """The demo: IO table (亿元) from io_sectors.csv / io_flows.csv, S from the expert scores."""
    sec = read_csv(DEMO / "io_sectors.csv", dtype={"code": str}).set_index("code")
    flows = read_csv(DEMO / "io_flows.csv", dtype={"code": str}).set_index("code")
    related = read_csv(DEMO / "related.csv", dtype={"code": str}).set_index("code")
    S = fuzzy_shares().reindex(related.index)
    assert related["S"].isna().all() and S.notna().all()
    inp = common_inputs()
    inp.update(codes=list(sec.index), section=sec["section"].to_numpy(),
               Z=flows.loc[sec.index, list(sec.index)].to_numpy(dtype=float),
               X=sec["total_output"].to_numpy(dtype=float), related=list(S.index), S=S.to_numpy())
    return inp


def nbs_inputs() -> dict:
    """The NBS 2017 table in 亿元 (万元 / 1e4), the 11 related sectors with the given S."""
    df = read_csv(NBS_IO, dtype={"Code": str})
    df["Code"] = df["Code"].str.strip()
    df = df.set_index("Code")
    sec = sector_list()
    codes = list(sec.index)
    assert [c for c in df.columns if c.strip().isdigit()] == codes
    inp = common_inputs()
    inp.update(codes=codes, section=sec["section"].to_numpy(),
               Z=df.loc[codes, codes].to_numpy(dtype=float) / 1e4,
               X=df.loc["TI", codes].to_numpy(dtype=float) / 1e4, related=NBS_RELATED, S=np.array(NBS_S),
               province_section_va=province_sections_2017())
    return inp


def province_sections_2017() -> pd.DataFrame:
    """province code × section 2017 value added (亿元) from the 42-sector regional tables."""
    prov = read_csv(RES / "provinces.csv").set_index("short_zh")["code"]
    va = read_csv(NBS_PROV42)
    va["section"] = va["sector"].str[3:].astype(int).map(SEC42_SECTION)
    va["code"] = va["province"].map(prov)
    assert va["section"].notna().all() and va["code"].notna().all()
    out = va.pivot_table(index="code", columns="section", values="TVA_10k_yuan", aggfunc="sum") / 1e4
    return out.reindex(columns=SECTIONS, fill_value=0.0)


def penetration(Z, X, rel, S) -> dict:
    """METHOD.md §2: a_ij = z_ij/X_j; the augmented A* (a*_ab = r_a a_{σ(a)σ(b)}, r = 1 − S_k for a
    related k, S_k for its virtual twin v at n+i, 1 otherwise); C = (I − A*)⁻¹ (the whole inverse);
    ΔY_i = Σ_v C_iv S_k X_k / C_vv; λ_i = ΔY_i/X_i; dz_i = ΔY_i V_i / X_i with V = X − M."""
    n, m = len(X), len(rel)
    A = np.divide(Z, X[np.newaxis, :], out=np.zeros_like(Z), where=X[np.newaxis, :] != 0)
    sigma = np.concatenate([np.arange(n), rel])
    r = np.ones(n + m)
    r[rel] = 1.0 - S
    r[n:] = S
    Astar = r[:, np.newaxis] * A[np.ix_(sigma, sigma)]
    C = np.linalg.inv(np.eye(n + m) - Astar)
    dXv = S * X[rel]
    dY = (C[:n, n:] * (dXv / np.diag(C)[n:])[np.newaxis, :]).sum(axis=1)
    V = X - Z.sum(axis=0)
    lam = dY / X
    return {"dY": dY, "lambda": lam, "dz": lam * V, "V": V}


def extrapolate(row: pd.Series) -> pd.Series:
    """METHOD.md §4: leading/trailing gaps from x̂_t = a + b t, OLS on every observed year."""
    obs = row.dropna()
    inside = row.loc[obs.index[0]:obs.index[-1]]
    if inside.isna().any():
        raise ValueError(f"{row.name}: a gap inside the observed years")
    if len(obs) == len(row):
        return row
    t = obs.index.to_numpy(dtype=float)
    (a, b), *_ = np.linalg.lstsq(np.column_stack([np.ones_like(t), t]), obs.to_numpy(), rcond=None)
    filled = row.copy()
    for y in row.index[row.isna()]:
        filled[y] = a + b * float(y)
    return filled


def production(macro: pd.DataFrame, window) -> dict:
    """METHOD.md §3: OLS ln Y = ln A + α ln K + β ln L over the window (classical standard errors,
    R²); γ_t = Y_t / (A K_t^α L_t^β), μ_t = γ_t / γ_{t−1}."""
    d = macro.loc[window[0]:window[1]]
    Xm = np.column_stack([np.ones(len(d)), np.log(d["K"]), np.log(d["L"])])
    y = np.log(d["Y"].to_numpy())
    coef, *_ = np.linalg.lstsq(Xm, y, rcond=None)
    resid = y - Xm @ coef
    s2 = resid @ resid / (len(y) - 3)
    se = np.sqrt(np.diag(s2 * np.linalg.inv(Xm.T @ Xm)))
    r2 = 1.0 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))
    lnA, alpha, beta = coef
    gamma = macro["Y"] / (np.exp(lnA) * macro["K"] ** alpha * macro["L"] ** beta)
    mu = gamma / gamma.shift(1)
    return {"lnA": lnA, "alpha": alpha, "beta": beta, "A": float(np.exp(lnA)), "se_lnA": se[0],
            "se_alpha": se[1], "se_beta": se[2], "R2": r2, "nobs": len(y), "gamma": gamma, "mu": mu}


def sector_industry(codes, section, rule: str) -> np.ndarray:
    """Industry 1/2/3 of each sector: by its section, and under ``nbs2018`` A05/B11/C43 → 3."""
    ind = np.array([SECTION_INDUSTRY[s] for s in section])
    if rule == "nbs2018":
        ind[[c in NBS2018_TERTIARY for c in codes]] = 3
    return ind


def industry_split(comp, codes, section, rule: str) -> pd.DataFrame:
    """section × industry shares of one component's base-year sector values (§5: a section split
    between industries is split by its sectors' base-year shares); a section without any value
    keeps its own industry."""
    frame = pd.DataFrame({"v": comp, "s": section, "j": sector_industry(codes, section, rule)})
    by = frame.pivot_table(index="s", columns="j", values="v", aggfunc="sum").reindex(
        index=SECTIONS, columns=[1, 2, 3]).fillna(0.0)
    tot = by.sum(axis=1)
    split = by.div(tot.where(tot != 0), axis=0)
    for s in SECTIONS:
        if tot[s] == 0:
            split.loc[s] = [1.0 if j == SECTION_INDUSTRY[s] else 0.0 for j in (1, 2, 3)]
    return split


def section_series(inp: dict, pen: dict, direct, prod: dict, denominator: str):
    """§1, §2.6–7: base-year section values Σ_{i∈s}; rates over the chosen denominator; later
    years d_s·VA_s(t) and p_s(t)·VA_s(t), p_s(t) = p_s(t−1)·μ_t."""
    base = inp["base_year"]
    va = inp["section_va"].apply(extrapolate, axis=1)
    years = [int(t) for t in va.columns if int(t) >= base]
    sec = pd.Series(inp["section"])
    core0 = pd.Series(direct).groupby(sec).sum().reindex(SECTIONS, fill_value=0.0)
    pen0 = pd.Series(pen["dz"]).groupby(sec).sum().reindex(SECTIONS, fill_value=0.0)
    denom = va[base] if denominator == "yearbook" else pd.Series(pen["V"]).groupby(sec).sum().reindex(SECTIONS)
    d = (core0 / denom.where(core0 != 0)).fillna(0.0)
    p = (pen0 / denom.where(pen0 != 0)).fillna(0.0)
    core = pd.DataFrame(index=SECTIONS, columns=years, dtype=float)
    penet = pd.DataFrame(index=SECTIONS, columns=years, dtype=float)
    core[base], penet[base] = core0, pen0
    p_t = p.copy()
    for t in years[1:]:
        p_t = p_t * prod["mu"][t]
        core[t], penet[t] = d * va[t], p_t * va[t]
    return years, va, d, p, core, penet


def allocate_provinces(inp, years, core_st, pen_st, core_jt, pen_jt, splits, allocation):
    """§5: province × industry core and penetration of every year, each component on its own:
    ω_i^j = GDP_i^j η^j / Σ_i GDP_i^j η^j with national η^j = Z^j / GDP^j; or the section rule
    Z_i^s = Z^s VA_i^s / Σ_i VA_i^s, summed to industries by the sections' splits."""
    pg = inp["province_gdp"]
    gdp_nat = inp["national_gdp"]
    out = {"core": {}, "penetration": {}, "gdp": {}}
    for t in years:
        g = pg[pg["year"] == t].set_index("province_code")[INDUSTRY_COLS].astype(float).sort_index()
        g.columns = [1, 2, 3]
        out["gdp"][t] = g.sum(axis=1)
        eta = (core_jt[t] + pen_jt[t]) / gdp_nat.loc[t].set_axis([1, 2, 3])
        for key, zjt, zst in (("core", core_jt, core_st), ("penetration", pen_jt, pen_st)):
            if allocation == "industry":
                w = g * eta
                out[key][t] = (w / w.sum(axis=0)) * zjt[t]
            else:
                psv = inp["province_section_va"].loc[g.index]
                z_ps = psv / psv.sum(axis=0) * zst[t]
                out[key][t] = z_ps.fillna(0.0) @ splits[key]
    return out


def cities(inp, prov, total_t) -> dict:
    """§7: X_c = Σ_j Z_p^j GDP_c^j / Σ_{c'∈p} GDP_c'^j; CI = N ln(1 + X/X̄), X̄ over the
    prefecture-level rows (municipalities left out); tiers by the thresholds; top-N shares."""
    cy = inp["city_year"]
    cg = inp["city_gdp"].set_index("city")
    z = prov["core"][cy] + prov["penetration"][cy]
    g = cg[INDUSTRY_COLS].astype(float).set_axis([1, 2, 3], axis=1)
    psum = g.groupby(cg["province_code"]).transform("sum")
    x = (g / psum * z.loc[cg["province_code"]].to_numpy()).sum(axis=1)
    xbar = x[~cg["province_code"].isin(MUNICIPALITIES)].mean()
    ci = inp["N"] * np.log(1.0 + x / xbar)
    tier = pd.Series(0, index=x.index)
    for k, lo in reversed(list(enumerate(inp["tiers"], start=1))):
        tier[ci >= lo] = k
    top = np.sort(x.to_numpy())[::-1]
    return {"year": cy, "city": list(x.index), "value_added": x.tolist(), "index": ci.tolist(),
            "tier": tier.astype(int).tolist(), "mean": float(xbar),
            "top_shares": {str(n): float(top[:n].sum() / total_t[cy]) for n in inp["top_n"]}}


def base_year(inp: dict):
    """§2 penetration, §1 direct S_k(X_k − M_k) by sector (0 outside K), §3 the fit and μ."""
    rel = np.array([inp["codes"].index(c) for c in inp["related"]])
    pen = penetration(inp["Z"], inp["X"], rel, inp["S"])
    direct = np.zeros(len(inp["X"]))
    direct[rel] = inp["S"] * pen["V"][rel]
    return pen, direct, production(inp["macro"], inp["fit_window"])


def measure(inp: dict, variant: dict) -> dict:
    """Every result of one variant: sections, industries, nation, provinces, regions, cities."""
    pen, direct, prod = base_year(inp)
    years, va, d, p, core_st, pen_st = section_series(inp, pen, direct, prod, variant["denominator"])
    args = (inp["codes"], inp["section"], variant["industry_rule"])
    splits = {"core": industry_split(direct, *args), "penetration": industry_split(pen["dz"], *args)}
    core_jt, pen_jt = splits["core"].T @ core_st, splits["penetration"].T @ pen_st
    core_t, pen_t = core_st.sum(), pen_st.sum()
    total_t = core_t + pen_t
    gdp_t = inp["national_gdp"].loc[years].sum(axis=1)
    prov = allocate_provinces(inp, years, core_st, pen_st, core_jt, pen_jt, splits, variant["allocation"])
    region = read_csv(RES / "provinces.csv").set_index("code")["region"]
    prov_core = pd.DataFrame({t: prov["core"][t].sum(axis=1) for t in years})
    prov_pen = pd.DataFrame({t: prov["penetration"][t].sum(axis=1) for t in years})
    for a, b in ((prov_core.sum(), core_t), (prov_pen.sum(), pen_t), (core_jt.sum(), core_t)):
        assert np.allclose(a, b, rtol=1e-12, atol=0)
    ser = lambda s: [float(v) for v in s]  # noqa: E731
    frame = lambda f: {str(k): ser(f.loc[k, years]) for k in f.index}  # noqa: E731
    return {
        "parameters": variant, "years": years,
        "national": {"core": ser(core_t), "penetration": ser(pen_t), "total": ser(total_t), "gdp": ser(gdp_t),
                     "share_of_gdp": ser(total_t / gdp_t), "total_growth": ser((total_t / total_t.shift(1) - 1)[1:])},
        "sections": {"core": frame(core_st), "penetration": frame(pen_st), "value_added": frame(va),
                     "direct_rate": ser(d), "penetration_rate_base": ser(p)},
        "industries": {"core": frame(core_jt), "penetration": frame(pen_jt)},
        "provinces": {"core": frame(prov_core), "penetration": frame(prov_pen)},
        "regions": {"core": frame(prov_core.groupby(region).sum()),
                    "penetration": frame(prov_pen.groupby(region).sum())},
        "cities": cities(inp, prov, total_t),
    }


def base_results(inp: dict) -> dict:
    """What no variant changes: S, the sector results ΔY, λ, dz, direct (§1, §2), the fit and μ (§3)."""
    pen, direct, prod = base_year(inp)
    ser = lambda s: [float(v) for v in s]  # noqa: E731
    return {"S": dict(zip(inp["related"], ser(inp["S"]))), "codes": inp["codes"],
            "sectors": {"dY": ser(pen["dY"]), "lambda": ser(pen["lambda"]), "dz": ser(pen["dz"]),
                        "direct": ser(direct)},
            "production": {k: float(v) for k, v in prod.items() if k not in ("gamma", "mu")},
            "multipliers": {"year": [int(t) for t in prod["gamma"].index], "gamma": ser(prod["gamma"]),
                            "mu": [None if pd.isna(v) else float(v) for v in prod["mu"]]}}


def variants(with_sections: bool) -> dict[str, dict]:
    """The METHOD.md defaults, then each alternative on its own: (a) the IO denominator, (b) the
    section industry rule, (c) the section allocation (only with provincial section value added)."""
    out = {"default": dict(DEFAULT)}
    alternatives = [("denominator", "io"), ("industry_rule", "section")]
    alternatives += [("allocation", "section")] if with_sections else []
    for key, value in alternatives:
        out[f"{key}={value}"] = {**DEFAULT, key: value}
    return out


def golden(inp: dict, with_sections: bool, about: str) -> dict:
    return {"about": about, "made_by": "tests/golden/make_golden.py (numpy/pandas only; no iiecon_xl)",
            "base": base_results(inp),
            "variants": {name: measure(inp, v) for name, v in variants(with_sections).items()}}


def write(path: Path, data: dict) -> None:
    tmp = path.with_suffix(".json.tmp")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(path)


def main() -> int:
    write(HERE / "golden_demo.json",
          golden(demo_inputs(), False, "Illustrative demo inputs (示例数据，虚构，非官方统计), iiecon_xl/resources/demo"))
    print("wrote golden_demo.json")
    if NBS_IO.exists() and NBS_PROV42.exists():
        write(HERE / "golden_nbs2017.json",
              golden(nbs_inputs(), True, "NBS 2017 IO table (149 sectors, 万元 / 1e4 = 亿元), the 11 related "
                     "sectors with the given S, the demo's series; section rule from the 2017 42-sector regional VA"))
        print("wrote golden_nbs2017.json")
    else:
        print(f"{NBS_IO} absent: golden_nbs2017.json not written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
