"""The inclusion partnership pages: who sees and who changes what.

Who sees: LA officers and administrators, LA inclusion officers and board members see every
partnership; a partnership's staff and chair, and its member schools' headteachers, see that one;
everyone else gets a 404. Who changes: LA officers, administrators and inclusion officers set
partnerships up and change their area, fund holder and allocations; only inclusion officers choose
the chair (always a member school's headteacher) and the staff, who see pupils; the partnership's
staff and chair may also record spending. Someone who sees a page but may not change it gets a 403.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from inclusion import services
from inclusion.models import InclusionStaffMember, Spend
from partnership.models import Role
from schools.models import Network

from ..world import REASON, ctx_of, person
from .conftest import YEAR, ids_listed, url

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
