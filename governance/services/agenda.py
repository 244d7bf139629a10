"""Agenda items, and members' declarations of interest in them."""

from __future__ import annotations

from django.db import transaction

from governance import rules
from governance.models import AgendaItem, Declaration, Meeting
from governance.models.meetings import DecisionRule, Purpose
from governance.services.meetings import _refuse_if_minutes_locked
from partnership.auditing import save_with_history
from partnership.services import ServiceError


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
