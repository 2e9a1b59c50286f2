"""Expected values of the formula cells the builder does not tie to a pipeline row (see
:mod:`.expected`): recomputed here from the pipeline tables and the layout."""

from __future__ import annotations


def derived(manifest, report, expected: dict) -> None:
    """Add to ``expected`` the cells of this module's recomputations."""
    return None
