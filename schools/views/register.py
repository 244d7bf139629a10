"""The school list, the CSV export and a school's profile, with its object grants."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from partnership.access import PartnershipContext, partnership_view
from partnership.access_log import RecordType, record_view
from partnership.csv_export import csv_download
from partnership.forms import ReasonForm
from partnership.views.form_pages import form_page, posted
from schools import rules, selectors, services
from schools.charts import line_chart
from schools.forms import RecordsGrantForm, SchoolFilterForm
from schools.models.inspections import OverallGrade
from schools.selectors.listing import SchoolFilters

SCHOOLS_PAGE_SIZE = 50
OUTCOME_LABELS = dict(OverallGrade.choices)


def _filters(request: HttpRequest, ctx: PartnershipContext) -> tuple[SchoolFilterForm, SchoolFilters]:
    form = SchoolFilterForm(
        request.GET or None,
        choices=selectors.filter_choices(ctx),
        networks=selectors.network_choices(ctx),
        show_flags=rules.sees_flags(ctx),
    )
    if not (form.is_bound and form.is_valid()):
        return form, SchoolFilters()
    data = form.cleaned_data
    return form, SchoolFilters(
        q=data.get("q", ""),
        phase=data.get("phase", ""),
        type_group=data.get("type_group", ""),
        status=data.get("status", ""),
        outcome=data.get("outcome", ""),
        network=data["network"].pk if data.get("network") else None,
        flag=data.get("flag", ""),
        sort=data.get("sort") or "name",
    )


def latest_outcome(school) -> str:
    if school.latest_inspected_on is None:
        return "Not inspected"
    if school.latest_framework == "report_card":
        return "Report card"
    return OUTCOME_LABELS.get(school.latest_overall, school.latest_overall)


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def school_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    form, filters = _filters(request, ctx)
    page = Paginator(selectors.school_list(ctx, filters), SCHOOLS_PAGE_SIZE).get_page(request.GET.get("page"))
    for school in page.object_list:
        school.latest_outcome = latest_outcome(school)
    return render(
        request,
        "schools/school_list.html",
        {
            "form": form,
            "page": page,
            "filtered": filters != SchoolFilters(sort=filters.sort),
            "shows_flags": rules.sees_flags(ctx),
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def school_export(request: HttpRequest, ctx: PartnershipContext) -> StreamingHttpResponse:
    """The same schools as the list, with the same filters and the same access, as CSV."""
    _, filters = _filters(request, ctx)
    schools = selectors.school_list(ctx, filters)
    shows_flags = rules.sees_flags(ctx)
    header = [
        "URN",
        "School",
        "LA",
        "Phase",
        "Type",
        "Status",
        "Latest Ofsted outcome",
        "Latest inspection",
    ]
    if shows_flags:
        header.append("Open flags")

    def rows():
        for school in schools.iterator(chunk_size=500):
            row = [
                school.urn,
                school.name,
                school.la_name,
                school.phase,
                school.type_group,
                school.status,
                latest_outcome(school),
                school.latest_inspected_on.isoformat() if school.latest_inspected_on else "",
            ]
            if shows_flags:
                row.append(school.open_flags)
            yield row

    stamp = timezone.localdate().isoformat()
    return csv_download(f"{ctx.partnership.slug}-schools-{stamp}.csv", header, rows())


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def school(request: HttpRequest, ctx: PartnershipContext, urn: int) -> HttpResponse:
    profile = selectors.school_profile(ctx, request.user, urn)
    school = profile.school
    if profile.flags or profile.sees_records:
        record_view(
            request,
            record_type=RecordType.SCHOOL_RECORDS,
            record_id=school.urn,
            description=f"School profile: partnership records, {len(profile.flags)} flag(s)",
            school=school,
        )
    charts = {
        key: line_chart(points, unit="%" if key == "ks2_rwm" else "")
        for key, points in profile.results["trends"].items()
    }
    return render(
        request,
        "schools/school.html",
        {
            "school": school,
            "inspections": profile.inspections,
            "results": profile.results,
            "charts": charts,
            "memberships": profile.memberships,
            "flags": profile.flags,
            "sees_records": profile.sees_records,
            "sees_access_log": rules.may_see_access_log(ctx, school),
            "sees_history": rules.may_see_history(ctx),
            "grants": profile.grants,
            "can_manage": rules.may_grant_records(ctx),
            "consent_state": profile.consent_state,
            "consent_signer": rules.signing_capacity(ctx, school) is not None,
        },
    )


@partnership_view(roles=rules.LA_ROLES)
@require_http_methods(["GET", "POST"])
def records_grant_add(request: HttpRequest, ctx: PartnershipContext, urn: int) -> HttpResponse:
    school = selectors.school_for(ctx, urn)
    rules.require_administrator(ctx)
    form = RecordsGrantForm(
        posted(request),
        people=selectors.people_who_could_be_granted(ctx, school),
    )
    return form_page(
        request,
        form,
        save=lambda data: services.school_records_access_grant(
            actor=request.user, ctx=ctx, school=school, person=data["person"], reason=data["reason"]
        ),
        success=lambda _: f"{form.cleaned_data['person']} can now see {school}'s records.",
        next_url=reverse("schools:school", kwargs={"partnership_slug": ctx.partnership.slug, "urn": urn}),
        template="schools/records_grant_add.html",
        context={"school": school},
    )


@partnership_view(roles=rules.LA_ROLES)
@require_http_methods(["GET", "POST"])
def records_grant_revoke(
    request: HttpRequest, ctx: PartnershipContext, urn: int, grant_id: int
) -> HttpResponse:
    school = selectors.school_for(ctx, urn)
    grant = selectors.records_grant_for(ctx, school, grant_id)
    rules.require_administrator(ctx)
    form = ReasonForm(posted(request))
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
