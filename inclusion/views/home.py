"""Inclusion partnership pages: the start page (decision 0020).

Everyone who has a part in the inclusion partnerships starts here: the LA's officers and the
strategic group (aggregates and money only), LA inclusion officers and partnership staff, and the
schools. The page shows each person only the links to what they may use.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from inclusion import rules
from partnership.access import NotVisible, PartnershipContext, partnership_view


@partnership_view(roles=rules.AREA_ROLES)
@require_GET
def home(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    today = timezone.localdate()
    current = Q(network__memberships__joined_on__lte=today) & (
        Q(network__memberships__left_on__isnull=True) | Q(network__memberships__left_on__gt=today)
    )
    partnerships = list(
        rules.inclusion_partnerships_visible(ctx)
        .select_related("fund_holder", "chair")
        .annotate(schools=Count("network__memberships", filter=current, distinct=True))
        .order_by("area")
    )
    links = rules.start_page_links(ctx, sees_some_partnership=bool(partnerships))
    if not any(links.values()):
        # School staff who are not designated leads: nothing here is theirs to see.
        raise NotVisible("no part in the inclusion partnerships")
    return render(request, "inclusion/home.html", {"partnerships": partnerships, **links})


urlpatterns = [path("", home, name="home")]
