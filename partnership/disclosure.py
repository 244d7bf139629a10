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

from collections.abc import Collection, Iterable, Mapping
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


def hidden_along(
    values: Mapping[Part, int],
    small: Collection[Part],
    lines: Iterable[Collection[Part]],
) -> set[Part]:
    """The cells to hide in a table that adds up along more than one line: `small` and as few more
    as it takes that no line leaves a hidden cell to be worked out.

    Each line is a collection of cells whose sum the reader knows: parts and the total shown beside
    them (a total is a cell of its line like any other, as subtraction works either way), or parts
    alone whose total the reader can work out from public data (the schools of a phase with a grade,
    with support and without). A line with exactly one hidden cell gives it back; a line whose
    hidden cells are all small gives back their sum, and two small cells adding up to 2 are each 1.
    So in every line with a hidden cell, one more is hidden where one is hidden alone, or where all
    the hidden ones are small: the smallest shown cell that is more than none (the first of equals);
    failing that, for a cell hidden alone, a cell that is none, since "Not shown" may be any number.
    Hiding one cell can leave another line with one hidden, so this goes on until no line changes.

    As with `also_hidden`, a reader who solves several lines together, or reasons that a cell hidden
    only to protect another is not small, can still narrow a small one down; decision 0021 accepts
    that.
    """
    lines = [list(dict.fromkeys(line)) for line in lines]
    order = {cell: place for place, cell in enumerate(values)}
    small = set(small)
    hidden = set(small)
    changed = True
    while changed:
        changed = False
        for line in lines:
            inside = [cell for cell in line if cell in hidden]
            if not inside:
                continue
            alone = len(inside) == 1
            if not alone and not all(cell in small for cell in inside):
                continue
            shown = [cell for cell in line if cell not in hidden]
            candidates = [cell for cell in shown if values[cell]] or (shown if alone else [])
            if not candidates:
                continue
            hidden.add(min(candidates, key=lambda cell: (values[cell], order.get(cell, 0))))
            changed = True
    return hidden


def read_as_not_shown(
    values: Mapping[Part, int],
    small: Collection[Part],
    hidden: Collection[Part],
    lines: Iterable[Collection[Part]],
) -> set[Part]:
    """The small cells that must read "Not shown" rather than "Fewer than N", after `hidden_along`.

    "Fewer than N" still says a cell is at least one. Where a line's hidden cells are all small and
    `hidden_along` found nothing shown to hide beside them (every other cell is none), their sum is
    known and each is at least one, so two adding up to 2 are each 1. In each such line the first of
    them reads "Not shown", which may be none; a line with one already so, or with a hidden cell that
    is not small, is safe. One cell can make several lines safe, so this goes on until none changes.
    """
    order = {cell: place for place, cell in enumerate(values)}
    small, hidden = set(small), set(hidden)
    blurred: set[Part] = set()
    changed = True
    while changed:
        changed = False
        for line in (list(dict.fromkeys(line)) for line in lines):
            inside = [cell for cell in line if cell in hidden]
            if not inside or any(cell not in small or cell in blurred for cell in inside):
                continue
            blurred.add(min(inside, key=lambda cell: order.get(cell, 0)))
            changed = True
    return blurred
