"""support.rules: the rule for one record in hand agrees with the rule for a list, and each person is
offered exactly the actions the services let them take."""

import pytest

from partnership.access import partnership_context_for
from partnership.models import Role
from support import rules, selectors
from tests.factories import (
    AgreementFactory,
    CaseFactory,
    RoleFactory,
    UserFactory,
    consent_in_force,
    published_agreement,
)


@pytest.fixture
def world(partnership_a, school_x, school_y, la_officer_a, leader):
    case_x = CaseFactory(partnership=partnership_a, school=school_x, lead_officer=la_officer_a)
    case_y = CaseFactory(
        partnership=partnership_a, school=school_y, lead_officer=la_officer_a, shared_with_board=True
    )
    led = AgreementFactory(
        case=case_x, provider_type="system_leader", provider_leader=leader, provider_name=""
    )
    given_by_y = AgreementFactory(
        case=case_x, provider_type="school", provider_school=school_y, provider_name=""
    )
    consent_in_force(published_agreement(partnership_a), school_y)
    partner = UserFactory()
    RoleFactory(user=partner, partnership=partnership_a, role=Role.PARTNER)
    return {"cases": [case_x, case_y], "agreements": [led, given_by_y], "partner": partner}


def ctx_of(user):
    return partnership_context_for(user, "pa")


def test_the_rule_for_one_case_is_the_rule_for_the_list(
    world, la_officer_a, head_x, head_y, governor_x, board_member_a, leader_user
):
    for person in (la_officer_a, head_x, head_y, governor_x, board_member_a, leader_user, world["partner"]):
        ctx = ctx_of(person)
        listed = set(selectors.visible_cases(ctx).values_list("pk", flat=True))
        for case in world["cases"]:
            assert rules.sees_whole_case(ctx, case) == (case.pk in listed), (person, case)


def test_a_provider_sees_the_agreements_they_deliver_and_not_the_case(world, leader_user, head_y):
    led, given_by_y = world["agreements"]
    seen = set(selectors.visible_agreements(ctx_of(leader_user)).values_list("pk", flat=True))
    assert seen == {led.pk}
    assert rules.is_provider(ctx_of(head_y), given_by_y) and not rules.is_provider(ctx_of(head_y), led)
    assert not rules.sees_whole_case(ctx_of(leader_user), led.case)


def test_each_person_is_offered_only_what_they_may_do(
    world, la_officer_a, la_admin_a, head_x, head_y, leader_user
):
    led, given_by_y = world["agreements"]
    officer = rules.agreement_actions(ctx_of(la_officer_a), led)
    assert officer == rules.AgreementActions(
        see_case=True,
        see_cost=True,
        see_conflicts=True,
        see_history=True,
        add_objectives=True,
        change_plan=True,
        run_reviews=True,
        record_answer=True,
        read_school_answer=True,
    )
    # Only an LA administrator invites people, a headteacher among them.
    assert rules.agreement_actions(ctx_of(la_admin_a), led).invite_head
    assert rules.agreement_actions(ctx_of(head_x), led) == rules.AgreementActions(
        see_case=True,
        see_cost=True,
        agree=True,
        answer_visits=True,
        comment_on_reviews=True,
        read_school_answer=True,
    )
    assert rules.agreement_actions(ctx_of(leader_user), led) == rules.AgreementActions(
        change_plan=True, provide=True
    )
    # Y's headteacher gives this support and sees Y's own case whole, but not X's case or its cost.
    assert rules.agreement_actions(ctx_of(head_y), given_by_y) == rules.AgreementActions(
        change_plan=True, provide=True
    )
    assert rules.case_actions(ctx_of(la_officer_a)) == rules.CaseActions(
        run=True, follow=True, see_history=True
    )
    assert rules.case_actions(ctx_of(head_x)) == rules.CaseActions()


def test_who_declares_links_and_who_leads_cases(
    world, partnership_a, la_officer_a, la_officer_b, head_x, leader, leader_user
):
    assert rules.may_declare_link(ctx_of(la_officer_a), leader)
    assert rules.may_declare_link(ctx_of(leader_user), leader)
    assert not rules.may_declare_link(ctx_of(head_x), leader)
    assert rules.may_lead_cases(la_officer_a, partnership_a)
    assert not rules.may_lead_cases(head_x, partnership_a)
    assert not rules.may_lead_cases(la_officer_b, partnership_a)


def test_only_a_board_member_without_a_school_sees_the_totals(world, board_member_a, head_x, la_officer_a):
    assert rules.sees_board_totals(ctx_of(board_member_a))
    assert not rules.sees_board_totals(ctx_of(head_x))
    assert not rules.sees_board_totals(ctx_of(la_officer_a))
