"""Reads of boards and meetings, and the rules on who sees what.

- LA administrators and officers run boards (as clerks) and see everything.
- A current member of a board sees its meetings, items and papers, except the confidential papers
  of an item on which they declared a prejudicial interest.
- Anyone else, governors and the public included, sees only what is published: a meeting whose
  pack is published, without confidential items, and without embargoed ones until their date.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from partnership.access import NotVisible, PartnershipContext

from .models import AgendaItem, Board, Declaration, Meeting, MeetingAction, Membership
from .models.meetings import ActionStatus


def boards_for(ctx: PartnershipContext) -> QuerySet[Board]:
    boards = Board.objects.filter(partnership=ctx.partnership)
    if ctx.is_la:
        return boards
    return boards.filter(
        seats__memberships__in=Membership.objects.current().filter(user_id=ctx.user_id)
    ).distinct()


def board_for(ctx: PartnershipContext, board_id: int) -> Board:
    board = boards_for(ctx).filter(pk=board_id).select_related("clerk").first()
    if board is None:
        raise NotVisible(f"board {board_id} is not visible in {ctx.partnership.slug}")
    return board


def is_member(board: Board, user_id: int) -> bool:
    return Membership.objects.current().filter(seat__board=board, user_id=user_id).exists()


def current_members(board: Board) -> list[Membership]:
    return list(
        Membership.objects.current()
        .filter(seat__board=board)
        .select_related("user", "seat")
        .order_by("seat__title")
    )


def meeting_for(ctx: PartnershipContext, meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.filter(pk=meeting_id, board__in=boards_for(ctx))
        .select_related("board__clerk")
        .first()
    )
    if meeting is None:
        raise NotVisible(f"meeting {meeting_id} is not visible in {ctx.partnership.slug}")
    return meeting


def item_for(meeting: Meeting, item_id: int) -> AgendaItem:
    item = meeting.items.filter(pk=item_id).first()
    if item is None:
        raise NotVisible(f"item {item_id} is not on meeting {meeting.pk}")
    return item


def recused_items(meeting: Meeting, user_id: int) -> set[int]:
    return set(
        Declaration.objects.filter(item__meeting=meeting, user_id=user_id, prejudicial=True).values_list(
            "item_id", flat=True
        )
    )


def may_open_papers(ctx: PartnershipContext, item: AgendaItem) -> bool:
    """Anyone who declared a prejudicial interest in a confidential item does not open its papers,
    whatever their role; otherwise the LA and members do."""
    return not (item.confidential and item.pk in recused_items(item.meeting, ctx.user_id))


def agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.prefetch_related(
            "papers",
            Prefetch("declarations", queryset=Declaration.objects.select_related("user")),
            "minute_requests__user",
        ).select_related("decision")
    )


def open_actions(board: Board, before: Meeting | None = None) -> QuerySet[MeetingAction]:
    actions = MeetingAction.objects.filter(meeting__board=board, status=ActionStatus.OPEN)
    if before is not None:
        actions = actions.filter(meeting__starts_at__lt=before.starts_at)
    return actions.select_related("meeting").order_by("due_on")


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(board=meeting.board, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )


TERMS = (("Autumn", 9, 12), ("Spring", 1, 3), ("Summer", 4, 8))


def term_of(day: dt.date) -> tuple[str, int]:
    """The school term a date falls in, as (name, the year the academic year ends)."""
    for name, first, last in TERMS:
        if first <= day.month <= last:
            return name, day.year + 1 if name == "Autumn" else day.year
    raise AssertionError("every month is in a term")


def terms_without_meeting(board: Board, *, today: dt.date | None = None) -> list[str]:
    """This term and the next two, where the board has no meeting yet (section 8.1: at least termly)."""
    today = today or timezone.localdate()
    held = {term_of(timezone.localtime(m.starts_at).date()) for m in board.meetings.all()}
    missing, day = [], today
    for _ in range(3):
        term = term_of(day)
        if term not in held:
            missing.append(f"{term[0]} term {term[1] - 1} to {term[1]}")
        # step to the first day of the next term
        name = term[0]
        day = (
            dt.date(day.year + 1, 1, 1)
            if name == "Autumn"
            else dt.date(day.year, 4 if name == "Spring" else 9, 1)
        )
    return missing


def published_meetings(partnership) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(board__partnership=partnership, pack_published_at__isnull=False)
        .select_related("board")
        .order_by("-starts_at")
    )


def public_items(meeting: Meeting) -> list[AgendaItem]:
    """What governors and the public see: never confidential items, embargoed ones only after their date."""
    return [i for i in agenda(meeting) if not i.confidential and not i.is_embargoed]
