"""Small-cell suppression for figures shown outside the LA.

A figure built from fewer than SMALL_CELL_MIN_SCHOOLS schools could identify a school, so it is
shown as "fewer than N" instead. The LA sees the real figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


def threshold() -> int:
    return settings.SMALL_CELL_MIN_SCHOOLS


@dataclass(frozen=True)
class Cell:
    value: int
    schools: int

    @property
    def suppressed(self) -> bool:
        return 0 < self.schools < threshold()

    def __str__(self) -> str:
        return f"Fewer than {threshold()} schools" if self.suppressed else f"{self.value:,}"
