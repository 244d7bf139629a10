"""The termly brief for governors: prepared, approved, read (decision 0036)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnership.access import PartnershipContext, partnership_view
from partnership.access_log import RecordType, record_view
from partnership.services import ServiceError
from partnership.views.form_pages import form_page, posted
from support import rules, selectors
from support.forms import BriefApprovalRecordForm, BriefApproveForm
from support.services import briefs as brief_services


def _url(ctx, name, **kwargs):
    return reverse(f"support:{name}", kwargs={"partnership_slug": ctx.partnership.slug, **kwargs})


@partnership_view(roles=rules.CASE_ROLES)
@require_POST
def brief_prepare(request: HttpRequest, ctx: PartnershipContext, case_id: int) -> HttpResponse:
    case = selectors.case_for(ctx, case_id)
    try:
        brief = brief_services.brief_prepare(actor=request.user, ctx=ctx, case=case)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(_url(ctx, "case", case_id=case.pk))
    messages.success(request, f"The brief for the {brief.term_label} is ready to approve.")
    return redirect(_url(ctx, "brief", brief_id=brief.pk))


@partnership_view(roles=rules.BRIEF_ROLES)
@require_GET
def brief_detail(request: HttpRequest, ctx: PartnershipContext, brief_id: int) -> HttpResponse:
    page = selectors.brief_page(ctx, brief_id)
    brief = page.brief
    record_view(
        request,
        record_type=RecordType.SUPPORT_CASE,
        record_id=brief.case_id,
        description=f"Brief for governors, {brief.term_label}",
        school_id=brief.case.school_id,
    )
    return render(
        request,
        "support/brief_detail.html",
        {
            "brief": brief,
            "facts": page.facts,
            "heads": page.heads,
            "may": page.actions,
            "earlier": page.earlier,
        },
    )


def _approval_page(request, ctx, page, form_class, *, save, success: str, recording: bool) -> HttpResponse:
    """The headteacher's approval, or the LA's record of it: the same page, which shows what the
    governors will read, and leads back to the brief once it is approved."""
    brief = page.brief
    if brief.is_approved:
        return redirect(_url(ctx, "brief", brief_id=brief.pk))
    return form_page(
        request,
        form_class(posted(request), initial={"note": brief.note}),
        save=save,
        success=success,
        next_url=_url(ctx, "brief", brief_id=brief.pk),
        template="support/brief_approve.html",
        context={"brief": brief, "facts": page.facts, "recording": recording},
    )


@partnership_view(roles=rules.BRIEF_ROLES)
@require_http_methods(["GET", "POST"])
def brief_approve(request: HttpRequest, ctx: PartnershipContext, brief_id: int) -> HttpResponse:
    page = selectors.brief_page(ctx, brief_id)
    rules.require_brief_approver(ctx, page.brief)
    return _approval_page(
        request,
        ctx,
        page,
        BriefApproveForm,
        save=lambda data: brief_services.brief_approve(
            actor=request.user, ctx=ctx, brief=page.brief, note=data["note"]
        ),
        success="The brief is approved. The school's governors have been sent a message with its link.",
        recording=False,
    )


@partnership_view(roles=rules.BRIEF_ROLES)
@require_http_methods(["GET", "POST"])
def brief_approval_record(request: HttpRequest, ctx: PartnershipContext, brief_id: int) -> HttpResponse:
    page = selectors.brief_page(ctx, brief_id)
    rules.require_brief_approval_recorder(ctx, school_has_head=bool(page.heads))
    return _approval_page(
        request,
        ctx,
        page,
        BriefApprovalRecordForm,
        save=lambda data: brief_services.brief_approval_record(
            actor=request.user, ctx=ctx, brief=page.brief, **data
        ),
        success="The headteacher's approval is recorded. The school's governors can read the brief.",
        recording=True,
    )
