"""The list of inclusion partnerships and a partnership's page: this year's money, the members, staff
and spending, what each person is offered, and query counts that do not grow with the rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from inclusion import services
from partnership.models import Role
from schools.models import NetworkMembership
from tests.factories import MembershipFactory, NetworkFactory, SchoolFactory
from tests.helpers import pinned_queries, text_of

from ..world import REASON, ctx_of, person
from .conftest import YEAR, ids_listed, url

# --- The list ---------------------------------------------------------------------------------


def test_the_list_shows_this_year_s_allocation_spent_and_remaining(world, client_for):
    text = text_of(client_for(world.people["board_member_a"]).get(url("partnerships")))
    assert f"Allocation {YEAR} to {YEAR + 1}" in text
    assert "North School Y Yusuf Head 2 £100,000 £40,000 £60,000" in text
    assert "South School W Wendy Head 1 None set £0 None" in text
    assert "2 inclusion partnerships." in text


def test_only_managers_are_offered_to_set_up_a_partnership(world, client_for):
    assert "Set up an inclusion partnership" in text_of(
        client_for(world.people["la_officer_a"]).get(url("partnerships"))
    )
    assert "Set up an inclusion partnership" not in text_of(
        client_for(world.people["board_member_a"]).get(url("partnerships"))
    )


def test_the_member_count_is_of_schools_in_the_network_today(world, client_for):
    NetworkMembership.objects.filter(school=world.schools["x"]).update(left_on=dt.date(2024, 8, 31))
    text = text_of(client_for(world.people["la_officer_a"]).get(url("partnerships")))
    assert "North School Y Yusuf Head 1 £100,000" in text


def test_the_list_searches_by_area_fund_holder_and_chair(world, client_for):
    client = client_for(world.people["la_officer_a"])
    north, south = world.partnerships["north"], world.partnerships["south"]
    assert ids_listed(client.get(url("partnerships"), {"q": "sou"})) == {south.pk}
    assert ids_listed(client.get(url("partnerships"), {"q": "School Y"})) == {north.pk}
    assert ids_listed(client.get(url("partnerships"), {"q": "wendy"})) == {south.pk}
    assert "No inclusion partnerships match “nowhere”" in text_of(
        client.get(url("partnerships"), {"q": "nowhere"})
    )


def test_the_empty_list_explains_how_a_partnership_is_set_up(partnership_b, la_officer_b, client_for):
    response = client_for(la_officer_b).get(url("partnerships", slug="pb"))
    text = text_of(response)
    assert "No inclusion partnerships yet." in text
    assert "behaviour and inclusion partnership" in text
    assert reverse("schools:networks", kwargs={"partnership_slug": "pb"}) in response.content.decode()


def test_a_head_whose_school_is_in_no_partnership_is_told_so(world, client_for, partnership_a):
    head = person(partnership_a, Role.HEADTEACHER, school=SchoolFactory(la_code="901"), name="Pat Primary")
    text = text_of(client_for(head).get(url("partnerships")))
    assert "your school is not a member of one" in text


def test_the_list_query_count_does_not_grow_with_partnerships(world, client_for, partnership_a):
    client = client_for(world.people["la_officer_a"])
    client.get(url("partnerships"))  # the first page of a visit notes the partnership in the session
    with pinned_queries(6):
        client.get(url("partnerships"))
    officer = world.people["inclusion_officer"]
    for name in ("East", "West", "Central"):
        network = NetworkFactory(partnership=partnership_a, name=name, network_type="inclusion_partnership")
        MembershipFactory(network=network, school=world.schools["y"], joined_on=dt.date(2020, 9, 1))
        ip = services.inclusion_partnership_create(
            actor=officer,
            ctx=ctx_of(officer),
            network=network,
            area=name,
            fund_holder=world.schools["y"],
            reason=REASON,
        )
        services.allocation_set(
            actor=officer,
            ctx=ctx_of(officer),
            inclusion_partnership=ip,
            financial_year=YEAR,
            amount=Decimal("1"),
            reason=REASON,
        )
    with pinned_queries(6):
        response = client.get(url("partnerships"))
    assert len(ids_listed(response)) == 5


# --- The partnership's page -------------------------------------------------------------------


def test_the_page_shows_members_staff_and_spending_by_category(world, client_for):
    north = world.partnerships["north"]
    response = client_for(world.people["head_x"]).get(url("partnership", ip_id=north.pk))
    text = text_of(response)
    html = response.content.decode()
    assert "Fund-holder school School Y" in text
    assert "Chair Yusuf Head" in text
    assert "Member schools 2" in text
    assert reverse("schools:school", kwargs={"partnership_slug": "pa", "urn": world.schools["x"].urn}) in html
    assert "Ira Staff On the staff" in text
    assert "Allocation £100,000" in text
    assert "Spent £40,000 (40% of the allocation)" in text
    assert "Remaining £60,000" in text
    assert "Staff £40,000 Alternative provision placements £0 Home base provision £0 Other £0" in text
    assert "Total spent £40,000" in text
    assert "Outreach worker" in text
    # A member school's head reads it: no actions are offered.
    for action in (
        "Set an allocation",
        "Record spending",
        "Change the chair",
        "Add a member of staff",
        ">End<",
    ):
        assert action not in html


def test_the_page_offers_each_person_only_what_they_may_do(world, client_for):
    north = world.partnerships["north"]
    manager = (
        client_for(world.people["inclusion_officer"]).get(url("partnership", ip_id=north.pk)).content.decode()
    )
    for action in ("Set an allocation", "Record spending", "Change the chair", "Add a member of staff"):
        assert action in manager
    assert url("staff-end", ip_id=north.pk, staff_id=world.staff_member.pk) in manager
    staff = (
        client_for(world.people["partnership_staff"]).get(url("partnership", ip_id=north.pk)).content.decode()
    )
    assert "Record spending" in staff
    for action in ("Set an allocation", "Change the chair", "Add a member of staff"):
        assert action not in staff
    # An ordinary LA officer manages the money and details, but not who sees pupils.
    officer = (
        client_for(world.people["la_officer_a"]).get(url("partnership", ip_id=north.pk)).content.decode()
    )
    for action in ("Set an allocation", "Record spending", "Change the area or fund holder"):
        assert action in officer
    for action in ("Change the chair", "Add a member of staff", url("chair", ip_id=north.pk)):
        assert action not in officer
    assert url("staff-end", ip_id=north.pk, staff_id=world.staff_member.pk) not in officer


def test_spending_over_the_allocation_is_allowed_and_shown_as_overspent(world, client_for):
    north = world.partnerships["north"]
    client = client_for(world.people["partnership_staff"])
    response = client.post(
        url("spend-new", ip_id=north.pk, allocation_id=world.allocation.pk),
        {
            "category": "ap_placements",
            "amount": "70,000",
            "description": "Bridge Centre",
            "reason": "Autumn term",
        },
    )
    assert response.status_code == 302
    text = text_of(client.get(url("partnership", ip_id=north.pk)))
    assert "Overspent by £10,000" in text
    assert "Spent £110,000 (110% of the allocation)" in text
    assert "Overspent by £10,000" in text_of(client.get(url("partnerships")))


def test_former_staff_are_listed_with_their_dates(world, client_for):
    officer = world.people["inclusion_officer"]
    services.staff_member_end(
        actor=officer,
        ctx=ctx_of(officer),
        member=world.staff_member,
        ends_on=timezone.localdate(),
        reason=REASON,
    )
    text = text_of(client_for(officer).get(url("partnership", ip_id=world.partnerships["north"].pk)))
    assert f"Ira Staff Left {world.staff_member.starts_on.day} " in text


def test_the_page_query_count_does_not_grow_with_rows(world, client_for, partnership_a):
    north = world.partnerships["north"]
    client = client_for(world.people["la_officer_a"])
    client.get(url("partnership", ip_id=north.pk))  # the first page of a visit notes the partnership
    with pinned_queries(9):
        client.get(url("partnership", ip_id=north.pk))
    officer = world.people["inclusion_officer"]
    ctx = ctx_of(officer)
    for year in (YEAR - 1, YEAR - 2):
        allocation = services.allocation_set(
            actor=officer,
            ctx=ctx,
            inclusion_partnership=north,
            financial_year=year,
            amount=Decimal("9"),
            reason=REASON,
        )
        for category in ("staff", "home_base", "other"):
            services.spend_add(
                actor=officer,
                ctx=ctx,
                allocation=allocation,
                category=category,
                amount=Decimal("1"),
                reason=REASON,
            )
    for n in range(3):
        extra = person(partnership_a, Role.INCLUSION_STAFF, name=f"Extra {n}")
        services.staff_member_add(
            actor=officer, ctx=ctx, inclusion_partnership=north, user=extra, reason=REASON
        )
        school = SchoolFactory(la_code="901", name=f"Extra school {n}")
        MembershipFactory(network=north.network, school=school, joined_on=dt.date(2021, 9, 1))
    with pinned_queries(9):
        response = client.get(url("partnership", ip_id=north.pk))
    assert "Extra school 2" in text_of(response)
