"""A meeting's agenda items, and members' declarations of interest in them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.views.decorators.http import require_http_methods

from governance import forms, rules, selectors, services
from governance.views.meetings import _meeting_form
from partnership.access import partnership_view
from partnership.views.form_pages import posted


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def item_edit(request, ctx, meeting_id, item_id=None):
    meeting = selectors.meeting_for(ctx, meeting_id)
    rules.require_clerk(ctx)
    instance = selectors.item_for(meeting, item_id) if item_id else None
    if instance is not None:
        rules.require_item_open(ctx, instance)
    form = forms.ItemForm(
        posted(request),
        instance=instance,
        initial={} if instance else {"position": selectors.next_item_position(meeting)},
    )
    return _meeting_form(
        request,
        ctx,
        meeting,
        form,
        lambda m, d: services.item_save(
            actor=request.user, ctx=ctx, meeting=m, item=form.save(commit=False), reason=d["reason"]
        ),
        "The agenda item has been saved.",
        "Change an agenda item" if item_id else "Add an agenda item",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def declare(request, ctx, meeting_id, item_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    rules.require_member(ctx, meeting.board, "only members declare interests")
    return _meeting_form(
        request,
        ctx,
        meeting,
        forms.DeclarationForm(posted(request)),
        lambda m, d: services.declare_interest(actor=request.user, ctx=ctx, item=item, **d),
        "Your declaration is recorded. It shows on the item and in the minutes.",
        f"Declare an interest in: {item}",
        intro="Section 14.1: declare a personal interest in any item before it is discussed.",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def declare_for(request, ctx, meeting_id, item_id):
    """The clerk records a declaration a member made aloud at the meeting, with its time."""
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    rules.require_clerk(ctx)
    day = timezone.localtime(meeting.starts_at).date()
    form = forms.DeclarationForMemberForm(
        posted(request), members=selectors.voters(meeting.board), meeting_day=day
    )
    return _meeting_form(
        request,
        ctx,
        meeting,
        form,
        lambda m, d: services.declare_for_member(
            actor=request.user,
            ctx=ctx,
            item=item,
            member=d["member"],
            nature=d["nature"],
            prejudicial=d["prejudicial"],
            declared_at=timezone.make_aware(dt.datetime.combine(day, d["time"])),
        ),
        "The declaration is recorded. It shows on the item and in the minutes.",
        f"Record a declaration made at the meeting: {item}",
        intro="Section 14.1: a member who declares an interest aloud at the meeting has it recorded here, "
        "as if they had declared it themselves. A prejudicial interest takes them out of the item "
        "and its decision from now on.",
    )
