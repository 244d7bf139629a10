"""Declared links between a system leader and schools: what the conflict-of-interest check reads."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from partnership.access import PartnershipContext, partnership_view
from partnership.views.form_pages import form_page, posted
from schools import selectors as school_selectors
from support import rules
from support.forms import ProviderLinkForm
from support.services.agreements import provider_link_declare


@partnership_view(roles=rules.LINK_PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def link_declare(request: HttpRequest, ctx: PartnershipContext, leader_id: int) -> HttpResponse:
    leader = school_selectors.leader_for(ctx, leader_id)
    rules.require_link_declarer(ctx, leader)
    form = ProviderLinkForm(
        posted(request),
        schools=school_selectors.partnership_schools(ctx).order_by("name"),
    )
    back = reverse(
        "schools:leader", kwargs={"partnership_slug": ctx.partnership.slug, "leader_id": leader.pk}
    )
    return form_page(
        request,
        form,
        save=lambda data: provider_link_declare(actor=request.user, ctx=ctx, leader=leader, **data),
        success="The link has been declared. The conflict-of-interest check will take it into account.",
        next_url=back,
        template="support/link_declare.html",
        context={"leader": leader, "back": back},
    )
