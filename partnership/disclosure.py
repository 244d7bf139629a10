"""Small-cell suppression for figures shown outside the LA.

A figure built from fewer than SMALL_CELL_MIN_SCHOOLS schools could identify a school, so it is
shown as "fewer than N" instead. The LA sees the real figures.

Figures about pupils (the inclusion partnerships, decision 0021) have their own threshold,
SMALL_PUPIL_COUNT_MIN: a count of fewer pupils than that, but more than none, could identify a
child, so it is hidden from everyone who may not see the pupils' records, LA officers included.

Hiding a small part is not enough where its total is shown beside the other parts: the total less
the shown parts would give it back. `also_hidden` picks one more part to hide in that case
(secondary suppression).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings

from partnership.figures import fewer_than, number

Part = TypeVar("Part")


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
        return fewer_than(threshold(), "schools") if self.suppressed else number(self.value)


def also_hidden(
    parts: Mapping[Part, int],
    hidden: Collection[Part],
    *,
    total_shown: bool,
    known: Collection[Part] = (),
) -> set[Part]:
    """The parts to hide as well as `hidden`, so that no hidden part can be worked out by taking the
    shown parts away from the total shown beside them.

    `parts` holds each part's number, in the order shown; `hidden` are the parts hidden because they
    are small; `known` are parts this reader sees exactly anyway, so hiding them would protect
    nothing. When the total is shown and any part is hidden, the smallest other part that is shown,
    more than none and not known is hidden too (the first of equals). Subtraction then gives back
    only the hidden parts' sum, which includes a part that is not small, rather than a small part or
    a sum of small ones alone (two small parts adding up to 2 would each be 1). Someone who reasons
    that the part hidden this way is not small can still narrow the small one down (hidden parts
    adding up to 6 would be 1 and 5); decision 0021 accepts that.

    Nothing more is hidden when the total is not shown, when nothing is hidden, or when no part is
    left that could be (every other part is none or known to the reader): then the total still gives
    the hidden parts away, which only hiding the total itself would stop.
    """
    hidden = set(hidden)
    if not total_shown or not hidden:
        return set()
    candidates = [
        (number, place, part)
        for place, (part, number) in enumerate(parts.items())
        if part not in hidden and part not in known and number
    ]
    if not candidates:
        return set()
    return {min(candidates, key=lambda candidate: candidate[:2])[2]}
