"""Writes of governance. The clerk (an LA officer) runs the board's business; members declare
interests and ask for matters to be recorded. Every write is atomic and keeps its history."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from partnership.auditing import delete_with_history, save_with_history
from partnership.models import RoleAssignment
from partnership.services import ServiceError, notify
from partnership.uploads import UploadRefused, check_upload, stored_name

from . import rules, selectors
from .models import (
    AgendaItem,
    Attendance,
    BalanceRule,
    Board,
    Decision,
    Declaration,
    Interest,
    Meeting,
    MeetingAction,
    Membership,
    MinuteRequest,
    Paper,
    Seat,
    TermsOfReference,
    Vote,
)
from .models.boards import BalanceKind
from .models.meetings import AttendanceStatus, DecisionRule, Purpose, StandingItem, VoteChoice
from .selectors import balance_warnings

PAPER_TYPES = {".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".txt", ".csv"}
PAPER_MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def board_save(*, actor, ctx, board: Board, reason: str) -> Board:
    rules.require_clerk(ctx)
    board.partnership = ctx.partnership
    clash = Board.objects.filter(partnership=ctx.partnership, name__iexact=board.name)
    if board.pk:
        clash = clash.exclude(pk=board.pk)
    if clash.exists():
        raise ServiceError("The partnership already has a board with this name", field="name")
    return save_with_history(board, actor=actor, reason=reason)


@transaction.atomic
def terms_adopt(*, actor, ctx, board: Board, adopted_on: dt.date, text: str, reason: str) -> TermsOfReference:
    rules.require_clerk(ctx)
    latest = board.terms.aggregate(v=Max("version"))["v"] or 0
    return save_with_history(
        TermsOfReference(board=board, version=latest + 1, adopted_on=adopted_on, text=text),
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def seat_save(*, actor, ctx, board: Board, seat: Seat, reason: str) -> Seat:
    rules.require_clerk(ctx)
    seat.board = board
    return save_with_history(seat, actor=actor, reason=reason)


@transaction.atomic
def membership_add(
    *, actor, ctx, seat: Seat, user, starts_on: dt.date, reason: str
) -> tuple[Membership, list[str]]:
    rules.require_clerk(ctx)
    if not RoleAssignment.objects.current().filter(user=user, partnership=ctx.partnership).exists():
        raise ServiceError("Choose someone with a role in the partnership", field="user")
    if Membership.objects.filter(seat=seat, ends_on__isnull=True).exists():
        raise ServiceError("Someone already holds this seat. Record that they have left first", field="seat")
    membership = save_with_history(
        Membership(seat=seat, user=user, starts_on=starts_on), actor=actor, reason=reason
    )
    # Invited to the board's meetings from now on.
    upcoming = seat.board.meetings.filter(starts_at__gte=timezone.now()).exclude(attendance__user=user)
    bulk_create_with_history(
        [Attendance(meeting=m, user=user) for m in upcoming],
        Attendance,
        default_user=actor,
        default_change_reason=f"{user} joined the board",
    )
    if (
        not RoleAssignment.objects.current()
        .filter(user=user, partnership=ctx.partnership, role=rules.MEMBER_ROLE)
        .exists()
    ):
        save_with_history(
            RoleAssignment(user=user, partnership=ctx.partnership, role=rules.MEMBER_ROLE),
            actor=actor,
            reason=f"Member of {seat.board}",
        )
    return membership, balance_warnings(seat.board)


@transaction.atomic
def membership_end(*, actor, ctx, membership: Membership, ends_on: dt.date, reason: str) -> list[str]:
    rules.require_clerk(ctx)
    if ends_on < membership.starts_on:
        raise ServiceError("A member cannot leave before they joined", field="ends_on")
    membership.ends_on, membership.is_chair = ends_on, False
    save_with_history(membership, actor=actor, reason=reason)
    return balance_warnings(membership.seat.board)


@transaction.atomic
def balance_rule_save(
    *, actor, ctx, board: Board, kind: str, max_percent: int | None, enabled: bool
) -> list[str]:
    rules.require_clerk(ctx)
    existing = board.balance_rules.filter(kind=kind).first()
    if not enabled:
        if existing:
            delete_with_history(existing, actor=actor, reason="Rule removed")
        return balance_warnings(board)
    if kind == BalanceKind.LA_SHARE and not (max_percent and 1 <= max_percent <= 100):
        raise ServiceError("Enter the LA's largest share as a percentage from 1 to 100", field="max_percent")
    rule = existing or BalanceRule(board=board, kind=kind)
    rule.max_percent = max_percent if kind == BalanceKind.LA_SHARE else None
    save_with_history(rule, actor=actor, reason="Balance rule set")
    return balance_warnings(board)


@transaction.atomic
def meeting_create(*, actor, ctx, board: Board, meeting: Meeting, reason: str) -> Meeting:
    """Schedule a meeting: members are invited, and the approval of the last minutes and the open
    actions go on its agenda automatically."""
    rules.require_clerk(ctx)
    meeting.board = board
    save_with_history(meeting, actor=actor, reason=reason)
    bulk_create_with_history(
        [
            Attendance(meeting=meeting, user_id=pk)
            for pk in {m.user_id for m in selectors.current_members(board)}
        ],
        Attendance,
        default_user=actor,
        default_change_reason="Invited",
    )
    previous = selectors.previous_meeting(meeting)
    position = 1
    if previous is not None and not previous.minutes_locked:
        save_with_history(
            AgendaItem(
                meeting=meeting,
                position=position,
                title=f"Minutes of the meeting on {timezone.localtime(previous.starts_at):%-d %B %Y}",
                purpose=Purpose.DECISION,
                rule=DecisionRule.CONSENSUS,
                standing=StandingItem.MINUTES,
                approves_minutes_of=previous,
            ),
            actor=actor,
            reason="Standing item",
        )
        position += 1
    if selectors.open_actions(board, before=meeting).exists():
        save_with_history(
            AgendaItem(
                meeting=meeting,
                position=position,
                title="Actions carried forward",
                purpose=Purpose.INFORMATION,
                standing=StandingItem.ACTIONS,
            ),
            actor=actor,
            reason="Standing item",
        )
    return meeting


def _refuse_if_minutes_locked(meeting: Meeting) -> None:
    if meeting.minutes_locked:
        raise ServiceError(
            "The minutes of this meeting are approved and locked. Record a correction as an amendment"
        )


@transaction.atomic
def item_save(*, actor, ctx, meeting: Meeting, item: AgendaItem, reason: str) -> AgendaItem:
    rules.require_clerk(ctx)
    _refuse_if_minutes_locked(meeting)
    item.meeting = meeting
    if item.purpose == Purpose.DECISION and not item.rule:
        item.rule = DecisionRule.CONSENSUS
    if item.purpose != Purpose.DECISION:
        item.rule = ""
    return save_with_history(item, actor=actor, reason=reason)


@transaction.atomic
def paper_add(*, actor, ctx, item: AgendaItem, title: str, upload) -> Paper:
    rules.require_clerk(ctx)
    _refuse_if_minutes_locked(item.meeting)
    try:
        suffix = check_upload(
            upload,
            allowed=PAPER_TYPES,
            max_bytes=PAPER_MAX_BYTES,
            wrong_type="Upload a PDF, Word, Excel, PowerPoint, OpenDocument, text or CSV file",
        )
    except UploadRefused as refused:
        raise ServiceError(refused.message, field="file") from refused
    # Kept under a name the uploader did not choose; it is downloaded under the paper's title.
    upload.name = stored_name(suffix)
    return save_with_history(
        Paper(item=item, title=title, file=upload, uploaded_by=actor), actor=actor, reason="Paper added"
    )


def pack_deadline(meeting: Meeting) -> dt.datetime:
    """The agenda pack is due this many clear days before the meeting (section 8.2)."""
    day = timezone.localtime(meeting.starts_at).date() - dt.timedelta(days=meeting.board.notice_days + 1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


@transaction.atomic
def pack_publish(*, actor, ctx, meeting: Meeting, late_reason: str, base_url: str) -> Meeting:
    rules.require_clerk(ctx)
    _refuse_if_minutes_locked(meeting)
    if meeting.pack_published_at:
        raise ServiceError("The agenda pack has already been published")
    now = timezone.now()
    late = now > pack_deadline(meeting)
    if late and not late_reason.strip():
        raise ServiceError(
            f"The pack is late: it was due {meeting.board.notice_days} clear days before the meeting. Say why it is late",
            field="late_reason",
        )
    meeting.pack_published_at = now
    meeting.late_reason = late_reason.strip() if late else ""
    save_with_history(meeting, actor=actor, reason="Agenda pack published" + (" late" if late else ""))
    link = base_url.rstrip("/") + reverse(
        "governance:meeting", kwargs={"partnership_slug": ctx.partnership.slug, "meeting_id": meeting.pk}
    )
    notify(
        users=[m.user for m in selectors.current_members(meeting.board)],
        partnership=ctx.partnership,
        text=f"The agenda pack for {meeting} is published.",
        link=link,
    )
    return meeting


@transaction.atomic
def declare_interest(*, actor, ctx, item: AgendaItem, nature: str, prejudicial: bool) -> Declaration:
    """A member declares a personal interest in an item (section 14.1)."""
    rules.require_member(ctx, item.meeting.board, "only members declare interests")
    _refuse_if_minutes_locked(item.meeting)
    if Declaration.objects.filter(item=item, user=actor).exists():
        raise ServiceError("You have already declared an interest in this item", field="nature")
    return save_with_history(
        Declaration(item=item, user=actor, nature=nature, prejudicial=prejudicial),
        actor=actor,
        reason="Declared an interest",
    )


@transaction.atomic
def attendance_record(*, actor, ctx, meeting: Meeting, statuses: dict[int, str]) -> None:
    rules.require_clerk(ctx)
    _refuse_if_minutes_locked(meeting)
    for attendance in meeting.attendance.all():
        status = statuses.get(attendance.user_id)
        if status in AttendanceStatus.values and status != attendance.status:
            attendance.status = status
            save_with_history(attendance, actor=actor, reason="Attendance")


@transaction.atomic
def decision_record(
    *,
    actor,
    ctx,
    item: AgendaItem,
    agreed: bool | None = None,
    notes: str = "",
    group_view: str = "",
    la_decision: str = "",
    votes: dict[int, str] | None = None,
    chair_choice: str = "",
    elected=None,
) -> Decision:
    """Record a decision under the rule its item carries, and say which rule applied and why."""
    rules.require_clerk(ctx)
    meeting = item.meeting
    _refuse_if_minutes_locked(meeting)
    if item.purpose != Purpose.DECISION:
        raise ServiceError("Only items for decision have a decision")
    if Decision.objects.filter(item=item).exists():
        raise ServiceError("A decision is already recorded for this item")
    if meeting.starts_at > timezone.now():
        raise ServiceError("The meeting has not started yet: decisions are recorded at or after it")
    board = meeting.board
    part = rules.taking_part(item)
    present, recused, eligible = part.present, part.recused, part.eligible
    # A quorum of members who can take part: a recused member does not count towards it.
    if board.quorum and len(eligible) < board.quorum:
        raise ServiceError(
            f"The meeting is not quorate for this item: {len(eligible)} members present who can take part, {board.quorum} needed. Record attendance first"
        )
    decision = Decision(item=item, rule=item.rule, recorded_by=actor, notes=notes, eligible=len(eligible))
    if item.rule == DecisionRule.CONSENSUS:
        if agreed is None:
            raise ServiceError("Say whether the group agreed", field="agreed")
        decision.outcome = "Agreed" if agreed else "Not agreed"
        decision.explanation = "Consensus is sought on every decision (section 9.1); the group's decision is recorded as agreed or not."
    elif item.rule == DecisionRule.BUDGET:
        if not la_decision.strip():
            raise ServiceError("Record the LA's decision", field="la_decision")
        decision.group_view, decision.outcome = group_view, la_decision.strip()
        decision.explanation = (
            "This concerns the partnership budget provided by the LA: the group's view is recorded, and the LA, through its "
            "representatives, takes the final decision (section 9.2)."
        )
    elif item.rule == DecisionRule.GRANT:
        votes = votes or {}
        for user_id, choice in votes.items():
            if user_id in recused:
                raise ServiceError(
                    "A member who declared a prejudicial interest in this item cannot vote on it",
                    field="votes",
                )
            if user_id not in eligible:
                raise ServiceError("Only members of the board present at the meeting can vote", field="votes")
            if choice not in VoteChoice.values:
                raise ServiceError("Each vote is for, against or abstain", field="votes")
        if not votes:
            raise ServiceError("Record the votes of the members present", field="votes")
        decision.votes_for = sum(1 for c in votes.values() if c == VoteChoice.FOR)
        decision.votes_against = sum(1 for c in votes.values() if c == VoteChoice.AGAINST)
        decision.abstentions = sum(1 for c in votes.values() if c == VoteChoice.ABSTAIN)
        if decision.votes_for == decision.votes_against:
            if chair_choice not in {VoteChoice.FOR, VoteChoice.AGAINST}:
                raise ServiceError("The vote is tied: record the chair's decision", field="chair_choice")
            chair = (
                Membership.objects.current(on=timezone.localtime(meeting.starts_at).date())
                .filter(seat__board=board, is_chair=True)
                .first()
            )
            if not rules.may_decide_a_tie(chair, part):
                raise ServiceError(
                    "The vote is tied, but the chair is not present or has declared a prejudicial interest, so cannot decide it. Record the decision at a later meeting",
                    field="chair_choice",
                )
            decision.chair_decided = True
            decision.outcome = (
                "Agreed by the chair" if chair_choice == VoteChoice.FOR else "Not agreed, by the chair"
            )
        else:
            decision.outcome = "Agreed" if decision.votes_for > decision.votes_against else "Not agreed"
        decision.explanation = (
            f"Grant monies are decided by a democratic vote of the members present (section 9.3): {len(eligible)} could vote"
            + (f", {len(recused & present)} recused" if recused & present else "")
            + f". For {decision.votes_for}, against {decision.votes_against}, abstentions {decision.abstentions}."
            + (" The vote was tied, so the chair decided." if decision.chair_decided else "")
        )
    elif item.rule == DecisionRule.CHAIR_ELECTION:
        membership = (
            Membership.objects.current().filter(seat__board=board, user=elected).first() if elected else None
        )
        if membership is None:
            raise ServiceError("Choose the member elected as chair", field="elected")
        for other in Membership.objects.current().filter(seat__board=board, is_chair=True):
            other.is_chair = False
            save_with_history(other, actor=actor, reason="A new chair was elected")
        membership.is_chair = True
        save_with_history(membership, actor=actor, reason="Elected chair")
        decision.outcome = f"{membership.user} elected chair"[:300]
        decision.explanation = "The chair is elected by the group (section 2.1)."
    else:
        raise ServiceError("This item has no decision rule")
    save_with_history(decision, actor=actor, reason="Decision recorded")
    for user_id, choice in (votes or {}).items():
        save_with_history(Vote(decision=decision, user_id=user_id, choice=choice), actor=actor, reason="Vote")
    if item.standing == StandingItem.MINUTES and decision.outcome == "Agreed":
        target = item.approves_minutes_of
        if target is not None:
            if target.minutes_locked:
                raise ServiceError("Those minutes have already been approved")
            if target.starts_at >= meeting.starts_at:
                raise ServiceError("Minutes are approved at a later meeting")
            target.minutes_approved_at = meeting
            save_with_history(target, actor=actor, reason=f"Minutes approved at {meeting}")
    return decision


@transaction.atomic
def minutes_save(*, actor, ctx, item: AgendaItem, text: str) -> AgendaItem:
    rules.require_clerk(ctx)
    _refuse_if_minutes_locked(item.meeting)
    item.minutes = text
    return save_with_history(item, actor=actor, reason="Minutes drafted")


@transaction.atomic
def minute_request(*, actor, ctx, item: AgendaItem, text: str) -> MinuteRequest:
    """A member asks for a matter to be recorded (section 14.2). After approval, only the clerk
    records a correction, as an amendment."""
    locked = item.meeting.minutes_locked
    rules.require_asking_to_record(ctx, item.meeting)
    return save_with_history(
        MinuteRequest(item=item, user=actor, text=text, amendment=locked),
        actor=actor,
        reason="Amendment" if locked else "Asked to record",
    )


@transaction.atomic
def minutes_circulate(*, actor, ctx, meeting: Meeting, base_url: str) -> Meeting:
    rules.require_clerk(ctx)
    _refuse_if_minutes_locked(meeting)
    if meeting.starts_at > timezone.now():
        raise ServiceError("The meeting has not happened yet")
    meeting.minutes_circulated_at = timezone.now()
    save_with_history(meeting, actor=actor, reason="Draft minutes circulated")
    link = base_url.rstrip("/") + reverse(
        "governance:meeting", kwargs={"partnership_slug": ctx.partnership.slug, "meeting_id": meeting.pk}
    )
    notify(
        users=[m.user for m in selectors.current_members(meeting.board)],
        partnership=ctx.partnership,
        text=f"The draft minutes of {meeting} are ready.",
        link=link,
    )
    return meeting


@transaction.atomic
def action_add(
    *, actor, ctx, meeting: Meeting, description: str, owner: str, due_on: dt.date
) -> MeetingAction:
    rules.require_clerk(ctx)
    _refuse_if_minutes_locked(meeting)
    return save_with_history(
        MeetingAction(meeting=meeting, description=description, owner=owner, due_on=due_on),
        actor=actor,
        reason="Action",
    )


@transaction.atomic
def action_update(*, actor, ctx, action: MeetingAction, status: str) -> MeetingAction:
    rules.require_clerk(ctx)
    action.status = status
    return save_with_history(action, actor=actor, reason="Action updated")


@transaction.atomic
def interest_add(*, actor, ctx, board: Board, description: str) -> Interest:
    """A member adds to their register of interests, which carries over from meeting to meeting."""
    from .models import Interest

    rules.require_member(ctx, board, "only members keep a register of interests")
    return save_with_history(
        Interest(board=board, user=actor, description=description),
        actor=actor,
        reason="Registered an interest",
    )


@transaction.atomic
def interest_end(*, actor, ctx, interest) -> Interest:
    rules.require_own_interest(ctx, interest)
    interest.ended_on = timezone.localdate()
    return save_with_history(interest, actor=actor, reason="Interest ended")


def terms_review_reminders(*, today: dt.date | None = None) -> int:
    """Remind each board's chair and clerk when its terms of reference fall due for review (section 11)."""
    today = today or timezone.localdate()
    sent = 0
    for board in Board.objects.select_related("clerk", "partnership"):
        latest = board.terms.first()
        if latest is None or latest.review_due_on != today:
            continue
        chair = (
            Membership.objects.current()
            .filter(seat__board=board, is_chair=True)
            .select_related("user")
            .first()
        )
        notify(
            users=[board.clerk, chair.user if chair else None],
            partnership=board.partnership,
            text=f"The terms of reference of {board} are due for review today (section 11).",
            link=reverse(
                "governance:board", kwargs={"partnership_slug": board.partnership.slug, "board_id": board.pk}
            ),
        )
        sent += 1
    return sent
