"""Saving a partnership priority."""

from __future__ import annotations

from django.db import transaction

from partnership import rules
from partnership.access import PartnershipContext
from partnership.auditing import save_with_history
from partnership.models import Priority, User
from partnership.services.errors import ServiceError


@transaction.atomic
def priority_save(*, actor: User, ctx: PartnershipContext, priority: Priority, reason: str) -> Priority:
    rules.require_priority_manager(ctx)
    priority.partnership = ctx.partnership
    clash = Priority.objects.filter(partnership=ctx.partnership, title__iexact=priority.title.strip())
    if priority.pk:
        clash = clash.exclude(pk=priority.pk)
    if clash.exists():
        raise ServiceError("The partnership already has this priority", field="title")
    priority.title = priority.title.strip()
    return save_with_history(priority, actor=actor, reason=reason)
