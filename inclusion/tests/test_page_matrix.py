"""The permission matrix of the pupil pages (decision 0020), through the pages themselves.

For every persona: the pupil list shows exactly the pupils the rules allow (or is a 404 for someone
who may see none); each pupil's page, and the pages to correct the pupil and record attendance,
are a 200 for exactly those pupils and a 404 for every other; and every successful read writes an
access log entry in the reader's name. A headteacher sees only their own school's pupils, and the
other partnership sees nothing.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from inclusion.models import Pupil
from inclusion.tests.world import born_in_year
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry

ALL_A = {"x1", "x2", "y1", "w1"}
# The pupils each persona may see in partnership A. The rule, in words: the home school's head and
# designated leads; the staff and chair of the inclusion partnership the school belongs to (Y's
# head chairs North, which holds X and Y); the LA's inclusion officers. Nobody else.
EXPECTED = {
    "inclusion_officer": ALL_A,
    "head_x": {"x1", "x2"},
    "designated_lead_x": {"x1", "x2"},
    "chair_y": {"x1", "x2", "y1"},
    "partnership_staff": {"x1", "x2", "y1"},
    "other_head_w": {"w1"},
    "teacher_x": set(),
    "partner": set(),
    "la_admin_a": set(),
    "la_officer_a": set(),
    "board_member_a": set(),
    "governor_x": set(),
    "inclusion_officer_b": set(),
}
PUPIL_PAGES = ("pupil", "pupil-edit", "attendance-new")
PUPIL_LINK = re.compile(r'href="/p/(?:pa|pb)/inclusion/pupils/(\d+)/"')


def url(name: str, slug: str = "pa", **kwargs) -> str:
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": slug, **kwargs})


@pytest.fixture
def world(inclusion_world):
    world = inclusion_world
    return world


def views_logged(user, record_type: str) -> list[AccessLogEntry]:
    return list(
        AccessLogEntry.objects.filter(
            user=user, record_type=record_type, action=AccessLogEntry.Action.VIEW
        ).order_by("pk")
    )


def test_every_persona_is_in_the_matrix(world):
    assert set(EXPECTED) == set(world.people)


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_the_pupil_list_shows_exactly_the_pupils_the_rules_allow_and_is_logged(world, client_for, persona):
    user = world.people[persona]
    expected = {world.pupils[key].pk for key in EXPECTED[persona]}
    response = client_for(user).get(url("pupils"))
    if not expected:
        assert response.status_code == 404
        assert views_logged(user, RecordType.PUPILS) == []
        return
    assert response.status_code == 200
    shown = [int(pk) for pk in PUPIL_LINK.findall(response.content.decode())]
    assert len(shown) == len(set(shown)) and set(shown) == expected
    [entry] = views_logged(user, RecordType.PUPILS)
    assert entry.partnership == world.pupils["x1"].partnership
    assert entry.description.startswith(f"{len(expected)} pupil")


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_pupils_pages_are_found_exactly_for_the_pupils_the_rules_allow(world, client_for, persona):
    user = world.people[persona]
    client = client_for(user)
    for key, pupil in world.pupils.items():
        for name in PUPIL_PAGES:
            status = client.get(url(name, pupil_id=pupil.pk)).status_code
            assert status == (200 if key in EXPECTED[persona] else 404), (key, name, status)
    entries = views_logged(user, RecordType.PUPIL)
    expected = sorted(world.pupils[key].pk for key in EXPECTED[persona] for _ in PUPIL_PAGES)
    assert sorted(int(entry.record_id) for entry in entries) == expected
    home_school = {pupil.pk: pupil.home_school_id for pupil in world.pupils.values()}
    assert all(entry.school_id == home_school[int(entry.record_id)] for entry in entries)


def test_a_headteacher_sees_only_their_own_schools_pupils(world, client_for):
    head = world.people["head_x"]
    response = client_for(head).get(url("pupils"))
    shown = {int(pk) for pk in PUPIL_LINK.findall(response.content.decode())}
    assert {world.pupils[pk].home_school for pk in ("x1", "x2")} == {world.schools["x"]}
    assert shown == {world.pupils["x1"].pk, world.pupils["x2"].pk}
    for other in ("y1", "w1", "z1"):
        assert client_for(head).get(url("pupil", pupil_id=world.pupils[other].pk)).status_code == 404


def test_the_other_partnership_sees_nothing_of_partnership_a(world, client_for):
    officer_b = world.people["inclusion_officer_b"]
    client = client_for(officer_b)
    own = client.get(url("pupils", slug="pb"))
    assert own.status_code == 200
    assert {int(pk) for pk in PUPIL_LINK.findall(own.content.decode())} == {world.pupils["z1"].pk}
    for key in ALL_A:
        pupil_id = world.pupils[key].pk
        for name in PUPIL_PAGES:
            assert client.get(url(name, slug="pb", pupil_id=pupil_id)).status_code == 404
            assert client.get(url(name, slug="pa", pupil_id=pupil_id)).status_code == 404
    assert client.get(url("pupils", slug="pa")).status_code == 404
    read = {int(entry.record_id) for entry in views_logged(officer_b, RecordType.PUPIL)}
    assert read == set()


def test_a_refused_read_is_logged_as_a_refusal_and_never_as_a_view(world, client_for):
    teacher = world.people["teacher_x"]
    pupil = world.pupils["x1"]
    assert client_for(teacher).get(url("pupil", pupil_id=pupil.pk)).status_code == 404
    entries = AccessLogEntry.objects.filter(user=teacher)
    assert [entry.action for entry in entries] == [AccessLogEntry.Action.REFUSED]


@pytest.mark.parametrize("persona", sorted(p for p, seen in EXPECTED.items() if not seen))
def test_someone_who_sees_no_pupils_cannot_open_the_page_to_record_one(world, client_for, persona):
    client = client_for(world.people[persona])
    before = sorted(pupil.pk for pupil in world.pupils.values())
    assert client.get(url("pupil-new")).status_code == 404
    data = {
        "full_name": "Not Allowed",
        "date_of_birth": born_in_year(9).strftime("%d/%m/%Y"),
        "upn": "B801200005001",
        "home_school": world.schools["x"].pk,
        "year_group": "9",
        "send_status": "none",
        "on_roll_from": "01/09/2023",
        "reason": "Trying",
    }
    assert client.post(url("pupil-new"), data).status_code == 404
    assert sorted(Pupil.objects.values_list("pk", flat=True)) == before
