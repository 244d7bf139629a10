"""What governors and the public see: a calendar, published agendas and approved minutes, with
confidential items replaced by a placeholder and embargoed ones hidden until their date
(governance.rules). A signed-in member of the partnership sees these pages as everyone does, with their
navigation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from governance import pack, rules, selectors
from partnership.access import attach_member_context


@login_not_required
@require_GET
def calendar(request: HttpRequest, partnership_slug: str) -> HttpResponse:
    partnership = selectors.public_partnership(partnership_slug)
    attach_member_context(request, partnership.slug)
    meetings = [
        {
            "meeting": meeting,
            "published": rules.public_may_open_meeting(meeting),
            "minutes": rules.public_may_read_minutes(meeting),
        }
        for meeting in selectors.calendar(partnership)
    ]
    return render(
        request,
        "governance/public_calendar.html",
        {"partnership": partnership, "current_partnership": partnership, "meetings": meetings},
    )


@login_not_required
@require_GET
def meeting(request: HttpRequest, partnership_slug: str, meeting_id: int) -> HttpResponse:
    partnership = selectors.public_partnership(partnership_slug)
    found = selectors.published_meeting(partnership, meeting_id)
    attach_member_context(request, partnership.slug)
    items = [
        {"item": item, "redacted": not rules.public_may_read_item(item)}
        for item in selectors.agenda(found)
        if rules.public_may_see_item(item)
    ]
    return render(
        request,
        "governance/public_meeting.html",
        {
            "partnership": partnership,
            "current_partnership": partnership,
            "meeting": found,
            "items": items,
            "minutes_published": rules.public_may_read_minutes(found),
        },
    )


@login_not_required
@require_GET
def meeting_pack(request: HttpRequest, partnership_slug: str, meeting_id: int) -> HttpResponse:
    found = selectors.published_meeting(selectors.public_partnership(partnership_slug), meeting_id)
    response = HttpResponse(pack.pack_pdf(found, public=True), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agenda-{found.pk}.pdf"'
    return response
