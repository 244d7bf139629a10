"""Setting up an inclusion partnership, and changing its area, fund holder and chair: the fund holder
is a member school and the chair a member school's headteacher."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from inclusion.models import InclusionPartnership
from partnership.models import Role
from schools.models import NetworkMembership
from tests.factories import MembershipFactory, NetworkFactory, SchoolFactory, UserFactory
from tests.helpers import error_beside, text_of

from ..world import person
from .conftest import url

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
