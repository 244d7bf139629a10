"""Choosing a partnership, and each person's home page in it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from partnership import rules, selectors
from partnership.access import CURRENT_PARTNERSHIP_KEY, PartnershipContext, partnership_view
from partnership.home_sections import home_registry


@require_GET
def root(request: HttpRequest) -> HttpResponse:
    partnerships = selectors.partnerships_for_user(request.user)
    slugs = [p.slug for p in partnerships]
    current = request.session.get(CURRENT_PARTNERSHIP_KEY)
    if current in slugs:
        return redirect("partnership:home", partnership_slug=current)
    if len(slugs) == 1:
        return redirect("partnership:home", partnership_slug=slugs[0])
    return redirect("partnership-choose")


@require_GET
def partnership_choose(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/choose.html",
        {"partnerships": selectors.partnerships_for_user(request.user)},
    )


@partnership_view(roles=rules.ALL_ROLES)
@require_GET
def home(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    return render(
        request,
        "partnership/home.html",
        {"sections": home_registry.sections_for(ctx, request.user)},
    )
