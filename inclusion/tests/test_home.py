"""The inclusion start page: who may open it, the links each person gets, the partnerships listed,
the navigation item and the headteacher's home page panel."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.helpers import pinned_queries, text_of

HOME = "/p/pa/inclusion/"

# The links each persona gets on the start page, by the words of the link.
LINKS = {
    "Pupils": {
        "inclusion_officer",
        "head_x",
        "designated_lead_x",
        "chair_y",
        "partnership_staff",
        "other_head_w",
    },
    "Alternative provision providers": {
        "inclusion_officer",
        "head_x",
        "chair_y",
        "partnership_staff",
        "other_head_w",
        "la_admin_a",
        "la_officer_a",
    },
    "Designated inclusion leads": {"head_x", "chair_y", "other_head_w"},
    "Inclusion figures": {
        "other_head_w",  # who chairs South
        "inclusion_officer",
        "chair_y",
        "partnership_staff",
        "la_admin_a",
        "la_officer_a",
        "board_member_a",
    },
}
NOT_FOUND = {"teacher_x", "partner", "governor_x", "inclusion_officer_b"}


@pytest.fixture
def world(inclusion_world):
    world = inclusion_world
    return world


@pytest.mark.parametrize(
    "persona",
    [
        "inclusion_officer",
        "head_x",
        "designated_lead_x",
        "chair_y",
        "partnership_staff",
        "other_head_w",
        "la_admin_a",
        "la_officer_a",
        "board_member_a",
        "teacher_x",
        "partner",
        "governor_x",
        "inclusion_officer_b",
    ],
)
def test_each_person_gets_the_links_they_may_use_and_no_others(world, client_for, persona):
    response = client_for(world.people[persona]).get(HOME)
    if persona in NOT_FOUND:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    text = text_of(response)
    for label, who in LINKS.items():
        assert (label in text) == (persona in who), (persona, label)


def test_the_partnerships_table_lists_each_area_with_its_fund_holder_chair_and_schools(world, client_for):
    response = client_for(world.people["inclusion_officer"]).get(HOME)
    text = text_of(response)
    assert "North" in text and "South" in text
    north = world.partnerships["north"]
    assert f"{north.fund_holder.name}" in text and north.chair.full_name in text


def test_a_headteacher_sees_only_the_partnership_their_school_is_in(world, client_for):
    text = text_of(client_for(world.people["other_head_w"]).get(HOME))
    assert "South" in text
    assert "North" not in text


def test_the_start_page_query_count_is_pinned(world, client_for):
    client = client_for(world.people["inclusion_officer"])
    with pinned_queries(8):
        assert client.get(HOME).status_code == 200


@pytest.mark.parametrize(
    ("persona", "has_item"),
    [
        ("inclusion_officer", True),
        ("partnership_staff", True),
        ("la_officer_a", True),
        ("board_member_a", True),
        ("head_x", False),
        ("governor_x", False),
    ],
)
def test_the_navigation_has_an_inclusion_item_for_the_roles_that_use_it(world, client_for, persona, has_item):
    response = client_for(world.people[persona]).get(
        reverse("partnership:home", kwargs={"partnership_slug": "pa"})
    )
    labels = [item["label"] for item in response.context["navigation"]]
    assert ("Inclusion" in labels) == has_item
    if has_item:
        inside = client_for(world.people[persona]).get(HOME)
        current = [item["label"] for item in inside.context["navigation"] if item["current"]]
        assert current == ["Inclusion"]


def test_a_headteacher_in_an_inclusion_partnership_is_pointed_to_it_from_their_home_page(world, client_for):
    home = reverse("partnership:home", kwargs={"partnership_slug": "pa"})
    assert "Go to the inclusion partnership pages" in text_of(client_for(world.people["head_x"]).get(home))
    assert "Go to the inclusion partnership pages" in text_of(
        client_for(world.people["designated_lead_x"]).get(home)
    )
    assert "Go to the inclusion partnership pages" not in text_of(
        client_for(world.people["teacher_x"]).get(home)
    )
