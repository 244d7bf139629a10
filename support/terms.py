"""The school term a brief for governors belongs to.

A partnership's own term dates belong to the governance app, which stands above this one: it hands
its way of finding a day's term to `use_term_dates` from its AppConfig.ready(), so a brief's term is
the term the partnership's dashboard and reports use. Until it does (this app alone, in a test of
it), a term is found by its months: autumn from September, spring from January, summer from April.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


class TermKind(models.TextChoices):
    AUTUMN = "autumn", "Autumn term"
    SPRING = "spring", "Spring term"
    SUMMER = "summer", "Summer term"


@dataclass(frozen=True)
class SchoolTerm:
    """One term: the academic year is named by the calendar year it starts in (2026 is 2026 to 2027)."""

    academic_year: int
    kind: str
    starts_on: dt.date
    ends_on: dt.date

    @property
    def label(self) -> str:
        """ "Autumn term 2026", "Spring term 2027": the calendar year the term falls in."""
        year = self.academic_year if self.kind == TermKind.AUTUMN else self.academic_year + 1
        return f"{TermKind(self.kind).label} {year}"


def _by_months(partnership, day: dt.date) -> SchoolTerm:
    year = day.year if day.month >= 9 else day.year - 1
    if day.month >= 9:
        return SchoolTerm(year, TermKind.AUTUMN, dt.date(year, 9, 1), dt.date(year, 12, 31))
    if day.month <= 3:
        return SchoolTerm(year, TermKind.SPRING, dt.date(year + 1, 1, 1), dt.date(year + 1, 3, 31))
    return SchoolTerm(year, TermKind.SUMMER, dt.date(year + 1, 4, 1), dt.date(year + 1, 8, 31))


_finder: list[Callable[[object, dt.date], SchoolTerm]] = [_by_months]


def use_term_dates(finder: Callable[[object, dt.date], SchoolTerm]) -> None:
    """Find terms by the partnership's own dates (the governance app calls this once)."""
    _finder[:] = [finder]


def term_on(partnership, day: dt.date) -> SchoolTerm:
    return _finder[0](partnership, day)
