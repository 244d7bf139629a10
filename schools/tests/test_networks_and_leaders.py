"""Networks with dated membership, and the system leaders directory."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from schools.models import Network, NetworkMembership, SystemLeader
from tests.factories import MembershipFactory, NetworkFactory, PriorityFactory, SystemLeaderFactory
from tests.helpers import pinned_queries, text_of


def url(name, **kwargs):
    return reverse(f"schools:{name}", kwargs={"partnership_slug": "pa", **kwargs})


def test_officer_creates_a_network_and_adds_and_removes_a_school(
    client_for, la_officer_a, school_x, school_y
):
    client = client_for(la_officer_a)
    missing = client.post(url("network-add"), {})
    assert "Enter the network's name" in text_of(missing) and "Select the type of network" in text_of(missing)
    response = client.post(
        url("network-add"),
        {
            "name": "North West Triad",
            "network_type": "triad",
            "lead_school": school_x.pk,
            "reason": "New triad",
        },
    )
    network = Network.objects.get()
    assert response["Location"] == url("network", network_id=network.pk)
    assert network.history.latest().history_user == la_officer_a
    duplicate = client.post(
        url("network-add"), {"name": "north west triad", "network_type": "triad", "reason": "x"}
    )
    assert "already has a network with this name" in text_of(duplicate)

    add = url("membership-add", network_id=network.pk)
    client.post(add, {"school": school_y.pk, "joined_on": "01/09/2025", "reason": "Joined"})
    again = client.post(add, {"school": school_y.pk, "joined_on": "01/09/2025", "reason": "Joined"})
    assert "is already a member" in text_of(again)
    bad_date = client.post(add, {"school": school_x.pk, "joined_on": "31/02/2025", "reason": "x"})
    assert "Date the school joined must be a real date" in text_of(bad_date)
    membership = NetworkMembership.objects.get()
    leave = url("membership-end", network_id=network.pk, membership_id=membership.pk)
    early = client.post(leave, {"left_on": "01/01/2025", "reason": "x"})
    assert "cannot leave before it joined" in text_of(early)
    client.post(leave, {"left_on": "01/01/2026", "reason": "Left the triad"})
    membership.refresh_from_db()
    assert membership.left_on == dt.date(2026, 1, 1)
    page = text_of(client.get(url("network", network_id=network.pk)))
    assert "Schools before" in page and "School Y: 1 September 2025 to 1 January 2026" in page


def test_headteachers_see_networks_but_cannot_change_them(client_for, head_x, partnership_a, school_x):
    network = NetworkFactory(partnership=partnership_a)
    client = client_for(head_x)
    assert client.get(url("networks")).status_code == 200
    assert client.get(url("network", network_id=network.pk)).status_code == 200
    assert client.get(url("network-add")).status_code == 403
    assert client.post(url("network-edit", network_id=network.pk), {"name": "x"}).status_code == 403


def test_network_page_shows_aggregate_outcomes_with_a_pinned_query_count(
    client_for, head_x, partnership_a, school_x, school_y
):
    from tests.factories import InspectionFactory, KS2Factory

    network = NetworkFactory(partnership=partnership_a)
    for school, pupils, pct in ((school_x, 10, 50), (school_y, 30, 90)):
        MembershipFactory(network=network, school=school, joined_on=dt.date(2020, 1, 1))
        InspectionFactory(school=school, overall="good")
        KS2Factory(school=school, pupils=pupils, rwm_expected_pct=Decimal(pct))
    client = client_for(head_x)
    client.get(url("network", network_id=network.pk))
    # session, user, context, network, memberships, latest inspections, KS2, KS4, chooser
    with pinned_queries(9):
        response = client.get(url("network", network_id=network.pk))
    text = text_of(response)
    assert "Good 2" in text
    assert "80.0% in 2017 to 2018 (2 schools, weighted by pupils)" in text


def test_networks_of_another_partnership_are_not_found(client_for, la_officer_b, partnership_a):
    network = NetworkFactory(partnership=partnership_a)
    response = client_for(la_officer_b).get(
        reverse("schools:network", kwargs={"partnership_slug": "pb", "network_id": network.pk})
    )
    assert response.status_code == 404


@pytest.fixture
def directory(partnership_a, partnership_b):
    reading = PriorityFactory(partnership=partnership_a, title="Reading")
    maths = PriorityFactory(partnership=partnership_a, title="Maths")
    today = dt.date.today()
    anna = SystemLeaderFactory(
        partnership=partnership_a,
        full_name="Anna",
        capacity_days=10,
        committed_days=2,
        accreditation_expires_on=today + dt.timedelta(days=30),
    )
    anna.expertise.set([reading])
    ben = SystemLeaderFactory(
        partnership=partnership_a,
        full_name="Ben",
        capacity_days=10,
        committed_days=9,
        accreditation_expires_on=today - dt.timedelta(days=1),
    )
    ben.expertise.set([maths])
    SystemLeaderFactory(partnership=partnership_b, full_name="Other partnership")
    return {"reading": reading, "maths": maths, "anna": anna, "ben": ben}


def names(response):
    return [leader.full_name for leader in response.context["page"].object_list]


def test_search_the_directory_by_expertise_and_availability(client_for, head_x, directory):
    client = client_for(head_x)
    assert names(client.get(url("leaders"))) == ["Anna", "Ben"]
    assert names(client.get(url("leaders"), {"expertise": directory["maths"].pk})) == ["Ben"]
    assert names(client.get(url("leaders"), {"min_days": "5"})) == ["Anna"]
    assert names(client.get(url("leaders"), {"q": "read"})) == ["Anna"]
    page = text_of(client.get(url("leaders")))
    assert "Expires soon" in page and "Expired" in page


def test_directory_has_a_pinned_query_count(client_for, la_officer_a, directory):
    client = client_for(la_officer_a)
    client.get(url("leaders"))
    # session, user, context, priorities for the filter, count, page, expertise, chooser
    with pinned_queries(8):
        client.get(url("leaders"))


def test_officer_adds_a_system_leader_with_validation(client_for, la_officer_a, directory, school_x):
    client = client_for(la_officer_a)
    bad = client.post(
        url("leader-add"),
        {
            "full_name": "",
            "designation": "sle",
            "capacity_days": "5",
            "committed_days": "8",
            "reason": "x",
        },
    )
    assert "Enter the system leader's full name" in text_of(bad)
    over = client.post(
        url("leader-add"),
        {
            "full_name": "Cara",
            "designation": "sle",
            "capacity_days": "5",
            "committed_days": "8",
            "reason": "x",
        },
    )
    assert "Days committed cannot be more than the capacity" in text_of(over)
    client.post(
        url("leader-add"),
        {
            "full_name": "Cara",
            "designation": "nle",
            "home_school": school_x.pk,
            "expertise": [directory["reading"].pk],
            "capacity_days": "12",
            "committed_days": "3",
            "accredited_on": "01/09/2024",
            "accreditation_expires_on": "31/08/2027",
            "is_active": "on",
            "reason": "Newly accredited",
        },
    )
    cara = SystemLeader.objects.get(full_name="Cara")
    assert list(cara.expertise.all()) == [directory["reading"]]
    assert cara.available_days == Decimal("9")
    assert cara.history.latest().history_change_reason == "Newly accredited"


@pytest.mark.parametrize(
    "persona, status",
    [("la_officer_a", 200), ("head_x", 200), ("board_member_a", 200), ("governor_x", 404)],
)
def test_who_sees_the_directory(persona, status, personas, client_for, directory):
    assert client_for(personas[persona]).get(url("leaders")).status_code == status


def test_priorities_are_edited_by_la_administrators(client_for, la_admin_a, la_officer_a, partnership_a):
    from partnership.models import Priority

    admin = client_for(la_admin_a)
    add = reverse("partnership:priority-add", kwargs={"partnership_slug": "pa"})
    assert "Enter the priority" in text_of(admin.post(add, {"position": "1", "reason": "x"}))
    admin.post(add, {"title": "Reading", "position": "1", "is_active": "on", "reason": "From the vision"})
    assert "already has this priority" in text_of(
        admin.post(add, {"title": "reading", "position": "2", "reason": "x"})
    )
    priority = Priority.objects.get()
    assert priority.history.latest().history_user == la_admin_a
    assert client_for(la_officer_a).get(add).status_code == 403
    listing = client_for(la_officer_a).get(
        reverse("partnership:priorities", kwargs={"partnership_slug": "pa"})
    )
    assert "Reading" in text_of(listing)


def test_the_network_list_counts_the_same_current_schools_as_the_network_page(la_officer_a, partnership_a):
    from partnership.access import partnership_context_for
    from schools.selectors import network_list

    today = dt.date.today()
    network = NetworkFactory(partnership=partnership_a)
    MembershipFactory(network=network, joined_on=today - dt.timedelta(days=30))  # current
    MembershipFactory(
        network=network, joined_on=today - dt.timedelta(days=30), left_on=today + dt.timedelta(days=5)
    )
    MembershipFactory(network=network, joined_on=today + dt.timedelta(days=10))  # not joined yet
    MembershipFactory(network=network, joined_on=today + dt.timedelta(days=20))  # not joined yet
    MembershipFactory(network=network, joined_on=today - dt.timedelta(days=90), left_on=today)  # left today
    listed = network_list(partnership_context_for(la_officer_a, "pa")).get(pk=network.pk)
    assert listed.current_schools == NetworkMembership.objects.current().filter(network=network).count() == 2
