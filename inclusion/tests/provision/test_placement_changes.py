"""Making, reviewing and ending an alternative provision placement: who may, bad input shown beside the
field with nothing saved, the reason kept in the history, pinned query counts, and the reviews' notes
under the retention rule and the subject access export (decision 0020)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from inclusion import services
from inclusion.models import APPlacement, PlacementOutcome, PlacementReview, Pupil
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from partnership.retention import rule
from partnership.subject_access import _project_models
from tests.helpers import error_beside, future, past, pinned_queries, text_of

from ..world import REASON, ctx_of
from .conftest import OUTSIDERS, TODAY, client_of, days, has_error_summary, listed, log_entries_since, url

# --- Making a placement --------------------------------------------------------------------------

CHANGE_STATUS = {
    "inclusion_officer": 200,
    "chair_y": 200,
    "partnership_staff": 200,
    "head_x": 403,
    "designated_lead_x": 403,
    "other_head_w": 404,
    **dict.fromkeys(OUTSIDERS, 404),
}


@pytest.mark.parametrize("persona", sorted(CHANGE_STATUS))
def test_who_may_open_the_placement_pages(client_for, world, persona):
    client = client_of(client_for, world, persona)
    x1 = world.placements["x1"].pk
    expected = CHANGE_STATUS[persona]
    assert client.get(url("placement-new", pupil_id=world.pupils["x1"].pk)).status_code == expected
    assert client.get(url("placement-review", placement_id=x1)).status_code == expected
    assert client.get(url("placement-end", placement_id=x1)).status_code == expected


def good_placement(world, **changes):
    return {
        "provider": world.providers["bridge"].pk,
        "starts_on": future(1),
        "ends_on": future(90),
        "days_per_week": "3",
        "cost": "4500.50",
        "funding_source": "high_needs",
        "review_weeks": "4",
        "reason": "Agreed at the panel",
        **changes,
    }


def test_making_a_placement_links_the_referral_and_keeps_the_reason(client_for, world):
    staff = world.people["partnership_staff"]
    referral = services.referral_create(
        actor=world.people["head_x"],
        ctx=ctx_of(world.people["head_x"]),
        pupil=world.pupils["x2"],
        reasons="Suspensions",
        support_tried="Mentor",
        reason=REASON,
    )
    APPlacement.objects.filter(pupil=world.pupils["x2"]).delete()
    client = client_for(staff)
    form = client.get(url("placement-new", pupil_id=world.pupils["x2"].pk))
    html = form.content.decode()
    assert (
        "Closed Door (not suitable: do not place)" in html
        and "New Start (no quality assurance visit yet)" in html
    )
    assert "Bee Provision" not in html
    before = AccessLogEntry.objects.count()
    response = client.post(
        url("placement-new", pupil_id=world.pupils["x2"].pk), good_placement(world, referral=referral.pk)
    )
    placement = APPlacement.objects.get(pupil=world.pupils["x2"])
    assert response["Location"] == url("placement", placement_id=placement.pk)
    assert (placement.days_per_week, placement.cost, placement.review_weeks) == (
        Decimal("3"),
        Decimal("4500.50"),
        4,
    )
    assert (placement.referral, placement.ends_on, placement.created_by) == (referral, days(90), staff)
    assert placement.history.first().history_change_reason == "Agreed at the panel"
    # The pupil was read (logged) to make the placement.
    assert [(e.record_type, e.record_id) for e in log_entries_since(before)] == [
        (RecordType.PUPIL, str(world.pupils["x2"].pk))
    ]


@pytest.mark.parametrize(
    ("pupil", "changes", "field", "message"),
    [
        # x1 has a placement going on since 20 days ago: a new one from 5 days ago overlaps it.
        (
            "x1",
            {"starts_on": past(5), "ends_on": ""},
            "starts_on",
            "This pupil already has a placement on some",
        ),
        (
            "y1",
            {"starts_on": future(10), "ends_on": future(5)},
            "ends_on",
            "The end date must be the same as or",
        ),
        ("y1", {"days_per_week": "0"}, "days_per_week", "Enter days per week from 0.5 to 5, in half days"),
        ("y1", {"days_per_week": "5.5"}, "days_per_week", "Enter days per week from 0.5 to 5, in half days"),
        ("y1", {"days_per_week": "1.3"}, "days_per_week", "Enter days per week from 0.5 to 5, in half days"),
        ("y1", {"days_per_week": "two"}, "days_per_week", "Enter days a week as a number"),
        ("y1", {"cost": "-1"}, "cost", "The cost must be £0 or more"),
        ("y1", {"provider": "closed"}, "provider", "Closed Door was found not suitable at its last quality"),
        ("y1", {"provider": "bee"}, "provider", "Select a provider from the list"),
        ("y1", {"funding_source": ""}, "funding_source", "Select how the placement is funded"),
        ("y1", {"review_weeks": "0"}, "review_weeks", "Enter a review cycle of at least 1 week"),
        ("y1", {"starts_on": "31/02/2027"}, "starts_on", "Start date must be a real date"),
        ("y1", {"reason": ""}, "reason", "Enter why you are making this change"),
    ],
)
def test_bad_placement_input_is_shown_beside_the_field_and_nothing_is_saved(
    client_for, world, pupil, changes, field, message
):
    if changes.get("provider") in world.providers:
        changes = {**changes, "provider": world.providers[changes["provider"]].pk}
    client = client_of(client_for, world, "inclusion_officer")
    before = APPlacement.objects.count()
    response = client.post(
        url("placement-new", pupil_id=world.pupils[pupil].pk), good_placement(world, **changes)
    )
    assert response.status_code == 200
    assert error_beside(response, field).startswith(message), error_beside(response, field)
    assert has_error_summary(response)
    assert f'href="#id_{field}' in response.content.decode()
    assert APPlacement.objects.count() == before


def test_placement_new_query_count_is_pinned(client_for, world):
    client = client_of(client_for, world, "inclusion_officer")
    client.get(url("placement-new", pupil_id=world.pupils["y1"].pk))
    with pinned_queries(9):
        assert client.get(url("placement-new", pupil_id=world.pupils["y1"].pk)).status_code == 200


# --- Reviewing and ending a placement ------------------------------------------------------------


def test_recording_a_review_sets_the_next_review_and_keeps_the_reason(client_for, world):
    client = client_of(client_for, world, "chair_y")
    x2 = world.placements["x2"]
    response = client.post(
        url("placement-review", placement_id=x2.pk),
        {
            "progress_notes": "Engaging well in English",
            "attendance_notes": "Missed one day",
            "next_review_on": future(21),
            "reason": "Review meeting",
        },
    )
    assert response["Location"] == url("placement", placement_id=x2.pk)
    review = PlacementReview.objects.get(placement=x2)
    assert (review.reviewed_on, review.next_review_on, review.reviewed_by) == (
        TODAY(),
        days(21),
        world.people["chair_y"],
    )
    assert review.history.first().history_change_reason == "Review meeting"
    page = client.get(url("placement", placement_id=x2.pk))
    assert page.context["review"] == services.ReviewDue(days(21), False)
    assert "Engaging well in English" in text_of(page)
    listed_now = client.get(url("placements"), {"status": "overdue"})
    assert x2.pk not in listed(listed_now)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"next_review_on": past(1)}, "next_review_on", "The next review must be after today"),
        ({"next_review_on": future(0)}, "next_review_on", "The next review must be after today"),
        ({"progress_notes": ""}, "progress_notes", "Enter how the pupil is getting on"),
        ({"reason": ""}, "reason", "Enter why you are making this change"),
    ],
)
def test_bad_review_input_is_shown_beside_the_field_and_nothing_is_saved(
    client_for, world, data, field, message
):
    client = client_of(client_for, world, "inclusion_officer")
    before = PlacementReview.objects.count()
    response = client.post(
        url("placement-review", placement_id=world.placements["x2"].pk),
        {"progress_notes": "Fine", "reason": "Review", **data},
    )
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert has_error_summary(response)
    assert PlacementReview.objects.count() == before


def test_ending_a_placement_with_reintegration(client_for, world):
    client = client_of(client_for, world, "partnership_staff")
    x1 = world.placements["x1"]
    confirm = client.get(url("placement-end", placement_id=x1.pk))
    assert "When you end the placement" in text_of(confirm)
    response = client.post(
        url("placement-end", placement_id=x1.pk),
        {"ends_on": past(0), "outcome": "reintegrated", "reason": "Back at School X full time"},
    )
    assert response["Location"] == url("placement", placement_id=x1.pk)
    x1.refresh_from_db()
    assert (x1.ends_on, x1.outcome) == (TODAY(), PlacementOutcome.REINTEGRATED)
    assert x1.history.first().history_change_reason == "Back at School X full time"
    page = client.get(url("placement", placement_id=x1.pk))
    assert "Reintegrated into mainstream" in text_of(page)
    assert url("placement-end", placement_id=x1.pk) not in page.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"outcome": "other"}, "outcome_detail", "Describe the outcome"),
        ({"outcome": ""}, "outcome", "Select the outcome of the placement"),
        ({"ends_on": past(30)}, "ends_on", "The end date must be the same as or after the start date"),
        (
            {"ends_on": future(1)},
            "ends_on",
            "The placement's last day cannot be in the future: record the end when it has happened",
        ),
        ({"ends_on": ""}, "ends_on", "Enter the last day of the placement"),
        ({"reason": ""}, "reason", "Enter why you are making this change"),
    ],
)
def test_bad_end_input_is_shown_beside_the_field_and_nothing_is_saved(
    client_for, world, data, field, message
):
    client = client_of(client_for, world, "inclusion_officer")
    x1 = world.placements["x1"]
    response = client.post(
        url("placement-end", placement_id=x1.pk),
        {"ends_on": past(0), "outcome": "reintegrated", "reason": "Ended", **data},
    )
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert has_error_summary(response)
    x1.refresh_from_db()
    assert (x1.ends_on, x1.outcome) == (None, "")


def test_ending_with_another_outcome_keeps_the_detail(client_for, world):
    client = client_of(client_for, world, "inclusion_officer")
    w1 = world.placements["w1"]
    # W is in the South partnership: the North's staff may not end it, the LA inclusion officer may.
    assert (
        client_of(client_for, world, "partnership_staff")
        .post(url("placement-end", placement_id=w1.pk))
        .status_code
        == 404
    )
    client.post(
        url("placement-end", placement_id=w1.pk),
        {
            "ends_on": past(0),
            "outcome": "other",
            "outcome_detail": "Moved out of the county",
            "reason": "Moved",
        },
    )
    w1.refresh_from_db()
    assert (w1.outcome, w1.outcome_detail) == ("other", "Moved out of the county")


@pytest.mark.parametrize(("name", "expected"), [("placement-review", 8), ("placement-end", 8)])
def test_change_page_query_counts_are_pinned(client_for, world, name, expected):
    client = client_of(client_for, world, "inclusion_officer")
    client.get(url(name, placement_id=world.placements["x1"].pk))
    with pinned_queries(expected):
        assert client.get(url(name, placement_id=world.placements["x1"].pk)).status_code == 200


# --- Reviews under the retention rule and the subject access export ------------------------------


def test_a_review_s_notes_go_with_the_pupil_under_the_retention_rule(world):
    pupil = world.pupils["x1"]
    review = PlacementReview.objects.get(placement=world.placements["x1"])
    Pupil.objects.filter(pk=pupil.pk).update(retain_until=days(-1))
    rule("inclusion_pupils").apply(timezone.now())
    review.refresh_from_db()
    assert "Settling in well" not in review.progress_notes
    assert "Full attendance" not in review.attendance_notes
    assert not review.history.filter(progress_notes="Settling in well").exists()


def test_a_staff_member_s_subject_access_export_leaves_out_placement_reviews():
    assert PlacementReview not in _project_models()
