"""Every decision rule of section 9, and the bad cases: a recused member votes, a non-member votes,
a tie, and a vote without a quorum."""

import datetime as dt

import pytest

from governance.models import AgendaItem, Attendance, Declaration
from governance.services.decisions import decision_record
from partnership.access import partnership_context_for
from partnership.services import ServiceError
from tests.factories import UserFactory


@pytest.fixture
def ctx(board):
    return partnership_context_for(board.clerk, board.partnership.slug)


def item(meeting, rule, title="Item"):
    return AgendaItem.objects.create(meeting=meeting, title=title, purpose="decision", rule=rule, position=5)


def present(meeting, users):
    """The meeting has happened, and these members were there."""
    from django.utils import timezone

    meeting.starts_at = timezone.now() - dt.timedelta(hours=1)
    meeting.save()
    for user in users:
        Attendance.objects.update_or_create(meeting=meeting, user=user, defaults={"status": "present"})


def test_consensus(meeting, members, ctx):
    present(meeting, members)
    decision = decision_record(
        actor=ctx_user(ctx), ctx=ctx, item=item(meeting, "consensus"), agreed=True, notes="All agreed"
    )
    assert decision.outcome == "Agreed" and "section 9.1" in decision.explanation


def ctx_user(ctx):
    from partnership.models import User

    return User.objects.get(pk=ctx.user_id)


def test_budget_records_the_groups_view_and_the_las_decision(meeting, members, ctx):
    present(meeting, members)
    with pytest.raises(ServiceError, match="Record the LA's decision"):
        decision_record(
            actor=ctx_user(ctx), ctx=ctx, item=item(meeting, "budget"), group_view="Spend on reading"
        )
    decision = decision_record(
        actor=ctx_user(ctx),
        ctx=ctx,
        item=item(meeting, "budget", "Budget 2"),
        group_view="Spend on reading",
        la_decision="£20,000 for reading",
    )
    assert (decision.group_view, decision.outcome) == ("Spend on reading", "£20,000 for reading")
    assert (
        "the LA, through its representatives, takes the final decision (section 9.2)" in decision.explanation
    )


def test_grant_vote_counts_eligible_members_and_excludes_the_recused(meeting, members, ctx):
    present(meeting, members)
    grant = item(meeting, "grant")
    Declaration.objects.create(
        item=grant, user=members[4], nature="My school would receive it", prejudicial=True
    )
    with pytest.raises(ServiceError, match="declared a prejudicial interest"):
        decision_record(actor=ctx_user(ctx), ctx=ctx, item=grant, votes={members[4].pk: "for"})
    outsider = UserFactory()
    with pytest.raises(ServiceError, match="Only members of the board present"):
        decision_record(actor=ctx_user(ctx), ctx=ctx, item=grant, votes={outsider.pk: "for"})
    decision = decision_record(
        actor=ctx_user(ctx),
        ctx=ctx,
        item=grant,
        votes={
            members[0].pk: "for",
            members[1].pk: "for",
            members[2].pk: "against",
            members[3].pk: "abstain",
        },
    )
    assert (
        decision.eligible,
        decision.votes_for,
        decision.votes_against,
        decision.abstentions,
        decision.outcome,
    ) == (4, 2, 1, 1, "Agreed")
    assert "4 could vote, 1 recused" in decision.explanation
    assert decision.votes.count() == 4


def test_a_tied_grant_vote_is_decided_by_the_chair(meeting, members, ctx):
    present(meeting, members)
    grant = item(meeting, "grant")
    votes = {members[0].pk: "for", members[1].pk: "for", members[2].pk: "against", members[3].pk: "against"}
    with pytest.raises(ServiceError, match="The vote is tied"):
        decision_record(actor=ctx_user(ctx), ctx=ctx, item=grant, votes=votes)
    decision = decision_record(actor=ctx_user(ctx), ctx=ctx, item=grant, votes=votes, chair_choice="against")
    assert decision.chair_decided and decision.outcome == "Not agreed, by the chair"
    assert "The vote was tied, so the chair decided." in decision.explanation


def test_no_decision_without_a_quorum(meeting, members, ctx):
    present(meeting, members[:2])
    with pytest.raises(
        ServiceError, match="not quorate for this item: 2 members present who can take part, 3 needed"
    ):
        decision_record(actor=ctx_user(ctx), ctx=ctx, item=item(meeting, "consensus"), agreed=True)


def test_the_chair_is_elected_and_recorded_as_a_decision(meeting, members, ctx):
    from governance.models import Membership

    present(meeting, members)
    decision = decision_record(
        actor=ctx_user(ctx), ctx=ctx, item=item(meeting, "chair_election"), elected=members[2]
    )
    assert decision.outcome == f"{members[2]} elected chair"
    chairs = list(Membership.objects.current().filter(seat__board=meeting.board, is_chair=True))
    assert [m.user for m in chairs] == [members[2]]


def test_a_decision_is_recorded_once(meeting, members, ctx):
    present(meeting, members)
    consensus = item(meeting, "consensus")
    decision_record(actor=ctx_user(ctx), ctx=ctx, item=consensus, agreed=True)
    consensus.refresh_from_db()
    with pytest.raises(ServiceError, match="already recorded"):
        decision_record(actor=ctx_user(ctx), ctx=ctx, item=consensus, agreed=False)


def test_a_recused_or_absent_chair_cannot_decide_a_tie(meeting, members, ctx):
    present(meeting, members)
    grant = item(meeting, "grant")
    Declaration.objects.create(
        item=grant, user=members[0], nature="Chair's own school bids", prejudicial=True
    )  # members[0] chairs
    votes = {members[1].pk: "for", members[2].pk: "against"}
    with pytest.raises(ServiceError, match="the chair is not present or has declared a prejudicial interest"):
        decision_record(actor=ctx_user(ctx), ctx=ctx, item=grant, votes=votes, chair_choice="for")


def test_quorum_counts_only_members_who_can_take_part(meeting, members, ctx):
    present(meeting, members[:3])
    grant = item(meeting, "grant")
    for member_ in members[1:3]:
        Declaration.objects.create(item=grant, user=member_, nature="Bidding school", prejudicial=True)
    with pytest.raises(ServiceError, match="not quorate for this item: 1 members present who can take part"):
        decision_record(actor=ctx_user(ctx), ctx=ctx, item=grant, votes={members[0].pk: "for"})


def test_no_decision_before_the_meeting_and_no_empty_vote(meeting, members, ctx):
    with pytest.raises(ServiceError, match="has not started yet"):
        decision_record(actor=ctx_user(ctx), ctx=ctx, item=item(meeting, "consensus"), agreed=True)
    present(meeting, members)
    with pytest.raises(ServiceError, match="Record the votes"):
        decision_record(actor=ctx_user(ctx), ctx=ctx, item=item(meeting, "grant", "Empty"), votes={})
