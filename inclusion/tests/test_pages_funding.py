"""The inclusion partnership pages: the partnerships, their chair, staff, allocations and spending.

Who sees: LA officers and administrators, LA inclusion officers and board members see every
partnership; a partnership's staff and chair, and its member schools' headteachers, see that one;
everyone else gets a 404. Who changes: LA officers, administrators and inclusion officers set
partnerships up and change their area, fund holder and allocations; only inclusion officers choose
the chair (always a member school's headteacher) and the staff, who see pupils; the partnership's
staff and chair may also record spending. Someone who sees a page but may not change it gets a 403.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from inclusion import services
from inclusion.models import FundingAllocation, InclusionPartnership, InclusionStaffMember, Spend
from inclusion.selectors.funding import current_financial_year, financial_year_of
from partnership.models import Role
from schools.models import Network, NetworkMembership
from tests.factories import MembershipFactory, NetworkFactory, SchoolFactory, UserFactory
from tests.helpers import error_beside, pinned_queries, text_of

from .world import REASON, ctx_of, person

YEAR = current_financial_year()

SEES_BOTH = {"la_admin_a", "la_officer_a", "inclusion_officer", "board_member_a"}
# Which of partnership A's inclusion partnerships each persona sees. Everyone else: a 404.
EXPECTED = {
    **{persona: {"north", "south"} for persona in SEES_BOTH},
    "chair_y": {"north"},
    "head_x": {"north"},
    "partnership_staff": {"north"},
    "other_head_w": {"south"},
}
SEES_NOTHING = ["designated_lead_x", "teacher_x", "partner", "governor_x"]
MANAGERS = ["la_admin_a", "la_officer_a", "inclusion_officer"]
# The forms that choose who sees pupils: for LA inclusion officers only.
CHAIR_AND_STAFF = ("chair", "staff-new", "staff-end")
# Who may see the north partnership but not change it; the staff and chair may record spending.
READ_ONLY_NORTH = ["board_member_a", "head_x"]
SPENDERS_ONLY_NORTH = ["chair_y", "partnership_staff"]


@pytest.fixture
def world(inclusion_world):
    world = inclusion_world
    officer = world.people["inclusion_officer"]
    north = world.partnerships["north"]
    world.allocation = services.allocation_set(
        actor=officer,
        ctx=ctx_of(officer),
        inclusion_partnership=north,
        financial_year=YEAR,
        amount=Decimal("100000"),
        reason=REASON,
    )
    services.spend_add(
        actor=officer,
        ctx=ctx_of(officer),
        allocation=world.allocation,
        category="staff",
        amount=Decimal("40000"),
        description="Outreach worker",
        reason=REASON,
    )
    world.staff_member = InclusionStaffMember.objects.get(inclusion_partnership=north)
    return world


def url(name, slug="pa", **kwargs):
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": slug, **kwargs})


def ids_listed(response) -> set[int]:
    return {
        int(i) for i in re.findall(r'href="/p/pa/inclusion/partnerships/(\d+)/"', response.content.decode())
    }


def north_urls(world) -> dict[str, str]:
    north = world.partnerships["north"]
    return {
        "partnership-edit": url("partnership-edit", ip_id=north.pk),
        "chair": url("chair", ip_id=north.pk),
        "staff-new": url("staff-new", ip_id=north.pk),
        "staff-end": url("staff-end", ip_id=north.pk, staff_id=world.staff_member.pk),
        "allocation-set": url("allocation-set", ip_id=north.pk),
        "spend-new": url("spend-new", ip_id=north.pk, allocation_id=world.allocation.pk),
    }


# --- Who sees what ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_lists_exactly_the_partnerships_they_may_see(world, client_for, persona):
    response = client_for(world.people[persona]).get(url("partnerships"))
    assert response.status_code == 200
    assert ids_listed(response) == {world.partnerships[key].pk for key in EXPECTED[persona]}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_opens_the_partnerships_they_see_and_no_other(world, client_for, persona):
    client = client_for(world.people[persona])
    for key, ip in world.partnerships.items():
        expected = 200 if key in EXPECTED[persona] else 404
        assert client.get(url("partnership", ip_id=ip.pk)).status_code == expected, key


@pytest.mark.parametrize("persona", SEES_NOTHING)
def test_people_with_no_part_in_a_partnership_get_404_everywhere(world, client_for, persona):
    client = client_for(world.people[persona])
    assert client.get(url("partnerships")).status_code == 404
    assert client.get(url("partnership-new")).status_code == 404
    assert client.get(url("partnership", ip_id=world.partnerships["north"].pk)).status_code == 404
    for name, address in north_urls(world).items():
        assert client.get(address).status_code == 404, name
        assert client.post(address, {"reason": "x"}).status_code == 404, name


@pytest.mark.parametrize("persona", MANAGERS)
def test_managers_open_every_form_and_only_inclusion_officers_the_chair_and_staff(world, client_for, persona):
    client = client_for(world.people[persona])
    assert client.get(url("partnership-new")).status_code == 200
    for name, address in north_urls(world).items():
        expected = 403 if name in CHAIR_AND_STAFF and persona != "inclusion_officer" else 200
        assert client.get(address).status_code == expected, name


@pytest.mark.parametrize("persona", ["la_admin_a", "la_officer_a"])
def test_an_ordinary_la_officer_cannot_choose_the_chair_or_staff(world, client_for, persona, partnership_a):
    """They see no pupils, so they may not choose who does, themselves least of all."""
    north = world.partnerships["north"]
    officer = world.people[persona]
    client = client_for(officer)
    addresses = north_urls(world)
    for chair in (officer, world.people["head_x"]):
        response = client.post(addresses["chair"], {"chair": chair.pk, "reason": "Taking over"})
        assert response.status_code == 403
    newcomer = person(partnership_a, Role.INCLUSION_STAFF, name="Nia New")
    response = client.post(
        addresses["staff-new"], {"user": newcomer.pk, "starts_on": "01/09/2026", "reason": "Trying"}
    )
    assert response.status_code == 403
    response = client.post(addresses["staff-end"], {"ends_on": "01/09/2026", "reason": "Trying"})
    assert response.status_code == 403
    north.refresh_from_db()
    assert north.chair == world.people["chair_y"]
    assert list(InclusionStaffMember.objects.filter(inclusion_partnership=north)) == [world.staff_member]
    assert world.staff_member.history.count() == 1


@pytest.mark.parametrize("persona", READ_ONLY_NORTH)
def test_board_members_and_member_heads_read_but_change_nothing(world, client_for, persona):
    client = client_for(world.people[persona])
    assert client.get(url("partnership-new")).status_code == 403
    for name, address in north_urls(world).items():
        assert client.get(address).status_code == 403, name
        assert client.post(address, {"reason": "x", "amount": "5", "category": "other"}).status_code == 403
    assert Spend.objects.count() == 1


@pytest.mark.parametrize("persona", SPENDERS_ONLY_NORTH)
def test_the_partnership_s_staff_and_chair_record_spending_and_change_nothing_else(
    world, client_for, persona
):
    client = client_for(world.people[persona])
    addresses = north_urls(world)
    assert client.get(addresses.pop("spend-new")).status_code == 200
    assert client.get(url("partnership-new")).status_code == 403
    for name, address in addresses.items():
        assert client.get(address).status_code == 403, name


def test_another_chair_s_pages_under_this_partnership_are_not_found(world, client_for):
    """The south's chair sees only the south: the north's forms are a 404, not a 403."""
    client = client_for(world.people["other_head_w"])
    for name, address in north_urls(world).items():
        assert client.get(address).status_code == 404, name


def test_records_of_another_inclusion_partnership_are_not_found_under_this_one(world, client_for):
    officer = world.people["inclusion_officer"]
    north, south = world.partnerships["north"], world.partnerships["south"]
    south_allocation = services.allocation_set(
        actor=officer,
        ctx=ctx_of(officer),
        inclusion_partnership=south,
        financial_year=YEAR,
        amount=Decimal("5000"),
        reason=REASON,
    )
    south_staff = services.staff_member_add(
        actor=officer,
        ctx=ctx_of(officer),
        inclusion_partnership=south,
        user=world.people["partnership_staff"],
        reason=REASON,
    )
    client = client_for(officer)
    assert client.get(url("staff-end", ip_id=north.pk, staff_id=south_staff.pk)).status_code == 404
    assert client.get(url("spend-new", ip_id=north.pk, allocation_id=south_allocation.pk)).status_code == 404
    response = client.post(
        url("spend-new", ip_id=north.pk, allocation_id=south_allocation.pk),
        {"category": "other", "amount": "10", "reason": "Trying"},
    )
    assert response.status_code == 404
    assert not south_allocation.spends.exists()


def test_another_partnership_s_inclusion_partnership_is_not_found(
    world, client_for, partnership_b, la_officer_a
):
    officer_b = world.people["inclusion_officer_b"]
    person(partnership_b, Role.HEADTEACHER, school=world.schools["z"], name="Zara Head")
    bee = services.inclusion_partnership_create(
        actor=officer_b,
        ctx=ctx_of(officer_b, "pb"),
        network=Network.objects.get(partnership=partnership_b, name="Bee"),
        area="Bee",
        fund_holder=world.schools["z"],
        reason=REASON,
    )
    client = client_for(world.people["inclusion_officer"])
    assert client.get(url("partnership", ip_id=bee.pk)).status_code == 404
    assert client.get(url("allocation-set", ip_id=bee.pk)).status_code == 404
    assert bee.pk not in ids_listed(client.get(url("partnerships")))
    # And B's own inclusion officer, asking B's pages for A's records, finds none of them.
    client_b = client_for(officer_b)
    north = world.partnerships["north"]
    for name, kwargs in {
        "partnership": {"ip_id": north.pk},
        "chair": {"ip_id": north.pk},
        "staff-end": {"ip_id": north.pk, "staff_id": world.staff_member.pk},
        "spend-new": {"ip_id": north.pk, "allocation_id": world.allocation.pk},
    }.items():
        assert client_b.get(url(name, slug="pb", **kwargs)).status_code == 404, name
        assert client_b.post(url(name, slug="pb", **kwargs), {"reason": "x"}).status_code in {404, 405}, name


def test_signed_out_visitors_are_sent_to_sign_in(world, client):
    response = client.get(url("partnership", ip_id=world.partnerships["north"].pk))
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


# --- The list ---------------------------------------------------------------------------------


def test_the_list_shows_this_year_s_allocation_spent_and_remaining(world, client_for):
    text = text_of(client_for(world.people["board_member_a"]).get(url("partnerships")))
    assert f"Allocation {YEAR} to {YEAR + 1}" in text
    assert "North School Y Yusuf Head 2 £100,000.00 £40,000.00 £60,000.00" in text
    assert "South School W Wendy Head 1 None set £0.00 None" in text
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
    assert "North School Y Yusuf Head 1 £100,000.00" in text


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
    assert "Allocation £100,000.00" in text
    assert "Spent £40,000.00 (40% of the allocation)" in text
    assert "Remaining £60,000.00" in text
    assert (
        "Staff £40,000.00 Alternative provision placements £0.00 Home base provision £0.00 Other £0.00"
        in text
    )
    assert "Total spent £40,000.00" in text
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
    assert "Overspent by £10,000.00" in text
    assert "Spent £110,000.00 (110% of the allocation)" in text
    assert "Overspent by £10,000.00" in text_of(client.get(url("partnerships")))


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


# --- Setting up a partnership -----------------------------------------------------------------


@pytest.fixture
def east(partnership_a, world):
    """Two networks of the inclusion type without a partnership: East (school E, no head) and West."""
    east = NetworkFactory(partnership=partnership_a, name="East", network_type="inclusion_partnership")
    west = NetworkFactory(partnership=partnership_a, name="West", network_type="inclusion_partnership")
    school_e = SchoolFactory(la_code="901", name="School E", phase="Secondary")
    school_v = SchoolFactory(la_code="901", name="School V", phase="Secondary")
    MembershipFactory(network=east, school=school_e, joined_on=dt.date(2020, 9, 1))
    MembershipFactory(network=west, school=school_v, joined_on=dt.date(2020, 9, 1))
    return {"network": east, "school": school_e, "west": west, "west_school": school_v}


def test_an_inclusion_officer_sets_up_a_partnership_with_a_member_school_s_head_as_chair(
    world, east, client_for, partnership_a
):
    officer = world.people["inclusion_officer"]
    school_f = SchoolFactory(la_code="901", name="School F", phase="Secondary")
    MembershipFactory(network=east["network"], school=school_f, joined_on=dt.date(2020, 9, 1))
    head_f = person(partnership_a, Role.HEADTEACHER, school=school_f, name="Finn Head")
    client = client_for(officer)
    html = client.get(url("partnership-new")).content.decode()
    # Only the headteachers of the networks' member schools are offered: not the officer, not other heads.
    offered = set(
        re.findall(r'<option value="(\d+)"', html.split('name="chair"', 1)[1].split("</select>")[0])
    )
    assert offered == {str(head_f.pk)}
    assert f'<option value="{head_f.pk}">Finn Head, School F</option>' in html
    response = client.post(
        url("partnership-new"),
        {
            "network": east["network"].pk,
            "area": "East Leicestershire",
            "fund_holder": east["school"].pk,
            "chair": head_f.pk,
            "reason": "Agreed at the strategic group",
        },
    )
    ip = InclusionPartnership.objects.get(network=east["network"])
    assert response.status_code == 302
    assert response["Location"] == url("partnership", ip_id=ip.pk)
    assert (ip.area, ip.fund_holder, ip.chair) == ("East Leicestershire", east["school"], head_f)
    record = ip.history.first()
    assert (record.history_change_reason, record.history_user) == ("Agreed at the strategic group", officer)


def test_an_la_officer_sets_up_a_partnership_chaired_by_the_fund_holder_s_head(
    world, east, client_for, partnership_a
):
    """The letter's model: the fund holder's head chairs. An LA officer is offered no other chair,
    and a chair slipped into the form is ignored."""
    officer = world.people["la_officer_a"]
    head_e = person(partnership_a, Role.HEADTEACHER, school=east["school"], name="Eve Head")
    client = client_for(officer)
    response = client.get(url("partnership-new"))
    assert 'name="chair"' not in response.content.decode()
    assert "The fund-holder school's headteacher will chair it." in text_of(response)
    response = client.post(
        url("partnership-new"),
        {
            "network": east["network"].pk,
            "area": "East",
            "fund_holder": east["school"].pk,
            "chair": officer.pk,
            "reason": "Agreed at the strategic group",
        },
    )
    assert response.status_code == 302
    ip = InclusionPartnership.objects.get(network=east["network"])
    assert ip.chair == head_e
    assert ip.history.first().history_user == officer


def test_the_set_up_form_offers_only_networks_without_a_partnership(world, east, client_for):
    html = client_for(world.people["la_officer_a"]).get(url("partnership-new")).content.decode()
    assert f'<option value="{east["network"].pk}">East</option>' in html
    assert ">North</option>" not in html
    assert '<optgroup label="West">' in html


def test_the_fund_holder_must_be_a_member_of_the_chosen_network(world, east, client_for):
    response = client_for(world.people["la_officer_a"]).post(
        url("partnership-new"),
        {
            "network": east["network"].pk,
            "area": "East",
            "fund_holder": east["west_school"].pk,
            "reason": "Setting up",
        },
    )
    assert response.status_code == 200
    assert (
        error_beside(response, "fund_holder") == "The fund-holder school must be a member of the partnership"
    )
    assert "There is a problem" in text_of(response)
    assert not InclusionPartnership.objects.filter(network=east["network"]).exists()


def test_without_a_chair_the_fund_holder_s_head_is_needed(world, east, client_for):
    data = {
        "network": east["network"].pk,
        "area": "East",
        "fund_holder": east["school"].pk,
        "reason": "Set up",
    }
    response = client_for(world.people["inclusion_officer"]).post(url("partnership-new"), data)
    assert error_beside(response, "chair") == (
        "The fund-holder school has no headteacher in the portal, so choose the chair"
    )
    # An LA officer has no chair to choose: the fund holder is what they can change.
    response = client_for(world.people["la_officer_a"]).post(url("partnership-new"), data)
    assert error_beside(response, "fund_holder") == (
        "The fund-holder school has no headteacher in the portal to chair the partnership. "
        "Choose another fund holder, or ask an LA inclusion officer to set the partnership up"
    )
    assert not InclusionPartnership.objects.filter(network=east["network"]).exists()


def test_only_a_member_school_s_head_is_accepted_as_chair_on_set_up(world, east, client_for, partnership_a):
    officer = world.people["inclusion_officer"]
    client = client_for(officer)
    data = {
        "network": east["network"].pk,
        "area": "East",
        "fund_holder": east["school"].pk,
        "reason": "Set up",
    }
    for chair in (
        UserFactory(full_name="Nobody Here"),
        officer,
        world.people["partner"],
        world.people["head_x"],
    ):
        response = client.post(url("partnership-new"), {**data, "chair": chair.pk})
        assert error_beside(response, "chair") == "Select a person from the list", chair
    # The head of a school in another network is on the list (under that network), but not this one's.
    head_v = person(partnership_a, Role.HEADTEACHER, school=east["west_school"], name="Vic Head")
    response = client.post(url("partnership-new"), {**data, "chair": head_v.pk})
    assert error_beside(response, "chair") == (
        "The chair must be the headteacher of one of the partnership's member schools"
    )
    assert "There is a problem" in text_of(response)
    assert not InclusionPartnership.objects.filter(network=east["network"]).exists()


def test_with_no_network_to_use_the_page_says_where_to_add_one(world, client_for):
    response = client_for(world.people["la_officer_a"]).get(url("partnership-new"))
    assert "There is no network to set an inclusion partnership up on" in text_of(response)
    assert 'name="reason"' not in response.content.decode()


# --- Details and chair ------------------------------------------------------------------------


def test_an_officer_changes_the_area_and_fund_holder(world, client_for):
    north = world.partnerships["north"]
    response = client_for(world.people["la_admin_a"]).post(
        url("partnership-edit", ip_id=north.pk),
        {"area": "North West", "fund_holder": world.schools["x"].pk, "reason": "School Y stepped down"},
    )
    assert response.status_code == 302
    north.refresh_from_db()
    assert (north.area, north.fund_holder, north.chair) == (
        "North West",
        world.schools["x"],
        world.people["chair_y"],
    )
    assert north.history.first().history_change_reason == "School Y stepped down"


def test_the_fund_holder_must_be_a_member_school(world, client_for):
    north = world.partnerships["north"]
    response = client_for(world.people["la_admin_a"]).post(
        url("partnership-edit", ip_id=north.pk),
        {"area": "North", "fund_holder": world.schools["w"].pk, "reason": "Trying"},
    )
    assert error_beside(response, "fund_holder") == (
        "Select a school from the list: the fund holder must be a member school"
    )
    assert "There is a problem" in text_of(response)
    north.refresh_from_db()
    assert north.fund_holder == world.schools["y"]


def test_an_empty_area_and_no_reason_are_shown_beside_their_fields(world, client_for):
    north = world.partnerships["north"]
    response = client_for(world.people["la_admin_a"]).post(
        url("partnership-edit", ip_id=north.pk), {"area": " ", "fund_holder": world.schools["y"].pk}
    )
    assert error_beside(response, "area") == "Enter the area the partnership covers"
    assert error_beside(response, "reason") == "Enter why you are changing the partnership's details"
    assert north.history.count() == 1


def test_an_inclusion_officer_changes_the_chair_to_a_member_school_s_head(world, client_for):
    north = world.partnerships["north"]
    client = client_for(world.people["inclusion_officer"])
    response = client.get(url("chair", ip_id=north.pk))
    text = text_of(response)
    assert "consults the chair before a permanent exclusion" in text
    assert "sees the pupil records of every member school" in text
    # Offered: the member schools' heads other than the chair. Not the officer, not School W's head.
    html = response.content.decode()
    assert set(re.findall(r'<option value="(\d+)"', html)) == {str(world.people["head_x"].pk)}
    assert f'<option value="{world.people["head_x"].pk}">Hana Head, School X</option>' in html
    response = client.post(
        url("chair", ip_id=north.pk), {"chair": world.people["head_x"].pk, "reason": "Yusuf has retired"}
    )
    assert response.status_code == 302
    north.refresh_from_db()
    assert north.chair == world.people["head_x"]
    assert north.history.first().history_change_reason == "Yusuf has retired"


@pytest.mark.parametrize(
    "persona",
    ["inclusion_officer", "inclusion_officer_b", "la_officer_a", "governor_x", "partner", "other_head_w"],
)
def test_the_chair_must_be_a_member_school_s_headteacher(world, client_for, persona):
    north = world.partnerships["north"]
    response = client_for(world.people["inclusion_officer"]).post(
        url("chair", ip_id=north.pk), {"chair": world.people[persona].pk, "reason": "Trying"}
    )
    assert error_beside(response, "chair") == (
        "Select a headteacher from the list: the chair must be the headteacher of one of the "
        "partnership's member schools"
    )
    assert "There is a problem" in text_of(response)
    north.refresh_from_db()
    assert north.chair == world.people["chair_y"]


def test_with_no_other_head_to_choose_the_chair_page_says_so(world, client_for):
    north = world.partnerships["north"]
    NetworkMembership.objects.filter(school=world.schools["x"]).update(left_on=dt.date(2024, 8, 31))
    text = text_of(client_for(world.people["inclusion_officer"]).get(url("chair", ip_id=north.pk)))
    assert "No other member school's headteacher has a role in the portal yet" in text


# --- Staff ------------------------------------------------------------------------------------


def test_an_officer_adds_a_member_of_staff_from_a_date(world, client_for, partnership_a):
    north = world.partnerships["north"]
    newcomer = person(partnership_a, Role.INCLUSION_STAFF, name="Nia New")
    client = client_for(world.people["inclusion_officer"])
    assert "Nia New" in text_of(client.get(url("staff-new", ip_id=north.pk)))
    starts = timezone.localdate() + dt.timedelta(days=7)
    response = client.post(
        url("staff-new", ip_id=north.pk),
        {"user": newcomer.pk, "starts_on": starts.strftime("%d/%m/%Y"), "reason": "New outreach worker"},
    )
    assert response.status_code == 302
    member = InclusionStaffMember.objects.get(user=newcomer)
    assert (member.inclusion_partnership, member.starts_on) == (north, starts)
    assert member.history.first().history_change_reason == "New outreach worker"
    assert "Nia New Starting" in text_of(client.get(url("partnership", ip_id=north.pk)))


def test_someone_already_on_the_staff_cannot_be_added_again(world, client_for):
    north = world.partnerships["north"]
    response = client_for(world.people["inclusion_officer"]).post(
        url("staff-new", ip_id=north.pk),
        {"user": world.people["partnership_staff"].pk, "starts_on": "01/09/2026", "reason": "Again"},
    )
    assert error_beside(response, "user") == (
        "Select a person from the list. People already on the staff are not listed"
    )
    assert "There is a problem" in text_of(response)
    assert InclusionStaffMember.objects.filter(inclusion_partnership=north).count() == 1


def test_only_people_with_the_staff_role_can_be_added(world, client_for):
    north = world.partnerships["north"]
    response = client_for(world.people["inclusion_officer"]).post(
        url("staff-new", ip_id=north.pk),
        {"user": world.people["teacher_x"].pk, "starts_on": "01/09/2026", "reason": "Trying"},
    )
    assert error_beside(response, "user").startswith("Select a person from the list")
    assert InclusionStaffMember.objects.filter(inclusion_partnership=north).count() == 1


def test_ending_a_member_of_staff_asks_first_then_keeps_the_record(world, client_for):
    north = world.partnerships["north"]
    member = world.staff_member
    client = client_for(world.people["inclusion_officer"])
    address = url("staff-end", ip_id=north.pk, staff_id=member.pk)
    text = text_of(client.get(address))
    assert "End Ira Staff's time on the staff" in text
    assert "no longer see the pupil records" in text
    member.refresh_from_db()
    assert member.ends_on is None
    today = timezone.localdate()
    response = client.post(address, {"ends_on": today.strftime("%d/%m/%Y"), "reason": "Contract ended"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.ends_on == today
    assert member.history.first().history_change_reason == "Contract ended"
    # Once ended there is nothing left to end.
    assert client.get(address).status_code == 404


def test_staff_cannot_leave_before_they_started(world, client_for):
    north = world.partnerships["north"]
    member = world.staff_member
    before = member.starts_on - dt.timedelta(days=1)
    response = client_for(world.people["inclusion_officer"]).post(
        url("staff-end", ip_id=north.pk, staff_id=member.pk),
        {"ends_on": before.strftime("%d/%m/%Y"), "reason": "Oops"},
    )
    assert error_beside(response, "ends_on") == "The end date must not be before the start date"
    member.refresh_from_db()
    assert member.ends_on is None


# --- Allocations and spending -----------------------------------------------------------------


def test_an_officer_sets_next_year_s_allocation(world, client_for):
    north = world.partnerships["north"]
    client = client_for(world.people["la_officer_a"])
    html = client.get(url("allocation-set", ip_id=north.pk)).content.decode()
    for year in range(YEAR - 2, YEAR + 2):
        assert f">{year} to {year + 1}</option>" in html
    response = client.post(
        url("allocation-set", ip_id=north.pk),
        {"financial_year": YEAR + 1, "amount": "£250,000.50", "reason": "Budget agreed by cabinet"},
    )
    assert response.status_code == 302
    allocation = FundingAllocation.objects.get(inclusion_partnership=north, financial_year=YEAR + 1)
    assert allocation.amount == Decimal("250000.50")
    assert allocation.history.first().history_change_reason == "Budget agreed by cabinet"


def test_setting_a_year_again_changes_its_allocation_and_keeps_the_old_amount(world, client_for):
    north = world.partnerships["north"]
    client = client_for(world.people["inclusion_officer"])
    html = client.get(url("allocation-set", ip_id=north.pk), {"year": YEAR}).content.decode()
    assert 'value="100000.00"' in html
    response = client.post(
        url("allocation-set", ip_id=north.pk),
        {"financial_year": YEAR, "amount": "120000", "reason": "In-year top-up"},
    )
    assert response.status_code == 302
    allocation = FundingAllocation.objects.get(inclusion_partnership=north, financial_year=YEAR)
    assert allocation.pk == world.allocation.pk
    assert allocation.amount == Decimal("120000")
    assert [h.amount for h in allocation.history.all()] == [Decimal("120000"), Decimal("100000")]
    assert allocation.history.first().history_change_reason == "In-year top-up"
    assert allocation.spends.count() == 1


def test_setting_the_same_amount_again_is_refused(world, client_for):
    north = world.partnerships["north"]
    response = client_for(world.people["inclusion_officer"]).post(
        url("allocation-set", ip_id=north.pk), {"financial_year": YEAR, "amount": "100000", "reason": "Again"}
    )
    assert (
        error_beside(response, "amount") == f"The allocation for {YEAR} to {YEAR + 1} is already £100,000.00"
    )
    assert world.allocation.history.count() == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "The amount must be £0 or more"),
        ("12abc", "Enter the amount in pounds as a number, like 1500 or 1500.50"),
        ("", "Enter the amount allocated, or 0"),
        ("10.555", "Enter the amount in pounds and pence, with no more than 2 decimal places"),
    ],
)
def test_a_bad_allocation_amount_is_shown_beside_the_field(world, client_for, typed, message):
    north = world.partnerships["north"]
    response = client_for(world.people["inclusion_officer"]).post(
        url("allocation-set", ip_id=north.pk),
        {"financial_year": YEAR + 1, "amount": typed, "reason": "Budget"},
    )
    assert response.status_code == 200
    assert error_beside(response, "amount") == message
    assert "There is a problem" in text_of(response)
    assert not FundingAllocation.objects.filter(inclusion_partnership=north, financial_year=YEAR + 1).exists()


def test_a_year_outside_the_list_is_refused(world, client_for):
    north = world.partnerships["north"]
    response = client_for(world.people["inclusion_officer"]).post(
        url("allocation-set", ip_id=north.pk), {"financial_year": YEAR + 5, "amount": "1", "reason": "Budget"}
    )
    assert error_beside(response, "financial_year") == "Select a financial year from the list"
    assert FundingAllocation.objects.filter(inclusion_partnership=north).count() == 1


def test_the_chair_records_spending_on_home_base_provision(world, client_for):
    north = world.partnerships["north"]
    chair = world.people["chair_y"]
    client = client_for(chair)
    address = url("spend-new", ip_id=north.pk, allocation_id=world.allocation.pk)
    assert "Remaining £60,000.00" in text_of(client.get(address))
    response = client.post(
        address,
        {
            "category": "home_base",
            "amount": "12500",
            "description": "Home base teacher",
            "reason": "Autumn term",
        },
    )
    assert response.status_code == 302
    spend = Spend.objects.get(category="home_base")
    assert (spend.allocation, spend.amount, spend.description) == (
        world.allocation,
        Decimal("12500"),
        "Home base teacher",
    )
    record = spend.history.first()
    assert (record.history_change_reason, record.history_user) == ("Autumn term", chair)
    text = text_of(client.get(url("partnership", ip_id=north.pk)))
    assert "Home base provision £12,500.00" in text
    assert "Remaining £47,500.00" in text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"category": "staff", "amount": "-1"}, "amount", "The amount must be £0 or more"),
        (
            {"category": "staff", "amount": "ten pounds"},
            "amount",
            "Enter the amount in pounds as a number, like 1500 or 1500.50",
        ),
        ({"amount": "10"}, "category", "Select what the money was spent on"),
        (
            {"category": "travel", "amount": "10"},
            "category",
            "Select a valid choice. travel is not one of the available choices.",
        ),
    ],
)
def test_bad_spending_is_shown_beside_the_field_and_nothing_is_saved(world, client_for, data, field, message):
    north = world.partnerships["north"]
    response = client_for(world.people["partnership_staff"]).post(
        url("spend-new", ip_id=north.pk, allocation_id=world.allocation.pk), {**data, "reason": "Spending"}
    )
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert "There is a problem" in text_of(response)
    assert Spend.objects.count() == 1


def test_spending_needs_a_reason(world, client_for):
    north = world.partnerships["north"]
    response = client_for(world.people["partnership_staff"]).post(
        url("spend-new", ip_id=north.pk, allocation_id=world.allocation.pk),
        {"category": "staff", "amount": "10"},
    )
    assert error_beside(response, "reason") == "Enter why you are recording this spending"
    assert Spend.objects.count() == 1


# --- The financial year -----------------------------------------------------------------------


def test_a_financial_year_runs_from_april_to_march():
    assert financial_year_of(dt.date(2027, 3, 31)) == 2026
    assert financial_year_of(dt.date(2026, 4, 1)) == 2026
    assert financial_year_of(dt.date(2026, 12, 25)) == 2026


def test_the_current_financial_year_is_worked_out_in_london(monkeypatch):
    # 23:30 on 31 March 2027 in UTC is 00:30 on 1 April in London (British Summer Time).
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2027, 3, 31, 23, 30, tzinfo=dt.UTC))
    assert current_financial_year() == 2027
