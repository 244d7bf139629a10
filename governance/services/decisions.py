"""Recording the decision on an agenda item, by the rule the item carries (decision 0011)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from governance import rules
from governance.models import AgendaItem, Decision, Membership, Vote
from governance.models.meetings import DecisionRule, Purpose, StandingItem, VoteChoice
from governance.services.meetings import _refuse_if_minutes_locked
from partnership.auditing import save_with_history
from partnership.services import ServiceError


@transaction.atomic
def decision_record(
    *,
    actor,
    ctx,
    item: AgendaItem,
    agreed: bool | None = None,
    notes: str = "",
    group_view: str = "",
    la_decision: str = "",
    votes: dict[int, str] | None = None,
    chair_choice: str = "",
    elected=None,
) -> Decision:
    """Record a decision under the rule its item carries, and say which rule applied and why."""
    rules.require_clerk(ctx)
    rules.require_item_open(ctx, item)
    meeting = item.meeting
    _refuse_if_minutes_locked(meeting)
    if item.purpose != Purpose.DECISION:
        raise ServiceError("Only items for decision have a decision")
    if Decision.objects.filter(item=item).exists():
        raise ServiceError("A decision is already recorded for this item")
    if meeting.starts_at > timezone.now():
        raise ServiceError("The meeting has not started yet: decisions are recorded at or after it")
    board = meeting.board
    part = rules.taking_part(item)
    present, recused, eligible = part.present, part.recused, part.eligible
    # A quorum of members who can take part: a recused member does not count towards it.
    if board.quorum and len(eligible) < board.quorum:
        raise ServiceError(
            f"The meeting is not quorate for this item: {len(eligible)} members present who can take part, {board.quorum} needed. Record attendance first"
        )
    decision = Decision(item=item, rule=item.rule, recorded_by=actor, notes=notes, eligible=len(eligible))
    if item.rule == DecisionRule.CONSENSUS:
        if agreed is None:
            raise ServiceError("Say whether the group agreed", field="agreed")
        decision.outcome = "Agreed" if agreed else "Not agreed"
        decision.explanation = "Consensus is sought on every decision (section 9.1); the group's decision is recorded as agreed or not."
    elif item.rule == DecisionRule.BUDGET:
        if not la_decision.strip():
            raise ServiceError("Record the LA's decision", field="la_decision")
        decision.group_view, decision.outcome = group_view, la_decision.strip()
        decision.explanation = (
            "This concerns the partnership budget provided by the LA: the group's view is recorded, and the LA, through its "
            "representatives, takes the final decision (section 9.2)."
        )
    elif item.rule == DecisionRule.GRANT:
        votes = votes or {}
        for user_id, choice in votes.items():
            if user_id in recused:
                raise ServiceError(
                    "A member who declared a prejudicial interest in this item cannot vote on it",
                    field="votes",
                )
            if user_id not in eligible:
                raise ServiceError("Only members of the board present at the meeting can vote", field="votes")
            if choice not in VoteChoice.values:
                raise ServiceError("Each vote is for, against or abstain", field="votes")
        if not votes:
            raise ServiceError("Record the votes of the members present", field="votes")
        decision.votes_for = sum(1 for c in votes.values() if c == VoteChoice.FOR)
        decision.votes_against = sum(1 for c in votes.values() if c == VoteChoice.AGAINST)
        decision.abstentions = sum(1 for c in votes.values() if c == VoteChoice.ABSTAIN)
        if decision.votes_for == decision.votes_against:
            if chair_choice not in {VoteChoice.FOR, VoteChoice.AGAINST}:
                raise ServiceError("The vote is tied: record the chair's decision", field="chair_choice")
            chair = (
                Membership.objects.current(on=timezone.localtime(meeting.starts_at).date())
                .filter(seat__board=board, is_chair=True)
                .first()
            )
            if not rules.may_decide_a_tie(chair, part):
                raise ServiceError(
                    "The vote is tied, but the chair is not present or has declared a prejudicial interest, so cannot decide it. Record the decision at a later meeting",
                    field="chair_choice",
                )
            decision.chair_decided = True
            decision.outcome = (
                "Agreed by the chair" if chair_choice == VoteChoice.FOR else "Not agreed, by the chair"
            )
        else:
            decision.outcome = "Agreed" if decision.votes_for > decision.votes_against else "Not agreed"
        decision.explanation = (
            f"Grant monies are decided by a democratic vote of the members present (section 9.3): {len(eligible)} could vote"
            + (f", {len(recused & present)} recused" if recused & present else "")
            + f". For {decision.votes_for}, against {decision.votes_against}, abstentions {decision.abstentions}."
            + (" The vote was tied, so the chair decided." if decision.chair_decided else "")
        )
    elif item.rule == DecisionRule.CHAIR_ELECTION:
        membership = (
            Membership.objects.current().filter(seat__board=board, user=elected).first() if elected else None
        )
        if membership is None:
            raise ServiceError("Choose the member elected as chair", field="elected")
        for other in Membership.objects.current().filter(seat__board=board, is_chair=True):
            other.is_chair = False
            save_with_history(other, actor=actor, reason="A new chair was elected")
        membership.is_chair = True
        save_with_history(membership, actor=actor, reason="Elected chair")
        decision.outcome = f"{membership.user} elected chair"[:300]
        decision.explanation = "The chair is elected by the group (section 2.1)."
    else:
        raise ServiceError("This item has no decision rule")
    save_with_history(decision, actor=actor, reason="Decision recorded")
    for user_id, choice in (votes or {}).items():
        save_with_history(Vote(decision=decision, user_id=user_id, choice=choice), actor=actor, reason="Vote")
    if item.standing == StandingItem.MINUTES and decision.outcome == "Agreed":
        target = item.approves_minutes_of
        if target is not None:
            if target.minutes_locked:
                raise ServiceError("Those minutes have already been approved")
            if target.starts_at >= meeting.starts_at:
                raise ServiceError("Minutes are approved at a later meeting")
            target.minutes_approved_at = meeting
            save_with_history(target, actor=actor, reason=f"Minutes approved at {meeting}")
    return decision
