from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnership.access import PartnershipContext, partnership_view
from partnership.access_log import RecordType, record_access, record_view
from partnership.csv_export import csv_download
from partnership.models import AccessLogEntry
from partnership.parsing import as_id
from partnership.selectors import priorities_for
from partnership.services import ServiceError
from partnership.views.export_reason import export_with_reason
from partnership.views.form_pages import form_page, posted
from support import rules, selectors
from support.forms import CaseFilterForm, CaseOpenForm, CloseForm, EscalateForm, NeedsForm
from support.models.cases import CaseSource
from support.services import cases as case_services


def _url(ctx, name, **kwargs):
    return reverse(f"support:{name}", kwargs={"partnership_slug": ctx.partnership.slug, **kwargs})


def _priorities(ctx):
    return priorities_for(ctx, include_unused=False)


def _filters(request, ctx):
    form = CaseFilterForm(request.GET or None, priorities=_priorities(ctx))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, selectors.CaseFilters(
        q=data.get("q", ""),
        status=data.get("status", ""),
        priority=data["priority"].pk if data.get("priority") else None,
        provider_type=data.get("provider_type", ""),
        funding=data.get("funding", ""),
        lead=data.get("lead", ""),
        watched=bool(data.get("watched")),
    )


@partnership_view(roles=rules.CASE_ROLES)
@require_GET
def case_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    if rules.sees_board_totals(ctx):
        return render(
            request,
            "support/board_totals.html",
            {"totals": selectors.board_totals(ctx), "shared": selectors.board_shared_cases(ctx)},
        )
    form, filters = _filters(request, ctx)
    page = Paginator(selectors.case_list(ctx, filters), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "support/case_list.html",
        {
            "form": form,
            "page": page,
            "is_caseworker": rules.is_caseworker(ctx),
            "filtered": filters != selectors.CaseFilters(),
        },
    )


@partnership_view(roles=rules.CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_export(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    """The cases the person may see, with the list's filters, once they have said why they need
    them. Board members get no rows."""
    _, filters = _filters(request, ctx)
    query = request.GET.urlencode()
    return export_with_reason(
        request,
        title="Download support cases",
        what="The CSV file lists the support cases you can see"
        + (", with the filters you chose." if filters != selectors.CaseFilters() else "."),
        back_url=_url(ctx, "cases") + (f"?{query}" if query else ""),
        back_label="Support cases",
        export=lambda reason: _case_csv(request, ctx, filters, reason),
    )


def _case_csv(request, ctx, filters, reason: str) -> StreamingHttpResponse:
    record_access(
        request,
        action=AccessLogEntry.Action.EXPORT,
        record_type=RecordType.SUPPORT_CASES,
        description=f"Support cases CSV: {request.GET.urlencode() or 'no filters'}",
        reason=reason,
    )
    cases = selectors.case_list(ctx, filters)
    header = ["Case", "URN", "School", "Status", "Opened", "Lead officer", "Overdue actions", "Reviews due"]
    rows = (
        [
            case.pk,
            case.school.urn,
            case.school.name,
            case.get_status_display(),
            case.opened_on.isoformat(),
            case.lead_officer,
            case.overdue_actions,
            case.reviews_due,
        ]
        for case in cases.iterator(chunk_size=500)
    )
    return csv_download(
        f"{ctx.partnership.slug}-support-cases-{timezone.localdate().isoformat()}.csv", header, rows
    )


@partnership_view(roles=rules.CASEWORKER_ROLES)
@require_GET
def team(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    return render(request, "support/team.html", {"rows": selectors.team_view(ctx)})


@partnership_view(roles=rules.CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    rules.require_caseworker(ctx)
    opening = selectors.case_opening(
        ctx,
        flag_id=as_id(request.GET.get("flag") or request.POST.get("flag")),
        urn=as_id(request.GET.get("school")),
    )
    flag = opening.flag
    initial = {"lead_officer": request.user.pk, "source": CaseSource.OFFICER}
    if flag:
        initial.update(school=flag.school_id, source=CaseSource.TRIGGER)
    elif opening.school:
        initial["school"] = opening.school.pk
    form = CaseOpenForm(
        posted(request),
        initial=initial,
        schools=opening.schools,
        officers=opening.officers,
    )

    def save(data):
        return case_services.case_open(
            actor=request.user,
            ctx=ctx,
            school=data["school"],
            source=data["source"],
            lead_officer=data["lead_officer"],
            flag=flag if flag and flag.school_id == data["school"].pk else None,
            reason=data["reason"],
        )

    return form_page(
        request,
        form,
        save=save,
        success=lambda case: f"A support case for {case.school.name} is open. Write the needs analysis next.",
        next_url=lambda case: _url(ctx, "needs", case_id=case.pk),
        template="support/case_open.html",
        context={"flag": flag},
    )


@partnership_view(roles=rules.CASE_ROLES)
@require_GET
def case_detail(request: HttpRequest, ctx: PartnershipContext, case_id: int) -> HttpResponse:
    page = selectors.case_page(ctx, case_id)
    case = page.case
    record_view(request, record_type=RecordType.SUPPORT_CASE, record_id=case.pk, school_id=case.school_id)
    return render(
        request,
        "support/case_detail.html",
        {
            "case": case,
            "agreements": page.agreements,
            "escalations": page.escalations,
            "tasks": page.tasks,
            "timeline": page.timeline,
            "may": page.actions,
            "watching": page.watching,
            "next_step": page.next_step,
            "briefs": page.briefs,
            "may_prepare_brief": page.may_prepare_brief,
        },
    )


@partnership_view(roles=rules.CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_needs(request: HttpRequest, ctx: PartnershipContext, case_id: int) -> HttpResponse:
    case = selectors.case_for(ctx, case_id)
    rules.require_caseworker(ctx)
    _log_case_page(request, case, "needs analysis")
    initial = {
        "needs_analysis": case.needs_analysis,
        "evidence": case.evidence or selectors.evidence_summary(case),
        "school_view": case.school_view,
        "priorities": list(case.priorities.all()),
    }
    first_written = not case.needs_analysis
    form = NeedsForm(
        posted(request), initial=initial, priorities=_priorities(ctx), first_written=first_written
    )

    def save(data):
        return case_services.case_needs_save(
            actor=request.user,
            ctx=ctx,
            case=case,
            needs_analysis=data["needs_analysis"],
            evidence=data["evidence"],
            school_view=data["school_view"],
            priorities=list(data["priorities"]),
            reason=data.get("reason") or "The needs analysis, first written",
        )

    return form_page(
        request,
        form,
        save=save,
        success="The needs analysis has been saved.",
        next_url=_url(ctx, "case", case_id=case.pk),
        template="support/case_needs.html",
        context={"case": case},
    )


def _log_case_page(request, case, page: str) -> None:
    """A page that shows the case's content in a form. Logged when opened, not on each submission."""
    if request.method == "GET":
        record_view(
            request,
            record_type=RecordType.SUPPORT_CASE,
            record_id=case.pk,
            description=f"Case page: {page}",
            school_id=case.school_id,
        )


@partnership_view(roles=rules.CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_escalate(request: HttpRequest, ctx: PartnershipContext, case_id: int) -> HttpResponse:
    case = selectors.case_for(ctx, case_id)
    rules.require_caseworker(ctx)
    form = EscalateForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda data: case_services.case_escalate(actor=request.user, ctx=ctx, case=case, **data),
        success="The case has been escalated and the school and lead officer told.",
        next_url=_url(ctx, "case", case_id=case.pk),
        template="support/case_escalate.html",
        context={"case": case},
    )


@partnership_view(roles=rules.CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, ctx: PartnershipContext, case_id: int) -> HttpResponse:
    case = selectors.case_for(ctx, case_id)
    rules.require_caseworker(ctx)
    _log_case_page(request, case, "closing, with its evidence")
    objectives = selectors.case_objectives(case)
    now = selectors.evidence_summary(case)
    form = CloseForm(
        posted(request),
        objectives=objectives,
        before=case.evidence or now,
        after=now,
    )

    def save(data):
        return case_services.case_close(
            actor=request.user,
            ctx=ctx,
            case=case,
            closure=data["closure"],
            closure_reason=data["closure_reason"],
            impact_statement=data["impact_statement"],
            evidence_before=data["evidence_before"],
            evidence_after=data["evidence_after"],
            outcomes=form.outcomes(),
            reason=data["reason"],
        )

    return form_page(
        request,
        form,
        save=save,
        success="The case is closed.",
        next_url=_url(ctx, "case", case_id=case.pk),
        template="support/case_close.html",
        context={"case": case, "cannot_complete": case_services.cannot_complete_because(case)},
    )


@partnership_view(roles=rules.CASE_ROLES)
@require_POST
def case_watch(request: HttpRequest, ctx: PartnershipContext, case_id: int) -> HttpResponse:
    case = selectors.case_for(ctx, case_id)
    rules.require_caseworker(ctx)
    watch = request.POST.get("watch") == "1"
    case_services.case_watch(actor=request.user, ctx=ctx, case=case, watch=watch)
    messages.success(request, "Added to your watchlist." if watch else "Taken off your watchlist.")
    return redirect(_url(ctx, "case", case_id=case.pk))


@partnership_view(roles=rules.CASE_ROLES)
@require_POST
def case_share(request: HttpRequest, ctx: PartnershipContext, case_id: int) -> HttpResponse:
    case = selectors.case_for(ctx, case_id)
    rules.require_caseworker(ctx)
    shared = request.POST.get("shared") == "1"
    try:
        case_services.case_share_with_board(
            actor=request.user,
            ctx=ctx,
            case=case,
            shared=shared,
            reason="Shared with the board" if shared else "No longer shared with the board",
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "The board can now see this case." if shared else "The board no longer sees this case."
        )
    return redirect(_url(ctx, "case", case_id=case.pk))
