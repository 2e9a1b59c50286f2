"""The classic add-in's xlwings version guard (issue 9 §5), with fake versions and a fake COM
decorator family (no Excel here): under classic Excel every function answers one message
naming both versions and the rebuild command when the add-in was built for another
xlwings; Office.js (xlwings Lite / Server) and the headless engine are never guarded."""

from __future__ import annotations

import re
import sys

import pytest

from iiecon_xl.excel import addin_file, registry, version_guard
from iiecon_xl.udfs import EXCEL, FUNCTIONS, SPECS

A = [[0.2, 0.3], [0.1, 0.4]]
EXPECTED = ('#IIE! add-in built for xlwings 0.37.8, Python has xlwings 0.38.1: '
            'run "iiecon-xl addin install" to rebuild it')


def _identity(*args, **kwargs):
    return lambda f: f


FAKE_COM = registry.Decorators("com", _identity, _identity, _identity)
FAKE_OFFICEJS = registry.Decorators("officejs", _identity, _identity, _identity)


@pytest.fixture
def versions(monkeypatch):
    """Set the add-in's and Python's xlwings versions; the outcome is decided afresh."""

    def set_versions(addin, python):
        monkeypatch.setattr(version_guard, "addin_version", lambda: addin)
        monkeypatch.setattr(version_guard, "python_version", lambda: python)
        version_guard.mismatch.cache_clear()

    yield set_versions
    version_guard.mismatch.cache_clear()


def test_a_mismatch_makes_every_com_function_answer_one_message(versions):
    versions("0.37.8", "0.38.1")
    for name, spec in SPECS.items():
        entry = registry.entry_point(spec, FAKE_COM)
        assert entry(*spec.example) == EXPECTED, name
    assert registry.entry_point(SPECS["LEONTIEF_INV"], FAKE_COM)("not even a matrix") == EXPECTED


def test_the_message_names_both_versions_and_the_command():
    text = version_guard.message("0.37.8", "0.38.1")
    assert text == EXPECTED and text.startswith("#IIE! ")
    assert "0.37.8" in text and "0.38.1" in text and version_guard.REBUILD_COMMAND in text


def test_matching_or_unknown_versions_change_nothing(versions):
    entry = registry.entry_point(SPECS["LEONTIEF_INV"], FAKE_COM)
    for addin in ("0.38.1", None):
        versions(addin, "0.38.1")
        assert entry(A) == FUNCTIONS["LEONTIEF_INV"](A)
        assert entry([[1.0, 2.0]]).startswith("#IIE! matrix: must be square")


def test_decided_once_per_process(versions, monkeypatch):
    versions("0.37.8", "0.37.8")
    entry = registry.entry_point(SPECS["IIE_VERSION"], FAKE_COM)
    assert entry() == FUNCTIONS["IIE_VERSION"]()
    monkeypatch.setattr(version_guard, "python_version", lambda: "0.38.1")  # upgraded under a running Excel
    assert entry() == FUNCTIONS["IIE_VERSION"](), "the first call decided; Excel restarts Python after a rebuild"


def test_office_js_and_the_headless_engine_are_not_guarded(versions):
    versions("0.37.8", "0.38.1")
    assert registry.entry_point(SPECS["LEONTIEF_INV"], FAKE_OFFICEJS)(A) == FUNCTIONS["LEONTIEF_INV"](A)
    assert FUNCTIONS["LEONTIEF_INV"](A) != EXPECTED  # the plain callables the headless engine runs
    if registry.DECORATORS.family != "com":
        assert EXCEL["LEONTIEF_INV"](A) == FUNCTIONS["LEONTIEF_INV"](A)


def test_the_guard_keeps_what_xlwings_reads_from_the_entry_point():
    import inspect

    spec = SPECS["IIE_PENETRATION"]
    entry = registry.entry_point(spec, FAKE_COM)
    assert entry.__name__ == spec.name and entry.__doc__ == spec.doc
    assert inspect.signature(entry) == inspect.signature(spec.func)


# ----------------------------------------------------------------------------- which add-in, which version


def test_the_add_in_is_found_where_its_vba_puts_it_on_sys_path(tmp_path, monkeypatch):
    """The add-in's VBA prepends its folder and '<add-in>.zip' to sys.path."""
    built = addin_file.build(tmp_path / "XLSTART")
    monkeypatch.delenv(version_guard.ADDIN_ENV, raising=False)
    monkeypatch.delenv("APPDATA", raising=False)
    monkeypatch.setattr(sys, "path", [str(built.with_suffix(".zip")), *sys.path])
    import xlwings

    assert version_guard.addin_version() == addin_file.built_with(built) == xlwings.__version__
    monkeypatch.setattr(sys, "path", [str(tmp_path / "XLSTART"), *sys.path[1:]])
    assert version_guard.addin_version() == xlwings.__version__


def test_the_default_xlstart_folder_and_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "path", [p for p in sys.path if "xlstart" not in p.lower()])
    monkeypatch.delenv(version_guard.ADDIN_ENV, raising=False)
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert version_guard.addin_version() is None, "no add-in file: nothing to compare"
    addin_file.build(tmp_path / "Roaming" / "Microsoft" / "Excel" / "XLSTART")
    import xlwings

    assert version_guard.addin_version() == xlwings.__version__
    other = tmp_path / "elsewhere.xlam"
    other.write_bytes(b"not a zip")
    monkeypatch.setenv(version_guard.ADDIN_ENV, str(other))
    assert version_guard.addin_version() is None, "an unreadable add-in gives no verdict"


def test_the_committed_add_in_records_its_xlwings_version():
    committed = addin_file.bundled_addin()
    assert committed is not None
    assert re.fullmatch(r"\d+\.\d+\.\d+", addin_file.built_with(committed) or ""), "what the guard compares"
