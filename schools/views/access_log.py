"""Who has seen a school's confidential records: for its headteacher and the LA."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from partnership.access import PartnershipContext, partnership_view
from partnership.selectors.access_log import school_access_log
from schools import rules, selectors

PAGE_SIZE = 50


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def school_access_log_page(request: HttpRequest, ctx: PartnershipContext, urn: int) -> HttpResponse:
    school = selectors.school_for(ctx, urn)
    page = Paginator(school_access_log(ctx, school), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "schools/access_log.html",
        {"school": school, "page": page, "shows_addresses": rules.shows_access_addresses(ctx)},
    )
