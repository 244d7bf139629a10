"""Small-cell suppression for figures shown outside the LA.

A figure built from fewer than SMALL_CELL_MIN_SCHOOLS schools could identify a school, so it is
shown as "fewer than N" instead. The LA sees the real figures.

Figures about pupils (the inclusion partnerships, decision 0021) have their own threshold,
SMALL_PUPIL_COUNT_MIN: a count of fewer pupils than that, but more than none, could identify a
child, so it is hidden from everyone who may not see the pupils' records, LA officers included.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


def threshold() -> int:
    return settings.SMALL_CELL_MIN_SCHOOLS


def pupil_threshold() -> int:
    return settings.SMALL_PUPIL_COUNT_MIN


@dataclass(frozen=True)
class Cell:
    value: int
    schools: int

    @property
    def suppressed(self) -> bool:
        return 0 < self.schools < threshold()

    def __str__(self) -> str:
        return f"Fewer than {threshold()} schools" if self.suppressed else f"{self.value:,}"
