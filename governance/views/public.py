"""What governors and the public see: a calendar, published agendas and approved minutes, with
confidential items replaced by a placeholder and embargoed ones hidden until their date."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from governance import pack, selectors
from governance.models import Meeting
from partnership.models import Partnership


def _partnership(slug: str) -> Partnership:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise Http404("No such partnership")
    return partnership


def _published(partnership, meeting_id: int) -> Meeting:
    meeting = selectors.published_meetings(partnership).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("No published meeting")
    return meeting


@login_not_required
@require_GET
def calendar(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    partnership = _partnership(partnership_slug)
    meetings = (
        Meeting.objects.filter(board__partnership=partnership).select_related("board").order_by("starts_at")
    )
    return render(
        request,
        "governance/public_calendar.html",
        {"partnership": partnership, "current_partnership": partnership, "meetings": meetings},
    )


@login_not_required
@require_GET
def meeting(request: HttpRequest, partnership_slug: str, meeting_id: int) -> HttpResponse:
    partnership = _partnership(partnership_slug)
    found = _published(partnership, meeting_id)
    items = [
        {"item": item, "redacted": item.confidential, "hidden": item.is_embargoed}
        for item in selectors.agenda(found)
    ]
    return render(
        request,
        "governance/public_meeting.html",
        {
            "partnership": partnership,
            "current_partnership": partnership,
            "meeting": found,
            "items": [i for i in items if not i["hidden"]],
        },
    )


@login_not_required
@require_GET
def meeting_pack(request: HttpRequest, partnership_slug: str, meeting_id: int) -> HttpResponse:
    found = _published(_partnership(partnership_slug), meeting_id)
    response = HttpResponse(pack.pack_pdf(found, public=True), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agenda-{found.pk}.pdf"'
    return response
