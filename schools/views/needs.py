"""Schools that may need support: the list, dismissing a flag, and the trigger settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from partnership.access import PartnershipContext, partnership_view
from partnership.access_log import RecordType, record_view
from partnership.forms import ReasonForm
from partnership.views.form_pages import form_page, posted
from schools import rules, selectors, services
from schools.forms import NeedsFilterForm, TriggerSettingsForm

NEEDS_PAGE_SIZE = 25


@partnership_view(roles=rules.LA_ROLES)
@require_GET
def needs_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    form = NeedsFilterForm(
        request.GET or None,
        choices=selectors.needs_filter_choices(ctx),
        networks=selectors.network_choices(ctx),
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.NeedsFilters(
        trigger=data.get("trigger") or "",
        phase=data.get("phase") or "",
        type_group=data.get("type_group") or "",
        network=data["network"].pk if data.get("network") else None,
        open_case=data.get("open_case") or "",
        sort=data.get("sort") or "severity",
    )
    entries = selectors.needs_list(ctx, filters)
    page = Paginator(entries, NEEDS_PAGE_SIZE).get_page(request.GET.get("page"))
    flag_count = sum(len(e.flags) for e in entries)
    # One entry for the page; it names the school when the page holds only one school's flags.
    record_view(
        request,
        record_type=RecordType.NEEDS_FLAGS,
        description=f"Schools that may need support: {flag_count} flag(s) at {len(entries)} school(s)",
        school=entries[0].school if len(entries) == 1 else None,
    )
    return render(
        request,
        "schools/needs_list.html",
        {
            "form": form,
            "page": page,
            "flag_count": flag_count,
            "school_count": len(entries),
            "filtered": filters != selectors.NeedsFilters(sort=filters.sort),
            "today": timezone.localdate(),
        },
    )


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
