"""Recording a permanent exclusion: not flagged after a consultation, warned of and then flagged
without one by the rule the service applies, a placement that moves the pupil, and bad input shown
beside the field with nothing saved (decision 0020)."""

import datetime as dt

import pytest

from inclusion import services
from inclusion.models import ExclusionConsultation, GovernorsReview, PermanentExclusion
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from tests.helpers import error_beside, text_of

from ..world import REASON, ctx_of
from .conftest import TODAY, consultation_form, day, url

# --- Recording an exclusion ---------------------------------------------------------------------


def exclusion_form(**changes):
    return {
        "excluded_on": day(0),
        "governors_review": GovernorsReview.PENDING,
        "placed_at": "",
        "reason": "Decision letter sent to parents today",
        **changes,
    }


def test_an_exclusion_after_a_consultation_is_not_flagged_and_links_to_it(world, client_for):
    client = client_for(world.people["head_x"])
    pupil = world.pupils["x2"]
    # x2 was excluded two days ago (and not placed): a consultation since then counts.
    client.post(url("consultation-new", pupil_id=pupil.pk), consultation_form(consulted_on=day(1)))
    consultation = ExclusionConsultation.objects.get(pupil=pupil)
    form_page = text_of(client.get(url("exclusion-new", pupil_id=pupil.pk)))
    assert "No consultation with the partnership's chair is recorded" not in form_page
    response = client.post(url("exclusion-new", pupil_id=pupil.pk), exclusion_form())
    exclusion = PermanentExclusion.objects.get(pupil=pupil, excluded_on=TODAY)
    assert response.url == url("exclusion", exclusion_id=exclusion.pk)
    assert exclusion.consultation == consultation
    assert exclusion.history.first().history_change_reason == "Decision letter sent to parents today"
    page = client.get(response.url)
    assert "No consultation before exclusion" not in text_of(page)
    assert f'href="{url("consultation", consult_id=consultation.pk)}"' in page.content.decode()


def test_an_exclusion_with_no_consultation_is_warned_of_then_flagged(world, client_for):
    client = client_for(world.people["other_head_w"])
    pupil = world.pupils["w1"]
    warning = text_of(client.get(url("exclusion-new", pupil_id=pupil.pk)))
    assert "If you record the exclusion now, it will be flagged" in warning
    response = client.post(url("exclusion-new", pupil_id=pupil.pk), exclusion_form())
    page = text_of(client.get(response.url))
    assert "No consultation before exclusion" in page


def test_the_form_warns_by_the_rule_the_service_applies_when_saving(world, client_for):
    head = world.people["head_x"]
    client = client_for(head)
    pupil = world.pupils["x1"]
    # x1's consultation (10 days ago) came before their exclusion 3 days ago: it does not count
    # for another exclusion, so the form warns, and an exclusion recorded now is flagged.
    warning = text_of(client.get(url("exclusion-new", pupil_id=pupil.pk)))
    assert "If you record the exclusion now, it will be flagged" in warning
    assert "no more than 12 weeks before it" in warning
    consultation = services.consultation_record(
        actor=head,
        ctx=ctx_of(head),
        pupil=pupil,
        consulted_on=TODAY,
        reason_considered="Another incident",
        alternatives_considered="A managed move",
        chair_advice="Try a managed move first",
        reason=REASON,
    )
    before = AccessLogEntry.objects.count()
    page = text_of(client.get(url("exclusion-new", pupil_id=pupil.pk)))
    assert "If you record the exclusion now, it will be flagged" not in page
    assert f"You consulted {world.people['chair_y'].full_name}, the partnership's chair, on" in page
    logged = AccessLogEntry.objects.order_by("pk")[before:].values_list("record_type", "record_id")
    assert (RecordType.PUPIL_CONSULTATION, str(consultation.pk)) in list(logged)
    client.post(url("exclusion-new", pupil_id=pupil.pk), exclusion_form())
    assert PermanentExclusion.objects.get(pupil=pupil, excluded_on=TODAY).consultation == consultation


def test_a_placement_moves_the_pupil_and_the_head_goes_back_to_the_list(world, client_for):
    client = client_for(world.people["head_x"])
    pupil = world.pupils["x2"]
    response = client.post(
        url("exclusion-new", pupil_id=pupil.pk), exclusion_form(placed_at=str(world.schools["y"].pk))
    )
    assert response.url == url("exclusions")
    assert "now on roll at School Y" in text_of(client.get(response.url))
    pupil.refresh_from_db()
    assert pupil.home_school == world.schools["y"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"placed_at": "x"}, "placed_at", "Choose one of the partnership's other schools"),
        ({"placed_at": "w"}, "placed_at", "Choose one of the partnership's other schools"),
        ({"placed_at": "z"}, "placed_at", "Choose one of the partnership's other schools"),
        (
            {"excluded_on": (TODAY + dt.timedelta(days=3)).strftime("%d/%m/%Y")},
            "excluded_on",
            "The date of the exclusion must be today or in the past",
        ),
        ({"governors_review": "maybe"}, "governors_review", "Select a valid choice"),
        ({"reason": ""}, "reason", "Enter why you are making this change"),
    ],
)
def test_bad_exclusion_input_is_shown_beside_the_field_and_nothing_is_saved(
    world, client_for, changes, field, message
):
    if changes.get("placed_at"):
        changes["placed_at"] = str(world.schools[changes["placed_at"]].pk)
    client = client_for(world.people["head_x"])
    pupil = world.pupils["x2"]
    before = PermanentExclusion.objects.count()
    response = client.post(url("exclusion-new", pupil_id=pupil.pk), exclusion_form(**changes))
    assert response.status_code == 200
    assert error_beside(response, field).startswith(message)
    assert "There is a problem" in text_of(response)
    assert PermanentExclusion.objects.count() == before
    pupil.refresh_from_db()
    assert pupil.home_school == world.schools["x"]
