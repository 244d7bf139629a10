"""Papers and the agenda pack: uploads, the deadline and publishing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from governance import rules, selectors
from governance.models import AgendaItem, Meeting, Paper
from governance.services.meetings import _refuse_if_minutes_locked
from partnership.auditing import save_with_history
from partnership.models import MessageKind
from partnership.services import ServiceError, notify
from partnership.uploads import UploadRefused, check_upload, stored_name

PAPER_TYPES = {".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".txt", ".csv"}
PAPER_MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def paper_add(*, actor, ctx, item: AgendaItem, title: str, upload) -> Paper:
    rules.require_clerk(ctx)
    rules.require_item_open(ctx, item)
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
        kind=MessageKind.MEETINGS,
        users=[m.user for m in selectors.current_members(meeting.board)],
        partnership=ctx.partnership,
        text=f"The agenda pack for {meeting} is published.",
        link=link,
    )
    return meeting
