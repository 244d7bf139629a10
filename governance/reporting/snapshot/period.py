"""The period a snapshot counts: a term or an academic year, the day its figures are counted at, and
the period before it that changes are measured from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from governance.models import Term, TermKind
from governance.terms import previous_term, terms_for


@dataclass(frozen=True)
class Period:
    kind: str
    key: str
    label: str
    starts_on: dt.date
    ends_on: dt.date
    previous_label: str
    previous_ends_on: dt.date
    cut: dt.date  # the day figures are counted at: the period's end, or the as_at day if earlier

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "key": self.key,
            "label": self.label,
            "starts_on": self.starts_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
            "previous_label": self.previous_label,
        }


def term_label(term: Term) -> str:
    year = term.academic_year if term.kind == TermKind.AUTUMN else term.academic_year + 1
    return f"{term.get_kind_display()} {year}"


def year_label(academic_year: int) -> str:
    return f"Academic year {academic_year} to {academic_year + 1}"


def period_for(partnership, term, academic_year, as_at: dt.datetime) -> Period:
    today = timezone.localtime(as_at).date()
    if term is not None:
        before = previous_term(term)
        return Period(
            kind="termly",
            key=term.key,
            label=term_label(term),
            starts_on=term.starts_on,
            ends_on=term.ends_on,
            previous_label=term_label(before),
            previous_ends_on=before.ends_on,
            cut=min(term.ends_on, today),
        )
    terms = terms_for(partnership, academic_year)
    return Period(
        kind="annual",
        key=str(academic_year),
        label=year_label(academic_year),
        starts_on=terms[0].starts_on,
        ends_on=terms[-1].ends_on,
        previous_label=year_label(academic_year - 1),
        previous_ends_on=terms[0].starts_on - dt.timedelta(days=1),
        cut=min(terms[-1].ends_on, today),
    )


# How many terms the trends go back: a year and a term for a termly snapshot, two years for an annual.
TREND_TERMS = {"termly": 4, "annual": 6}


def trend_terms(partnership, period: Period) -> list[Term]:
    """The partnership's last terms to this period's end (begun by the day the figures are counted),
    oldest first: the columns of every trend. One query."""
    return list(
        Term.objects.filter(partnership=partnership, starts_on__lte=period.cut).order_by("-starts_on")[
            : TREND_TERMS[period.kind]
        ]
    )[::-1]


def trend_label(term: Term, period: Period) -> str:
    """A term's name in a trend, "(to date)" where it is not over by the day counted."""
    return term_label(term) + (" (to date)" if term.ends_on > period.cut else "")
