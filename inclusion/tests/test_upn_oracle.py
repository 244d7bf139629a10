"""The pupil form is no register of who is known (decision 0030). A UPN recorded in another
partnership is answered exactly as a made-up one; a UPN recorded in this partnership for a pupil the
person may not see is refused without a word on who or where the child is, and logged; repeated
refusals raise a security event."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from inclusion import rules
from inclusion.models import Pupil
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry, SecurityEvent

from .world import born_in_year, ctx_of, upn

GENERIC = (
    "This UPN cannot be recorded here. Check it against the pupil's record in your school's "
    "information system; if it is right, ask the LA's inclusion officer, who can check it and "
    "record a move to your school"
)


def url(name: str, slug: str = "pa", **kwargs) -> str:
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": slug, **kwargs})


def _form(school, upn_typed: str, name: str = "Ava Archer") -> dict:
    return {
        "full_name": name,
        "date_of_birth": born_in_year(9, 3, 14).strftime("%d/%m/%Y"),
        "upn": upn_typed,
        "home_school": school.pk,
        "year_group": "9",
        "send_status": "none",
        "on_roll_from": "01/09/2023",
        "reason": "Joined us this week",
    }


def _errors(response) -> list[str]:
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    return [unescape(text) for text in re.findall(r"<a [^>]*>(.*?)</a>", match.group(1))] if match else []


def _shape(response) -> tuple:
    """What the person learns from a response: its status, where a redirect goes (with the new
    pupil's id taken out) and the errors shown."""
    location = re.sub(r"/\d+/", "/N/", response.get("Location", ""))
    return response.status_code, location, _errors(response) if response.status_code == 200 else []


def _refusals():
    return AccessLogEntry.objects.filter(action=AccessLogEntry.Action.REFUSED, record_type=RecordType.PUPIL)


def _home_school_for(world, key, slug):
    """A school whose pupils this person may record, or (for those who may record none) school X."""
    ids = rules.pupil_school_ids(ctx_of(world.people[key], slug))
    if ids is None:
        return world.schools["z" if slug == "pb" else "x"]
    mine = [school for school in world.schools.values() if school.pk in ids]
    return min(mine, key=lambda school: school.pk) if mine else world.schools["x"]


@pytest.mark.parametrize(
    "key",
    [
        "inclusion_officer",
        "head_x",
        "designated_lead_x",
        "teacher_x",
        "chair_y",
        "other_head_w",
        "partnership_staff",
        "partner",
        "inclusion_officer_b",
        "la_admin_a",
        "la_officer_a",
        "board_member_a",
        "governor_x",
    ],
)
def test_a_upn_held_by_another_partnership_is_answered_as_a_made_up_one(inclusion_world, client_for, key):
    world = inclusion_world
    slug = "pb" if key == "inclusion_officer_b" else "pa"
    elsewhere = world.pupils["x1" if slug == "pb" else "z1"]
    school = _home_school_for(world, key, slug)
    client = client_for(world.people[key])
    made_up = client.post(url("pupil-new", slug), _form(school, upn("901200099001"), "Made Up"))
    held = client.post(url("pupil-new", slug), _form(school, elsewhere.upn, "Held Elsewhere"))
    assert _shape(held) == _shape(made_up)
    # Where the made-up one was recorded, so is this one, in the person's own partnership only.
    recorded = Pupil.objects.filter(full_name="Made Up").exists()
    assert Pupil.objects.filter(full_name="Held Elsewhere").exists() == recorded
    if recorded:
        assert Pupil.objects.get(full_name="Held Elsewhere").partnership.slug == slug
    assert not _refusals().exists()


@pytest.mark.parametrize("key", ["head_x", "designated_lead_x", "chair_y", "partnership_staff"])
def test_a_upn_of_a_pupil_here_they_may_not_see_names_nobody_and_is_logged(inclusion_world, client_for, key):
    world = inclusion_world
    person = world.people[key]
    unseen = world.pupils["w1"]  # School W's pupil: in South, seen by none of these
    school = _home_school_for(world, key, "pa")
    response = client_for(person).post(url("pupil-new"), _form(school, unseen.upn))
    assert response.status_code == 200
    assert _errors(response) == [GENERIC]
    page = unescape(response.content.decode())
    assert unseen.full_name not in page and "School W" not in page
    assert not Pupil.objects.filter(full_name="Ava Archer").exists()
    entry = _refusals().get()
    assert (entry.user, entry.partnership.slug, entry.school, entry.record_id) == (
        person,
        "pa",
        unseen.home_school,
        str(unseen.pk),
    )
    assert entry.description == (
        "Tried to record a new pupil with a UPN that is already recorded in the partnership, "
        "which they may not see"
    )


def test_a_pupil_they_may_see_is_named_so_they_can_find_them(inclusion_world, client_for):
    world = inclusion_world
    known = world.pupils["x2"]
    response = client_for(world.people["head_x"]).post(url("pupil-new"), _form(world.schools["x"], known.upn))
    assert _errors(response) == [
        "Pupil x2 is already recorded with this UPN. Find them in the pupils list; if they have "
        "moved school, record the move on their page"
    ]
    assert _refusals().get().description.endswith("already recorded in the partnership")


def test_a_form_with_other_mistakes_says_nothing_of_the_upn(inclusion_world, client_for):
    world = inclusion_world
    data = _form(world.schools["x"], world.pupils["w1"].upn) | {"year_group": "15"}
    response = client_for(world.people["head_x"]).post(url("pupil-new"), data)
    assert GENERIC not in _errors(response)
    assert not _refusals().exists()


def test_the_third_refusal_in_a_day_raises_one_security_event(inclusion_world, client_for, settings):
    settings.UPN_REFUSALS_BEFORE_ALERT = 3
    world = inclusion_world
    head = world.people["head_x"]
    client = client_for(head)
    unseen = world.pupils["w1"].upn
    for attempt in range(4):
        client.post(url("pupil-new"), _form(world.schools["x"], unseen))
        raised = SecurityEvent.objects.filter(
            user=head, kind=SecurityEvent.Kind.ACCESS_REFUSED, detail__contains="UPNs"
        )
        assert raised.count() == (1 if attempt >= 2 else 0)
    event = raised.get()
    assert event.partnership.slug == "pa"
    assert (
        event.detail == "3 attempts in a day to record pupils with UPNs already recorded in the partnership"
    )
    assert _refusals().filter(user=head).count() == 4
