from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from partnership.access import PartnershipContext, partnership_view, require_roles
from partnership.forms import ReasonForm
from partnership.models import ALL_ROLES, LA_ROLES, Role
from partnership.services import ServiceError

from . import selectors, services
from .forms import RecordsGrantForm


@partnership_view(roles=ALL_ROLES)
@require_GET
def school(request: HttpRequest, ctx: PartnershipContext, urn: int) -> HttpResponse:
    school = selectors.school_for(ctx, urn)
    sees_records = selectors.can_see_school_records(ctx, request.user, school)
    return render(
        request,
        "schools/school.html",
        {
            "school": school,
            "sees_records": sees_records,
            "grants": selectors.records_grants(ctx, school) if ctx.is_la else None,
            "can_manage": ctx.is_la_admin,
        },
    )


@partnership_view(roles=LA_ROLES)
@require_http_methods(["GET", "POST"])
def records_grant_add(request: HttpRequest, ctx: PartnershipContext, urn: int) -> HttpResponse:
    school = selectors.school_for(ctx, urn)
    require_roles(ctx, {Role.LA_ADMIN}, write=True)
    form = RecordsGrantForm(
        request.POST or None, people=selectors.people_who_could_be_granted(ctx, school)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.school_records_access_grant(
                actor=request.user,
                ctx=ctx,
                school=school,
                person=form.cleaned_data["person"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, f"{form.cleaned_data['person']} can now see {school}'s records."
            )
            return redirect("schools:school", partnership_slug=ctx.partnership.slug, urn=urn)
    return render(request, "schools/records_grant_add.html", {"form": form, "school": school})


@partnership_view(roles=LA_ROLES)
@require_http_methods(["GET", "POST"])
def records_grant_revoke(
    request: HttpRequest, ctx: PartnershipContext, urn: int, grant_id: int
) -> HttpResponse:
    school = selectors.school_for(ctx, urn)
    grant = selectors.records_grant_for(ctx, school, grant_id)
    require_roles(ctx, {Role.LA_ADMIN}, write=True)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.school_records_access_revoke(
            actor=request.user, ctx=ctx, grant=grant, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"{grant.user} can no longer see {school}'s records.")
        return redirect("schools:school", partnership_slug=ctx.partnership.slug, urn=urn)
    return render(
        request,
        "schools/records_grant_revoke.html",
        {"form": form, "school": school, "grant": grant},
    )
