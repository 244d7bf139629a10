"""Recording the decision on an agenda item, by the item's decision rule."""

from __future__ import annotations

from django.views.decorators.http import require_http_methods

from governance import forms, rules, selectors, services
from governance.models.meetings import DecisionRule
from governance.views.meetings import _meeting_form
from partnership.access import partnership_view
from partnership.views.form_pages import posted


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def decision(request, ctx, meeting_id, item_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    rules.require_clerk(ctx)
    rules.require_item_open(ctx, item)
    members = selectors.voters(meeting.board)
    form = forms.DecisionForm(posted(request), item=item, voters=list(members), members=members)

    def save(d):
        return services.decision_record(
            actor=request.user,
            ctx=ctx,
            item=item,
            agreed=(d.get("agreed") == "yes") if "agreed" in d else None,
            notes=d.get("notes", ""),
            group_view=d.get("group_view", ""),
            la_decision=d.get("la_decision", ""),
            votes=form.votes() if item.rule == DecisionRule.GRANT else None,
            chair_choice=d.get("chair_choice", ""),
            elected=d.get("elected"),
        )

    return _meeting_form(
        request,
        ctx,
        meeting,
        form,
        lambda m, d: save(d),
        lambda dec: f"Decision recorded: {dec.outcome}.",
        f"Record the decision: {item}",
        intro=item.get_rule_display(),
    )
