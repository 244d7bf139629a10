"""The partnership app's rules (partnership.rules) and the one selector for the people with a role."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from partnership import rules
from partnership.access import partnership_context_for
from partnership.models import ALL_ROLES, LA_ROLES, Role, SharingAgreement
from partnership.selectors.people import people_with_role, person_for
from tests.factories import RoleFactory, SchoolFactory, UserFactory
from tests.helpers import pinned_queries


def ctx_of(user, partnership):
    return partnership_context_for(user, partnership.slug)


# --- The role sets ------------------------------------------------------------------------------


def test_each_role_set_is_what_the_rules_say():
    assert rules.LA_ROLES is LA_ROLES
    assert rules.ALL_ROLES is ALL_ROLES
    assert {Role.LA_ADMIN} == rules.LA_ADMIN_ROLES
    # The offices (chair of governors, trust's delegate) open no page by themselves.
    assert set(Role) - {Role.CHAIR_OF_GOVERNORS, Role.TRUST_DELEGATE} == rules.ALL_ROLES
    assert rules.ALL_ROLES - {Role.OBSERVER} == rules.TWO_FACTOR_ROLES
    assert {Role.HEADTEACHER, Role.CHAIR_OF_GOVERNORS, Role.TRUST_DELEGATE} == rules.SIGNATORY_ROLES
    assert {Role.PARTNER, Role.BOARD_MEMBER} == rules.RECIPIENT_ROLES


def test_no_two_role_sets_of_the_app_hold_the_same_roles():
    sets = {
        name: frozenset(value)
        for name, value in vars(rules).items()
        if name.endswith("_ROLES") and isinstance(value, frozenset)
    }
    by_roles: dict[frozenset, list[str]] = {}
    for name, roles in sets.items():
        by_roles.setdefault(roles, []).append(name)
    assert [names for names in by_roles.values() if len(names) > 1] == []


# --- Who may do what, person by person ----------------------------------------------------------


@pytest.fixture
def contexts(personas, partnership_a):
    return {key: ctx_of(user, partnership_a) for key, user in personas.items() if key != "la_officer_b"}


ADMIN_ONLY = [
    rules.may_manage_people,
    rules.may_manage_priorities,
    rules.may_see_drafts,
    rules.may_manage_agreement,
    rules.may_search_access_log,
    rules.may_see_retention_runs,
]
LA_ONLY = [rules.may_see_people, rules.sees_unused_priorities, rules.may_see_consents]


@pytest.mark.parametrize("predicate", ADMIN_ONLY, ids=lambda p: p.__name__)
def test_only_la_administrators_manage_and_read_the_logs(contexts, predicate):
    assert {key for key, ctx in contexts.items() if predicate(ctx)} == {"la_admin_a"}


@pytest.mark.parametrize("predicate", LA_ONLY, ids=lambda p: p.__name__)
def test_the_la_sees_people_unused_priorities_and_consents(contexts, predicate):
    assert {key for key, ctx in contexts.items() if predicate(ctx)} == {"la_admin_a", "la_officer_a"}


@pytest.mark.parametrize(
    "check, refusal",
    [
        (rules.require_people_manager, PermissionDenied),
        (rules.require_priority_manager, PermissionDenied),
        (rules.require_agreement_manager, PermissionDenied),
        (rules.require_access_log_reader, Http404),
        (rules.require_subject_access, Http404),
        (rules.require_retention_reader, Http404),
        (rules.require_security_admin, Http404),
        (lambda ctx: rules.require_security_admin(ctx, write=True), PermissionDenied),
    ],
)
def test_an_la_officer_is_refused_what_is_for_administrators(contexts, check, refusal):
    check(contexts["la_admin_a"])
    with pytest.raises(refusal):
        check(contexts["la_officer_a"])


@pytest.mark.parametrize("check", [rules.require_sight_of_people, rules.require_sight_of_partnership_history])
def test_people_and_the_partnerships_history_are_a_404_outside_the_la(contexts, check):
    check(contexts["la_admin_a"])
    check(contexts["la_officer_a"])
    for key in ("head_x", "governor_x", "board_member_a"):
        with pytest.raises(Http404):
            check(contexts[key])


def test_a_schools_access_log_is_for_its_head_and_the_la(contexts, school_x, school_y):
    seen_x = {key for key, ctx in contexts.items() if rules.may_see_school_access_log(ctx, school_x)}
    assert seen_x == {"la_admin_a", "la_officer_a", "head_x"}
    assert not rules.may_see_school_access_log(contexts["head_y"], school_x)


def test_recipients_under_the_agreement_are_partners_and_board_members(contexts, partnership_a):
    partner = UserFactory()
    RoleFactory(user=partner, partnership=partnership_a, role=Role.PARTNER)
    receiving = {key for key, ctx in contexts.items() if rules.receives_under_consent(ctx)}
    assert receiving == {"board_member_a"}
    assert rules.receives_under_consent(ctx_of(partner, partnership_a))


def test_a_draft_is_seen_only_by_administrators_a_published_version_by_everyone(contexts):
    draft = SharingAgreement(status=SharingAgreement.Status.DRAFT)
    published = SharingAgreement(status=SharingAgreement.Status.PUBLISHED)
    assert {key for key, ctx in contexts.items() if rules.may_see_agreement(ctx, draft)} == {"la_admin_a"}
    assert all(rules.may_see_agreement(ctx, published) for ctx in contexts.values())


def test_sign_in_security_is_shown_only_while_the_person_works_here(contexts, partnership_a, head_x):
    person = person_for(contexts["la_admin_a"], head_x.pk)
    assert rules.may_see_sign_in_security(contexts["la_admin_a"], person)
    assert not rules.may_see_sign_in_security(contexts["la_officer_a"], person)
    rules.require_security_subject(contexts["la_admin_a"], person)

    person.roles_here[0].ends_on = person.roles_here[0].starts_on
    assert not rules.may_see_sign_in_security(contexts["la_admin_a"], person)
    with pytest.raises(Http404):
        rules.require_security_subject(contexts["la_admin_a"], person)


# --- The current people with a role -------------------------------------------------------------


@pytest.fixture
def roles_in_a(partnership_a, partnership_b, school_x, school_y):
    def role(kind, school=None, partnership=partnership_a, **dates):
        return RoleFactory(partnership=partnership, role=kind, school=school, **dates)

    return {
        "head_x": role(Role.HEADTEACHER, school_x, starts_on=dt.date(2020, 9, 1)),
        "head_y": role(Role.HEADTEACHER, school_y, starts_on=dt.date(2020, 9, 1)),
        "governor_x": role(Role.GOVERNOR, school_x, starts_on=dt.date(2020, 9, 1)),
        "admin": role(Role.LA_ADMIN, starts_on=dt.date(2020, 9, 1)),
        "former_head_x": role(
            Role.HEADTEACHER, school_x, starts_on=dt.date(2015, 9, 1), ends_on=dt.date(2020, 9, 1)
        ),
        "future_governor_y": role(Role.GOVERNOR, school_y, starts_on=dt.date(2030, 9, 1)),
        "head_elsewhere": role(
            Role.HEADTEACHER,
            SchoolFactory(la_code="902"),
            partnership=partnership_b,
            starts_on=dt.date(2020, 9, 1),
        ),
    }


def _keys(queryset, roles_in_a) -> set[str]:
    ids = set(queryset.values_list("pk", flat=True))
    return {key for key, assignment in roles_in_a.items() if assignment.pk in ids}


def test_people_with_one_role_are_those_holding_it_today_in_the_partnership(roles_in_a, partnership_a):
    assert _keys(people_with_role(partnership_a, Role.HEADTEACHER), roles_in_a) == {"head_x", "head_y"}


def test_people_with_any_of_several_roles(roles_in_a, partnership_a):
    found = people_with_role(partnership_a, Role.HEADTEACHER, Role.GOVERNOR)
    assert _keys(found, roles_in_a) == {"head_x", "head_y", "governor_x"}


def test_people_with_no_role_named_are_everyone_current(roles_in_a, partnership_a):
    assert _keys(people_with_role(partnership_a), roles_in_a) == {"head_x", "head_y", "governor_x", "admin"}


def test_the_partnership_may_be_given_by_its_id(roles_in_a, partnership_a):
    assert _keys(people_with_role(partnership_a.pk, Role.LA_ADMIN), roles_in_a) == {"admin"}


def test_people_with_a_role_at_one_school_or_several(roles_in_a, partnership_a, school_x, school_y):
    heads_and_governors = (Role.HEADTEACHER, Role.GOVERNOR)
    at_x = {"head_x", "governor_x"}
    assert _keys(people_with_role(partnership_a, *heads_and_governors, school=school_x), roles_in_a) == at_x
    assert (
        _keys(people_with_role(partnership_a, *heads_and_governors, school=school_x.pk), roles_in_a) == at_x
    )
    both = people_with_role(partnership_a, Role.HEADTEACHER, school=[school_x.pk, school_y.pk])
    assert _keys(both, roles_in_a) == {"head_x", "head_y"}
    schools = type(school_y).objects.filter(pk=school_y.pk)
    as_query = people_with_role(partnership_a, Role.HEADTEACHER, school=schools)
    assert _keys(as_query, roles_in_a) == {"head_y"}


def test_people_with_a_role_on_another_day(roles_in_a, partnership_a):
    assert _keys(people_with_role(partnership_a, Role.HEADTEACHER, on=dt.date(2018, 1, 1)), roles_in_a) == {
        "former_head_x"
    }
    assert "future_governor_y" in _keys(people_with_role(partnership_a, on=dt.date(2031, 1, 1)), roles_in_a)


def test_people_with_a_role_is_one_query_with_the_people(roles_in_a, partnership_a):
    with pinned_queries(1):
        people = [
            row.user
            for row in people_with_role(partnership_a, Role.HEADTEACHER, Role.GOVERNOR).select_related("user")
        ]
    assert len(people) == 3


# --- The view modules ask the rules -------------------------------------------------------------

APP = Path(__file__).resolve().parent.parent
VIEW_MODULES = sorted((APP / "views").glob("*.py"))
INLINE_ROLE_TEST = re.compile(
    r"ctx\.(is_la|has_any|roles|school_ids)\b|require_roles|\bRole\b|partnership_view\(roles=(?!rules\.)"
)


def test_the_view_modules_are_found():
    assert len(VIEW_MODULES) > 10


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: p.name)
def test_a_view_module_holds_no_role_test_and_no_query(path):
    source = path.read_text()
    assert INLINE_ROLE_TEST.findall(source) == []
    assert ".objects" not in source
