"""Records a child could have (decision 0031): the year group fits the date of birth, or is within
the set tolerance with a reason; a roll or placement is not dated further ahead than the set limit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from inclusion import services
from inclusion.models import Pupil, expected_year_group
from partnership.services import ServiceError
from tests.helpers import error_beside, text_of

from ..world import REASON, born_in_year, ctx_of, upn
from .conftest import summary_errors, url


def day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _form(school, **changes) -> dict:
    return {
        "full_name": "Ava Archer",
        "date_of_birth": day(born_in_year(9, 3, 14)),
        "upn": upn("901200099001"),
        "home_school": school.pk,
        "year_group": "9",
        "send_status": "none",
        "on_roll_from": "01/09/2023",
        "reason": "Joined us this week",
        **changes,
    }


@pytest.mark.parametrize(
    ("born", "on", "year"),
    [
        (dt.date(2012, 9, 1), dt.date(2026, 12, 4), 9),  # the oldest in the year
        (dt.date(2013, 8, 31), dt.date(2026, 12, 4), 9),  # the youngest
        (dt.date(2013, 8, 31), dt.date(2027, 9, 1), 10),  # a new school year
        (dt.date(2022, 3, 1), dt.date(2026, 12, 4), 0),  # Reception
        (dt.date(2024, 3, 1), dt.date(2026, 12, 4), -2),  # not yet of school age
    ],
)
def test_the_year_group_for_an_age_follows_the_english_school_year(born, on, year):
    assert expected_year_group(born, on) == year


def test_a_year_10_pupil_born_in_2024_is_refused_beside_the_year_group(world, client_for, school_x):
    born = dt.date(2024, 3, 1)
    response = client_for(world.people["head_x"]).post(
        url("pupil-new"), _form(school_x, date_of_birth=day(born), year_group="10")
    )
    message = (
        "A pupil born on 1 March 2024 is not yet of school age this school year. Check the date of "
        "birth and the year group: Year 10 is more than 2 years from that"
    )
    assert error_beside(response, "year_group") == message
    assert message in summary_errors(response)
    assert not Pupil.objects.filter(full_name="Ava Archer").exists()


def test_a_pupil_out_of_their_year_group_needs_a_reason(world, client_for, school_x):
    client = client_for(world.people["head_x"])
    born = born_in_year(10, 3, 14)
    refused = client.post(url("pupil-new"), _form(school_x, date_of_birth=day(born)))
    assert error_beside(refused, "out_of_year_group_reason") == (
        f"A pupil born on {born.day} March {born.year} is usually in Year 10. Enter why they are in Year 9"
    )
    assert not Pupil.objects.filter(full_name="Ava Archer").exists()
    accepted = client.post(
        url("pupil-new"),
        _form(school_x, date_of_birth=day(born), out_of_year_group_reason="Repeated Year 8 after illness"),
    )
    pupil = Pupil.objects.get(full_name="Ava Archer")
    assert accepted.status_code == 302
    assert (pupil.year_group, pupil.out_of_year_group_reason) == (9, "Repeated Year 8 after illness")
    page = client.get(url("pupil", pupil_id=pupil.pk))
    assert "Out of their year group: Repeated Year 8 after illness" in text_of(page)


def test_a_reason_given_for_a_pupil_in_their_year_group_is_not_kept(world, client_for, school_x):
    client_for(world.people["head_x"]).post(
        url("pupil-new"), _form(school_x, out_of_year_group_reason="Not needed")
    )
    assert Pupil.objects.get(full_name="Ava Archer").out_of_year_group_reason == ""


def test_a_roll_dated_beyond_the_limit_is_refused(world, client_for, school_x, settings):
    settings.INCLUSION_DAYS_AHEAD = 92
    latest = dt.date.today() + dt.timedelta(days=92)
    response = client_for(world.people["head_x"]).post(
        url("pupil-new"), _form(school_x, on_roll_from=day(latest + dt.timedelta(days=1)))
    )
    assert error_beside(response, "on_roll_from") == (
        f"The date the pupil joined the roll must be no later than {latest.day} {latest:%B %Y}"
    )
    next_term = client_for(world.people["head_x"]).post(
        url("pupil-new"), _form(school_x, on_roll_from=day(latest))
    )
    assert next_term.status_code == 302


def test_correcting_the_year_group_is_checked_but_other_details_of_an_old_record_are_not(world):
    head = world.people["head_x"]
    pupil = world.pupils["x1"]
    # A record whose year group was right last year, and has not been moved on since.
    Pupil.objects.filter(pk=pupil.pk).update(year_group=8)
    pupil.refresh_from_db()
    services.pupil_update(
        actor=head,
        ctx=ctx_of(head),
        pupil=pupil,
        full_name=pupil.full_name,
        date_of_birth=pupil.date_of_birth,
        year_group=8,
        send_status="sen_support",
        reason=REASON,
    )
    with pytest.raises(ServiceError) as refused:
        services.pupil_update(
            actor=head,
            ctx=ctx_of(head),
            pupil=pupil,
            full_name=pupil.full_name,
            date_of_birth=pupil.date_of_birth,
            year_group=12,
            send_status="sen_support",
            reason=REASON,
        )
    assert refused.value.field == "year_group"


def test_a_placement_starting_beyond_the_limit_is_refused(world, settings):
    settings.INCLUSION_DAYS_AHEAD = 92
    officer = world.people["inclusion_officer"]
    provider = services.provider_create(
        actor=officer,
        ctx=ctx_of(officer),
        name="The Bridge Centre",
        reason=REASON,
    )
    with pytest.raises(ServiceError) as refused:
        services.placement_create(
            actor=officer,
            ctx=ctx_of(officer),
            pupil=world.pupils["x1"],
            provider=provider,
            starts_on=dt.date.today() + dt.timedelta(days=400),
            ends_on=None,
            days_per_week=Decimal("2"),
            cost=Decimal("1000"),
            funding_source="school",
            reason=REASON,
        )
    assert refused.value.field == "starts_on"
    assert refused.value.message.startswith("The start date must be no later than")
