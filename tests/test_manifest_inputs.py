"""``Manifest.inputs`` (:class:`iiecon_xl.workbook.build.recorded.InputCells`): a row of numbers
kept as one array reads back as the dict it replaces.

The expected mapping is written out from the calls: ``set_row("IO", 3, 4, [1, NaN, 2.5])`` is
row 4 (0-based 3), columns E, F, G (0-based 4–6), NaN a blank (None); a value set on a cell of
the row replaces it; a deleted one is gone."""

from __future__ import annotations

import numpy as np
import pytest

from iiecon_xl.workbook.build.recorded import InputCells


def test_a_row_array_reads_as_the_dict_it_replaces():
    m = InputCells()
    m[("S", "A1")] = "x"
    m.set_row("IO", 3, 4, [1.0, np.nan, 2.5])
    assert dict(m.items()) == {("S", "A1"): "x", ("IO", "E4"): 1.0, ("IO", "F4"): None, ("IO", "G4"): 2.5}
    assert len(m) == 4 and ("IO", "F4") in m and ("IO", "H4") not in m and ("IO", "E5") not in m
    assert "E4" not in m and 5 not in m
    with pytest.raises(KeyError):
        m[("IO", "D4")]
    m[("IO", "E4")] = 9.0
    del m[("IO", "G4")]
    assert dict(m.items()) == {("S", "A1"): "x", ("IO", "E4"): 9.0, ("IO", "F4"): None}
    assert list(m.items_of("IO")) == [("E4", 9.0), ("F4", None)] and len(m) == 3
