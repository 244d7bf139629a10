"""The term dates page: LA officers read this year's and next year's terms; LA administrators change them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from governance import rules
from governance.reporting import term_dates
from governance.reporting.snapshot import term_label
from partnership.access import PartnershipContext, partnership_view
from partnership.views.form_pages import form_page, posted


@partnership_view(roles=rules.CLERK_ROLES)
@require_GET
def term_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    years = term_dates.term_years(ctx)
    terms = [term for _, year_terms in years for term in year_terms]
    labels = {term.pk: term_label(term) for term in terms}
    history = [
        {"record": record, "term": labels.get(record.id, "")} for record in term_dates.term_history(terms)
    ]
    return render(
        request,
        "governance/terms/term_list.html",
        {
            "years": [
                (label, [(term, term_label(term)) for term in year_terms]) for label, year_terms in years
            ],
            "history": history,
            "can_edit": rules.may_change_term_dates(ctx),
        },
    )


@partnership_view(roles=rules.CLERK_ROLES)
@require_http_methods(["GET", "POST"])
def term_edit(request: HttpRequest, ctx: PartnershipContext, term_id: int) -> HttpResponse:
    term = term_dates.term_for(ctx, term_id)
    rules.require_term_dates_editor(ctx)
    label = term_label(term)
    back = reverse("governance:term-dates", kwargs={"partnership_slug": ctx.partnership.slug})
    return form_page(
        request,
        term_dates.TermDatesForm(posted(request), term=term),
        save=lambda data: term_dates.term_dates_change(
            actor=request.user,
            ctx=ctx,
            term=term,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            reason=data["reason"],
        ),
        success=f"The dates of the {label.lower()} are changed",
        next_url=back,
        template="governance/terms/term_edit.html",
        context={"title": f"Change the dates of the {label.lower()}", "term": term, "back": back},
    )
