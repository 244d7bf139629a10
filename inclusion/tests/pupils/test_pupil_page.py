"""A pupil's page: their details, roll and every record with links, the actions offered only to those
who may take them, and a fixed number of queries however many records (decision 0020)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from inclusion import services
from inclusion.models import AttendanceRecord
from tests.helpers import pinned_queries, text_of

from ..world import REASON, ctx_of
from .conftest import url

# --- The pupil's page ------------------------------------------------------------------------


@pytest.fixture
def records(world):
    """x1 with a record of every kind: a referral, attendance, an exclusion without a consultation,
    then a consultation and a second exclusion after it, and a placement."""
    head, officer = world.people["head_x"], world.people["inclusion_officer"]
    head_ctx, officer_ctx = ctx_of(head), ctx_of(officer)
    pupil = world.pupils["x1"]
    today = dt.date.today()
    referral = services.referral_create(
        actor=head, ctx=head_ctx, pupil=pupil, reasons="Fights", support_tried="Mentoring", reason=REASON
    )
    for weeks_ago, attended, out in ((2, 8, 0), (1, 6, 4)):
        start = today - dt.timedelta(weeks=weeks_ago)
        services.attendance_record(
            actor=head,
            ctx=head_ctx,
            pupil=pupil,
            starts_on=start,
            ends_on=start + dt.timedelta(days=4),
            sessions_possible=10,
            sessions_attended=attended,
            sessions_out_of_mainstream=out,
            reason=REASON,
        )
    unconsulted = services.exclusion_record(
        actor=head, ctx=head_ctx, pupil=pupil, excluded_on=today - dt.timedelta(days=40), reason=REASON
    )
    consultation = services.consultation_record(
        actor=head,
        ctx=head_ctx,
        pupil=pupil,
        consulted_on=today - dt.timedelta(days=20),
        reason_considered="A serious incident",
        alternatives_considered="A managed move",
        chair_advice="Try a managed move",
        reason=REASON,
    )
    consulted = services.exclusion_record(
        actor=head, ctx=head_ctx, pupil=pupil, excluded_on=today - dt.timedelta(days=10), reason=REASON
    )
    provider = services.provider_create(actor=officer, ctx=officer_ctx, name="Bridge Centre", reason=REASON)
    placement = services.placement_create(
        actor=officer,
        ctx=officer_ctx,
        pupil=pupil,
        provider=provider,
        starts_on=today - dt.timedelta(days=5),
        ends_on=None,
        days_per_week=Decimal("2"),
        cost=Decimal("1500"),
        funding_source="partnership",
        referral=referral,
        reason=REASON,
    )
    return {
        "referral": referral,
        "unconsulted": unconsulted,
        "consultation": consultation,
        "consulted": consulted,
        "placement": placement,
    }


def test_the_pupil_page_shows_details_roll_and_every_record_with_links(world, records, client_for):
    pupil = world.pupils["x1"]
    response = client_for(world.people["partnership_staff"]).get(url("pupil", pupil_id=pupil.pk))
    assert response.status_code == 200
    html, text = response.content.decode(), text_of(response)
    assert f"UPN {pupil.upn}" in text and f"Date of birth 1 May {pupil.date_of_birth.year}" in text
    assert "Home school School X" in text and "Year group Year 9" in text
    assert "School X 1 September 2023 On roll now" in text
    for name, key, kwarg in (
        ("referral", "referral", "referral_id"),
        ("consultation", "consultation", "consult_id"),
        ("exclusion", "unconsulted", "exclusion_id"),
        ("exclusion", "consulted", "exclusion_id"),
        ("placement", "placement", "placement_id"),
    ):
        assert f'href="{url(name, **{kwarg: records[key].pk})}"' in html, name
    assert "14 of 20 sessions attended (70.0%)" in text
    assert "4 sessions out of mainstream lessons (20.0% of sessions possible)" in text
    assert text.count("No consultation before exclusion") == 1
    assert text.count("Chair consulted") == 1
    assert "Bridge Centre" in text and "no end date set" in text


def test_a_pupil_with_no_records_shows_each_section_empty(world, client_for):
    text = text_of(client_for(world.people["head_x"]).get(url("pupil", pupil_id=world.pupils["x2"].pk)))
    for empty in (
        "No referrals.",
        "No attendance recorded.",
        "No consultations recorded.",
        "No permanent exclusions.",
        "No placements.",
    ):
        assert empty in text


ACTIONS = {
    "Edit details": "pupil-edit",
    "Record attendance": "attendance-new",
    "Refer to the inclusion partnership": "refer",
    "Record a consultation with the chair": "consultation-new",
    "Record a permanent exclusion": "exclusion-new",
    "Make an AP placement": "placement-new",
}


EVERYONE = {"Edit details", "Record attendance"}


@pytest.mark.parametrize(
    "persona, expected",
    [
        (
            "head_x",
            EVERYONE
            | {
                "Refer to the inclusion partnership",
                "Record a consultation with the chair",
                "Record a permanent exclusion",
            },
        ),
        ("designated_lead_x", EVERYONE | {"Refer to the inclusion partnership"}),
        ("chair_y", EVERYONE | {"Make an AP placement"}),
        ("partnership_staff", EVERYONE | {"Make an AP placement"}),
        ("inclusion_officer", EVERYONE | {"Make an AP placement"}),
    ],
)
def test_each_action_is_offered_only_to_those_who_may_do_it(world, client_for, persona, expected):
    pupil = world.pupils["x1"]
    html = client_for(world.people[persona]).get(url("pupil", pupil_id=pupil.pk)).content.decode()
    offered = {label for label, name in ACTIONS.items() if f'href="{url(name, pupil_id=pupil.pk)}"' in html}
    assert offered == expected


def test_refer_is_not_offered_while_a_referral_is_open(world, client_for):
    head = world.people["head_x"]
    pupil = world.pupils["x1"]
    refer = f'href="{url("refer", pupil_id=pupil.pk)}"'
    referral = services.referral_create(
        actor=head, ctx=ctx_of(head), pupil=pupil, reasons="Fights", support_tried="Mentoring", reason=REASON
    )
    assert refer not in client_for(head).get(url("pupil", pupil_id=pupil.pk)).content.decode()
    officer = world.people["inclusion_officer"]
    services.referral_close(actor=officer, ctx=ctx_of(officer), referral=referral, reason="Back in lessons")
    assert refer in client_for(head).get(url("pupil", pupil_id=pupil.pk)).content.decode()


def test_the_pupil_page_takes_a_fixed_number_of_queries_however_many_records(world, records, client_for):
    head = world.people["head_x"]
    pupil = world.pupils["x1"]
    for week in range(3, 9):
        start = dt.date.today() - dt.timedelta(weeks=week)
        services.attendance_record(
            actor=head,
            ctx=ctx_of(head),
            pupil=pupil,
            starts_on=start,
            ends_on=start,
            sessions_possible=2,
            sessions_attended=2,
            reason=REASON,
        )
    client = client_for(head)
    client.get(url("pupil", pupil_id=pupil.pk))
    # session, user, context; the pupil: designated-lead check, member schools, pupil; the access
    # log; rolls, referrals, attendance, consultations, exclusions, placements; the actions: the
    # inclusion partnership; chooser
    with pinned_queries(15):
        response = client.get(url("pupil", pupil_id=pupil.pk))
    assert response.status_code == 200
    assert AttendanceRecord.objects.filter(pupil=pupil).count() == 8
