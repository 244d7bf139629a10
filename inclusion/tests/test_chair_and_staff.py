"""Who chairs an inclusion partnership and who joins its staff (decision 0020).

The chair and the staff see the pupil records of every member school. So the chair is always the
headteacher of a member school (the letter: "a fund-holder school whose headteacher chairs it"), a
chair sees pupils only while they are that headteacher, and only an LA inclusion officer chooses
the chair or adds and ends staff: not ordinary LA officers (who see no pupils), nor the staff or
chair themselves.
"""

from __future__ import annotations

import datetime as dt

import pytest

from inclusion import rules, selectors, services
from inclusion.models import InclusionPartnership, InclusionStaffMember
from partnership.access import NotAllowed
from partnership.models import Role, RoleAssignment
from partnership.services import ServiceError, role_end
from schools.models import NetworkMembership
from tests.factories import MembershipFactory, NetworkFactory, RoleFactory, SchoolFactory

from .world import REASON, build_world, ctx_of, person

CHAIR_RULE = "The chair must be the headteacher of one of the partnership's member schools"


@pytest.fixture
def world(
    partnership_a,
    partnership_b,
    school_x,
    school_y,
    school_z,
    head_x,
    head_y,
    la_officer_a,
    la_admin_a,
    governor_x,
):
    world = build_world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y)
    world.people.update(
        la_officer_a=la_officer_a,
        la_admin_a=la_admin_a,
        governor_x=governor_x,
        observer=person(partnership_a, Role.OBSERVER, name="Olive Observer"),
    )
    return world


def change_chair(world, actor_key: str, chair_key: str):
    actor = world.people[actor_key]
    return services.chair_change(
        actor=actor,
        ctx=ctx_of(actor),
        inclusion_partnership=world.partnerships["north"],
        chair=world.people[chair_key],
        reason="New chair",
    )


def chair_of_north():
    return InclusionPartnership.objects.get(area="North").chair


# --- Changing the chair -------------------------------------------------------------------------


@pytest.mark.parametrize("officer", ["la_officer_a", "la_admin_a"])
@pytest.mark.parametrize("chair", ["la_officer_a", "la_admin_a", "head_x"])
def test_an_ordinary_la_officer_cannot_change_the_chair_to_themselves_or_anyone(world, officer, chair):
    before = chair_of_north()
    with pytest.raises(NotAllowed):
        change_chair(world, officer, chair)
    assert chair_of_north() == before
    # So they still see no pupils, whoever they tried to name.
    assert not selectors.visible_pupils(ctx_of(world.people[officer])).exists()


@pytest.mark.parametrize("actor", ["chair_y", "partnership_staff", "head_x"])
def test_the_chair_staff_and_member_heads_cannot_change_the_chair(world, actor):
    with pytest.raises(NotAllowed):
        change_chair(world, actor, "head_x")
    assert chair_of_north() == world.people["chair_y"]


@pytest.mark.parametrize(
    "chair",
    [
        "inclusion_officer",  # the acting person: not a head
        "la_officer_a",
        "observer",
        "governor_x",  # a governor of a member school
        "partner",
        "partnership_staff",
        "designated_lead_x",  # staff of a member school, not its head
        "other_head_w",  # the head of a school in another inclusion partnership
        "inclusion_officer_b",  # no role in this partnership at all
    ],
)
def test_only_a_member_school_s_headteacher_can_be_made_chair(world, chair):
    with pytest.raises(ServiceError) as refused:
        change_chair(world, "inclusion_officer", chair)
    assert (refused.value.field, refused.value.message) == ("chair", CHAIR_RULE)
    assert chair_of_north() == world.people["chair_y"]


def test_the_head_of_a_school_that_has_left_the_partnership_cannot_be_made_chair(world):
    NetworkMembership.objects.filter(school=world.schools["x"]).update(left_on=dt.date(2024, 8, 31))
    with pytest.raises(ServiceError) as refused:
        change_chair(world, "inclusion_officer", "head_x")
    assert refused.value.field == "chair"


def test_a_headteacher_whose_role_has_ended_cannot_be_made_chair(world):
    head_x = world.people["head_x"]
    RoleFactory(user=head_x, partnership=world.partnerships["north"].partnership, role=Role.OBSERVER)
    RoleAssignment.objects.filter(user=head_x, role=Role.HEADTEACHER).update(
        ends_on=dt.date.today() - dt.timedelta(days=1), starts_on=dt.date(2020, 1, 1)
    )
    with pytest.raises(ServiceError):
        change_chair(world, "inclusion_officer", "head_x")


def test_an_inclusion_officer_makes_a_member_school_s_headteacher_chair(world):
    north = change_chair(world, "inclusion_officer", "head_x")
    assert chair_of_north() == world.people["head_x"]
    record = north.history.first()
    assert (record.history_change_reason, record.history_user) == (
        "New chair",
        world.people["inclusion_officer"],
    )
    with pytest.raises(ServiceError) as again:
        change_chair(world, "inclusion_officer", "head_x")
    assert again.value.message == "Hana Head already chairs the partnership"


# --- Setting a partnership up -------------------------------------------------------------------


@pytest.fixture
def east(world, partnership_a):
    """A network without an inclusion partnership: schools E (fund holder, head Eve) and F (head Finn)."""
    network = NetworkFactory(partnership=partnership_a, name="East", network_type="inclusion_partnership")
    school_e = SchoolFactory(la_code="901", name="School E", phase="Secondary")
    school_f = SchoolFactory(la_code="901", name="School F", phase="Secondary")
    for school in (school_e, school_f):
        MembershipFactory(network=network, school=school, joined_on=dt.date(2020, 9, 1))
    return {
        "network": network,
        "school": school_e,
        "head_e": person(partnership_a, Role.HEADTEACHER, school=school_e, name="Eve Head"),
        "head_f": person(partnership_a, Role.HEADTEACHER, school=school_f, name="Finn Head"),
    }


def set_up(world, east, actor_key, chair=None):
    actor = world.people[actor_key]
    return services.inclusion_partnership_create(
        actor=actor,
        ctx=ctx_of(actor),
        network=east["network"],
        area="East",
        fund_holder=east["school"],
        chair=chair,
        reason=REASON,
    )


@pytest.mark.parametrize("officer", ["la_officer_a", "la_admin_a"])
def test_an_la_officer_sets_a_partnership_up_chaired_by_the_fund_holder_s_head(world, east, officer):
    assert set_up(world, east, officer).chair == east["head_e"]


def test_an_la_officer_may_name_the_fund_holder_s_head_but_no_one_else(world, east):
    officer = world.people["la_officer_a"]
    for chair in (officer, east["head_f"], world.people["observer"]):
        with pytest.raises(NotAllowed):
            set_up(world, east, "la_officer_a", chair=chair)
    assert not InclusionPartnership.objects.filter(network=east["network"]).exists()
    assert set_up(world, east, "la_officer_a", chair=east["head_e"]).chair == east["head_e"]


def test_an_la_officer_is_told_when_the_fund_holder_has_no_head_to_chair(world, east):
    RoleAssignment.objects.filter(user=east["head_e"]).delete()
    with pytest.raises(ServiceError) as refused:
        set_up(world, east, "la_officer_a")
    assert refused.value.field == "fund_holder"
    assert not InclusionPartnership.objects.filter(network=east["network"]).exists()


def test_an_inclusion_officer_names_another_member_school_s_head_as_chair(world, east):
    assert set_up(world, east, "inclusion_officer", chair=east["head_f"]).chair == east["head_f"]


@pytest.mark.parametrize("chair", ["inclusion_officer", "la_officer_a", "governor_x", "partner", "head_x"])
def test_an_inclusion_officer_cannot_name_anyone_but_a_member_school_s_head(world, east, chair):
    with pytest.raises(ServiceError) as refused:
        set_up(world, east, "inclusion_officer", chair=world.people[chair])
    assert (refused.value.field, refused.value.message) == ("chair", CHAIR_RULE)
    assert not InclusionPartnership.objects.filter(network=east["network"]).exists()


# --- A chair sees pupils only while a member school's head ----------------------------------------


def visible_names(user) -> set[str]:
    return {pupil.full_name for pupil in selectors.visible_pupils(ctx_of(user))}


def test_a_chair_whose_headship_has_ended_sees_no_pupils(world, la_admin_a):
    chair = world.people["chair_y"]
    north = world.partnerships["north"]
    assert visible_names(chair) == {"Pupil x1", "Pupil x2", "Pupil y1"}
    # Still in the portal (as a governor), but no longer a headteacher: the chair field is unchanged.
    RoleFactory(user=chair, partnership=north.partnership, role=Role.GOVERNOR, school=world.schools["y"])
    headship = RoleAssignment.objects.get(user=chair, role=Role.HEADTEACHER)
    RoleAssignment.objects.filter(pk=headship.pk).update(starts_on=dt.date(2020, 9, 1))
    headship.refresh_from_db()
    role_end(actor=la_admin_a, ctx=ctx_of(la_admin_a), assignment=headship, reason="Retired")
    north.refresh_from_db()
    assert north.chair == chair
    ctx = ctx_of(chair)
    assert visible_names(chair) == set()
    assert not rules.inclusion_partnerships_served(ctx).exists()
    assert not rules.is_partnership_staff(ctx, north)
    assert not rules.may_see_pupils_of(ctx, world.schools["x"])


def test_a_chair_whose_school_has_left_the_partnership_sees_only_their_own_pupils(world):
    NetworkMembership.objects.filter(school=world.schools["y"]).update(left_on=dt.date(2024, 8, 31))
    chair = world.people["chair_y"]
    assert visible_names(chair) == {"Pupil y1"}
    assert not rules.is_partnership_staff(ctx_of(chair), world.partnerships["north"])


def test_a_chair_who_is_a_member_school_s_head_is_partnership_staff(world):
    assert rules.is_partnership_staff(ctx_of(world.people["chair_y"]), world.partnerships["north"])


# --- Staff ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["la_officer_a", "la_admin_a", "partnership_staff", "chair_y"])
def test_only_an_inclusion_officer_adds_or_ends_staff(world, partnership_a, actor):
    who = world.people[actor]
    north = world.partnerships["north"]
    newcomer = person(partnership_a, Role.INCLUSION_STAFF, name="Nia New")
    member = InclusionStaffMember.objects.get(inclusion_partnership=north)
    with pytest.raises(NotAllowed):
        services.staff_member_add(
            actor=who, ctx=ctx_of(who), inclusion_partnership=north, user=newcomer, reason=REASON
        )
    with pytest.raises(NotAllowed):
        services.staff_member_end(actor=who, ctx=ctx_of(who), member=member, reason=REASON)
    member.refresh_from_db()
    assert member.ends_on is None
    assert not InclusionStaffMember.objects.filter(user=newcomer).exists()
    # An LA officer cannot put themselves on the staff either.
    with pytest.raises(NotAllowed):
        services.staff_member_add(
            actor=who, ctx=ctx_of(who), inclusion_partnership=north, user=who, reason=REASON
        )


def test_an_inclusion_officer_adds_and_ends_staff(world, partnership_a):
    officer = world.people["inclusion_officer"]
    north = world.partnerships["north"]
    newcomer = person(partnership_a, Role.INCLUSION_STAFF, name="Nia New")
    member = services.staff_member_add(
        actor=officer, ctx=ctx_of(officer), inclusion_partnership=north, user=newcomer, reason=REASON
    )
    assert visible_names(newcomer) == {"Pupil x1", "Pupil x2", "Pupil y1"}
    services.staff_member_end(actor=officer, ctx=ctx_of(officer), member=member, reason=REASON)
    assert visible_names(newcomer) == set()
