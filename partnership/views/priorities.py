"""The partnership's priorities: the list, adding and changing one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from partnership import rules, selectors, services
from partnership.access import PartnershipContext, partnership_view
from partnership.forms.priorities import PriorityForm
from partnership.views.form_pages import form_page, posted


@partnership_view(roles=rules.ALL_ROLES)
@require_GET
def priorities(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    return render(
        request,
        "partnership/priorities.html",
        {
            "priorities": selectors.priorities_for(ctx, include_unused=rules.sees_unused_priorities(ctx)),
            "can_manage": rules.may_manage_priorities(ctx),
        },
    )


@partnership_view(roles=rules.ALL_ROLES)
@require_http_methods(["GET", "POST"])
def priority_edit(
    request: HttpRequest, ctx: PartnershipContext, priority_id: int | None = None
) -> HttpResponse:
    instance = selectors.priority_for(ctx, priority_id) if priority_id else None
    rules.require_priority_manager(ctx)
    form = PriorityForm(posted(request), instance=instance)
    return form_page(
        request,
        form,
        save=lambda data: services.priority_save(
            actor=request.user, ctx=ctx, priority=form.save(commit=False), reason=data["reason"]
        ),
        success=lambda saved: f"The priority “{saved}” has been saved.",
        next_url=reverse("partnership:priorities", kwargs={"partnership_slug": ctx.partnership.slug}),
        template="partnership/priority_edit.html",
        context={"priority": instance},
    )
