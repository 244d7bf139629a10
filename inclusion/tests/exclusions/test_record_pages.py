"""An exclusion's and a consultation's pages: who sees them, the flag, every read logged, the review
link only for those who may record it, and pinned query counts (decision 0020)."""

import pytest

from inclusion.models import ExclusionConsultation, PermanentExclusion
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from tests.helpers import pinned_queries, text_of

from .conftest import SEE_NO_PUPILS, url

# --- The records' pages -------------------------------------------------------------------------


SEE_X1 = ["inclusion_officer", "head_x", "designated_lead_x", "chair_y", "partnership_staff"]


@pytest.mark.parametrize("persona", SEE_X1)
def test_those_who_see_the_pupil_see_the_exclusion_and_consultation(world, client_for, persona):
    client = client_for(world.people[persona])
    exclusion, consultation = world.records["e_x1"], world.records["c_x1"]
    response = client.get(url("exclusion", exclusion_id=exclusion.pk))
    assert response.status_code == 200
    assert client.get(url("consultation", consult_id=consultation.pk)).status_code == 200
    page = text_of(response)
    assert "No consultation before exclusion" not in page
    assert f'href="{url("consultation", consult_id=consultation.pk)}"' in response.content.decode()


@pytest.mark.parametrize("persona", ["other_head_w", *SEE_NO_PUPILS, "inclusion_officer_b"])
def test_everyone_else_gets_a_404_for_the_records(world, client_for, persona):
    client = client_for(world.people[persona])
    for address in (
        url("exclusion", exclusion_id=world.records["e_x1"].pk),
        url("consultation", consult_id=world.records["c_x1"].pk),
    ):
        assert client.get(address).status_code == 404, address
    for address in (
        url("exclusion-review", exclusion_id=world.records["e_x1"].pk),
        url("consultation-new", pupil_id=world.pupils["x1"].pk),
        url("exclusion-new", pupil_id=world.pupils["x1"].pk),
    ):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"reason": "x"}).status_code == 404, address
    assert PermanentExclusion.objects.count() == 3 and ExclusionConsultation.objects.count() == 2


def test_a_flagged_exclusion_says_so_on_its_page(world, client_for):
    response = client_for(world.people["head_x"]).get(url("exclusion", exclusion_id=world.records["e_x2"].pk))
    page = text_of(response)
    assert "No consultation before exclusion" in page
    assert "None that counts for this exclusion" in page
    assert "the school had recorded no consultation with the partnership's chair" in page


def test_reading_a_record_is_logged(world, client_for):
    user = world.people["designated_lead_x"]
    client = client_for(user)
    exclusion, consultation = world.records["e_x1"], world.records["c_x1"]
    before = AccessLogEntry.objects.count()
    client.get(url("exclusion", exclusion_id=exclusion.pk))
    client.get(url("consultation", consult_id=consultation.pk))
    entries = list(AccessLogEntry.objects.order_by("pk")[before:])
    assert [(e.record_type, e.record_id, e.school_id, e.user_id) for e in entries] == [
        (RecordType.PUPIL_EXCLUSION, str(exclusion.pk), world.schools["x"].pk, user.pk),
        (RecordType.PUPIL_CONSULTATION, str(consultation.pk), world.schools["x"].pk, user.pk),
    ]


def test_the_review_link_shows_only_to_those_who_may_record_it(world, client_for):
    exclusion = world.records["e_x1"]
    review = url("exclusion-review", exclusion_id=exclusion.pk)
    for persona in SEE_X1:
        page = client_for(world.people[persona]).get(url("exclusion", exclusion_id=exclusion.pk))
        assert (review in page.content.decode()) == (persona in {"head_x", "inclusion_officer"}), persona


def test_the_records_pages_run_a_pinned_number_of_queries(world, client_for):
    client = client_for(world.people["head_x"])
    exclusion, consultation = world.records["e_x1"], world.records["c_x1"]
    client.get(url("exclusion", exclusion_id=exclusion.pk))
    with pinned_queries(8):
        assert client.get(url("exclusion", exclusion_id=exclusion.pk)).status_code == 200
    with pinned_queries(8):
        assert client.get(url("consultation", consult_id=consultation.pk)).status_code == 200
