"""The README's Python snippets run as written (issue 12 §7): every ```python block is
executed, in order and in one namespace, in a temporary working directory."""

from __future__ import annotations

import re

import numpy as np

from conftest import PROJECT_ROOT

BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def test_readme_python_blocks_run(tmp_path, monkeypatch, capsys):
    blocks = BLOCK.findall((PROJECT_ROOT / "README.md").read_text(encoding="utf-8"))
    assert blocks, "the README has no ```python block"
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__readme__"}
    for i, code in enumerate(blocks):
        exec(compile(code, f"README.md python block {i + 1}", "exec"), namespace)  # noqa: S102 - the README's own code
    assert "Traceback" not in capsys.readouterr().err
    shares, pen = namespace["shares"], namespace["pen"]
    assert np.isfinite(shares["S"].to_numpy(dtype=float)).all(), "S from the demo inputs must be numbers"
    for name in ("dY", "lam", "dz"):
        assert np.isfinite(getattr(pen, name)).all(), name
