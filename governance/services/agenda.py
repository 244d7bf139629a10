"""Agenda items, and members' declarations of interest in them."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from governance import rules
from governance.models import AgendaItem, Declaration, Meeting
from governance.models.meetings import DecisionRule, Purpose
from governance.services.meetings import _refuse_if_minutes_locked
from partnership.auditing import save_with_history
from partnership.services import ServiceError


@transaction.atomic
def item_save(*, actor, ctx, meeting: Meeting, item: AgendaItem, reason: str) -> AgendaItem:
    rules.require_clerk(ctx)
    if item.pk:
        # As the item stood before this change: a clerk it is closed to cannot reopen it by
        # unticking "confidential".
        rules.require_item_open(ctx, AgendaItem.objects.get(pk=item.pk))
    _refuse_if_minutes_locked(meeting)
    item.meeting = meeting
    if item.purpose == Purpose.DECISION and not item.rule:
        item.rule = DecisionRule.CONSENSUS
    if item.purpose != Purpose.DECISION:
        item.rule = ""
    return save_with_history(item, actor=actor, reason=reason)


@transaction.atomic
def declare_interest(*, actor, ctx, item: AgendaItem, nature: str, prejudicial: bool) -> Declaration:
    """A member declares a personal interest in an item (section 14.1)."""
    rules.require_member(ctx, item.meeting.board, "only members declare interests")
    _refuse_if_minutes_locked(item.meeting)
    if Declaration.objects.filter(item=item, user=actor).exists():
        raise ServiceError("You have already declared an interest in this item", field="nature")
    return _declared(
        Declaration(item=item, user=actor, nature=nature, prejudicial=prejudicial),
        actor=actor,
        reason="Declared an interest",
        again="You have already declared an interest in this item",
    )


def _declared(declaration: Declaration, *, actor, reason: str, again: str) -> Declaration:
    # The database keeps one declaration per member and item; two saves at once get the message.
    try:
        with transaction.atomic():
            return save_with_history(declaration, actor=actor, reason=reason)
    except IntegrityError:
        raise ServiceError(again, field="nature") from None


@transaction.atomic
def declare_for_member(
    *, actor, ctx, item: AgendaItem, member, nature: str, prejudicial: bool, declared_at: dt.datetime
) -> Declaration:
    """The clerk records a declaration a member made aloud at the meeting, at the time they made it
    (section 14.1). It counts exactly as one the member made themselves: a prejudicial interest
    closes a confidential item to them and takes them out of its decision."""
    rules.require_clerk(ctx)
    meeting = item.meeting
    _refuse_if_minutes_locked(meeting)
    if member is None or not rules.is_member(meeting.board, member.pk):
        raise ServiceError("Choose a member of the board", field="member")
    now = timezone.now()
    if meeting.starts_at > now:
        raise ServiceError(
            "The meeting has not started yet: members declare their own interests before it", field="member"
        )
    if not meeting.starts_at <= declared_at <= now:
        raise ServiceError(
            f"The time must be between the start of the meeting ({timezone.localtime(meeting.starts_at):%H:%M}) and now",
            field="time",
        )
    if Declaration.objects.filter(item=item, user=member).exists():
        raise ServiceError(f"{member} has already declared an interest in this item", field="member")
    return _declared(
        Declaration(
            item=item,
            user=member,
            nature=nature,
            prejudicial=prejudicial,
            declared_at=declared_at,
            recorded_by=actor,
        ),
        actor=actor,
        reason=f"Declared at the meeting by {member}; recorded by the clerk",
        again=f"{member} has already declared an interest in this item",
    )
