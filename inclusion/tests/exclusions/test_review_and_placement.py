"""The governors' review and the placement recorded after the exclusion, on the page and in the
service exclusion_update: who may, the pupil placed once, and the checks it shares with
exclusion_record (decision 0020)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from inclusion import rules, services
from inclusion.models import GovernorsReview, PermanentExclusion
from partnership.services import ServiceError
from tests.helpers import error_beside, text_of

from ..world import REASON, ctx_of
from .conftest import TODAY, day, url

# --- The governors' review and the placement, later ---------------------------------------------


def test_the_head_records_the_governors_review_then_an_officer_the_placement(world, client_for):
    exclusion = world.records["e_x1"]
    head = client_for(world.people["head_x"])
    response = head.post(
        url("exclusion-review", exclusion_id=exclusion.pk),
        {"governors_review": GovernorsReview.UPHELD, "placed_at": "", "placed_on": "", "reason": "Panel met"},
    )
    assert response.url == url("exclusion", exclusion_id=exclusion.pk)
    exclusion.refresh_from_db()
    assert exclusion.governors_review == GovernorsReview.UPHELD
    assert exclusion.history.first().history_change_reason == "Panel met"

    officer = client_for(world.people["inclusion_officer"])
    response = officer.post(
        url("exclusion-review", exclusion_id=exclusion.pk),
        {
            "governors_review": GovernorsReview.UPHELD,
            "placed_at": str(world.schools["y"].pk),
            "placed_on": day(1),
            "reason": "Fair access panel placed the pupil",
        },
    )
    assert response.url == url("exclusion", exclusion_id=exclusion.pk)
    exclusion.refresh_from_db()
    pupil = world.pupils["x1"]
    pupil.refresh_from_db()
    assert (exclusion.placed_at, pupil.home_school) == (world.schools["y"], world.schools["y"])
    assert list(pupil.rolls.values_list("school_id", "ends_on")) == [
        (world.schools["x"].pk, TODAY - dt.timedelta(days=1)),
        (world.schools["y"].pk, None),
    ]
    # The excluding head no longer sees the pupil; the form no longer offers a placement.
    assert head.get(url("exclusion", exclusion_id=exclusion.pk)).status_code == 404
    form = officer.get(url("exclusion-review", exclusion_id=exclusion.pk)).content.decode()
    assert 'name="placed_at"' not in form


@pytest.mark.parametrize("persona", ["designated_lead_x", "chair_y", "partnership_staff"])
def test_others_who_see_the_exclusion_may_not_record_the_review(world, client_for, persona):
    exclusion = world.records["e_x1"]
    client = client_for(world.people[persona])
    assert client.get(url("exclusion-review", exclusion_id=exclusion.pk)).status_code == 403
    response = client.post(
        url("exclusion-review", exclusion_id=exclusion.pk),
        {"governors_review": GovernorsReview.UPHELD, "reason": "x"},
    )
    assert response.status_code == 403
    exclusion.refresh_from_db()
    assert exclusion.governors_review == GovernorsReview.PENDING


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"placed_at": "x"}, "placed_at", "Choose one of the partnership's other schools"),
        ({"placed_at": "w"}, "placed_at", "Choose one of the partnership's other schools"),
        ({"placed_at": "y", "placed_on": "far"}, "placed_on", "Date placed on roll must be a real date"),
        (
            {"placed_at": "y", "placed_on": 10},
            "placed_on",
            "The pupil cannot be placed on roll before the date",
        ),
        ({"placed_on": 1}, "placed_at", "Choose the school the pupil is placed on roll at"),
        ({"governors_review": GovernorsReview.PENDING}, "governors_review", "Nothing has changed"),
        (
            {"governors_review": GovernorsReview.REINSTATED, "placed_at": "y"},
            "placed_at",
            "A pupil the governors reinstated stays on roll",
        ),
    ],
)
def test_bad_review_input_is_shown_beside_the_field_and_nothing_is_saved(
    world, client_for, data, field, message
):
    exclusion = world.records["e_x1"]
    posted = {"governors_review": GovernorsReview.UPHELD, "placed_at": "", "placed_on": "", "reason": "Panel"}
    posted.update(data)
    if posted["placed_at"]:
        posted["placed_at"] = str(world.schools[posted["placed_at"]].pk)
    if isinstance(posted["placed_on"], int):
        posted["placed_on"] = day(posted["placed_on"])
    response = client_for(world.people["head_x"]).post(
        url("exclusion-review", exclusion_id=exclusion.pk), posted
    )
    assert response.status_code == 200
    assert error_beside(response, field).startswith(message)
    assert "There is a problem" in text_of(response)
    exclusion.refresh_from_db()
    assert (exclusion.governors_review, exclusion.placed_at) == (GovernorsReview.PENDING, None)
    assert world.pupils["x1"].rolls.count() == 1


# --- The service: exclusion_update --------------------------------------------------------------


def update(world, persona, exclusion, **kwargs):
    user = world.people[persona]
    kwargs.setdefault("governors_review", GovernorsReview.UPHELD)
    kwargs.setdefault("reason", "Governors met")
    return services.exclusion_update(actor=user, ctx=ctx_of(user), exclusion=exclusion, **kwargs)


def test_exclusion_update_places_the_pupil_once_and_refuses_a_second_placement(world, partnership_a):
    from tests.factories import MembershipFactory, SchoolFactory

    exclusion = world.records["e_x2"]
    school_v = SchoolFactory(la_code="901", name="School V", phase="Secondary")
    MembershipFactory(
        network=world.partnerships["north"].network, school=school_v, joined_on=dt.date(2020, 9, 1)
    )
    update(
        world,
        "head_x",
        exclusion,
        governors_review=GovernorsReview.PENDING,
        placed_at=world.schools["y"],
        reason="Placed at Y",
    )
    exclusion.refresh_from_db()
    pupil = world.pupils["x2"]
    pupil.refresh_from_db()
    assert (exclusion.placed_at, pupil.home_school) == (world.schools["y"], world.schools["y"])
    # Placed from the date of the exclusion when no other date is given, as exclusion_record does.
    assert list(pupil.rolls.values_list("school_id", "starts_on", "ends_on")) == [
        (world.schools["x"].pk, dt.date(2023, 9, 1), exclusion.excluded_on),
        (world.schools["y"].pk, exclusion.excluded_on, None),
    ]
    assert exclusion.history.first().history_change_reason == "Placed at Y"
    assert pupil.history.first().history_change_reason == "Placed at Y"
    with pytest.raises(ServiceError) as again:
        update(world, "inclusion_officer", exclusion, placed_at=school_v)
    assert again.value.field == "placed_at"
    assert "already been placed on roll at School Y" in again.value.message
    with pytest.raises(ServiceError) as reinstated:
        update(world, "inclusion_officer", exclusion, governors_review=GovernorsReview.REINSTATED)
    assert reinstated.value.field == "governors_review"
    # The same school again is no change of placement: the review outcome is recorded.
    update(world, "inclusion_officer", exclusion, placed_at=world.schools["y"], governors_review="upheld")
    exclusion.refresh_from_db()
    assert exclusion.governors_review == GovernorsReview.UPHELD
    assert pupil.rolls.count() == 2


@pytest.mark.parametrize(
    ("school", "message"),
    [
        ("x", "Choose a different school from the one that excluded"),
        ("w", "Choose a school in the inclusion partnership"),
        ("z", "Choose a school in the inclusion partnership"),
    ],
)
def test_exclusion_update_refuses_a_school_that_is_not_another_member(world, school, message):
    exclusion = world.records["e_x2"]
    with pytest.raises(ServiceError) as refused:
        update(world, "inclusion_officer", exclusion, placed_at=world.schools[school])
    assert (refused.value.field, refused.value.message) == ("placed_at", message)
    exclusion.refresh_from_db()
    assert exclusion.placed_at is None and exclusion.governors_review == GovernorsReview.PENDING


def test_exclusion_update_checks_the_date_placed_and_the_reason(world):
    exclusion = world.records["e_x2"]
    for placed_on, message in (
        (exclusion.excluded_on - dt.timedelta(days=1), "before the date of the exclusion"),
        (TODAY + dt.timedelta(days=1), "must not be in the future"),
    ):
        with pytest.raises(ServiceError) as refused:
            update(world, "head_x", exclusion, placed_at=world.schools["y"], placed_on=placed_on)
        assert refused.value.field == "placed_on" and message in refused.value.message
    with pytest.raises(ServiceError) as no_reason:
        update(world, "head_x", exclusion, reason=" ")
    assert no_reason.value.field == "reason"
    with pytest.raises(ServiceError) as bad_outcome:
        update(world, "head_x", exclusion, governors_review="maybe")
    assert bad_outcome.value.field == "governors_review"


@pytest.mark.parametrize(
    "persona",
    ["designated_lead_x", "chair_y", "partnership_staff", "other_head_w", "la_officer_a", "teacher_x"],
)
def test_only_the_excluding_head_and_inclusion_officers_update_an_exclusion(world, persona):
    with pytest.raises(PermissionDenied):
        update(world, persona, world.records["e_x2"])


def test_the_excluding_head_may_not_update_once_the_pupil_has_moved(world):
    exclusion = world.records["e_x2"]
    update(world, "inclusion_officer", exclusion, placed_at=world.schools["y"])
    exclusion.refresh_from_db()
    assert rules.exclusion_follow_up_allowed(ctx_of(world.people["head_x"]), exclusion) is False
    with pytest.raises(PermissionDenied):
        update(world, "head_x", exclusion, governors_review=GovernorsReview.PENDING)
    update(world, "inclusion_officer", exclusion, governors_review=GovernorsReview.PENDING)


def test_exclusion_record_shares_the_placement_checks(world):
    head = world.people["head_x"]
    with pytest.raises(ServiceError) as reinstated:
        services.exclusion_record(
            actor=head,
            ctx=ctx_of(head),
            pupil=world.pupils["x2"],
            excluded_on=TODAY,
            governors_review=GovernorsReview.REINSTATED,
            placed_at=world.schools["y"],
            reason=REASON,
        )
    assert reinstated.value.field == "placed_at"
    assert PermanentExclusion.objects.filter(pupil=world.pupils["x2"]).count() == 1
