from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from governance import forms, pack, rules, selectors, services
from governance.models.boards import BalanceKind
from governance.models.meetings import ActionStatus, DecisionRule
from partnership.access import PartnershipContext, partnership_view
from partnership.access_log import RecordType, record_access
from partnership.form_views import form_page, posted
from partnership.forms import ReasonForm
from partnership.models import AccessLogEntry
from partnership.services import ServiceError
from partnership.uploads import download_name


def _url(ctx, name, **kwargs):
    return reverse(f"governance:{name}", kwargs={"partnership_slug": ctx.partnership.slug, **kwargs})


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def board_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    boards = list(selectors.boards_for(ctx))
    rules.require_sight_of_boards(ctx, boards)
    return render(
        request, "governance/board_list.html", {"boards": boards, "may_set_up": rules.is_clerk(ctx)}
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def board_edit(request: HttpRequest, ctx: PartnershipContext, board_id: int | None = None) -> HttpResponse:
    instance = selectors.board_for(ctx, board_id) if board_id else None
    rules.require_clerk(ctx)
    form = forms.BoardForm(posted(request), instance=instance, clerks=selectors.clerk_candidates(ctx))
    return form_page(
        request,
        form,
        save=lambda data: services.board_save(
            actor=request.user, ctx=ctx, board=form.save(commit=False), reason=data["reason"]
        ),
        success="The board has been saved.",
        next_url=lambda b: _url(ctx, "board", board_id=b.pk),
        template="governance/form.html",
        context={"title": "Change the board" if board_id else "Set up a board"},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def board_detail(request: HttpRequest, ctx: PartnershipContext, board_id: int) -> HttpResponse:
    page = selectors.board_page(ctx, board_id)
    return render(
        request,
        "governance/board_detail.html",
        {
            **page,
            "may": rules.board_actions(ctx, page["board"]),
            "own_interests": {i.pk for i in page["interests"] if rules.may_end_interest(ctx, i)},
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def terms_adopt(request, ctx, board_id):
    board = selectors.board_for(ctx, board_id)
    rules.require_clerk(ctx)
    form = forms.TermsForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda d: services.terms_adopt(
            actor=request.user,
            ctx=ctx,
            board=board,
            adopted_on=d["adopted_on"],
            text=d["text"],
            reason=d["reason"],
        ),
        success="The terms of reference have been recorded.",
        next_url=_url(ctx, "board", board_id=board.pk),
        template="governance/form.html",
        context={"title": "Record adopted terms of reference", "board": board},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def seat_add(request, ctx, board_id):
    board = selectors.board_for(ctx, board_id)
    rules.require_clerk(ctx)
    form = forms.SeatForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda d: services.seat_save(
            actor=request.user, ctx=ctx, board=board, seat=form.save(commit=False), reason=d["reason"]
        ),
        success="The seat has been added.",
        next_url=_url(ctx, "board", board_id=board.pk),
        template="governance/form.html",
        context={"title": "Add a seat", "board": board},
    )


def _warn(request, warnings):
    for warning in warnings:
        messages.warning(request, f"Balance: {warning}")


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def membership_add(request, ctx, board_id, seat_id):
    board = selectors.board_for(ctx, board_id)
    seat = selectors.seat_for(board, seat_id)
    rules.require_clerk(ctx)
    form = forms.MembershipForm(
        posted(request),
        people=selectors.partnership_people(ctx),
        initial={"starts_on": timezone.localdate()},
    )

    def save(d):
        membership, warnings = services.membership_add(
            actor=request.user,
            ctx=ctx,
            seat=seat,
            user=d["user"],
            starts_on=d["starts_on"],
            reason=d["reason"],
        )
        _warn(request, warnings)
        return membership

    return form_page(
        request,
        form,
        save=save,
        success=lambda m: f"{m.user} now holds the seat {seat}.",
        next_url=_url(ctx, "board", board_id=board.pk),
        template="governance/form.html",
        context={"title": f"Who holds the seat: {seat}", "board": board},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def membership_end(request, ctx, board_id, membership_id):
    board = selectors.board_for(ctx, board_id)
    membership = selectors.membership_for(board, membership_id)
    rules.require_clerk(ctx)
    form = forms.MembershipEndForm(posted(request))

    def save(d):
        _warn(
            request,
            services.membership_end(
                actor=request.user, ctx=ctx, membership=membership, ends_on=d["ends_on"], reason=d["reason"]
            ),
        )
        return membership

    return form_page(
        request,
        form,
        save=save,
        success=f"{membership.user} has left the seat.",
        next_url=_url(ctx, "board", board_id=board.pk),
        template="governance/form.html",
        context={
            "title": f"{membership.user} leaves the board",
            "board": board,
            "warning": True,
            "button": "Record that they left",
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def balance(request, ctx, board_id):
    board = selectors.board_for(ctx, board_id)
    rules.require_clerk(ctx)
    current = selectors.balance_rules(board)
    initial = {
        "la_share": BalanceKind.LA_SHARE in current,
        "max_percent": current[BalanceKind.LA_SHARE].max_percent if BalanceKind.LA_SHARE in current else 30,
        "chair_school_leader": BalanceKind.CHAIR_SCHOOL_LEADER in current,
    }
    form = forms.BalanceForm(posted(request), initial=initial)

    def save(d):
        services.balance_rule_save(
            actor=request.user,
            ctx=ctx,
            board=board,
            kind=BalanceKind.LA_SHARE,
            max_percent=d.get("max_percent"),
            enabled=d["la_share"],
        )
        _warn(
            request,
            services.balance_rule_save(
                actor=request.user,
                ctx=ctx,
                board=board,
                kind=BalanceKind.CHAIR_SCHOOL_LEADER,
                max_percent=None,
                enabled=d["chair_school_leader"],
            ),
        )
        return board

    return form_page(
        request,
        form,
        save=save,
        success="The balance rules have been saved.",
        next_url=_url(ctx, "board", board_id=board.pk),
        template="governance/form.html",
        context={
            "title": "Balance rules",
            "board": board,
            "intro": "Checked whenever membership changes. For example, the Rotherham consultation asked that the LA hold no more than 30% of the seats, and that a school leader chair the board.",
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def interest_new(request, ctx, board_id):
    board = selectors.board_for(ctx, board_id)
    rules.require_member(ctx, board, "only members keep a register of interests")
    form = forms.InterestForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda d: services.interest_add(
            actor=request.user, ctx=ctx, board=board, description=d["description"]
        ),
        success="Your interest is on the register.",
        next_url=_url(ctx, "board", board_id=board.pk),
        template="governance/form.html",
        context={
            "title": "Add to your register of interests",
            "board": board,
            "intro": "Your register carries over from meeting to meeting. Declare an interest in a particular item on the meeting's page.",
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["POST"])
def interest_end(request, ctx, board_id, interest_id):
    board = selectors.board_for(ctx, board_id)
    interest = selectors.own_interest_for(ctx, board, interest_id)
    services.interest_end(actor=request.user, ctx=ctx, interest=interest)
    messages.success(request, "The interest is marked as ended.")
    return redirect(_url(ctx, "board", board_id=board.pk))


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
            "may": rules.meeting_actions(ctx, page["meeting"], page["items"]),
            "deadline": services.pack_deadline(page["meeting"]),
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
def item_edit(request, ctx, meeting_id, item_id=None):
    meeting = selectors.meeting_for(ctx, meeting_id)
    rules.require_clerk(ctx)
    instance = selectors.item_for(meeting, item_id) if item_id else None
    form = forms.ItemForm(
        posted(request),
        instance=instance,
        initial={} if instance else {"position": selectors.next_item_position(meeting)},
    )
    return _meeting_form(
        request,
        ctx,
        meeting,
        form,
        lambda m, d: services.item_save(
            actor=request.user, ctx=ctx, meeting=m, item=form.save(commit=False), reason=d["reason"]
        ),
        "The agenda item has been saved.",
        "Change an agenda item" if item_id else "Add an agenda item",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def paper_add(request, ctx, meeting_id, item_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    rules.require_clerk(ctx)
    form = forms.PaperForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
    )
    return _meeting_form(
        request,
        ctx,
        meeting,
        form,
        lambda m, d: services.paper_add(
            actor=request.user, ctx=ctx, item=item, title=d["title"], upload=d["file"]
        ),
        "The paper has been added.",
        f"Add a paper to: {item}",
        multipart=True,
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def paper_download(request, ctx, meeting_id, paper_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    paper = selectors.paper_for(ctx, meeting, paper_id)
    if paper.item.confidential:
        record_access(
            request,
            action=AccessLogEntry.Action.DOWNLOAD,
            record_type=RecordType.GOVERNANCE_PAPER,
            record_id=paper.pk,
            description=f"{paper.title} (agenda item: {paper.item.title}, meeting {meeting.pk})",
        )
    return FileResponse(
        paper.file.open("rb"),
        as_attachment=True,
        filename=download_name(paper.title, Path(paper.file.name).suffix.lower(), fallback="paper"),
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def pack_publish(request, ctx, meeting_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    rules.require_clerk(ctx)
    form = forms.PublishForm(posted(request))
    late = timezone.now() > services.pack_deadline(meeting)
    return _meeting_form(
        request,
        ctx,
        meeting,
        form,
        lambda m, d: services.pack_publish(
            actor=request.user,
            ctx=ctx,
            meeting=m,
            late_reason=d["late_reason"],
            base_url=request.build_absolute_uri("/"),
        ),
        "The agenda pack is published and the members have been told.",
        "Publish the agenda pack",
        intro=(
            "The pack is late: it was due "
            + f"{timezone.localtime(services.pack_deadline(meeting)):%-d %B %Y}"
            + ". Say why."
        )
        if late
        else "Members are emailed a link. Governors and the public see the agenda without confidential or embargoed items.",
        button="Publish the pack",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def pack_view(request, ctx, meeting_id, fmt="html"):
    meeting = selectors.meeting_for(ctx, meeting_id)
    # The members' pack holds the confidential items, so every opening of it is logged.
    record_access(
        request,
        action=AccessLogEntry.Action.DOWNLOAD if fmt == "pdf" else AccessLogEntry.Action.VIEW,
        record_type=RecordType.AGENDA_PACK,
        record_id=meeting.pk,
        description=f"Members' agenda pack ({'PDF' if fmt == 'pdf' else 'web page'})",
    )
    if fmt == "pdf":
        response = HttpResponse(pack.pack_pdf(meeting, public=False), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="agenda-pack-{meeting.pk}.pdf"'
        return response
    return HttpResponse(pack.pack_html(meeting, public=False))


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def declare(request, ctx, meeting_id, item_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    rules.require_member(ctx, meeting.board, "only members declare interests")
    return _meeting_form(
        request,
        ctx,
        meeting,
        forms.DeclarationForm(posted(request)),
        lambda m, d: services.declare_interest(actor=request.user, ctx=ctx, item=item, **d),
        "Your declaration is recorded. It shows on the item and in the minutes.",
        f"Declare an interest in: {item}",
        intro="Section 14.1: declare a personal interest in any item before it is discussed.",
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
def decision(request, ctx, meeting_id, item_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    rules.require_clerk(ctx)
    members = selectors.voters(meeting.board)
    form = forms.DecisionForm(posted(request), item=item, voters=list(members), members=members)

    def save(d):
        return services.decision_record(
            actor=request.user,
            ctx=ctx,
            item=item,
            agreed=(d.get("agreed") == "yes") if "agreed" in d else None,
            notes=d.get("notes", ""),
            group_view=d.get("group_view", ""),
            la_decision=d.get("la_decision", ""),
            votes=form.votes() if item.rule == DecisionRule.GRANT else None,
            chair_choice=d.get("chair_choice", ""),
            elected=d.get("elected"),
        )

    return _meeting_form(
        request,
        ctx,
        meeting,
        form,
        lambda m, d: save(d),
        lambda dec: f"Decision recorded: {dec.outcome}.",
        f"Record the decision: {item}",
        intro=item.get_rule_display(),
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def minutes(request, ctx, meeting_id, item_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    rules.require_clerk(ctx)
    return _meeting_form(
        request,
        ctx,
        meeting,
        forms.MinutesForm(posted(request), initial={"minutes": item.minutes}),
        lambda m, d: services.minutes_save(actor=request.user, ctx=ctx, item=item, text=d["minutes"]),
        "The minutes of the item have been saved.",
        f"Minutes: {item}",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def minute_request(request, ctx, meeting_id, item_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    return _meeting_form(
        request,
        ctx,
        meeting,
        forms.MinuteRequestForm(posted(request)),
        lambda m, d: services.minute_request(actor=request.user, ctx=ctx, item=item, text=d["text"]),
        "It will be recorded in the minutes.",
        "Record an amendment" if meeting.minutes_locked else f"Ask for a matter to be recorded: {item}",
        intro="Section 14.2: members may ask for any matter discussed to be recorded, subject to confidentiality.",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def circulate(request, ctx, meeting_id):
    rules.require_clerk(ctx)
    meeting = selectors.meeting_for(ctx, meeting_id)
    return _meeting_form(
        request,
        ctx,
        meeting,
        ReasonForm(posted(request)),
        lambda m, d: services.minutes_circulate(
            actor=request.user, ctx=ctx, meeting=m, base_url=request.build_absolute_uri("/")
        ),
        "The draft minutes have been sent to the members.",
        "Circulate the draft minutes",
        button="Circulate",
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
