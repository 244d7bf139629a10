"""Meetings: scheduling one, its page, attendance and actions."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from governance import forms, rules, selectors, services
from governance.models.meetings import ActionStatus
from governance.views.boards import _url
from partnership.access import PartnershipContext, partnership_view
from partnership.services import ServiceError
from partnership.views.form_pages import form_page, posted


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def meeting_new(request, ctx, board_id):
    board = selectors.board_for(ctx, board_id)
    rules.require_clerk(ctx)
    form = forms.MeetingForm(posted(request))

    def save(d):
        meeting = form.save(commit=False)
        meeting.starts_at = timezone.make_aware(dt.datetime.combine(d["date"], d["time"]))
        return services.meeting_create(
            actor=request.user, ctx=ctx, board=board, meeting=meeting, reason=d["reason"]
        )

    return form_page(
        request,
        form,
        save=save,
        success="The meeting is scheduled and the members invited.",
        next_url=lambda m: _url(ctx, "meeting", meeting_id=m.pk),
        template="governance/form.html",
        context={"title": "Schedule a meeting", "board": board},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def meeting_detail(request: HttpRequest, ctx: PartnershipContext, meeting_id: int) -> HttpResponse:
    page = selectors.meeting_page(ctx, meeting_id)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            **page,
            "may": rules.meeting_actions(ctx, page["meeting"], page["items"], page["recused"]),
            "deadline": services.pack_deadline(page["meeting"]),
            "started": page["meeting"].starts_at <= timezone.now(),
        },
    )


def _meeting_form(request, ctx, meeting, form, save, success, title, **context):
    return form_page(
        request,
        form,
        save=lambda d: save(meeting, d),
        success=success,
        next_url=_url(ctx, "meeting", meeting_id=meeting.pk),
        template="governance/form.html",
        context={"title": title, "meeting": meeting, "board": meeting.board, **context},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def attendance(request, ctx, meeting_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    rules.require_clerk(ctx)
    form = forms.AttendanceForm(posted(request), attendance=selectors.attendance(meeting))
    return _meeting_form(
        request,
        ctx,
        meeting,
        form,
        lambda m, d: services.attendance_record(
            actor=request.user, ctx=ctx, meeting=m, statuses=form.statuses()
        ),
        "Attendance has been recorded.",
        "Attendance",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def action_new(request, ctx, meeting_id):
    rules.require_clerk(ctx)
    meeting = selectors.meeting_for(ctx, meeting_id)
    return _meeting_form(
        request,
        ctx,
        meeting,
        forms.ActionForm(posted(request)),
        lambda m, d: services.action_add(actor=request.user, ctx=ctx, meeting=m, **d),
        "The action has been added.",
        "Add an action",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["POST"])
def action_done(request, ctx, meeting_id, action_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    rules.require_clerk(ctx)
    action = selectors.action_for(meeting, action_id)
    try:
        services.action_update(actor=request.user, ctx=ctx, action=action, status=ActionStatus.DONE)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Done: {action}.")
    return redirect(_url(ctx, "meeting", meeting_id=meeting.pk))
