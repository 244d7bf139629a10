"""Schools that may need support: the list, dismissing a flag, and the trigger settings."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from partnership.access import PartnershipContext, partnership_view
from partnership.access_log import RecordType, record_view
from partnership.forms import ReasonForm
from partnership.views.form_pages import form_page, posted
from schools import rules, selectors, services
from schools.forms import TriggerSettingsForm
from schools.start_case import start_case_link


@partnership_view(roles=rules.LA_ROLES)
@require_GET
def needs_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    flags = list(selectors.open_flags(ctx))
    schools = [
        {"school": school, "flags": list(group), "start_case": start_case_link(ctx, school)}
        for school, group in groupby(flags, key=lambda flag: flag.school)
    ]
    # One entry for the page; it names the school when the page holds only one school's flags.
    record_view(
        request,
        record_type=RecordType.NEEDS_FLAGS,
        description=f"Schools that may need support: {len(flags)} flag(s) at {len(schools)} school(s)",
        school=schools[0]["school"] if len(schools) == 1 else None,
    )
    return render(request, "schools/needs_list.html", {"schools": schools, "flag_count": len(flags)})


@partnership_view(roles=rules.LA_ROLES)
@require_http_methods(["GET", "POST"])
def flag_dismiss(request: HttpRequest, ctx: PartnershipContext, flag_id: int) -> HttpResponse:
    flag = selectors.flag_for(ctx, flag_id)
    if request.method == "GET":
        record_view(
            request,
            record_type=RecordType.NEEDS_FLAGS,
            record_id=flag.pk,
            description=f"Flag and its evidence, before dismissing: {flag.get_kind_display()}",
            school_id=flag.school_id,
        )
    return form_page(
        request,
        ReasonForm(posted(request)),
        save=lambda data: services.flag_dismiss(
            actor=request.user, ctx=ctx, flag=flag, reason=data["reason"]
        ),
        success=f"The flag for {flag.school} has been dismissed.",
        next_url=reverse("schools:needs", kwargs={"partnership_slug": ctx.partnership.slug}),
        template="schools/flag_dismiss.html",
        context={"flag": flag},
    )


@partnership_view(roles=rules.LA_ROLES)
@require_http_methods(["GET", "POST"])
def trigger_settings(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    if request.method == "POST":
        rules.require_administrator(ctx)
    form = TriggerSettingsForm(
        posted(request),
        current=selectors.effective_trigger_settings(ctx.partnership),
    )
    if request.method == "POST" and form.is_valid():
        services.trigger_settings_save(
            actor=request.user, ctx=ctx, values=form.values(), reason=form.cleaned_data["reason"]
        )
        messages.success(request, "The triggers have been saved and every school checked again.")
        return redirect("schools:needs", partnership_slug=ctx.partnership.slug)
    return render(
        request, "schools/trigger_settings.html", {"form": form, "can_manage": rules.may_administer(ctx)}
    )
