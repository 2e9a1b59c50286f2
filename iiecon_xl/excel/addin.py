"""Installing the classic Excel add-in (Windows), and the ``addin install`` command.

Installing needs Excel on Windows: the add-in (built by :mod:`.addin_file`) is copied to
Excel's XLSTART folder, the interpreter is written to the user config file the add-in
also reads, ``%USERPROFILE%\\.myaddin\\myaddin.conf`` (``"INTERPRETER_WIN","C:\\...\\python.exe"``,
or ``CONDA PATH`` / ``CONDA ENV``), and the functions are registered in it with xlwings'
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
from pathlib import Path

from .addin_file import (ADDIN_CONFIG, ADDIN_NAME, CONF_SHEET, PROJECT_NAME, TEMPLATE_NAME, UDF_MODULE,
                         AddinInstallError, build, built_with, bundled_addin, read_config, template_path)

__all__ = ["ADDIN_CONFIG", "ADDIN_NAME", "CONF_SHEET", "PROJECT_NAME", "TEMPLATE_NAME", "UDF_MODULE",
           "AddinInstallError", "add_addin_parser", "build", "built_with", "bundled_addin", "excel_startup_dir",
           "install", "interpreter_settings", "main", "main_install", "read_config", "register_functions",
           "template_path", "user_config_path", "write_user_config"]

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
