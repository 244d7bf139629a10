"""The inclusion start page: who may open it, the links each person gets, the partnerships listed,
the navigation item and the headteacher's home page panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion import services
from tests.helpers import pinned_queries, text_of

from .world import REASON, ctx_of

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


# --- The chair's section of the home page (decision 0033) ---------------------------------------


def _chair_section(client) -> str:
    text = text_of(client.get(reverse("partnership:home", kwargs={"partnership_slug": "pa"})))
    if "inclusion partnership you chair" not in text:
        return ""
    section = text.split("The inclusion partnership you chair", 1)[1].split("Inclusion partnership", 1)[0]
    return section.replace(" ,", ",")  # text_of puts a space after a link


def test_the_chair_sees_the_referrals_and_exclusions_in_her_area_counted_as_the_lists_count_them(
    world, client_for
):
    chair, head_x = world.people["chair_y"], world.people["head_x"]
    assert "No pupil has an open referral." in _chair_section(client_for(chair))
    assert "No permanent exclusion has been recorded at the member schools since" in _chair_section(
        client_for(chair)
    )
    x1, x2, w1 = (world.pupils[k] for k in ("x1", "x2", "w1"))
    for pupil in (x1, x2):
        services.referral_create(
            actor=head_x,
            ctx=ctx_of(head_x),
            pupil=pupil,
            reasons="At risk",
            support_tried="Mentoring",
            reason=REASON,
        )
    head_w = world.people["other_head_w"]
    services.referral_create(  # South's: not in North's count
        actor=head_w,
        ctx=ctx_of(head_w),
        pupil=w1,
        reasons="At risk",
        support_tried="Mentoring",
        reason=REASON,
    )
    today = timezone.localdate()
    services.consultation_record(
        actor=head_x,
        ctx=ctx_of(head_x),
        pupil=x1,
        consulted_on=today,
        reason_considered="Serious incident",
        alternatives_considered="A managed move",
        chair_advice="Try a managed move first",
        reason=REASON,
    )
    services.exclusion_record(actor=head_x, ctx=ctx_of(head_x), pupil=x2, excluded_on=today, reason=REASON)
    section = _chair_section(client_for(chair))
    assert "North" in section and "South" not in section
    assert "2 pupils with an open referral, 2 of them without an agreed plan." in section
    year = today.year if today.month >= 9 else today.year - 1
    since = dt.date(year, 9, 1)
    assert (
        f"1 permanent exclusion at the member schools since {since.day} {since:%B %Y}, 1 of them without a "
        "consultation the chair confirmed." in section
    )
    assert (
        "1 consultation before a permanent exclusion waiting for the chair's advice and confirmation."
        in section
    )
    # The links go to the lists that hold the same records.
    page = client_for(chair).get(f"/p/pa/inclusion/referrals/?area={world.partnerships['north'].pk}")
    assert {r.pupil_id for r in page.context["page"].object_list} == {x1.pk, x2.pk}
    home = client_for(chair).get("/p/pa/").content.decode()
    north = world.partnerships["north"].pk
    exclusions_link = f"/p/pa/inclusion/exclusions/?area={north}&amp;year={year}"
    waiting_link = f"/p/pa/inclusion/exclusions/?show=consultations&amp;area={north}&amp;waiting=on"
    assert exclusions_link in home and waiting_link in home
    year_list = client_for(chair).get(exclusions_link.replace("&amp;", "&"))
    assert [e.pupil_id for e in year_list.context["page"].object_list] == [x2.pk]
    # Another area's filter holds none of them.
    south = world.partnerships["south"].pk
    other = client_for(chair).get(f"/p/pa/inclusion/exclusions/?area={south}&year={year}")
    assert list(other.context["page"].object_list) == []
    waiting = client_for(chair).get(waiting_link.replace("&amp;", "&"))
    [consultation] = waiting.context["page"].object_list
    assert consultation.pupil_id == x1.pk and "Not yet confirmed" in text_of(waiting)
    services.consultation_respond(
        actor=chair,
        ctx=ctx_of(chair),
        consultation=consultation,
        response="confirmed",
        advice="Try a managed move first",
        reason=REASON,
    )
    answered = client_for(chair).get("/p/pa/inclusion/exclusions/?show=consultations&waiting=on")
    assert list(answered.context["page"].object_list) == []
    assert "waiting for the chair" not in _chair_section(client_for(chair))


def test_only_a_serving_chair_has_the_section(world, client_for):
    assert _chair_section(client_for(world.people["head_x"])) == ""
    assert "South" in _chair_section(client_for(world.people["other_head_w"]))


def test_the_chairs_section_costs_one_query_whatever_the_records(world, client_for):
    client = client_for(world.people["chair_y"])
    home = reverse("partnership:home", kwargs={"partnership_slug": "pa"})
    client.get(home)
    with CaptureQueriesContext(connection) as before:
        client.get(home)
    head_x = world.people["head_x"]
    for key in ("x1", "x2"):
        services.referral_create(
            actor=head_x,
            ctx=ctx_of(head_x),
            pupil=world.pupils[key],
            reasons="At risk",
            support_tried="Mentoring",
            reason=REASON,
        )
    with pinned_queries(len(before)):
        client.get(home)
