"""Where the Checks sheet puts things: one row per identity, then the two no-error rows."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Sheet
from .sheets import CHECKS, FIRST

#: identity checks before the final "no error values" row
N_IDENTITIES = 7


@dataclass(frozen=True)
class ChecksSheet(Sheet):
    """Description in A, OK / FAIL in B, the deviation it is judged on in C."""

    name = CHECKS
    COLS = {"text": 0, "result": 1, "deviation": 2}

    @property
    def widths(self):
        return ((0, 0, 64), (1, 1, 10), (2, 2, 18))

    @staticmethod
    def row(i: int) -> int:
        return FIRST + i

    @property
    def error_row(self) -> int:
        return self.row(N_IDENTITIES)

    @property
    def array_row(self) -> int:
        """The check that no function result (function edition: every iiecon-xl function's result
        range; native: every array block of the calculation) holds an error value."""
        return self.row(N_IDENTITIES + 1)

    @property
    def not_data_row(self) -> int:
        """The WARN row of the inputs not data (extrapolated or awaiting), below the parameter rows."""
        from ...parameters import SPECS

        return self.array_row + 4 + len(SPECS)

    @property
    def rows(self) -> range:
        """Every check row, the no-error rows included."""
        return range(FIRST, self.array_row + 1)
