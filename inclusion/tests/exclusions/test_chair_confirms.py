"""A consultation both sides stand behind (decision 0033): the chair is told, records the advice in
their words and confirms or disputes the head's record; where the head is the chair, the
partnership's staff or an LA inclusion officer does; the figures count confirmed, not confirmed and
none apart."""

from __future__ import annotations

import datetime as dt

import pytest

from inclusion import services
from inclusion.models import ChairResponse, ExclusionConsultation
from inclusion.selectors.figures import inclusion_figures
from partnership.access import NotAllowed
from partnership.models import Notification
from partnership.services import ServiceError
from tests.helpers import error_beside, text_of

from ..world import ctx_of
from .conftest import TODAY, url


def _respond(world, persona, key="c_x1", response="confirmed", advice="I advised a managed move first"):
    person = world.people[persona]
    return services.consultation_respond(
        actor=person, ctx=ctx_of(person), consultation=world.records[key], response=response, advice=advice
    )


def test_the_chair_is_told_at_once_without_the_childs_name(world):
    chair = world.people["chair_y"]
    message = Notification.objects.get(user=chair, key=f"exclusion-consultation-{world.records['c_x1'].pk}")
    assert (
        "recorded a consultation with you before a possible permanent exclusion at School X" in message.text
    )
    assert "Pupil x1" not in message.text
    assert message.link == url("consultation", consult_id=world.records["c_x1"].pk)


def test_the_chair_confirms_in_their_words_and_the_message_leaves_their_list(world, client_for):
    chair = world.people["chair_y"]
    client = client_for(chair)
    page = client.get(url("consultation", consult_id=world.records["c_x1"].pk))
    assert "Not yet confirmed" in text_of(page) and "Confirm or correct this record" in text_of(page)
    refused = client.post(url("consultation-respond", consult_id=world.records["c_x1"].pk), {})
    assert error_beside(refused, "response") == "Select whether the record is right"
    assert error_beside(refused, "advice") == "Enter the advice given, in your words"
    done = client.post(
        url("consultation-respond", consult_id=world.records["c_x1"].pk),
        {"response": "confirmed", "advice": "Try a managed move before anything else"},
    )
    assert done.status_code == 302
    consultation = ExclusionConsultation.objects.get(pk=world.records["c_x1"].pk)
    assert (consultation.response, consultation.responded_by, consultation.response_advice) == (
        ChairResponse.CONFIRMED,
        chair,
        "Try a managed move before anything else",
    )
    assert consultation.history.first().history_change_reason == "Confirmed the record"
    assert not Notification.objects.filter(
        user=chair, done_at__isnull=True, key__startswith="exclusion-"
    ).exists()
    shown = text_of(client_for(world.people["head_x"]).get(url("consultation", consult_id=consultation.pk)))
    assert "confirmed this record" in shown and "Try a managed move before anything else" in shown


def test_a_dispute_tells_the_head_and_keeps_both_accounts(world, client_for):
    _respond(world, "chair_y", response="disputed", advice="I advised against exclusion")
    head = world.people["head_x"]
    assert Notification.objects.filter(user=head, text__contains="disputed your record").exists()
    shown = text_of(client_for(head).get(url("consultation", consult_id=world.records["c_x1"].pk)))
    assert "Try a managed move first" in shown and "I advised against exclusion" in shown
    assert "disputed this record" in shown


def test_an_answer_is_given_once(world):
    _respond(world, "chair_y")
    with pytest.raises(ServiceError, match="already confirmed"):
        _respond(world, "chair_y", response="disputed")


def test_the_answer_page_of_an_answered_consultation_goes_back_to_the_record(world, client_for):
    _respond(world, "chair_y")
    address = url("consultation", consult_id=world.records["c_x1"].pk)
    client = client_for(world.people["chair_y"])
    response = client.post(
        url("consultation-respond", consult_id=world.records["c_x1"].pk),
        {"response": "disputed", "advice": "x"},
    )
    assert response.status_code == 302 and response["Location"] == address
    assert ExclusionConsultation.objects.get(pk=world.records["c_x1"].pk).response == ChairResponse.CONFIRMED


@pytest.mark.parametrize("persona", ["head_x", "partnership_staff", "other_head_w", "designated_lead_x"])
def test_only_the_chair_answers_for_a_consultation_with_them(world, persona):
    with pytest.raises(NotAllowed):
        _respond(world, persona)


def test_where_the_head_is_the_chair_staff_or_an_officer_answers_not_the_head(world):
    """Y's head chairs North and recorded c_y1: they cannot confirm their own record."""
    key = f"exclusion-consultation-{world.records['c_y1'].pk}"
    asked = set(Notification.objects.filter(key=key).values_list("user", flat=True))
    assert asked == {world.people["partnership_staff"].pk, world.people["inclusion_officer"].pk}
    with pytest.raises(NotAllowed):
        _respond(world, "chair_y", key="c_y1")
    answered = _respond(world, "partnership_staff", key="c_y1")
    assert answered.responded_by == world.people["partnership_staff"]


def test_the_figures_count_confirmed_not_confirmed_and_none_apart(world):
    """North's and South's exclusions this term: x1's after c_x1, x2's and w1's with none."""
    partnership = world.partnerships["north"].partnership

    def county():
        return inclusion_figures(partnership, starts_on=TODAY - dt.timedelta(days=30), cut=TODAY).scope

    before = county()
    assert (before.confirmed.n, before.unconfirmed.n, before.flagged.n) == (0, 1, 2)
    _respond(world, "chair_y")
    after = county()
    assert (after.confirmed.n, after.unconfirmed.n, after.flagged.n) == (1, 0, 2)
