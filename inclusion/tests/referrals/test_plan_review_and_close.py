"""Agreeing a referral's plan, reviewing it and closing it: who may (200, 403 or 404), bad input shown
beside the field with nothing saved, the reason kept in the history, a log entry for every read, and
pinned query counts (decision 0020)."""

import datetime as dt

import pytest

from inclusion.models import PlanReview, PlanType, ReferralStatus
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from tests.helpers import error_beside, future, past, pinned_queries, text_of

from .conftest import OUTSIDERS, client_of, log_entries_since, url

# --- Agreeing a plan, reviewing and closing ------------------------------------------------------

CHANGE_STATUS = {
    "inclusion_officer": 200,
    "chair_y": 200,
    "partnership_staff": 200,
    "head_x": 403,
    "designated_lead_x": 403,
    "other_head_w": 404,
    **dict.fromkeys(OUTSIDERS, 404),
}


@pytest.mark.parametrize(("persona", "status"), sorted(CHANGE_STATUS.items()))
@pytest.mark.parametrize(
    ("page", "referral_key"), [("referral-plan", "x1"), ("referral-review", "x2"), ("referral-close", "x1")]
)
def test_change_pages_for_each_persona(client_for, world, persona, status, page, referral_key):
    client = client_of(client_for, world, persona)
    referral = world.referrals[referral_key]
    assert client.get(url(page, referral_id=referral.pk)).status_code == status
    history = referral.history.count()
    posted = client.post(url(page, referral_id=referral.pk), {})
    assert posted.status_code == status  # an empty form comes back with its errors, or is refused
    assert referral.history.count() == history


def test_partnership_staff_agree_a_home_base_plan(client_for, world):
    staff = world.people["partnership_staff"]
    referral = world.referrals["x1"]
    review_on = dt.date.today() + dt.timedelta(days=21)
    response = client_for(staff).post(
        url("referral-plan", referral_id=referral.pk),
        {
            "plan_type": PlanType.HOME_BASE,
            "detail": "Three mornings a week in the home base for six weeks",
            "next_review_on": review_on.strftime("%d/%m/%Y"),
            "reason": "Agreed at the partnership panel",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("referral", referral_id=referral.pk)
    referral.refresh_from_db()
    assert (referral.status, referral.plan_type, referral.next_review_on) == (
        ReferralStatus.PLAN_AGREED,
        PlanType.HOME_BASE,
        review_on,
    )
    assert (referral.plan_agreed_by, referral.plan_agreed_on) == (staff, dt.date.today())
    assert referral.plan_detail == "Three mornings a week in the home base for six weeks"
    assert referral.history.first().history_change_reason == "Agreed at the partnership panel"
    page = text_of(client_for(staff).get(response["Location"]))
    assert "Plan agreed" in page and "Home base provision" in page


def test_plan_page_shows_each_plan_type_with_its_hint(client_for, world):
    response = client_of(client_for, world, "chair_y").get(
        url("referral-plan", referral_id=world.referrals["x1"].pk)
    )
    html = response.content.decode()
    for value, label in PlanType.choices:
        assert f'value="{value}"' in html and label in html
    assert 'aria-describedby="id_plan_type_1_hint"' in html
    assert "Time in the partnership&#x27;s home base" in html or "Time in the partnership's home base" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"plan_type": ""}, "plan_type", "Select the plan agreed"),
        ({"next_review_on": past(0)}, "next_review_on", "The first review must be after today"),
        ({"next_review_on": past(5)}, "next_review_on", "The first review must be after today"),
        (
            {"next_review_on": "31/02/2027"},
            "next_review_on",
            "Date of the first review must be a real date, like 01/09/2025",
        ),
        ({"next_review_on": ""}, "next_review_on", "Enter the date of the first review"),
        ({"detail": ""}, "detail", "Describe the plan"),
        ({"reason": ""}, "reason", "Enter why the plan is being agreed"),
    ],
)
def test_plan_bad_input_is_shown_beside_the_field_and_nothing_is_saved(
    client_for, world, data, field, message
):
    referral = world.referrals["x1"]
    good = {
        "plan_type": PlanType.IN_SCHOOL,
        "detail": "A mentor",
        "next_review_on": future(14),
        "reason": "Panel",
    }
    history = referral.history.count()
    response = client_of(client_for, world, "inclusion_officer").post(
        url("referral-plan", referral_id=referral.pk), {**good, **data}
    )
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert "There is a problem" in text_of(response)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED and referral.history.count() == history


def test_a_review_is_recorded_with_the_next_date(client_for, world):
    officer = world.people["inclusion_officer"]
    referral = world.referrals["x2"]
    response = client_for(officer).post(
        url("referral-review", referral_id=referral.pk),
        {"notes": "Attending the home base well", "next_review_on": future(42), "reason": "Six-week review"},
    )
    assert response.status_code == 302
    review = PlanReview.objects.get(referral=referral)
    assert (review.notes, review.reviewed_by, review.reviewed_on) == (
        "Attending the home base well",
        officer,
        dt.date.today(),
    )
    referral.refresh_from_db()
    assert referral.next_review_on == review.next_review_on == dt.date.today() + dt.timedelta(days=42)
    assert review.history.first().history_change_reason == "Six-week review"
    assert referral.history.first().history_change_reason == "Six-week review"


def test_a_review_before_closing_may_leave_the_next_date_blank(client_for, world):
    referral = world.referrals["x2"]
    response = client_of(client_for, world, "chair_y").post(
        url("referral-review", referral_id=referral.pk),
        {"notes": "Back in full-time lessons", "next_review_on": "", "reason": "Final review"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.next_review_on is None and referral.reviews.get().next_review_on is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"next_review_on": past(0)}, "next_review_on", "The next review must be after today"),
        ({"next_review_on": past(1)}, "next_review_on", "The next review must be after today"),
        ({"notes": ""}, "notes", "Enter what the review found"),
        ({"reason": ""}, "reason", "Enter why you are recording this review"),
    ],
)
def test_review_bad_input_is_shown_beside_the_field_and_nothing_is_saved(
    client_for, world, data, field, message
):
    referral = world.referrals["x2"]
    good = {"notes": "Going well", "next_review_on": future(30), "reason": "Review"}
    response = client_of(client_for, world, "partnership_staff").post(
        url("referral-review", referral_id=referral.pk), {**good, **data}
    )
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert "There is a problem" in text_of(response)
    assert not PlanReview.objects.filter(referral=referral).exists()


def test_review_waits_for_a_plan(client_for, world):
    client = client_of(client_for, world, "inclusion_officer")
    response = client.get(url("referral-review", referral_id=world.referrals["x1"].pk))
    assert response.status_code == 302 and response["Location"] == url(
        "referral", referral_id=world.referrals["x1"].pk
    )
    assert "once a plan is agreed" in text_of(client.get(response["Location"]))


def test_close_page_explains_and_closing_keeps_the_reason(client_for, world):
    referral = world.referrals["x2"]
    client = client_of(client_for, world, "chair_y")
    page = text_of(client.get(url("referral-close", referral_id=referral.pk)))
    assert "no further reviews or changes to the plan can be recorded" in page
    response = client.post(
        url("referral-close", referral_id=referral.pk), {"reason": "Back in mainstream full time"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.closed_on, referral.next_review_on) == (
        ReferralStatus.CLOSED,
        dt.date.today(),
        None,
    )
    assert referral.history.first().history_change_reason == "Back in mainstream full time"
    again = client.get(url("referral-close", referral_id=referral.pk))
    assert again.status_code == 302
    assert client.get(url("referral-plan", referral_id=referral.pk)).status_code == 302


def test_close_without_a_reason_is_refused_beside_the_field(client_for, world):
    referral = world.referrals["x1"]
    response = client_of(client_for, world, "inclusion_officer").post(
        url("referral-close", referral_id=referral.pk), {"reason": ""}
    )
    assert error_beside(response, "reason") == "Enter why the referral is closing"
    assert "There is a problem" in text_of(response)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED


def test_change_pages_log_the_read(client_for, world):
    referral = world.referrals["x1"]
    before = AccessLogEntry.objects.count()
    client_of(client_for, world, "inclusion_officer").get(url("referral-plan", referral_id=referral.pk))
    assert [(e.record_type, e.record_id) for e in log_entries_since(before)] == [
        (RecordType.PUPIL_CASE, str(referral.pk))
    ]


@pytest.mark.parametrize(
    ("page", "referral_key", "expected"),
    [("referral-plan", "x1", 6), ("referral-review", "x2", 6), ("referral-close", "x1", 6)],
)
def test_change_page_query_counts_are_pinned(client_for, world, page, referral_key, expected):
    client = client_of(client_for, world, "inclusion_officer")
    client.get(url(page, referral_id=world.referrals[referral_key].pk))
    with pinned_queries(expected):
        assert client.get(url(page, referral_id=world.referrals[referral_key].pk)).status_code == 200
