"""The minutes: an item's minutes, matters members ask to be recorded, circulating the draft."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from governance import rules, selectors
from governance.models import AgendaItem, Meeting, MinuteRequest
from governance.services.meetings import _refuse_if_minutes_locked
from partnership.auditing import save_with_history
from partnership.models import MessageKind
from partnership.services import ServiceError, notify


@transaction.atomic
def minutes_save(*, actor, ctx, item: AgendaItem, text: str) -> AgendaItem:
    rules.require_clerk(ctx)
    rules.require_item_open(ctx, item)
    _refuse_if_minutes_locked(item.meeting)
    item.minutes = text
    return save_with_history(item, actor=actor, reason="Minutes drafted")


@transaction.atomic
def minute_request(*, actor, ctx, item: AgendaItem, text: str) -> MinuteRequest:
    """A member asks for a matter to be recorded (section 14.2). After approval, only the clerk
    records a correction, as an amendment."""
    locked = item.meeting.minutes_locked
    rules.require_asking_to_record(ctx, item.meeting)
    rules.require_item_open(ctx, item)
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
        kind=MessageKind.MEETINGS,
        users=[m.user for m in selectors.current_members(meeting.board)],
        partnership=ctx.partnership,
        text=f"The draft minutes of {meeting} are ready.",
        link=link,
    )
    return meeting
