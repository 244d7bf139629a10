"""Changing a partnership's term dates: the form, the one service that writes them, and the reads."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db import transaction
from django.utils import timezone

from governance import rules
from governance.models import TERM_ORDER, Term
from governance.reporting.snapshot import term_label
from governance.terms import academic_year_of, terms_for
from partnership.access import NotVisible, PartnershipContext
from partnership.auditing import save_with_history
from partnership.forms.govuk import GovukForm
from partnership.services import ServiceError
from schools.forms import date_field


def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def academic_year_bounds(academic_year: int) -> tuple[dt.date, dt.date]:
    """An academic year runs from 1 September to 31 August."""
    return dt.date(academic_year, 9, 1), dt.date(academic_year + 1, 8, 31)


def term_years(ctx: PartnershipContext) -> list[tuple[str, list[Term]]]:
    """This academic year's terms and next year's, made with typical dates on first view."""
    rules.require_clerk_sight(ctx)
    year = academic_year_of(timezone.localdate())
    return [(f"{y} to {y + 1}", terms_for(ctx.partnership, y)) for y in (year, year + 1)]


def term_for(ctx: PartnershipContext, term_id: int) -> Term:
    rules.require_clerk_sight(ctx)
    term = Term.objects.filter(pk=term_id, partnership=ctx.partnership).first()
    if term is None:
        raise NotVisible(f"term {term_id} is not in {ctx.partnership.slug}")
    return term


def term_history(terms: list[Term]) -> list:
    """Every change to these terms, newest first: one query."""
    return list(
        Term.history.filter(id__in=[t.pk for t in terms])
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def _neighbours(term: Term) -> tuple[Term | None, Term | None]:
    """The terms either side, across the year boundary where they exist (they are never made here)."""
    same_year = {
        t.kind: t for t in Term.objects.filter(partnership=term.partnership, academic_year=term.academic_year)
    }
    index = TERM_ORDER.index(term.kind)
    if index:
        before = same_year.get(TERM_ORDER[index - 1])
    else:
        before = Term.objects.filter(
            partnership=term.partnership, academic_year=term.academic_year - 1, kind=TERM_ORDER[-1]
        ).first()
    if index < len(TERM_ORDER) - 1:
        after = same_year.get(TERM_ORDER[index + 1])
    else:
        after = Term.objects.filter(
            partnership=term.partnership, academic_year=term.academic_year + 1, kind=TERM_ORDER[0]
        ).first()
    return before, after


@transaction.atomic
def term_dates_change(
    *, actor, ctx: PartnershipContext, term: Term, starts_on: dt.date, ends_on: dt.date, reason: str
) -> Term:
    """Change a term's dates. They must fall in its academic year and not overlap the terms
    either side of it; the change is recorded with who made it and why."""
    rules.require_term_dates_editor(ctx)
    term = Term.objects.select_for_update().get(pk=term.pk, partnership=ctx.partnership)
    if ends_on <= starts_on:
        raise ServiceError("The term must end after it starts", field="ends_on")
    first, last = academic_year_bounds(term.academic_year)
    year = f"the academic year {term.academic_year} to {term.academic_year + 1}"
    if starts_on < first:
        raise ServiceError(
            f"The term must start on or after {_date(first)}, the start of {year}", field="starts_on"
        )
    if ends_on > last:
        raise ServiceError(
            f"The term must end on or before {_date(last)}, the end of {year}", field="ends_on"
        )
    before, after = _neighbours(term)
    if before is not None and starts_on <= before.ends_on:
        raise ServiceError(
            f"The term must start after the {term_label(before).lower()} ends on {_date(before.ends_on)}",
            field="starts_on",
        )
    if after is not None and ends_on >= after.starts_on:
        raise ServiceError(
            f"The term must end before the {term_label(after).lower()} starts on {_date(after.starts_on)}",
            field="ends_on",
        )
    term.starts_on, term.ends_on = starts_on, ends_on
    return save_with_history(term, actor=actor, reason=reason)


class TermDatesForm(GovukForm):
    def __init__(self, *args, term: Term, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_on"] = date_field("First day of the term")
        self.fields["ends_on"] = date_field("Last day of the term")
        self.fields["reason"] = forms.CharField(
            label="Why are the dates changing?",
            help_text="For example, the LA has published its term dates.",
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": "Enter why the dates are changing"},
        )
        if not self.is_bound:
            self.initial = {"starts_on": term.starts_on, "ends_on": term.ends_on}
