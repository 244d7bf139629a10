"""Referring a pupil at risk: who may (200, 403 or 404), the reason kept in the history, missing reasons
shown beside each field with nothing saved, a school outside every inclusion partnership told so, and a
pinned query count (decision 0020)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from inclusion import services
from inclusion.models import Referral, ReferralStatus
from inclusion.services import referrals as referral_services
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry, Role
from tests.factories import SchoolFactory
from tests.helpers import error_beside, pinned_queries, text_of

from ..world import REASON, born_in_year, ctx_of, person, upn
from .conftest import OUTSIDERS, client_of, log_entries_since, url

# --- Referring a pupil ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("head_x", 200),
        ("designated_lead_x", 200),
        ("chair_y", 403),
        ("partnership_staff", 403),
        ("inclusion_officer", 403),
        ("other_head_w", 404),
        *[(persona, 404) for persona in OUTSIDERS],
    ],
)
def test_refer_page_for_each_persona(client_for, world, persona, status):
    _close_open_referral(world, "x1")
    client = client_of(client_for, world, persona)
    assert client.get(url("refer", pupil_id=world.pupils["x1"].pk)).status_code == status
    before = Referral.objects.count()
    posted = client.post(
        url("refer", pupil_id=world.pupils["x1"].pk), {"reasons": "a", "support_tried": "b", "reason": "c"}
    )
    assert posted.status_code == (302 if status == 200 else status)
    assert Referral.objects.count() == before + (1 if status == 200 else 0)


def _close_open_referral(world, key):
    officer = world.people["inclusion_officer"]
    services.referral_close(actor=officer, ctx=ctx_of(officer), referral=world.referrals[key], reason=REASON)


def test_designated_lead_refers_a_pupil_and_the_reason_is_kept(client_for, world):
    _close_open_referral(world, "x2")
    lead = world.people["designated_lead_x"]
    pupil = world.pupils["x2"]
    before = AccessLogEntry.objects.count()
    response = client_for(lead).post(
        url("refer", pupil_id=pupil.pk),
        {
            "reasons": "Three suspensions this term",
            "support_tried": "Mentor and a reduced timetable",
            "reason": "Agreed at the pastoral meeting",
        },
    )
    referral = Referral.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == url("referral", referral_id=referral.pk)
    assert (referral.pupil, referral.referring_school, referral.referred_by) == (
        pupil,
        pupil.home_school,
        lead,
    )
    assert (referral.reasons, referral.support_tried, referral.status) == (
        "Three suspensions this term",
        "Mentor and a reduced timetable",
        ReferralStatus.REFERRED,
    )
    assert referral.inclusion_partnership == world.partnerships["north"]
    assert referral.history.first().history_change_reason == "Agreed at the pastoral meeting"
    reads = [(e.record_type, e.record_id) for e in log_entries_since(before)]
    assert (RecordType.PUPIL, str(pupil.pk)) in reads


def test_refer_refuses_missing_reasons_beside_each_field_and_saves_nothing(client_for, world):
    _close_open_referral(world, "x1")
    client = client_of(client_for, world, "head_x")
    before = Referral.objects.count()
    response = client.post(
        url("refer", pupil_id=world.pupils["x1"].pk), {"reasons": " ", "support_tried": ""}
    )
    assert response.status_code == 200
    assert error_beside(response, "reasons") == "Enter why the pupil is at risk"
    assert error_beside(response, "support_tried") == "Enter the support the school has already tried"
    assert error_beside(response, "reason") == "Enter why you are making this referral"
    assert "There is a problem" in text_of(response) and 'href="#id_reasons"' in response.content.decode()
    assert Referral.objects.count() == before


def test_refer_page_sends_a_pupil_with_an_open_referral_to_it(client_for, world):
    response = client_of(client_for, world, "head_x").get(url("refer", pupil_id=world.pupils["x1"].pk))
    assert "Pupil x1 already has an open referral" in text_of(response)
    assert url("referral", referral_id=world.referrals["x1"].pk) in response.content.decode()
    assert "<form" not in response.content.decode().split('id="main-content"')[-1]


def test_a_second_open_referral_posted_from_an_old_page_is_refused_and_nothing_is_saved(client_for, world):
    before = Referral.objects.count()
    response = client_of(client_for, world, "designated_lead_x").post(
        url("refer", pupil_id=world.pupils["x2"].pk), {"reasons": "a", "support_tried": "b", "reason": "c"}
    )
    assert response.status_code == 200
    assert "Pupil x2 already has an open referral" in text_of(response)
    assert url("referral", referral_id=world.referrals["x2"].pk) in response.content.decode()
    assert Referral.objects.count() == before


def test_the_database_holds_one_open_referral_per_pupil(world):
    first = world.referrals["x1"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            pupil=first.pupil,
            inclusion_partnership=first.inclusion_partnership,
            referring_school=first.referring_school,
            reasons="Again",
            support_tried="More",
            referred_by=first.referred_by,
        )


def test_two_referrals_at_once_get_the_same_refusal(world, monkeypatch):
    """The check passed for both; the database refuses the second, with the check's message."""
    _close_open_referral(world, "x1")
    head = world.people["head_x"]
    services.referral_create(
        actor=head, ctx=ctx_of(head), pupil=world.pupils["x1"], reasons="a", support_tried="b", reason=REASON
    )
    real = referral_services._open_referral_refusal
    calls = []

    def too_early(pupil):
        calls.append(pupil)
        return None if len(calls) == 1 else real(pupil)

    monkeypatch.setattr(referral_services, "_open_referral_refusal", too_early)
    with pytest.raises(services.OpenReferralExists) as refused:
        services.referral_create(
            actor=head,
            ctx=ctx_of(head),
            pupil=world.pupils["x1"],
            reasons="a",
            support_tried="b",
            reason=REASON,
        )
    today = dt.date.today()
    assert refused.value.message == (
        f"Pupil x1 already has an open referral, made on {today.day} {today:%B %Y}. Tell the "
        "partnership what has changed, or ask it to close that referral, rather than making another"
    )
    assert Referral.objects.filter(pupil=world.pupils["x1"]).exclude(status="closed").count() == 1


def test_refer_page_query_count_is_pinned(client_for, world):
    client = client_of(client_for, world, "designated_lead_x")
    client.get(url("refer", pupil_id=world.pupils["x1"].pk))
    with pinned_queries(12):
        assert client.get(url("refer", pupil_id=world.pupils["x1"].pk)).status_code == 200


def test_a_school_outside_every_inclusion_partnership_is_told_so_and_nothing_is_saved(
    client_for, world, partnership_a
):
    school_v = SchoolFactory(la_code="901", name="School V", phase="Secondary")
    head_v = person(partnership_a, Role.HEADTEACHER, school=school_v, name="Val Head")
    pupil = services.pupil_create(
        actor=head_v,
        ctx=ctx_of(head_v),
        full_name="Pupil v1",
        date_of_birth=born_in_year(9, 5, 1),
        upn=upn("901200023009"),
        home_school=school_v,
        year_group=9,
        reason=REASON,
    )
    response = client_for(head_v).post(
        url("refer", pupil_id=pupil.pk), {"reasons": "a", "support_tried": "b", "reason": "c"}
    )
    assert response.status_code == 200
    assert "This school is not a member of an inclusion partnership" in text_of(response)
    assert "There is a problem" in text_of(response)
    assert not Referral.objects.filter(pupil=pupil).exists()
