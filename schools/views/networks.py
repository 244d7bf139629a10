"""Networks of schools, and the system leaders directory."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from partnership.access import PartnershipContext, partnership_view
from partnership.selectors import priorities_for
from partnership.views.form_pages import form_page, posted
from schools import leader_panels, rules, selectors, services
from schools.forms import (
    LeaderFilterForm,
    MembershipAddForm,
    MembershipEndForm,
    NetworkForm,
    SystemLeaderForm,
)
from schools.models import SystemLeader
from schools.models.networks import NetworkType


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def network_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    network_type = request.GET.get("type", "")
    if network_type not in NetworkType.values:
        network_type = ""
    networks = selectors.network_list(ctx, network_type=network_type, q=request.GET.get("q", "")[:100])
    page = Paginator(networks, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "schools/network_list.html",
        {
            "page": page,
            "types": NetworkType.choices,
            "network_type": network_type,
            "q": request.GET.get("q", "")[:100],
            "can_manage": rules.may_manage(ctx),
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def network(request: HttpRequest, ctx: PartnershipContext, network_id: int) -> HttpResponse:
    page = selectors.network_page(ctx, network_id)
    return render(
        request,
        "schools/network.html",
        {
            "network": page.network,
            "current": page.current,
            "past": page.past,
            "outcomes": page.outcomes,
            "can_manage": rules.may_manage(ctx),
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def network_edit(
    request: HttpRequest, ctx: PartnershipContext, network_id: int | None = None
) -> HttpResponse:
    instance = selectors.network_for(ctx, network_id) if network_id else None
    rules.require_manager(ctx)
    form = NetworkForm(posted(request), instance=instance, schools=selectors.school_choices(ctx))
    return form_page(
        request,
        form,
        save=lambda data: services.network_save(
            actor=request.user, ctx=ctx, network=form.save(commit=False), reason=data["reason"]
        ),
        success=lambda saved: f"{saved} has been saved.",
        next_url=lambda saved: _network_url(ctx, saved),
        template="schools/network_edit.html",
        context={"network": instance},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, ctx: PartnershipContext, network_id: int) -> HttpResponse:
    network = selectors.network_for(ctx, network_id)
    rules.require_manager(ctx)
    form = MembershipAddForm(posted(request), schools=selectors.school_choices(ctx))
    return form_page(
        request,
        form,
        save=lambda data: services.membership_add(
            actor=request.user,
            ctx=ctx,
            network=network,
            school=data["school"],
            joined_on=data["joined_on"],
            reason=data["reason"],
        ),
        success=lambda _: f"{form.cleaned_data['school']} has joined {network}.",
        next_url=_network_url(ctx, network),
        template="schools/membership_add.html",
        context={"network": network},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def membership_end(
    request: HttpRequest, ctx: PartnershipContext, network_id: int, membership_id: int
) -> HttpResponse:
    network = selectors.network_for(ctx, network_id)
    membership = selectors.membership_for(network, membership_id)
    rules.require_manager(ctx)
    return form_page(
        request,
        MembershipEndForm(posted(request)),
        save=lambda data: services.membership_end(
            actor=request.user, ctx=ctx, membership=membership, left_on=data["left_on"], reason=data["reason"]
        ),
        success=f"{membership.school} has left {network}.",
        next_url=_network_url(ctx, network),
        template="schools/membership_end.html",
        context={"network": network, "membership": membership},
    )


def _network_url(ctx, network) -> str:
    return reverse(
        "schools:network", kwargs={"partnership_slug": ctx.partnership.slug, "network_id": network.pk}
    )


def _priorities(ctx):
    return priorities_for(ctx, include_unused=False)


@partnership_view(roles=rules.LEADER_ROLES)
@require_GET
def leader_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    form = LeaderFilterForm(request.GET or None, priorities=_priorities(ctx))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    leaders = selectors.leader_list(
        ctx,
        q=data.get("q", ""),
        designation=data.get("designation", ""),
        expertise=data["expertise"].pk if data.get("expertise") else None,
        min_days=data.get("min_days"),
    )
    page = Paginator(leaders, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "schools/leader_list.html",
        {
            "form": form,
            "page": page,
            "can_manage": rules.may_manage(ctx),
            "filtered": bool(data) and any(data.values()),
        },
    )


@partnership_view(roles=rules.LEADER_ROLES)
@require_GET
def leader(request: HttpRequest, ctx: PartnershipContext, leader_id: int) -> HttpResponse:
    leader = selectors.leader_for(ctx, leader_id)
    return render(
        request,
        "schools/leader.html",
        {
            "leader": leader,
            "can_manage": rules.may_manage(ctx),
            "panels": leader_panels.panels_for(ctx, leader),
        },
    )


@partnership_view(roles=rules.LEADER_ROLES)
@require_http_methods(["GET", "POST"])
def leader_edit(request: HttpRequest, ctx: PartnershipContext, leader_id: int | None = None) -> HttpResponse:
    instance = (
        selectors.leader_for(ctx, leader_id) if leader_id else SystemLeader(partnership=ctx.partnership)
    )
    rules.require_manager(ctx)
    form = SystemLeaderForm(
        posted(request),
        instance=instance,
        schools=selectors.school_choices(ctx),
        priorities=_priorities(ctx),
    )
    return form_page(
        request,
        form,
        save=lambda data: services.system_leader_save(
            actor=request.user,
            ctx=ctx,
            leader=form.save(commit=False),
            expertise=list(data["expertise"]),
            reason=data["reason"],
        ),
        success=lambda saved: f"{saved.full_name} has been saved.",
        next_url=lambda saved: reverse(
            "schools:leader", kwargs={"partnership_slug": ctx.partnership.slug, "leader_id": saved.pk}
        ),
        template="schools/leader_edit.html",
        context={"leader": instance if leader_id else None},
    )
