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

from inclusion.selectors import (
    inclusion_partnerships_served,
    may_see_providers,
    pupil_school_ids,
)
from inclusion.selectors.funding import inclusion_partnerships_visible
from partnership.access import NotVisible, PartnershipContext, partnership_view
from partnership.models import LA_ROLES, Role

# Who may open the inclusion pages at all; what each sees is narrowed below and on each page.
INCLUSION_AREA_ROLES = LA_ROLES | {
    Role.INCLUSION_OFFICER,
    Role.INCLUSION_STAFF,
    Role.BOARD_MEMBER,
    Role.HEADTEACHER,
    Role.SCHOOL_STAFF,
}


@partnership_view(roles=INCLUSION_AREA_ROLES)
@require_GET
def home(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    today = timezone.localdate()
    current = Q(network__memberships__joined_on__lte=today) & (
        Q(network__memberships__left_on__isnull=True) | Q(network__memberships__left_on__gt=today)
    )
    partnerships = list(
        inclusion_partnerships_visible(ctx)
        .select_related("fund_holder", "chair")
        .annotate(schools=Count("network__memberships", filter=current, distinct=True))
        .order_by("area")
    )
    school_ids = pupil_school_ids(ctx)
    serves = Role.INCLUSION_OFFICER in ctx.roles or inclusion_partnerships_served(ctx).exists()
    links = {
        "sees_pupils": school_ids is None or bool(school_ids),
        "sees_providers": may_see_providers(ctx),
        "is_head": bool(ctx.school_ids(Role.HEADTEACHER)),
        "sees_figures": ctx.is_la or serves or Role.BOARD_MEMBER in ctx.roles,
        "sees_partnerships": bool(partnerships) or ctx.has_any(LA_ROLES | {Role.INCLUSION_OFFICER}),
    }
    if not any(links.values()):
        # School staff who are not designated leads: nothing here is theirs to see.
        raise NotVisible("no part in the inclusion partnerships")
    return render(request, "inclusion/home.html", {"partnerships": partnerships, **links})


urlpatterns = [path("", home, name="home")]
