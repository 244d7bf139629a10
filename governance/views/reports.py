"""The scrutiny reports pages for the LA and the board, under /p/<partnership_slug>/reports/.

LA officers see every version, make reports, approve and publish them. Board members read the
approved and published ones. Everyone else gets a 404 (governance.rules).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from governance import rules
from governance.models import ReportKind, ReportStatus
from governance.reporting import narrative, pipeline, selectors, workflow
from governance.reporting.forms import ApproveForm, GenerateForm, NarrativeForm, PublishForm
from partnership.access import PartnershipContext, partnership_view
from partnership.access_log import RecordType, record_access
from partnership.forms import ReasonForm
from partnership.models import AccessLogEntry
from partnership.views.form_pages import form_page, posted

PAGE_SIZE = 20
WORKING = (ReportStatus.QUEUED, ReportStatus.RUNNING)


def _url(ctx, name, **kwargs):
    return reverse(f"governance:{name}", kwargs={"partnership_slug": ctx.partnership.slug, **kwargs})


@partnership_view(roles=rules.READER_ROLES)
@require_GET
def report_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    reports = selectors.reports_for(ctx).defer(*selectors.HEAVY)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/reports/list.html",
        {
            "page": page,
            "reports": list(page.object_list),
            "may_manage": rules.may_manage_reports(ctx),
            "current_term": pipeline.current_term(ctx.partnership) if rules.may_manage_reports(ctx) else None,
        },
    )


@partnership_view(roles=rules.READER_ROLES)
@require_http_methods(["GET", "POST"])
def report_generate(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    rules.require_report_manager(ctx)
    kind = request.GET.get("kind") or request.POST.get("kind")
    if kind not in ReportKind.values:
        kind = ReportKind.TERMLY
    years = pipeline.academic_years_for(ctx.partnership)
    terms = pipeline.terms_to_choose(ctx.partnership) if kind == ReportKind.TERMLY else []
    form = GenerateForm(
        posted(request),
        years=years,
        terms=[(term.pk, label) for term, label in terms],
        initial={"academic_year": years[0], "term": terms[0][0].pk if terms else None},
    )
    if kind == ReportKind.TERMLY:
        del form.fields["academic_year"]
        title, intro = (
            "Make a termly report now",
            "Choose the term. A term that has ended is reported with the figures as they were on its last "
            "day; this term so far, with the figures as they are now.",
        )
    else:
        title = "Make the annual report"
        intro = "The report to the Overview and Scrutiny Committee covers the year's three terms and the impact of support."
    chosen = {term.pk: term for term, _ in terms}
    return form_page(
        request,
        form,
        save=lambda data: pipeline.report_request(
            actor=request.user,
            partnership=ctx.partnership,
            kind=kind,
            term=chosen.get(data.get("term")) if kind == ReportKind.TERMLY else None,
            academic_year=data.get("academic_year"),
            reason=data["reason"],
        ),
        success="The report is being made. This page shows how far it has got.",
        next_url=lambda report: _url(ctx, "report", report_id=report.pk),
        template="governance/reports/form.html",
        context={"title": title, "intro": intro, "kind": kind, "button": "Make the report"},
    )


@partnership_view(roles=rules.READER_ROLES)
@require_GET
def report_detail(request: HttpRequest, ctx: PartnershipContext, report_id: int) -> HttpResponse:
    report = selectors.report_for(ctx, report_id, documents=False)
    return render(
        request,
        "governance/reports/detail.html",
        {
            "report": report,
            "versions": selectors.versions_of(ctx, report),
            "may_manage": rules.may_manage_reports(ctx),
            "may_approve": rules.may_approve(ctx, report),
            "may_publish": rules.may_publish(ctx, report),
            "may_write_narrative": rules.may_write_narrative(ctx, report),
            "narrative_missing": rules.narrative_missing(report),
            "narrative_unchecked": rules.narrative_unchecked(report),
            "period_words": narrative.period_words(report),
            "public": rules.public_may_read_report(report),
            "working": report.status in WORKING,
            "stale": pipeline.is_stale(report),
            "today": timezone.localdate(),
        },
    )


def _made(ctx, report_id):
    report = selectors.report_for(ctx, report_id)
    rules.require_document(report)
    return report


@partnership_view(roles=rules.READER_ROLES)
@require_GET
def report_document(request: HttpRequest, ctx: PartnershipContext, report_id: int) -> HttpResponse:
    report = _made(ctx, report_id)
    return HttpResponse(report.html)


@partnership_view(roles=rules.READER_ROLES)
@require_GET
def report_pdf(request: HttpRequest, ctx: PartnershipContext, report_id: int) -> HttpResponse:
    report = _made(ctx, report_id)
    record_access(
        request,
        action=AccessLogEntry.Action.DOWNLOAD,
        record_type=RecordType.PAGE,
        record_id=report.pk,
        description=f"{report} (PDF)",
        partnership=ctx.partnership,
    )
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="report-{report.period}-v{report.version}.pdf"'
    return response


@partnership_view(roles=rules.READER_ROLES)
@require_GET
def report_progress(request: HttpRequest, ctx: PartnershipContext, report_id: int) -> JsonResponse:
    report = selectors.report_for(ctx, report_id, documents=False)
    return JsonResponse(
        {
            "status": report.status,
            "status_label": report.get_status_display(),
            "progress": report.progress,
            "note": report.progress_note,
            "error": report.error if rules.may_manage_reports(ctx) else "",
        }
    )


def _report_form(request, ctx, report_id, form, save, success, title, *, intro="", button="Continue"):
    report = selectors.report_for(ctx, report_id, documents=False)
    rules.require_report_manager(ctx)
    return form_page(
        request,
        form,
        save=lambda data: save(report, data),
        success=success,
        next_url=_url(ctx, "report", report_id=report.pk),
        template="governance/reports/form.html",
        context={"title": title, "intro": intro, "report": report, "button": button},
    )


@partnership_view(roles=rules.READER_ROLES)
@require_http_methods(["GET", "POST"])
def report_narrative(request: HttpRequest, ctx: PartnershipContext, report_id: int) -> HttpResponse:
    """The officer writes the draft's narrative beside its figures."""
    report = selectors.report_for(ctx, report_id)
    rules.require_narrative_writer(ctx, report)
    sections = narrative.sections_of(report)
    initial = {
        "key_messages": report.key_messages,
        "activity": report.activity,
        "next_steps": report.next_steps,
        "endorsed_by": report.endorsed_by_id,
        "endorsed_on": report.endorsed_on,
        "seen": narrative.stamp(report),
        **{f"commentary_{key}": text for key, text in report.commentary.items()},
    }
    form = NarrativeForm(
        posted(request),
        initial=initial,
        sections=sections,
        boards=selectors.boards_to_endorse(ctx),
        period=narrative.period_words(report),
    )

    def save(data):
        return narrative.narrative_save(
            actor=request.user,
            ctx=ctx,
            report=report,
            narrative=narrative.Narrative(
                key_messages=data["key_messages"],
                activity=data["activity"],
                next_steps=data["next_steps"],
                commentary=form.commentary(),
                endorsed_by=data["endorsed_by"],
                endorsed_on=data["endorsed_on"],
            ),
            seen=data["seen"],
        )

    return form_page(
        request,
        form,
        save=save,
        success="The narrative is saved, and the draft report shows it.",
        next_url=_url(ctx, "report", report_id=report.pk),
        template="governance/reports/narrative.html",
        context={"report": report, "sections": sections, "missing": rules.narrative_missing(report)},
    )


@partnership_view(roles=rules.READER_ROLES)
@require_http_methods(["GET", "POST"])
def report_approve(request: HttpRequest, ctx: PartnershipContext, report_id: int) -> HttpResponse:
    return _report_form(
        request,
        ctx,
        report_id,
        ApproveForm(posted(request)),
        lambda report, data: workflow.report_approve(
            actor=request.user, ctx=ctx, report=report, reason=data["reason"]
        ),
        "The report is approved. It can now be published.",
        "Approve the report",
        intro="Once approved, the report can be published to the board, the committee and the public. "
        "Its figures cannot change: to correct them, make the report again.",
        button="Approve the report",
    )


@partnership_view(roles=rules.READER_ROLES)
@require_http_methods(["GET", "POST"])
def report_publish(request: HttpRequest, ctx: PartnershipContext, report_id: int) -> HttpResponse:
    return _report_form(
        request,
        ctx,
        report_id,
        PublishForm(posted(request), initial={"publish_on": timezone.localdate()}),
        lambda report, data: workflow.report_publish(
            actor=request.user, ctx=ctx, report=report, publish_on=data["publish_on"], reason=data["reason"]
        ),
        "The report is published. Its subscribers have been emailed.",
        "Publish the report",
        intro="The report appears on the public reports page from the publication date, and everyone "
        "who subscribed to this partnership's reports is emailed a link.",
        button="Publish the report",
    )


@partnership_view(roles=rules.READER_ROLES)
@require_http_methods(["GET", "POST"])
def report_retry(request: HttpRequest, ctx: PartnershipContext, report_id: int) -> HttpResponse:
    return _report_form(
        request,
        ctx,
        report_id,
        ReasonForm(posted(request)),
        lambda report, data: pipeline.report_retry(actor=request.user, report=report, reason=data["reason"]),
        "The report is being made again.",
        "Try making the report again",
        button="Try again",
    )
