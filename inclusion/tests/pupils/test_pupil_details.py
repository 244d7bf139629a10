"""Recording a pupil and correcting their details: only for schools whose pupils the person sees, bad
input shown beside the field and in the summary with nothing saved, and the reason kept in the
history (decision 0020)."""

from __future__ import annotations

import datetime as dt

import pytest

from inclusion.models import Pupil
from tests.helpers import error_beside, text_of

from ..world import born_in_year, upn
from .conftest import options_of, summary_errors, url


def day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def new_pupil_data(school, **changes) -> dict:
    data = {
        "full_name": "Ava Archer",
        "date_of_birth": day(born_in_year(9, 3, 14)),
        "upn": upn("901200099001"),
        "home_school": school.pk,
        "year_group": "9",
        "send_status": "sen_support",
        "on_roll_from": "01/09/2023",
        "reason": "Referred to us by the head of year",
    }
    return {**data, **changes}


# --- Recording a pupil -----------------------------------------------------------------------


def test_a_head_records_a_pupil_with_the_reason_in_the_history(world, client_for, school_x):
    head = world.people["head_x"]
    response = client_for(head).post(url("pupil-new"), new_pupil_data(school_x))
    pupil = Pupil.objects.get(full_name="Ava Archer")
    assert response.status_code == 302 and response["Location"] == url("pupil", pupil_id=pupil.pk)
    assert (pupil.home_school, pupil.year_group, pupil.send_status) == (school_x, 9, "sen_support")
    assert pupil.date_of_birth == born_in_year(9, 3, 14)
    assert pupil.created_by == head
    assert pupil.history.first().history_change_reason == "Referred to us by the head of year"
    roll = pupil.rolls.get()
    assert (roll.school, roll.starts_on, roll.ends_on) == (school_x, dt.date(2023, 9, 1), None)


def test_the_upn_may_be_typed_with_spaces_and_in_small_letters(world, client_for, school_x):
    typed = upn("901200099002")
    spaced = f"{typed[:4]} {typed[4:8]} {typed[8:]}".lower()
    client_for(world.people["head_x"]).post(url("pupil-new"), new_pupil_data(school_x, upn=spaced))
    assert Pupil.objects.get(full_name="Ava Archer").upn == typed


def test_the_new_pupil_page_explains_why_so_little_is_held(world, client_for):
    text = text_of(client_for(world.people["head_x"]).get(url("pupil-new")))
    assert "holds only a pupil's name, date of birth, UPN, home school, year group and SEND status" in text
    assert "kept for 6 years after the last work with the pupil" in text


def test_the_home_school_choices_are_the_schools_whose_pupils_the_person_sees(world, client_for):
    def offered(persona):
        return options_of(client_for(world.people[persona]).get(url("pupil-new")), "home_school")

    x, y, w = (world.schools[k].pk for k in "xyw")
    assert offered("head_x") == {x}
    assert offered("designated_lead_x") == {x}
    assert offered("chair_y") == {x, y}
    assert offered("partnership_staff") == {x, y}
    assert offered("other_head_w") == {w}
    assert {x, y, w} <= offered("inclusion_officer")
    assert world.schools["z"].pk not in offered("inclusion_officer")


def test_a_school_whose_pupils_the_person_may_not_see_is_refused(world, client_for):
    response = client_for(world.people["head_x"]).post(url("pupil-new"), new_pupil_data(world.schools["w"]))
    assert error_beside(response, "home_school") == "Select a school from the list"
    assert not Pupil.objects.filter(full_name="Ava Archer").exists()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"upn": "A" + upn("901200099003")[1:]},
            "upn",
            "The check letter of this UPN is not right. Check the UPN and try again",
        ),
        ({"upn": "B80120000500"}, "upn", "A UPN must be 13 characters long"),
        ({"full_name": ""}, "full_name", "Enter the pupil's full name"),
        ({"upn": ""}, "upn", "Enter the pupil's UPN"),
        ({"home_school": ""}, "home_school", "Select the pupil's home school"),
        ({"year_group": ""}, "year_group", "Select the pupil's year group"),
        ({"send_status": ""}, "send_status", "Select the pupil's SEND status"),
        ({"date_of_birth": ""}, "date_of_birth", "Enter the date of birth"),
        ({"on_roll_from": ""}, "on_roll_from", "Enter the date the pupil joined the home school's roll"),
        ({"reason": ""}, "reason", "Enter why you are recording this pupil"),
        (
            {"date_of_birth": "31/02/2012"},
            "date_of_birth",
            "Date of birth must be a real date, like 01/09/2025",
        ),
        (
            {"date_of_birth": day(dt.date.today() + dt.timedelta(days=1))},
            "date_of_birth",
            "The date of birth must be in the past",
        ),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_in_the_summary_and_nothing_is_saved(
    world, client_for, school_x, changes, field, message
):
    before = Pupil.objects.count()
    response = client_for(world.people["head_x"]).post(url("pupil-new"), new_pupil_data(school_x, **changes))
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert message in summary_errors(response)
    assert Pupil.objects.count() == before


def test_a_duplicate_upn_is_refused_beside_the_field(world, client_for, school_x):
    taken = world.pupils["w1"].upn  # a pupil the head cannot see: still refused, one UPN per child
    response = client_for(world.people["head_x"]).post(url("pupil-new"), new_pupil_data(school_x, upn=taken))
    refused = (
        "This UPN cannot be recorded here. Check it against the pupil's record in your school's "
        "information system; if it is right, ask the LA's inclusion officer, who can check it and "
        "record a move to your school"
    )
    assert error_beside(response, "upn") == refused
    assert refused in summary_errors(response)
    assert not Pupil.objects.filter(full_name="Ava Archer").exists()


def test_every_missing_field_is_shown_at_once(world, client_for):
    response = client_for(world.people["head_x"]).post(url("pupil-new"), {})
    assert len(summary_errors(response)) == 8
    assert Pupil.objects.count() == len(world.pupils)


# --- Correcting the details ------------------------------------------------------------------


def test_a_designated_lead_corrects_a_pupils_details_with_a_reason(world, client_for):
    pupil = world.pupils["x2"]
    response = client_for(world.people["designated_lead_x"]).post(
        url("pupil-edit", pupil_id=pupil.pk),
        {
            "full_name": "Pupil X Two",
            "date_of_birth": day(born_in_year(10, 5, 2)),
            "year_group": "10",
            "send_status": "ehc_plan",
            "reason": "The school's records were corrected",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("pupil", pupil_id=pupil.pk)
    pupil.refresh_from_db()
    assert (pupil.full_name, pupil.date_of_birth, pupil.year_group, pupil.send_status) == (
        "Pupil X Two",
        born_in_year(10, 5, 2),
        10,
        "ehc_plan",
    )
    assert pupil.history.first().history_change_reason == "The school's records were corrected"
    assert pupil.history.first().history_user == world.people["designated_lead_x"]


def test_the_edit_form_starts_with_the_pupils_details(world, client_for):
    pupil = world.pupils["x1"]
    html = client_for(world.people["head_x"]).get(url("pupil-edit", pupil_id=pupil.pk)).content.decode()
    assert 'value="Pupil x1"' in html and f'value="{day(born_in_year(9))}"' in html
    assert '<option value="9" selected>' in html


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"full_name": ""}, "full_name", "Enter the pupil's full name"),
        (
            {"date_of_birth": day(dt.date.today() + dt.timedelta(days=3))},
            "date_of_birth",
            "The date of birth must be in the past",
        ),
        ({"year_group": "15"}, "year_group", "Select a year group from the list"),
        ({"reason": ""}, "reason", "Enter why you are making this change"),
    ],
)
def test_bad_corrections_are_shown_beside_the_field_and_nothing_is_saved(
    world, client_for, changes, field, message
):
    pupil = world.pupils["x1"]
    data = {
        "full_name": "Changed",
        "date_of_birth": day(born_in_year(9)),
        "year_group": "9",
        "send_status": "none",
        "reason": "Correcting",
        **changes,
    }
    response = client_for(world.people["head_x"]).post(url("pupil-edit", pupil_id=pupil.pk), data)
    assert error_beside(response, field) == message
    assert message in summary_errors(response)
    pupil.refresh_from_db()
    assert pupil.full_name == "Pupil x1" and pupil.history.count() == 1


def test_saving_unchanged_details_says_so_and_writes_no_history(world, client_for):
    pupil = world.pupils["x1"]
    response = client_for(world.people["head_x"]).post(
        url("pupil-edit", pupil_id=pupil.pk),
        {
            "full_name": "Pupil x1",
            "date_of_birth": day(born_in_year(9)),
            "year_group": "9",
            "send_status": "none",
            "reason": "Checking",
        },
    )
    assert "You have not changed any of the details. Change one, or cancel" in summary_errors(response)
    assert pupil.history.count() == 1
