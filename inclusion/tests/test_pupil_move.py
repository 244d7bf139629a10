"""A pupil's move to another school, other than after a permanent exclusion (decision 0020, "The
roll"): who may record it, what it refuses, and that the pupil's records move with the home school.

World (inclusion_world): North holds schools X and Y (chaired by Y's head, with partnership staff),
South holds school W; school Z is in partnership B.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from inclusion import services
from inclusion.models import Pupil, PupilRoll
from partnership.access import NotAllowed
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from tests.factories import SchoolFactory
from tests.helpers import error_beside, pinned_queries, text_of

from .world import REASON, born_in_year, build_world, ctx_of

MOVE_LINK = "Record a move to another school"


def url(name: str, slug: str = "pa", **kwargs) -> str:
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": slug, **kwargs})


def summary_errors(response) -> list[str]:
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    return [unescape(text) for text in re.findall(r"<a [^>]*>(.*?)</a>", match.group(1))] if match else []


def options_of(response) -> list[int]:
    """The school ids the select offers, in order."""
    select = re.search(r'<select name="school".*?</select>', response.content.decode(), re.S).group(0)
    return [int(pk) for pk in re.findall(r'<option value="(\d+)"', select)]


def day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


@pytest.fixture
def world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y):
    return build_world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y)


def move_data(school, moved_on=dt.date(2025, 1, 6), reason="The family moved to Wigston") -> dict:
    return {"school": school.pk, "moved_on": day(moved_on), "reason": reason}


def snapshot(pupil) -> tuple:
    """Everything a move would change: the rolls, the home school and the history rows."""
    return (
        list(
            PupilRoll.objects.filter(pupil=pupil)
            .order_by("pk")
            .values_list("school_id", "starts_on", "ends_on")
        ),
        Pupil.objects.get(pk=pupil.pk).home_school_id,
        PupilRoll.history.filter(pupil_id=pupil.pk).count(),
        Pupil.history.filter(id=pupil.pk).count(),
    )


# --- Who may open the page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, status",
    [
        ("inclusion_officer", 200),
        ("partnership_staff", 200),
        ("chair_y", 200),
        # They see the pupil, so the pupil's existence is no secret: a 403.
        ("head_x", 403),
        ("designated_lead_x", 403),
        # They do not see the pupil: a 404, as for a pupil who does not exist.
        ("teacher_x", 404),
        ("other_head_w", 404),
        ("partner", 404),
        ("inclusion_officer_b", 404),
    ],
)
def test_who_may_open_the_move_page(world, client_for, persona, status):
    pupil = world.pupils["x1"]
    client = client_for(world.people[persona])
    assert client.get(url("pupil-move", pupil_id=pupil.pk)).status_code == status
    before = snapshot(pupil)
    posted = client.post(url("pupil-move", pupil_id=pupil.pk), move_data(world.schools["y"]))
    assert posted.status_code in ({302} if status == 200 else {status})
    if status != 200:
        assert snapshot(pupil) == before


def test_an_la_officer_and_another_partnership_get_a_404(world, client_for, la_officer_a):
    pupil = world.pupils["x1"]
    assert client_for(la_officer_a).get(url("pupil-move", pupil_id=pupil.pk)).status_code == 404
    officer_b = client_for(world.people["inclusion_officer_b"])
    assert officer_b.get(url("pupil-move", slug="pb", pupil_id=pupil.pk)).status_code == 404
    assert (
        officer_b.post(
            url("pupil-move", slug="pb", pupil_id=pupil.pk), move_data(world.schools["z"])
        ).status_code
        == 404
    )
    assert Pupil.objects.get(pk=pupil.pk).home_school == world.schools["x"]


@pytest.mark.parametrize(
    "persona, offered",
    [
        ("inclusion_officer", True),
        ("partnership_staff", True),
        ("chair_y", True),
        ("head_x", False),
        ("designated_lead_x", False),
    ],
)
def test_the_pupil_page_offers_the_move_only_to_those_who_may_record_it(world, client_for, persona, offered):
    pupil = world.pupils["x1"]
    response = client_for(world.people[persona]).get(url("pupil", pupil_id=pupil.pk))
    link = f'href="{url("pupil-move", pupil_id=pupil.pk)}">{MOVE_LINK}</a>'
    assert (link in response.content.decode()) is offered


def test_the_services_refuse_those_the_page_turns_away(world):
    pupil = world.pupils["x1"]
    for persona in ("head_x", "designated_lead_x", "other_head_w"):
        user = world.people[persona]
        with pytest.raises(NotAllowed):
            services.pupil_move(
                actor=user,
                ctx=ctx_of(user),
                pupil=pupil,
                school=world.schools["y"],
                moved_on=dt.date(2025, 1, 6),
                reason=REASON,
            )
    officer_b = world.people["inclusion_officer_b"]
    with pytest.raises(NotAllowed):
        services.pupil_move(
            actor=officer_b,
            ctx=ctx_of(officer_b, "pb"),
            pupil=pupil,
            school=world.schools["z"],
            moved_on=dt.date(2025, 1, 6),
            reason=REASON,
        )
    assert Pupil.objects.get(pk=pupil.pk).home_school == world.schools["x"]


# --- The page ----------------------------------------------------------------------------------


def test_the_page_says_the_old_school_will_no_longer_see_the_pupil(world, client_for):
    pupil = world.pupils["x1"]
    response = client_for(world.people["inclusion_officer"]).get(url("pupil-move", pupil_id=pupil.pk))
    text = text_of(response)
    assert "Pupil x1 has been on roll at School X since 1 September 2023." in text
    assert "School X will no longer see Pupil x1 or anything recorded about them." in text
    assert "Record the move" in text


def test_an_officer_chooses_from_the_partnerships_open_schools_secondary_first(world, client_for, school_x):
    closed = SchoolFactory(la_code="901", name="Aa Closed", status="Closed", close_date=dt.date(2024, 8, 31))
    primary = SchoolFactory(la_code="901", name="Aa Primary", phase="Primary")
    opening = SchoolFactory(
        la_code="901", name="Aa Opening", open_date=timezone.localdate() + dt.timedelta(days=30)
    )
    response = client_for(world.people["inclusion_officer"]).get(
        url("pupil-move", pupil_id=world.pupils["x1"].pk)
    )
    schools = world.schools
    # X is the pupil's school; Z is in partnership B; closed and not yet open schools are left out.
    assert options_of(response) == [schools["w"].pk, schools["y"].pk, primary.pk]
    html = response.content.decode()
    assert '<optgroup label="Secondary schools">' in html and '<optgroup label="Other schools">' in html
    assert closed.pk not in options_of(response) and opening.pk not in options_of(response)


@pytest.mark.parametrize("persona", ["partnership_staff", "chair_y"])
def test_partnership_staff_and_the_chair_choose_from_the_partnerships_schools(world, client_for, persona):
    response = client_for(world.people[persona]).get(url("pupil-move", pupil_id=world.pupils["x1"].pk))
    assert options_of(response) == [world.schools["y"].pk]


# --- Recording a move --------------------------------------------------------------------------


def test_an_officer_records_a_move_and_the_records_go_with_the_pupil(world, client_for):
    pupil, schools, people = world.pupils["x1"], world.schools, world.people
    new_head = client_for(people["other_head_w"])
    assert new_head.get(url("pupil", pupil_id=pupil.pk)).status_code == 404

    response = client_for(people["inclusion_officer"]).post(
        url("pupil-move", pupil_id=pupil.pk), move_data(schools["w"], dt.date(2025, 1, 6))
    )
    assert response.status_code == 302
    assert response["Location"] == url("pupil", pupil_id=pupil.pk)

    pupil.refresh_from_db()
    assert pupil.home_school == schools["w"]
    rolls = list(PupilRoll.objects.filter(pupil=pupil).order_by("starts_on"))
    assert [(r.school, r.starts_on, r.ends_on) for r in rolls] == [
        (schools["x"], dt.date(2023, 9, 1), dt.date(2025, 1, 6)),
        (schools["w"], dt.date(2025, 1, 6), None),
    ]
    for record in (*rolls, pupil):
        assert record.history.first().history_change_reason == "The family moved to Wigston"
    assert pupil.retain_until == services.retention_date(timezone.localdate())

    # The old school no longer sees the pupil; the new school does, with both rolls in the history.
    assert client_for(people["head_x"]).get(url("pupil", pupil_id=pupil.pk)).status_code == 404
    assert client_for(people["designated_lead_x"]).get(url("pupil", pupil_id=pupil.pk)).status_code == 404
    assert client_for(people["chair_y"]).get(url("pupil", pupil_id=pupil.pk)).status_code == 404
    page = new_head.get(url("pupil", pupil_id=pupil.pk))
    assert page.status_code == 200
    text = text_of(page)
    assert "School X 1 September 2023 6 January 2025" in text
    assert "School W 6 January 2025 On roll now" in text


def test_the_success_message_says_the_old_school_no_longer_sees_the_pupil(world, client_for):
    pupil = world.pupils["x1"]
    response = client_for(world.people["partnership_staff"]).post(
        url("pupil-move", pupil_id=pupil.pk), move_data(world.schools["y"]), follow=True
    )
    assert "Pupil x1 is now on roll at School Y. School X no longer sees their records." in text_of(response)


def test_the_new_school_is_told_to_ask_the_inclusion_officer_then_sees_the_pupil(world, client_for):
    """A head whose new pupil is already recorded elsewhere cannot record them again (one UPN per
    child): they are told who records the move, and once it is recorded they see the pupil."""
    pupil, people = world.pupils["x1"], world.people
    new_head = client_for(people["other_head_w"])
    refused = new_head.post(
        url("pupil-new"),
        {
            "full_name": "Pupil x1",
            "date_of_birth": born_in_year(9).strftime("%d/%m/%Y"),
            "upn": pupil.upn,
            "home_school": world.schools["w"].pk,
            "year_group": "9",
            "send_status": "none",
            "on_roll_from": "06/01/2025",
            "reason": "Joined us in January",
        },
    )
    assert "ask the LA's inclusion officer, who can check it and record a move" in error_beside(
        refused, "upn"
    )
    client_for(people["inclusion_officer"]).post(
        url("pupil-move", pupil_id=pupil.pk), move_data(world.schools["w"])
    )
    assert new_head.get(url("pupil", pupil_id=pupil.pk)).status_code == 200
    assert Pupil.objects.filter(upn=pupil.upn).count() == 1


def test_a_move_is_checked_against_the_pupil_as_stored(world):
    """The service reads the pupil again under its lock: a copy read before someone else's move
    cannot be moved again from the school the pupil has left."""
    officer, staff = world.people["inclusion_officer"], world.people["partnership_staff"]
    stale = Pupil.objects.get(pk=world.pupils["x1"].pk)
    services.pupil_move(
        actor=officer,
        ctx=ctx_of(officer),
        pupil=world.pupils["x1"],
        school=world.schools["w"],
        moved_on=dt.date(2025, 1, 6),
        reason=REASON,
    )
    with pytest.raises(NotAllowed):
        services.pupil_move(
            actor=staff,
            ctx=ctx_of(staff),
            pupil=stale,
            school=world.schools["y"],
            moved_on=dt.date(2025, 2, 3),
            reason=REASON,
        )
    assert PupilRoll.objects.filter(pupil=stale, ends_on__isnull=True).get().school == world.schools["w"]


# --- Refusals ----------------------------------------------------------------------------------


def _refusals(world):
    today = timezone.localdate()
    schools = world.schools
    closed = SchoolFactory(
        la_code="901", name="Old Road School", status="Closed", close_date=dt.date(2024, 8, 31)
    )
    closed_no_date = SchoolFactory(la_code="901", name="Gone School", status="Closed")
    return [
        ("inclusion_officer", move_data(schools["z"]), "school", "Choose a school in Partnership A"),
        (
            "inclusion_officer",
            move_data(schools["x"]),
            "school",
            "Pupil x1 is already on roll at School X. Choose the school they are moving to",
        ),
        (
            "inclusion_officer",
            move_data(schools["y"], dt.date(2023, 9, 1)),
            "moved_on",
            "The date of the move must be after 1 September 2023, when Pupil x1 joined School X's roll",
        ),
        (
            "inclusion_officer",
            move_data(schools["y"], today + dt.timedelta(days=1)),
            "moved_on",
            "The date of the move must be today or in the past",
        ),
        (
            "inclusion_officer",
            move_data(closed),
            "school",
            "Old Road School closed on 31 August 2024. Choose a school open on the date of the move",
        ),
        (
            "inclusion_officer",
            move_data(closed_no_date),
            "school",
            "The school register shows Gone School as closed. Choose an open school",
        ),
        (
            "partnership_staff",
            move_data(schools["w"]),
            "school",
            "Choose a school in the pupil's inclusion partnership. "
            "An LA inclusion officer records a move to any other school",
        ),
        (
            "inclusion_officer",
            move_data(schools["y"], reason=" "),
            "reason",
            "Enter why the pupil is moving school",
        ),
    ]


REFUSALS = [
    "another partnership's school",
    "the same school",
    "before the current roll starts",
    "a future date",
    "a closed school",
    "a school the register shows closed",
    "outside the staff's inclusion partnership",
    "no reason",
]


@pytest.mark.parametrize("referral", range(len(REFUSALS)), ids=REFUSALS)
def test_a_refused_move_is_shown_beside_the_field_and_nothing_is_saved(world, client_for, referral):
    persona, data, field, message = _refusals(world)[referral]
    pupil = world.pupils["x1"]
    before = snapshot(pupil)
    response = client_for(world.people[persona]).post(url("pupil-move", pupil_id=pupil.pk), data)
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert message in summary_errors(response)
    assert snapshot(pupil) == before


def test_a_school_that_closed_after_the_move_may_be_chosen(world):
    officer = world.people["inclusion_officer"]
    closing = SchoolFactory(
        la_code="901", name="Closing School", status="Closed", close_date=dt.date(2025, 7, 31)
    )
    roll = services.pupil_move(
        actor=officer,
        ctx=ctx_of(officer),
        pupil=world.pupils["x1"],
        school=closing,
        moved_on=dt.date(2025, 1, 6),
        reason=REASON,
    )
    assert (roll.school, roll.starts_on, roll.ends_on) == (closing, dt.date(2025, 1, 6), None)


def test_every_missing_answer_is_shown_at_once(world, client_for):
    pupil = world.pupils["x1"]
    before = snapshot(pupil)
    response = client_for(world.people["inclusion_officer"]).post(url("pupil-move", pupil_id=pupil.pk), {})
    assert summary_errors(response) == [
        "Select the school the pupil is moving to",
        "Enter the date of the move",
        "Enter why the pupil is moving school",
    ]
    assert snapshot(pupil) == before


# --- Logging and queries -----------------------------------------------------------------------


def test_opening_the_page_logs_the_read_of_the_pupil(world, client_for):
    officer, pupil = world.people["inclusion_officer"], world.pupils["x1"]
    client_for(officer).get(url("pupil-move", pupil_id=pupil.pk))
    entry = AccessLogEntry.objects.get(user=officer, record_type=RecordType.PUPIL)
    assert (entry.record_id, entry.school_id) == (str(pupil.pk), world.schools["x"].pk)


# session, user, context; the pupil and the access log; the partnership's LA codes; the schools;
# the current roll; the chooser. Partnership staff also: their member schools (the pupil), and
# whether they serve the pupil's inclusion partnership.
@pytest.mark.parametrize("persona, queries", [("inclusion_officer", 9), ("partnership_staff", 11)])
def test_the_page_takes_a_fixed_number_of_queries_however_many_schools(world, client_for, persona, queries):
    for n in range(12):
        SchoolFactory(la_code="901", name=f"Extra School {n}", phase="Secondary" if n % 2 else "Primary")
    client = client_for(world.people[persona])
    pupil = world.pupils["x1"]
    client.get(url("pupil-move", pupil_id=pupil.pk))
    with pinned_queries(queries):
        response = client.get(url("pupil-move", pupil_id=pupil.pk))
    assert response.status_code == 200
