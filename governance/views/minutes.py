"""The minutes: an item's minutes, matters members ask to be recorded, circulating the draft."""

from __future__ import annotations

from django.views.decorators.http import require_http_methods

from governance import forms, rules, selectors, services
from governance.views.meetings import _meeting_form
from partnership.access import partnership_view
from partnership.forms import ReasonForm
from partnership.views.form_pages import posted


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def minutes(request, ctx, meeting_id, item_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    rules.require_clerk(ctx)
    rules.require_item_open(ctx, item)
    return _meeting_form(
        request,
        ctx,
        meeting,
        forms.MinutesForm(posted(request), initial={"minutes": item.minutes}),
        lambda m, d: services.minutes_save(actor=request.user, ctx=ctx, item=item, text=d["minutes"]),
        "The minutes of the item have been saved.",
        f"Minutes: {item}",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def minute_request(request, ctx, meeting_id, item_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    rules.require_item_open(ctx, item)
    return _meeting_form(
        request,
        ctx,
        meeting,
        forms.MinuteRequestForm(posted(request)),
        lambda m, d: services.minute_request(actor=request.user, ctx=ctx, item=item, text=d["text"]),
        "It will be recorded in the minutes.",
        "Record an amendment" if meeting.minutes_locked else f"Ask for a matter to be recorded: {item}",
        intro="Section 14.2: members may ask for any matter discussed to be recorded, subject to confidentiality.",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def circulate(request, ctx, meeting_id):
    rules.require_clerk(ctx)
    meeting = selectors.meeting_for(ctx, meeting_id)
    return _meeting_form(
        request,
        ctx,
        meeting,
        ReasonForm(posted(request)),
        lambda m, d: services.minutes_circulate(
            actor=request.user, ctx=ctx, meeting=m, base_url=request.build_absolute_uri("/")
        ),
        "The draft minutes have been sent to the members.",
        "Circulate the draft minutes",
        button="Circulate",
    )
