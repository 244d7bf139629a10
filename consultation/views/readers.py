"""Governors and observers: the partnership's consultations open for their views, and the summaries
it has published (consultation.rules says which)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from consultation import rules, selectors
from partnership.access import PartnershipContext, partnership_view


@partnership_view(roles=rules.OPEN_AND_PUBLISHED_ROLES)
@require_GET
def open_and_published(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    return render(request, "consultation/open_and_published.html", selectors.open_and_published(ctx))
