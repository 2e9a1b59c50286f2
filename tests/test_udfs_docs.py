"""docs/functions.md is generated from the registry; CI fails when the committed file is stale."""

from __future__ import annotations

import difflib

from iiecon_xl import docs, udfs


def test_functions_md_matches_the_generator():
    expected = docs.render()
    committed = docs.DEFAULT_PATH.read_text(encoding="utf-8") if docs.DEFAULT_PATH.is_file() else ""
    if committed != expected:
        diff = "".join(difflib.unified_diff(committed.splitlines(True), expected.splitlines(True),
                                            "docs/functions.md (committed)", "generated", n=1))
        raise AssertionError("docs/functions.md is stale; run `python -m iiecon_xl.docs`\n" + diff[:4000])
    assert docs.check()


def test_reference_covers_every_function_and_argument():
    text = docs.render()
    for name, spec in udfs.SPECS.items():
        assert f"## {name}\n" in text
        assert f"`{spec.signature()}`" in text
        assert spec.formula in text and spec.returns in text
        for arg, help_text in spec.args:
            assert f"| `{arg}` |" in text and docs._escape(help_text) in text
        if name != "IIE_VERSION":
            assert docs.example_formula(spec) in text


def test_example_formulas_are_excel_syntax():
    assert docs.example_formula(udfs.SPECS["LEONTIEF_INV"]) == "=LEONTIEF_INV({0.2,0.3;0.1,0.4})"
    assert docs.example_formula(udfs.SPECS["CITY_INDEX"]) == '=CITY_INDEX({120;40;"";15}, 20)'
    assert docs._literal(True) == "TRUE" and docs._literal('a"b') == '"a""b"'


def test_check_mode(tmp_path, capsys):
    path = tmp_path / "functions.md"
    assert docs.main(["--check", "--output", str(path)]) == 1
    assert docs.main(["--output", str(path)]) == 0
    assert docs.main(["--check", "--output", str(path)]) == 0
    path.write_text(path.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    assert not docs.check(path)
    assert docs.main(["--check", "--output", str(path)]) == 1
    assert "stale" in capsys.readouterr().err
