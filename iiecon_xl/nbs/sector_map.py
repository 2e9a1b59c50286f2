"""Sector codes and names → GB/T 4754 sections and English names, through the shipped
classifications (:func:`iiecon_xl.reference.sectors`) and the user's ``sections=`` mapping
(the command line's ``--sections`` CSV, read by :func:`read_sections_csv`)."""

from __future__ import annotations

import re

from .. import reference
from ..errors import IIEInputError
from ..model import SECTIONS
from .text import code3, is_code_text, norm, text

#: The shipped sector lists, oldest first.
SHIPPED = ("2017_149", "2018_153", "2020_153")


def _same_list(codes: list[str], nn: list[str]) -> list[str]:
    """The shipped lists with exactly these codes and (normalised) names."""
    out = []
    for key in SHIPPED:
        ref = reference.sectors(key)
        if len(ref) == len(codes) and list(ref.index) == codes and [norm(x) for x in ref["name_zh"]] == nn:
            out.append(key)
    return out


def _from_list(candidates: list[str], names: list[str], year_hint: str, notes: list[str]):
    """(sections, English names, table) of the shipped list that matches, by the year of the hint."""
    years = re.findall(r"(20\d\d)", year_hint)
    table = next((k for y in years for k in candidates if k.startswith(y)), candidates[0])
    if len(candidates) > 1 and not any(table.startswith(y) for y in years):
        notes.append(f"the sectors match the shipped lists {', '.join(candidates)} (identical); "
                     f"no year in the title or file name, {table} taken")
    ref = reference.sectors(table)
    if any(a != b for a, b in zip(ref["name_zh"], names)):
        notes.append(f"sector names differ from the shipped list {table} in spacing or punctuation only")
    return list(ref["section"]), list(ref["name_en"]), table


def _lookups():
    """({(code, name): (section, English name)}, {name: (section, English)}) over the shipped lists;
    a name that two lists put in different sections maps to (None, None)."""
    by_code_name, by_name = {}, {}
    for key in SHIPPED:
        ref = reference.sectors(key)
        for code, row in ref.iterrows():
            x = norm(row["name_zh"])
            by_code_name.setdefault((code, x), (row["section"], row["name_en"]))
            prev = by_name.get(x)
            if prev is not None and prev[0] != row["section"]:
                by_name[x] = (None, None)
            elif prev is None:
                by_name[x] = (row["section"], row["name_en"])
    return by_code_name, by_name


def _by_code_and_name(codes: list[str], nn: list[str], notes: list[str]):
    """(sections, English names) sector by sector, by code and name, else by name alone (None if neither)."""
    by_code_name, by_name = _lookups()
    sec, en, k_code, k_name = [], [], 0, 0
    for code, x in zip(codes, nn):
        hit = by_code_name.get((code, x))
        if hit:
            k_code += 1
        else:
            hit = by_name.get(x)
            if hit and hit[0]:
                k_name += 1
        sec.append(hit[0] if hit else None)
        en.append(hit[1] if hit else None)
    pairs = set(zip(codes, nn))
    best = max(SHIPPED, key=lambda k: len(pairs & {(c, norm(v)) for c, v in reference.sectors(k)["name_zh"].items()}))
    notes.append(f"no shipped sector list ({', '.join(SHIPPED)}) has these {len(codes)} codes and names; sections "
                 f"found for {k_code} sector(s) by code and name and {k_name} by name alone"
                 f" (closest list: {best})")
    return sec, en


def _override(sec: list, codes: list[str], names: list[str], override: dict, notes: list[str]) -> None:
    """Apply ``sections=`` ({code or Chinese name: letter}) to ``sec``; raises for unknown keys or letters."""
    by_name_here = {norm(x): c for c, x in zip(codes, names)}
    unknown, bad, given = [], [], 0
    for k, letter in override.items():
        ks = text(k)
        code = code3(int(ks)) if is_code_text(ks) else by_name_here.get(norm(ks))
        if code not in codes:
            unknown.append(ks)
            continue
        letter = text(letter).upper()
        if letter not in SECTIONS:
            bad.append(f"{ks}: {letter!r}")
            continue
        sec[codes.index(code)] = letter
        given += 1
    if unknown:
        raise IIEInputError("sections", f"sector code(s) {', '.join(unknown)} are not in the table "
                                        f"(codes {codes[0]}…{codes[-1]})")
    if bad:
        raise IIEInputError("sections", f"not a section letter A–S: {', '.join(bad)}")
    notes.append(f"sections of {given} sector(s) given by sections=")


def sections_for(codes: list[str], names: list[str], override: dict | None, year_hint: str):
    """(sections, English names or None each, table key, notes); raises for unmapped sectors.

    year_hint: the title and file name, whose year tells the identical 2018 and 2020 lists apart."""
    notes: list[str] = []
    nn = [norm(x) for x in names]
    candidates = _same_list(codes, nn)
    if candidates:
        sec, en, table = _from_list(candidates, names, year_hint, notes)
    else:
        (sec, en), table = _by_code_and_name(codes, nn, notes), ""
    if override:
        _override(sec, codes, names, override, notes)
    missing = [f"{c} {x}" for c, x, s in zip(codes, names, sec) if not s]
    if missing:
        shown = ", ".join(missing[:60]) + (f", … ({len(missing)} in all)" if len(missing) > 60 else "")
        raise IIEInputError("sections", f"{len(missing)} sector(s) match no shipped classification "
                                        f"({', '.join(SHIPPED)}) by code and Chinese name, nor by name alone: "
                                        f"{shown}; give their GB/T 4754 sections (letters A–S) with "
                                        "sections={code: letter}")
    return sec, en, table, notes


def read_sections_csv(path) -> dict[str, str]:
    """{code: section letter} from a CSV with the columns ``code,section`` (the command line's
    ``--sections``), for :func:`read_io_table`'s ``sections=``; UTF-8, UTF-16 or GBK, comma, tab
    or semicolon (:mod:`iiecon_xl.textfile`)."""
    from pathlib import Path

    from ..textfile import MAX_CSV_BYTES, csv_grid, decode

    path = Path(path)
    if not path.is_file():
        raise IIEInputError("--sections", f"{path} is not a file")
    if path.stat().st_size > MAX_CSV_BYTES:
        raise IIEInputError("--sections", f"{path.name} is larger than {MAX_CSV_BYTES:,} bytes")
    rows = csv_grid(decode(path.read_bytes(), "--sections")[0])
    head = [c.strip().lower() for c in rows[0]] if rows else []
    if "code" not in head or "section" not in head:
        raise IIEInputError("--sections", "the file needs the columns code,section")
    ci, si = head.index("code"), head.index("section")
    out = {}
    for line, r in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in r):
            continue
        if len(r) <= max(ci, si):
            raise IIEInputError("--sections", f"{path.name} line {line}: fewer columns than the header")
        out[r[ci].strip()] = r[si].strip().upper()
    return out
