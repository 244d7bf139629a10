"""Meetings: scheduling one, attendance, and the actions carried from meeting to meeting."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from governance import rules, selectors
from governance.models import AgendaItem, Attendance, Board, Meeting, MeetingAction
from governance.models.meetings import AttendanceStatus, DecisionRule, Purpose, StandingItem
from partnership.auditing import save_with_history
from partnership.services import ServiceError


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
def attendance_record(*, actor, ctx, meeting: Meeting, statuses: dict[int, str]) -> None:
    rules.require_clerk(ctx)
    _refuse_if_minutes_locked(meeting)
    for attendance in meeting.attendance.all():
        status = statuses.get(attendance.user_id)
        if status in AttendanceStatus.values and status != attendance.status:
            attendance.status = status
            save_with_history(attendance, actor=actor, reason="Attendance")


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
