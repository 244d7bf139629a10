from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from governance import pack, selectors, services
from governance.forms import (
    ActionForm,
    AttendanceForm,
    BalanceForm,
    BoardForm,
    DecisionForm,
    DeclarationForm,
    InterestForm,
    ItemForm,
    MeetingForm,
    MembershipEndForm,
    MembershipForm,
    MinuteRequestForm,
    MinutesForm,
    PaperForm,
    PublishForm,
    SeatForm,
    TermsForm,
)
from governance.models import MeetingAction, Membership, Paper
from governance.models.boards import BalanceKind
from governance.models.meetings import ActionStatus, DecisionRule
from partnership.access import NotAllowed, NotVisible, PartnershipContext, partnership_view, require_roles
from partnership.access_log import RecordType, record_access
from partnership.form_views import form_page, posted
from partnership.models import ALL_ROLES, LA_ROLES, AccessLogEntry, RoleAssignment, User
from partnership.services import ServiceError
from partnership.uploads import download_name

BOARD_ROLES = ALL_ROLES


def _url(ctx, name, **kwargs):
    return reverse(f"governance:{name}", kwargs={"partnership_slug": ctx.partnership.slug, **kwargs})


def _people(ctx):
    return User.objects.filter(
        pk__in=RoleAssignment.objects.current().filter(partnership=ctx.partnership).values("user_id")
    ).order_by("full_name")


def _la_people(ctx):
    return User.objects.filter(
        pk__in=RoleAssignment.objects.current()
        .filter(partnership=ctx.partnership, role__in=list(LA_ROLES))
        .values("user_id")
    ).order_by("full_name")


@partnership_view(roles=BOARD_ROLES)
@require_GET
def board_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    boards = list(selectors.boards_for(ctx))
    if not boards and not ctx.is_la:
        raise NotVisible("not a member of any board")
    return render(request, "governance/board_list.html", {"boards": boards, "is_la": ctx.is_la})


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def board_edit(request: HttpRequest, ctx: PartnershipContext, board_id: int | None = None) -> HttpResponse:
    instance = selectors.board_for(ctx, board_id) if board_id else None
    require_roles(ctx, LA_ROLES, write=True)
    form = BoardForm(posted(request), instance=instance, clerks=_la_people(ctx))
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


@partnership_view(roles=BOARD_ROLES)
@require_GET
def board_detail(request: HttpRequest, ctx: PartnershipContext, board_id: int) -> HttpResponse:
    board = selectors.board_for(ctx, board_id)
    seats = list(board.seats.prefetch_related("memberships__user"))
    terms = list(board.terms.all())
    today = timezone.localdate()
    return render(
        request,
        "governance/board_detail.html",
        {
            "board": board,
            "seats": seats,
            "terms": terms,
            "review_due": terms and terms[0].review_due_on <= today,
            "warnings": services.balance_warnings(board),
            "rules": list(board.balance_rules.all()),
            "missing_terms": selectors.terms_without_meeting(board),
            "meetings": list(board.meetings.all()),
            "interests": list(board.interests.filter(ended_on__isnull=True).select_related("user")),
            "is_la": ctx.is_la,
            "is_member": selectors.is_member(board, ctx.user_id),
            "user_id": ctx.user_id,
            "today": today,
        },
    )


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def terms_adopt(request, ctx, board_id):
    board = selectors.board_for(ctx, board_id)
    require_roles(ctx, LA_ROLES, write=True)
    form = TermsForm(posted(request))
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


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def seat_add(request, ctx, board_id):
    board = selectors.board_for(ctx, board_id)
    require_roles(ctx, LA_ROLES, write=True)
    form = SeatForm(posted(request))
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


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def membership_add(request, ctx, board_id, seat_id):
    board = selectors.board_for(ctx, board_id)
    seat = board.seats.filter(pk=seat_id).first()
    if seat is None:
        raise NotVisible("no such seat")
    require_roles(ctx, LA_ROLES, write=True)
    form = MembershipForm(
        posted(request),
        people=_people(ctx),
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


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def membership_end(request, ctx, board_id, membership_id):
    board = selectors.board_for(ctx, board_id)
    membership = (
        Membership.objects.filter(pk=membership_id, seat__board=board).select_related("seat", "user").first()
    )
    if membership is None:
        raise NotVisible("no such membership")
    require_roles(ctx, LA_ROLES, write=True)
    form = MembershipEndForm(posted(request))

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


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def balance(request, ctx, board_id):
    board = selectors.board_for(ctx, board_id)
    require_roles(ctx, LA_ROLES, write=True)
    rules = {r.kind: r for r in board.balance_rules.all()}
    initial = {
        "la_share": BalanceKind.LA_SHARE in rules,
        "max_percent": rules[BalanceKind.LA_SHARE].max_percent if BalanceKind.LA_SHARE in rules else 30,
        "chair_school_leader": BalanceKind.CHAIR_SCHOOL_LEADER in rules,
    }
    form = BalanceForm(posted(request), initial=initial)

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


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def interest_new(request, ctx, board_id):
    board = selectors.board_for(ctx, board_id)
    if not selectors.is_member(board, ctx.user_id):
        raise NotAllowed("only members keep a register of interests")
    form = InterestForm(posted(request))
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


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["POST"])
def interest_end(request, ctx, board_id, interest_id):
    board = selectors.board_for(ctx, board_id)
    interest = board.interests.filter(pk=interest_id, user_id=ctx.user_id).first()
    if interest is None:
        raise NotVisible("no such interest of this person")
    services.interest_end(actor=request.user, ctx=ctx, interest=interest)
    messages.success(request, "The interest is marked as ended.")
    return redirect(_url(ctx, "board", board_id=board.pk))


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def meeting_new(request, ctx, board_id):
    board = selectors.board_for(ctx, board_id)
    require_roles(ctx, LA_ROLES, write=True)
    form = MeetingForm(posted(request))

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


@partnership_view(roles=BOARD_ROLES)
@require_GET
def meeting_detail(request: HttpRequest, ctx: PartnershipContext, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for(ctx, meeting_id)
    items = selectors.agenda(meeting)
    recused = selectors.recused_items(meeting, ctx.user_id)
    circulated_days = None
    if meeting.minutes_circulated_at:
        circulated_days = (
            timezone.localtime(meeting.minutes_circulated_at).date()
            - timezone.localtime(meeting.starts_at).date()
        ).days
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "board": meeting.board,
            "items": items,
            "recused": recused,
            "attendance": list(meeting.attendance.select_related("user")),
            "actions": list(meeting.actions.all()),
            "carried": list(selectors.open_actions(meeting.board, before=meeting)),
            "is_la": ctx.is_la,
            "is_member": selectors.is_member(meeting.board, ctx.user_id),
            "deadline": services.pack_deadline(meeting),
            "circulated_days": circulated_days,
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


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def item_edit(request, ctx, meeting_id, item_id=None):
    meeting = selectors.meeting_for(ctx, meeting_id)
    require_roles(ctx, LA_ROLES, write=True)
    instance = selectors.item_for(meeting, item_id) if item_id else None
    form = ItemForm(
        posted(request),
        instance=instance,
        initial={} if instance else {"position": meeting.items.count() + 1},
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


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def paper_add(request, ctx, meeting_id, item_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    require_roles(ctx, LA_ROLES, write=True)
    form = PaperForm(
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


@partnership_view(roles=BOARD_ROLES)
@require_GET
def paper_download(request, ctx, meeting_id, paper_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    paper = Paper.objects.filter(pk=paper_id, item__meeting=meeting).select_related("item__meeting").first()
    if paper is None or not selectors.may_open_papers(ctx, paper.item):
        # A recused member gets the same answer as for a paper that does not exist.
        raise NotVisible(f"paper {paper_id} is not open to this person")
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


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def pack_publish(request, ctx, meeting_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    require_roles(ctx, LA_ROLES, write=True)
    form = PublishForm(posted(request))
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


@partnership_view(roles=BOARD_ROLES)
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


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def declare(request, ctx, meeting_id, item_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    if not selectors.is_member(meeting.board, ctx.user_id):
        raise NotAllowed("only members declare interests")
    return _meeting_form(
        request,
        ctx,
        meeting,
        DeclarationForm(posted(request)),
        lambda m, d: services.declare_interest(actor=request.user, ctx=ctx, item=item, **d),
        "Your declaration is recorded. It shows on the item and in the minutes.",
        f"Declare an interest in: {item}",
        intro="Section 14.1: declare a personal interest in any item before it is discussed.",
    )


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def attendance(request, ctx, meeting_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    require_roles(ctx, LA_ROLES, write=True)
    form = AttendanceForm(
        posted(request),
        attendance=list(meeting.attendance.select_related("user")),
    )
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


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def decision(request, ctx, meeting_id, item_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    require_roles(ctx, LA_ROLES, write=True)
    members = User.objects.filter(
        pk__in=[m.user_id for m in selectors.current_members(meeting.board)]
    ).order_by("full_name")
    form = DecisionForm(posted(request), item=item, voters=list(members), members=members)

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


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def minutes(request, ctx, meeting_id, item_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    require_roles(ctx, LA_ROLES, write=True)
    return _meeting_form(
        request,
        ctx,
        meeting,
        MinutesForm(posted(request), initial={"minutes": item.minutes}),
        lambda m, d: services.minutes_save(actor=request.user, ctx=ctx, item=item, text=d["minutes"]),
        "The minutes of the item have been saved.",
        f"Minutes: {item}",
    )


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def minute_request(request, ctx, meeting_id, item_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    return _meeting_form(
        request,
        ctx,
        meeting,
        MinuteRequestForm(posted(request)),
        lambda m, d: services.minute_request(actor=request.user, ctx=ctx, item=item, text=d["text"]),
        "It will be recorded in the minutes.",
        "Record an amendment" if meeting.minutes_locked else f"Ask for a matter to be recorded: {item}",
        intro="Section 14.2: members may ask for any matter discussed to be recorded, subject to confidentiality.",
    )


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def circulate(request, ctx, meeting_id):
    require_roles(ctx, LA_ROLES, write=True)
    from partnership.forms import ReasonForm

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


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["GET", "POST"])
def action_new(request, ctx, meeting_id):
    require_roles(ctx, LA_ROLES, write=True)
    meeting = selectors.meeting_for(ctx, meeting_id)
    return _meeting_form(
        request,
        ctx,
        meeting,
        ActionForm(posted(request)),
        lambda m, d: services.action_add(actor=request.user, ctx=ctx, meeting=m, **d),
        "The action has been added.",
        "Add an action",
    )


@partnership_view(roles=BOARD_ROLES)
@require_http_methods(["POST"])
def action_done(request, ctx, meeting_id, action_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    require_roles(ctx, LA_ROLES, write=True)
    action = MeetingAction.objects.filter(pk=action_id, meeting__board=meeting.board).first()
    if action is None:
        raise NotVisible("no such action")
    try:
        services.action_update(actor=request.user, ctx=ctx, action=action, status=ActionStatus.DONE)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Done: {action}.")
    return redirect(_url(ctx, "meeting", meeting_id=meeting.pk))
