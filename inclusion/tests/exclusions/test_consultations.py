"""Recording a consultation before permanent exclusion: who may, bad input shown beside the field with
nothing saved, the chair named, and pinned query counts (decision 0020)."""

import datetime as dt

import pytest

from inclusion.models import ExclusionConsultation
from tests.helpers import error_beside, pinned_queries, text_of

from .conftest import TODAY, consultation_form, url

# --- Recording a consultation -------------------------------------------------------------------


def test_the_head_records_a_consultation_and_sees_who_the_chair_is(world, client_for):
    client = client_for(world.people["head_x"])
    pupil = world.pupils["x2"]
    page = text_of(client.get(url("consultation-new", pupil_id=pupil.pk)))
    assert "You are consulting Yusuf Head, chair of the North inclusion partnership" in page
    assert "consult the chair before deciding on a permanent exclusion" in page
    response = client.post(url("consultation-new", pupil_id=pupil.pk), consultation_form())
    consultation = ExclusionConsultation.objects.get(pupil=pupil)
    assert response.status_code == 302
    assert response.url == url("consultation", consult_id=consultation.pk)
    assert (consultation.chair, consultation.school, consultation.consulted_on) == (
        world.people["chair_y"],
        world.schools["x"],
        TODAY - dt.timedelta(days=1),
    )
    assert consultation.chair_advice == "Agree a managed move before deciding"
    assert consultation.history.first().history_change_reason == "Consulted the chair by telephone"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"consulted_on": (TODAY + dt.timedelta(days=1)).strftime("%d/%m/%Y")},
            "consulted_on",
            "The date of the consultation must be today or in the past",
        ),
        ({"consulted_on": "31/02/2026"}, "consulted_on", "Date of the consultation must be a real date"),
        ({"chair_advice": "  "}, "chair_advice", "Enter the chair's advice"),
        ({"alternatives_considered": ""}, "alternatives_considered", "Enter the alternatives considered"),
        ({"reason": ""}, "reason", "Enter why you are making this change"),
    ],
)
def test_bad_consultation_input_is_shown_beside_the_field_and_nothing_is_saved(
    world, client_for, changes, field, message
):
    client = client_for(world.people["head_x"])
    response = client.post(
        url("consultation-new", pupil_id=world.pupils["x2"].pk), consultation_form(**changes)
    )
    assert response.status_code == 200
    assert error_beside(response, field).startswith(message)
    assert "There is a problem" in text_of(response)
    assert f'href="#id_{field}"' in response.content.decode()
    assert not ExclusionConsultation.objects.filter(pupil=world.pupils["x2"]).exists()


def test_an_empty_consultation_form_lists_every_problem(world, client_for):
    response = client_for(world.people["head_x"]).post(
        url("consultation-new", pupil_id=world.pupils["x2"].pk)
    )
    for field in ("consulted_on", "reason_considered", "alternatives_considered", "chair_advice", "reason"):
        assert error_beside(response, field), field


@pytest.mark.parametrize(
    "persona", ["designated_lead_x", "chair_y", "partnership_staff", "inclusion_officer"]
)
def test_others_who_see_the_pupil_may_not_record_a_consultation_or_exclusion(world, client_for, persona):
    client = client_for(world.people[persona])
    pupil = world.pupils["x2"]
    for address in (url("consultation-new", pupil_id=pupil.pk), url("exclusion-new", pupil_id=pupil.pk)):
        assert client.get(address).status_code == 403
        assert client.post(address, consultation_form()).status_code == 403
    assert not ExclusionConsultation.objects.filter(pupil=pupil).exists()


def test_the_forms_run_a_pinned_number_of_queries(world, client_for):
    client = client_for(world.people["head_x"])
    pupil = world.pupils["x2"]
    client.get(url("consultation-new", pupil_id=pupil.pk))
    with pinned_queries(9):
        assert client.get(url("consultation-new", pupil_id=pupil.pk)).status_code == 200
    with pinned_queries(11):
        assert client.get(url("exclusion-new", pupil_id=pupil.pk)).status_code == 200
    with pinned_queries(10):
        assert client.get(url("exclusion-review", exclusion_id=world.records["e_x2"].pk)).status_code == 200


def test_a_head_who_chairs_the_partnership_is_told_so(world, client_for):
    response = client_for(world.people["chair_y"]).get(
        url("consultation-new", pupil_id=world.pupils["y1"].pk)
    )
    assert "You chair the North inclusion partnership yourself" in text_of(response)
