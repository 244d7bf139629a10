"""Who holds the seats, the balance rules and their warnings, and members' interests."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from governance import rules
from governance.models import Attendance, BalanceRule, Board, Interest, Membership, Seat
from governance.models.boards import BalanceKind
from governance.selectors.meetings import balance_warnings
from partnership.auditing import delete_with_history, save_with_history
from partnership.models import RoleAssignment
from partnership.selectors.people import people_with_role
from partnership.services import ServiceError


@transaction.atomic
def membership_add(
    *, actor, ctx, seat: Seat, user, starts_on: dt.date, reason: str
) -> tuple[Membership, list[str]]:
    rules.require_clerk(ctx)
    if not people_with_role(ctx.partnership).filter(user=user).exists():
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
    if not people_with_role(ctx.partnership, rules.MEMBER_ROLE).filter(user=user).exists():
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
def interest_add(*, actor, ctx, board: Board, description: str) -> Interest:
    """A member adds to their register of interests, which carries over from meeting to meeting."""
    from governance.models import Interest

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
