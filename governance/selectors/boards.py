"""Boards and their members, scoped to the person asking, and the terms a board has not met in."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from governance import rules
from governance.models import Board, Membership
from partnership.access import NotVisible, PartnershipContext


def boards_for(ctx: PartnershipContext) -> QuerySet[Board]:
    return rules.boards_seen(ctx, Board.objects.all())


def board_for(ctx: PartnershipContext, board_id: int) -> Board:
    board = boards_for(ctx).filter(pk=board_id).select_related("clerk").first()
    if board is None:
        raise NotVisible(f"board {board_id} is not visible in {ctx.partnership.slug}")
    return board


def current_members(board: Board) -> list[Membership]:
    return list(
        Membership.objects.current()
        .filter(seat__board=board)
        .select_related("user", "seat")
        .order_by("seat__title")
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


def upcoming_meetings(ctx: PartnershipContext, limit: int = 5) -> list:
    """The next meetings, from now, of the boards this person sees: for their home page."""
    from governance.models import Meeting

    return list(
        Meeting.objects.filter(board__in=boards_for(ctx), starts_at__gte=timezone.now())
        .select_related("board")
        .order_by("starts_at")[:limit]
    )
