"""Boards: setting one up, its terms of reference and seats, and the review reminders."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from governance import rules
from governance.models import Board, Membership, Seat, TermsOfReference
from partnership.auditing import save_with_history
from partnership.models import MessageKind
from partnership.services import ServiceError, notify


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
            kind=MessageKind.MEETINGS,
            users=[board.clerk, chair.user if chair else None],
            partnership=board.partnership,
            text=f"The terms of reference of {board} are due for review today (section 11).",
            link=reverse(
                "governance:board", kwargs={"partnership_slug": board.partnership.slug, "board_id": board.pk}
            ),
        )
        sent += 1
    return sent
