"""Term dates: each partnership's own, preloaded with typical English term starts.

Terms run back to back so that every day belongs to one term: autumn from 1 September, spring from
the first Monday of January, summer from the Monday after Easter Monday. A partnership changes them
to its LA's published dates on the term dates page.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from .models import TERM_ORDER, Term, TermKind


def easter_sunday(year: int) -> dt.date:
    """The Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    line = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * line) // 451
    month = (h + line - 7 * m + 114) // 31
    day = ((h + line - 7 * m + 114) % 31) + 1
    return dt.date(year, month, day)


def _first_monday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def typical_starts(academic_year: int) -> dict[str, dt.date]:
    return {
        TermKind.AUTUMN: dt.date(academic_year, 9, 1),
        TermKind.SPRING: _first_monday(academic_year + 1, 1),
        TermKind.SUMMER: easter_sunday(academic_year + 1) + dt.timedelta(days=8),
    }


def academic_year_of(day: dt.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def terms_for(partnership, academic_year: int) -> list[Term]:
    """The year's three terms, made with typical dates the first time they are asked for."""
    terms = {t.kind: t for t in Term.objects.filter(partnership=partnership, academic_year=academic_year)}
    if len(terms) < 3:
        starts = typical_starts(academic_year)
        following = typical_starts(academic_year + 1)[TermKind.AUTUMN]
        for index, kind in enumerate(TERM_ORDER):
            if kind in terms:
                continue
            nxt = starts[TERM_ORDER[index + 1]] if index + 1 < len(TERM_ORDER) else following
            try:
                with transaction.atomic():
                    terms[kind] = Term.objects.create(
                        partnership=partnership,
                        academic_year=academic_year,
                        kind=kind,
                        starts_on=starts[kind],
                        ends_on=nxt - dt.timedelta(days=1),
                    )
            except IntegrityError:  # made at the same moment by another request or worker
                terms[kind] = Term.objects.get(
                    partnership=partnership, academic_year=academic_year, kind=kind
                )
    return [terms[kind] for kind in TERM_ORDER]


def term_on(partnership, day: dt.date) -> Term:
    """The term a day falls in (by the partnership's own dates, falling back on typical ones)."""
    year = academic_year_of(day)
    terms = terms_for(partnership, year)
    for term in terms:
        if term.starts_on <= day <= term.ends_on:
            return term
    # A gap the partnership left between its terms belongs to the term before it.
    earlier = [t for t in terms if t.starts_on <= day]
    return earlier[-1] if earlier else terms_for(partnership, year - 1)[-1]


def previous_term(term: Term) -> Term:
    index = TERM_ORDER.index(term.kind)
    if index:
        return terms_for(term.partnership, term.academic_year)[index - 1]
    return terms_for(term.partnership, term.academic_year - 1)[-1]
