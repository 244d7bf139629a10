"""What every inclusion figures section shares: who is reading (and so which small numbers they
see exactly), the cells that hide them, and the wording of dates, days and charts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from inclusion.selectors.figures import (
    ScopeFigures,
    Tally,
)
from partnership import figures as shared
from partnership.disclosure import also_hidden, pupil_threshold
from partnership.figures import NO_FIGURE, NOT_SHOWN, Bar, Chart
from partnership.figures import money as _money
from partnership.figures import number as _n


def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def year_label(year: int) -> str:
    return f"{year} to {year + 1}"


def _days(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _chart(title: str, pairs: list[Bar], unit: str) -> Chart | None:
    """None when there is nothing to draw: no bars, or every bar at nought."""
    return shared.chart(title, pairs, unit, none_if_all_nought=True)


class Reader:
    """Which figures one reader sees exactly.

    `exact_areas` is None for a reader who sees every figure exactly (an LA inclusion officer), or
    the ids of the inclusion partnerships whose pupils they may see anyway (their staff and chair).
    A total over several partnerships is exact only if every one of them is."""

    def __init__(self, exact_areas: frozenset[int] | None = frozenset()):
        self.exact_areas = exact_areas
        self.minimum = pupil_threshold()

    def exact(self, scope: ScopeFigures, area_ids: list[int]) -> bool:
        if self.exact_areas is None:
            return True
        if scope.area_id is None:
            return bool(area_ids) and set(area_ids) <= self.exact_areas
        return scope.area_id in self.exact_areas

    @property
    def sees_every_figure(self) -> bool:
        return self.exact_areas is None


class Cells:
    """Display strings for one scope, for one reader."""

    def __init__(self, reader: Reader, exact: bool):
        self.exact = exact
        self.minimum = reader.minimum

    def hidden(self, *tallies: Tally) -> bool:
        return not self.exact and any(0 < t.pupils < self.minimum for t in tallies)

    def count(self, tally: Tally) -> str:
        return shared.fewer_than(self.minimum) if self.hidden(tally) else _n(tally.n)

    def pct(self, part: Tally, whole: Tally) -> str:
        if self.hidden(part, whole):
            return NOT_SHOWN
        return shared.percent(part.n, whole.n)

    def pct_value(self, part: Tally, whole: Tally) -> int | None:
        if self.hidden(part, whole) or not whole.n:
            return None
        return shared.percent_value(part.n, whole.n)

    def money(self, amount: Decimal, *tallies: Tally) -> str:
        return NOT_SHOWN if self.hidden(*tallies) else _money(amount)

    def rate(self, tally: Tally, pupils_on_roll: int) -> str:
        return NOT_SHOWN if self.hidden(tally) else shared.rate(tally.n, pupils_on_roll)

    def rate_value(self, tally: Tally, pupils_on_roll: int) -> float | None:
        if self.hidden(tally) or not pupils_on_roll:
            return None
        return shared.rate_value(tally.n, pupils_on_roll)

    def lower(self, tally: Tally) -> str:
        return self.count(tally).lower() if self.hidden(tally) else self.count(tally)

    def withheld(self, parts: Mapping[str, Tally], total: Tally) -> set[str]:
        """The parts of a total not shown to this reader: the small ones, and one more where the
        total is shown, so that the total less the shown parts gives back no small part."""
        small = {key for key, tally in parts.items() if self.hidden(tally)}
        numbers = {key: tally.n for key, tally in parts.items()}
        return small | also_hidden(numbers, small, total_shown=not self.hidden(total))

    def part(self, tally: Tally, withheld: bool) -> str:
        """A part's count: "Fewer than 5" when it is small, "Not shown" when it is hidden only so
        that a small one cannot be worked out."""
        if withheld and not self.hidden(tally):
            return NOT_SHOWN
        return self.count(tally)


def _weeks(scope: ScopeFigures) -> str:
    if not scope.ap_ended.n:
        return NO_FIGURE
    return shared.decimal_text(Decimal(scope.ap_ended_days) / scope.ap_ended.n / 7, 1)
