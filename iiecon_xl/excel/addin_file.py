"""The classic add-in file ``iiecon-xl.xlam``: built from xlwings' template, and read back.

The add-in is xlwings' own custom add-in template (``xlwings quickstart NAME --addin``
copies exactly this file, ``quickstart_addin.xlam``, from the installed xlwings package)
with its configuration sheet switched on and pointed at our UDF module:

=================  =====================================================================
sheet              ``myaddin.conf`` (the template's ``_myaddin.conf``; the leading
                   underscore disables it). The template's VBA project is called
                   ``myaddin`` and reads its settings from the sheet of that name.
``UDF Modules``    ``iiecon_xl.udfs``
``Debug UDFs``     FALSE
``Use UDF Server`` FALSE
``Show Console``   FALSE
=================  =====================================================================

The Python interpreter is deliberately *not* in the sheet: a key present in the sheet
(even empty) hides the user's config file; :mod:`.addin` writes it to the user config
file instead.

Building is plain zip/XML work and runs anywhere; it always starts from the template of
the xlwings that is installed, because the add-in's VBA declares the xlwings DLL of that
exact version (:func:`built_with` reads back which one a file was built from).
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ADDIN_NAME = "iiecon-xl.xlam"
#: The VBA project name inside xlwings' add-in template; it names the config sheet and file.
PROJECT_NAME = "myaddin"
CONF_SHEET = f"{PROJECT_NAME}.conf"
UDF_MODULE = "iiecon_xl.udfs"
#: The settings written into the add-in's configuration sheet, in order.
ADDIN_CONFIG: tuple[tuple[str, object], ...] = (
    ("UDF Modules", UDF_MODULE),
    ("Debug UDFs", False),
    ("Use UDF Server", False),
    ("Show Console", False),
)
TEMPLATE_NAME = "quickstart_addin.xlam"
_TITLE = "iiecon-xl"
_DESCRIPTION = ("Excel functions measuring the industrial internet's contribution to GDP "
                "(LEONTIEF_INV, IIE_DIRECT, IIE_PENETRATION, CITY_INDEX, ...)")
#: Start of the add-in's keywords, which record the xlwings version it was built from.
_XLWINGS_KEYWORD = "xlwings "


class AddinInstallError(RuntimeError):
    """The add-in could not be installed; the message says what to do."""


def template_path() -> Path:
    """xlwings' custom add-in template in the installed xlwings package."""
    import xlwings

    path = Path(xlwings.__file__).resolve().parent / TEMPLATE_NAME
    if not path.is_file():  # pragma: no cover - every xlwings since 0.22 ships it
        raise AddinInstallError(f"the installed xlwings {xlwings.__version__} has no {TEMPLATE_NAME}")
    return path


def _shared_strings(strings: list[str]) -> str:
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>')


def _config_xml(sheet_xml: str) -> tuple[str, str]:
    """(sheet xml, sharedStrings xml) holding :data:`ADDIN_CONFIG` in columns A:B."""
    strings: list[str] = []

    def sid(s: str) -> int:
        if s not in strings:
            strings.append(s)
        return strings.index(s)

    rows = []
    for r, (key, value) in enumerate(ADDIN_CONFIG, start=1):
        cells = f'<c r="A{r}" s="1" t="s"><v>{sid(key)}</v></c>'
        if isinstance(value, bool):
            cells += f'<c r="B{r}" s="1" t="b"><v>{int(value)}</v></c>'
        else:
            cells += f'<c r="B{r}" s="1" t="s"><v>{sid(str(value))}</v></c>'
        rows.append(f'<row r="{r}" spans="1:2">{cells}</row>')
    sheet_xml, n = re.subn(r"<sheetData>.*</sheetData>|<sheetData\s*/>",
                           "<sheetData>" + "".join(rows) + "</sheetData>", sheet_xml, flags=re.S)
    if n != 1:
        raise AddinInstallError("unexpected add-in template: no sheetData in the config sheet")
    sheet_xml = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:B{len(ADDIN_CONFIG)}" />', sheet_xml)
    return sheet_xml, _shared_strings(strings)


def build(dest: str | Path, template: str | Path | None = None) -> Path:
    """Write the iiecon-xl add-in to ``dest`` (a file path, or a folder to put iiecon-xl.xlam in)."""
    dest = Path(dest)
    if dest.is_dir() or dest.suffix.lower() != ".xlam":
        dest = dest / ADDIN_NAME
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = Path(template) if template else template_path()
    with zipfile.ZipFile(src) as zin:
        names = zin.namelist()
        if "xl/sharedStrings.xml" not in names:  # pragma: no cover - the template has one
            raise AddinInstallError(f"unexpected add-in template {src}: no sharedStrings part")
        workbook = zin.read("xl/workbook.xml").decode("utf-8")
        m = re.search(r'<sheet name="_?' + re.escape(CONF_SHEET) + r'"[^>]*r:id="(rId\d+)"', workbook)
        if not m:
            raise AddinInstallError(f"unexpected add-in template {src}: no {CONF_SHEET} sheet")
        rels = zin.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        target = re.search(r'Id="' + m.group(1) + r'"[^>]*Target="([^"]+)"', rels)
        if not target:  # pragma: no cover - the template is well-formed
            target = re.search(r'Target="([^"]+)"[^>]*Id="' + m.group(1) + '"', rels)
        sheet_part = "xl/" + target.group(1).lstrip("/").removeprefix("xl/")
        sheet_xml, sst_xml = _config_xml(zin.read(sheet_part).decode("utf-8"))
        replaced = {
            "xl/workbook.xml": workbook.replace(f'name="_{CONF_SHEET}"', f'name="{CONF_SHEET}"'),
            sheet_part: sheet_xml,
            "xl/sharedStrings.xml": sst_xml,
        }
        if "docProps/core.xml" in names:
            core = zin.read("docProps/core.xml").decode("utf-8")
            core = re.sub(r"<dc:title\s*/>|<dc:title>.*?</dc:title>", f"<dc:title>{_TITLE}</dc:title>", core)
            core = re.sub(r"<dc:description\s*/>|<dc:description>.*?</dc:description>",
                          f"<dc:description>{escape(_DESCRIPTION)}</dc:description>", core)
            core = re.sub(r"<cp:keywords\s*/>|<cp:keywords>.*?</cp:keywords>",
                          f"<cp:keywords>{_XLWINGS_KEYWORD}{_template_version(src)}</cp:keywords>", core)
            replaced["docProps/core.xml"] = core
        tmp = dest.with_name(dest.name + ".tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = replaced[info.filename].encode("utf-8") if info.filename in replaced else zin.read(info)
                out = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
                out.compress_type = zipfile.ZIP_DEFLATED
                out.external_attr = info.external_attr
                zout.writestr(out, data)
    os.replace(tmp, dest)
    return dest


def _template_version(template: Path) -> str:
    """The xlwings version whose template this is (the installed one, unless given a file)."""
    import xlwings

    return xlwings.__version__ if template == template_path() else "unknown"


def built_with(path: str | Path) -> str | None:
    """The xlwings version an add-in was built from (recorded in its keywords), if any."""
    with zipfile.ZipFile(path) as z:
        core = z.read("docProps/core.xml").decode("utf-8") if "docProps/core.xml" in z.namelist() else ""
    m = re.search(r"<cp:keywords>" + _XLWINGS_KEYWORD + r"([^<]+)</cp:keywords>", core)
    return m.group(1) if m else None


def read_config(path: str | Path) -> dict[str, object]:
    """The settings in an add-in's active ``myaddin.conf`` sheet ({} when the sheet is off)."""
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode("utf-8")
        m = re.search(r'<sheet name="' + re.escape(CONF_SHEET) + r'"[^>]*r:id="(rId\d+)"', workbook)
        if not m:
            return {}
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        target = re.search(r'Id="' + m.group(1) + r'"[^>]*Target="([^"]+)"', rels).group(1)
        sheet = z.read("xl/" + target.lstrip("/").removeprefix("xl/")).decode("utf-8")
        strings = [re.sub(r"<[^>]+>", "", si) for si in
                   re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode("utf-8"), flags=re.S)]
    out: dict[str, object] = {}
    for row in re.findall(r"<row [^>]*>(.*?)</row>", sheet, flags=re.S):
        vals = {}
        for ref, attrs, v in re.findall(r'<c r="([A-Z]+)\d+"([^>]*)>(?:<v>(.*?)</v>)?</c>', row):
            if 't="s"' in attrs:
                vals[ref] = strings[int(v)]
            elif 't="b"' in attrs:
                vals[ref] = v == "1"
            else:
                vals[ref] = v
        if "A" in vals:
            out[vals["A"]] = vals.get("B", "")
    return out


def bundled_addin() -> Path | None:
    """The committed add-in (repository ``addin/iiecon-xl.xlam``), when present."""
    package = Path(__file__).resolve().parent.parent  # iiecon_xl/
    for candidate in (package.parent / "addin" / ADDIN_NAME, package / "resources" / "addin" / ADDIN_NAME):
        if candidate.is_file():
            return candidate
    return None
