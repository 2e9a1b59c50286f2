"""The classic Excel add-in (Windows): build it, and install it where Excel loads add-ins.

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
(even empty) hides the user's config file. ``install`` writes it to the user config
file the add-in also reads, ``%USERPROFILE%\\.myaddin\\myaddin.conf``
(``"INTERPRETER_WIN","C:\\...\\python.exe"``, or ``CONDA PATH`` / ``CONDA ENV``).

Building the add-in is plain zip/XML work and runs anywhere; it always starts from the
template of the xlwings that is installed, because the add-in's VBA declares the xlwings
DLL of that exact version. Installing needs Excel on Windows: the add-in is copied to
Excel's XLSTART folder and the functions are registered in it with xlwings'
``import_udfs`` (what the add-in's ``ImportPythonUDFsToAddin`` macro does: it writes the
VBA wrappers and the Function Wizard descriptions of every function in
:mod:`iiecon_xl.udfs`). On Linux and macOS ``install`` says plainly what to do instead
and the command exits non-zero.

CLI (wired by :func:`add_addin_parser`)::

    iiecon-xl addin install            # Windows with Excel: XLSTART + register the functions
    iiecon-xl addin install --dest DIR # any OS: just write DIR/iiecon-xl.xlam
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
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

NO_EXCEL_MESSAGE = """\
iiecon-xl addin install: no Excel for Windows here ({platform}).
The classic add-in runs Python functions inside Excel for Windows only.
What to do instead:
  - Excel on Windows: run `iiecon-xl addin install` there (in the Python environment
    where iiecon-xl is installed).
  - Excel on Mac, on the web, or Windows without a local Python: use xlwings Lite;
    copy addin/lite/main.py and addin/lite/requirements.txt into the xlwings Lite
    editor (see addin/README.md).
  - No Excel at all: the same functions run headless, see docs/install.md.
  - To only write the add-in file (e.g. to copy it to a Windows machine):
    `iiecon-xl addin install --dest DIR`.
"""


class AddinInstallError(RuntimeError):
    """The add-in could not be installed; the message says what to do."""


# --------------------------------------------------------------------------- building


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


_XLWINGS_KEYWORD = "xlwings "


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
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "addin" / ADDIN_NAME, here / "resources" / "addin" / ADDIN_NAME):
        if candidate.is_file():
            return candidate
    return None


# --------------------------------------------------------------------------- installing


def _has_excel_for_windows() -> bool:
    if not sys.platform.startswith("win"):
        return False
    try:
        import winreg

        import win32com.client  # noqa: F401
    except ImportError:
        return False
    try:  # Excel registers this ProgID; without it there is no Excel to automate
        winreg.CloseKey(winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, "Excel.Application"))
    except OSError:
        return False
    return True


def excel_startup_dir() -> Path:  # pragma: no cover - needs Excel on Windows
    """Excel's per-user XLSTART folder (asked from Excel; the default location otherwise)."""
    try:
        import xlwings as xw

        if xw.apps:
            return Path(xw.apps.active.startup_path)
        with xw.App(visible=False, add_book=False) as app:
            return Path(app.startup_path)
    except Exception:  # noqa: BLE001 - fall back to the documented default
        appdata = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        path = Path(appdata) / "Microsoft" / "Excel" / "XLSTART"
        path.mkdir(parents=True, exist_ok=True)
        return path


def user_config_path() -> Path:
    """The add-in's per-user config file (read after the add-in's own sheet)."""
    if sys.platform.startswith("darwin"):
        return (Path.home() / "Library" / "Containers" / "com.microsoft.Excel" / "Data"
                / f"{PROJECT_NAME}.conf")
    base = os.environ.get("USERPROFILE") or str(Path.home())
    return Path(base) / f".{PROJECT_NAME}" / f"{PROJECT_NAME}.conf"


def interpreter_settings() -> dict[str, str]:
    """How the add-in should start Python: this interpreter (or its conda env)."""
    try:
        from xlwings.cli import get_conda_settings

        conda_path, conda_env = get_conda_settings()
    except Exception:  # noqa: BLE001 - not essential
        conda_path, conda_env = None, None
    if conda_path and sys.platform.startswith("win"):
        return {"CONDA PATH": conda_path, "CONDA ENV": conda_env}
    key = "INTERPRETER_MAC" if sys.platform.startswith("darwin") else "INTERPRETER_WIN"
    return {key: sys.executable}


def write_user_config(settings: dict[str, str], path: str | Path | None = None) -> Path:
    """Merge ``settings`` into the add-in's user config file (``"KEY","value"`` lines)."""
    path = Path(path) if path else user_config_path()
    current: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            m = re.match(r'\s*"([^"]*)"\s*,\s*"([^"]*)"\s*$', line)
            if m:
                current[m.group(1).upper()] = m.group(2)
    current.update({k.upper(): v for k, v in settings.items()})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f'"{k}","{v}"\n' for k, v in current.items()), encoding="utf-8")
    return path


def register_functions(addin_path: str | Path) -> None:  # pragma: no cover - needs Excel on Windows
    """Write the VBA wrappers and Function Wizard help of every function into the add-in.

    This is xlwings' ``import_udfs`` on the add-in workbook — what its
    ``ImportPythonUDFsToAddin`` macro runs. Excel must allow programmatic access to the
    VBA project (Trust Center › Macro Settings › "Trust access to the VBA project object
    model").
    """
    import xlwings as xw
    from xlwings.udfs import import_udfs

    with xw.App(visible=False, add_book=False) as app:
        book = app.books.open(str(addin_path))
        try:
            import_udfs(UDF_MODULE, book.api)
            book.save()
        finally:
            book.close()


def install(dest: str | None = None) -> str:
    """Install the add-in and return its path.

    ``dest``: write ``iiecon-xl.xlam`` into this folder instead (any OS, no Excel needed,
    functions not yet registered). Without ``dest`` this needs Excel on Windows; elsewhere
    it raises :class:`AddinInstallError` whose message says what to do.
    """
    if dest is not None:
        return str(build(Path(dest)))
    if not _has_excel_for_windows():
        platform = "macOS" if sys.platform.startswith("darwin") else sys.platform
        if sys.platform.startswith("win"):
            platform = "Windows without Excel, or without pywin32 (pip install pywin32)"
        raise AddinInstallError(NO_EXCEL_MESSAGE.format(platform=platform))
    # Windows with Excel  # pragma: no cover (below)
    target_dir = excel_startup_dir()
    with tempfile.TemporaryDirectory() as tmp:
        built = build(Path(tmp) / ADDIN_NAME)
        target = target_dir / ADDIN_NAME
        try:
            shutil.copyfile(built, target)
        except PermissionError:
            raise AddinInstallError(f"could not write {target}: quit Excel (check Task Manager for EXCEL.EXE) "
                                    "and run `iiecon-xl addin install` again") from None
    write_user_config(interpreter_settings())
    try:
        register_functions(target)
    except Exception as e:  # noqa: BLE001 - explain instead of a traceback
        raise AddinInstallError(
            f"The add-in was copied to {target}, but its functions could not be registered ({e}).\n"
            "In Excel: File > Options > Trust Center > Trust Center Settings > Macro Settings, tick "
            "'Trust access to the VBA project object model', close Excel, then run "
            "`iiecon-xl addin install` again.") from None
    return str(target)


def main_install(args: argparse.Namespace) -> int:
    """``iiecon-xl addin install [--dest DIR]``; returns the exit code."""
    dest = getattr(args, "dest", None)
    try:
        path = install(dest)
    except AddinInstallError as e:
        print(str(e).rstrip(), file=sys.stderr)
        return 1
    if dest is not None:
        print(f"Wrote the add-in to {path}.\n"
              "Its functions are registered when `iiecon-xl addin install` runs on Windows with Excel "
              "(or run the add-in's ImportPythonUDFsToAddin macro once); see addin/README.md.")
    else:
        print(f"Installed the iiecon-xl add-in at {path} and registered its functions.\n"
              "Restart Excel, then type =IIE_VERSION() in a cell to check.")
    return 0


def add_addin_parser(subparsers) -> argparse.ArgumentParser:
    """Add ``addin install [--dest DIR]`` to a CLI's sub-parsers (dispatch via ``args.func(args)``)."""
    parser = subparsers.add_parser("addin", help="install the Excel add-in (classic Excel on Windows)")
    commands = parser.add_subparsers(dest="addin_command", metavar="COMMAND")
    commands.required = True
    inst = commands.add_parser(
        "install", help="put the add-in where Excel loads add-ins and register its functions",
        description="Copy iiecon-xl.xlam to Excel's XLSTART folder, point it at this Python and register "
                    "the worksheet functions (Windows with Excel). Elsewhere, explain what to do.")
    inst.add_argument("--dest", metavar="DIR",
                      help="only write iiecon-xl.xlam into DIR (any OS, no Excel needed)")
    inst.set_defaults(func=main_install)
    return parser


def main(argv: list[str] | None = None) -> int:
    """``python -m iiecon_xl.addin install [--dest DIR]`` (the same as the CLI command)."""
    parser = argparse.ArgumentParser(prog="python -m iiecon_xl.addin")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    add_addin_parser(sub)
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] != ["addin"]:
        argv = ["addin", *argv]
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
