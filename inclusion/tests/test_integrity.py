"""Rules that keep the inclusion records and their figures whole (decisions 0020 and 0021): no
attendance counted twice, no end recorded ahead of time, a placement never both running and ended on
the day the figures are counted to, a refusal instead of an error page when two people save the same
thing at once, UPNs of ASCII digits only, an access log entry when a duplicate UPN tells someone a
child is known, and lists of consultations logged as such."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion import selectors, services
from inclusion.models import (
    APPlacement,
    APProvider,
    AttendanceRecord,
    FundingAllocation,
    PlacementOutcome,
    Pupil,
    upn_check_letter,
    upn_problem,
)
from inclusion.selectors.figures import Tally, inclusion_figures
from inclusion.services import common as service_common
from inclusion.services import pupils as pupil_services
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry
from partnership.services import ServiceError
from tests.helpers import error_beside

from .world import REASON, born_in_year, build_world, ctx_of, request_for, upn

TODAY = dt.date.today
UPN_SHAPE_MESSAGE = "A UPN is a letter, 11 digits, then a digit or (for a temporary UPN) a letter"


def days(n: int) -> dt.date:
    return TODAY() + dt.timedelta(days=n)


def typed(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def url(name: str, slug: str = "pa", **kwargs) -> str:
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": slug, **kwargs})


def summary_errors(response) -> list[str]:
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    return [unescape(text) for text in re.findall(r"<a [^>]*>(.*?)</a>", match.group(1))] if match else []


@pytest.fixture
def world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y):
    return build_world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y)


# --- Attendance: each session counted once, and only once it has happened ----------------------


def _attendance(world, starts_on, ends_on, pupil="x1", persona="head_x"):
    user = world.people[persona]
    return services.attendance_record(
        actor=user,
        ctx=ctx_of(user),
        pupil=world.pupils[pupil],
        starts_on=starts_on,
        ends_on=ends_on,
        sessions_possible=10,
        sessions_attended=8,
        sessions_out_of_mainstream=2,
        reason=REASON,
    )


@pytest.mark.parametrize(
    "starts, ends",
    [
        (-20, -16),  # the same period again
        (-16, -12),  # starts on its last day
        (-24, -20),  # ends on its first day
        (-30, -5),  # holds it
        (-19, -18),  # inside it
    ],
)
def test_an_attendance_period_overlapping_one_already_recorded_is_refused(world, starts, ends):
    recorded = _attendance(world, days(-20), days(-16))
    with pytest.raises(ServiceError) as refused:
        _attendance(world, days(starts), days(ends))
    assert refused.value.field == "starts_on"
    first, last = recorded.starts_on, recorded.ends_on
    assert refused.value.message == (
        f"Attendance from {first.day} {first:%B %Y} to {last.day} {last:%B %Y} is already recorded "
        "for this pupil. Choose a period that does not overlap it"
    )
    assert list(AttendanceRecord.objects.values_list("pk", flat=True)) == [recorded.pk]


def test_periods_side_by_side_and_other_pupils_periods_are_accepted(world):
    _attendance(world, days(-20), days(-16))
    _attendance(world, days(-15), days(-11))
    _attendance(world, days(-27), days(-21))
    _attendance(world, days(-20), days(-16), pupil="x2")
    assert AttendanceRecord.objects.count() == 4


def test_the_overlap_check_locks_the_pupil_so_two_at_once_cannot_both_pass(world):
    with CaptureQueriesContext(connection) as queries:
        _attendance(world, days(-20), days(-16))
    sql = [query["sql"] for query in queries]
    lock = next(i for i, q in enumerate(sql) if q.endswith("FOR UPDATE") and 'FROM "support_pupil"' in q)
    check = next(i for i, q in enumerate(sql) if 'FROM "support_attendancerecord"' in q)
    assert lock < check


def test_an_attendance_period_may_not_end_in_the_future(world):
    with pytest.raises(ServiceError) as refused:
        _attendance(world, days(-3), days(1))
    assert (refused.value.field, refused.value.message) == (
        "ends_on",
        "The end of the period must not be in the future: record attendance once the period is over",
    )
    assert _attendance(world, days(-3), days(0)).ends_on == TODAY()
    assert AttendanceRecord.objects.count() == 1


def _attendance_form(starts_on: dt.date, ends_on: dt.date) -> dict:
    return {
        "starts_on": typed(starts_on),
        "ends_on": typed(ends_on),
        "sessions_possible": "10",
        "sessions_attended": "7",
        "sessions_out_of_mainstream": "3",
        "reason": "Weekly return to the partnership",
    }


@pytest.mark.parametrize(
    "starts, ends, field",
    [(-18, -14, "starts_on"), (-2, 3, "ends_on")],
)
def test_the_attendance_page_shows_an_overlap_or_a_future_end_beside_the_field(
    world, client_for, starts, ends, field
):
    recorded = _attendance(world, days(-20), days(-16))
    pupil = world.pupils["x1"]
    response = client_for(world.people["partnership_staff"]).post(
        url("attendance-new", pupil_id=pupil.pk), _attendance_form(days(starts), days(ends))
    )
    assert response.status_code == 200
    message = error_beside(response, field)
    assert message.startswith("Attendance from" if field == "starts_on" else "The end of the period")
    assert message in summary_errors(response)
    assert list(AttendanceRecord.objects.values_list("pk", flat=True)) == [recorded.pk]


def test_the_figures_count_each_session_once(world):
    _attendance(world, days(-20), days(-16))
    with pytest.raises(ServiceError):
        _attendance(world, days(-20), days(-16))
    scope = inclusion_figures(world.pupils["x1"].partnership, starts_on=days(-60), cut=TODAY()).scope
    assert (scope.sessions_possible, scope.sessions_attended, scope.sessions_out) == (10, 8, 2)


# --- Ending a placement: only once it has ended ------------------------------------------------


@pytest.fixture
def provider(world):
    officer = world.people["inclusion_officer"]
    return services.provider_create(actor=officer, ctx=ctx_of(officer), name="Bridge Centre", reason=REASON)


def _place(world, provider, pupil, starts, ends=None):
    officer = world.people["inclusion_officer"]
    return services.placement_create(
        actor=officer,
        ctx=ctx_of(officer),
        pupil=world.pupils[pupil],
        provider=provider,
        starts_on=days(starts),
        ends_on=days(ends) if ends is not None else None,
        days_per_week=Decimal("2"),
        cost=Decimal("1000"),
        funding_source="partnership",
        reason=REASON,
    )


def _end(world, placement, ends_on):
    officer = world.people["inclusion_officer"]
    return services.placement_end(
        actor=officer,
        ctx=ctx_of(officer),
        placement=placement,
        ends_on=ends_on,
        outcome=PlacementOutcome.REINTEGRATED,
        reason=REASON,
    )


def test_a_placement_cannot_be_ended_with_a_last_day_still_to_come(world, provider):
    placement = _place(world, provider, "x1", -30, 20)
    with pytest.raises(ServiceError) as refused:
        _end(world, placement, days(1))
    assert (refused.value.field, refused.value.message) == (
        "ends_on",
        "The placement's last day cannot be in the future: record the end when it has happened",
    )
    placement.refresh_from_db()
    assert (placement.ends_on, placement.outcome) == (days(20), "")
    assert _end(world, placement, TODAY()).outcome == PlacementOutcome.REINTEGRATED


def test_the_end_page_offers_today_for_a_placement_planned_to_end_later(world, provider, client_for):
    placement = _place(world, provider, "x1", -30, 20)
    client = client_for(world.people["inclusion_officer"])
    html = client.get(url("placement-end", placement_id=placement.pk)).content.decode()
    assert re.search(rf'name="ends_on" value="{typed(TODAY())}"', html)
    response = client.post(
        url("placement-end", placement_id=placement.pk),
        {"ends_on": typed(days(20)), "outcome": "reintegrated", "reason": "Ended"},
    )
    message = "The placement's last day cannot be in the future: record the end when it has happened"
    assert error_beside(response, "ends_on") == message
    assert message in summary_errors(response)
    placement.refresh_from_db()
    assert placement.outcome == ""


# --- The figures: running or ended on the day counted to, never both ----------------------------


def test_a_placement_is_running_or_ended_on_the_cut_day_never_both(world, provider):
    partnership = world.pupils["x1"].partnership
    _place(world, provider, "x1", -30, -10)  # its last day is the cut day, no outcome
    ended_later = _place(world, provider, "y1", -60)
    _end(world, ended_later, days(-5))  # ran past the cut; its outcome was recorded afterwards
    _place(world, provider, "w1", -20)  # running
    # An outcome recorded ahead of the last day, before the service refused it: it has ended.
    recorded_ahead = _place(world, provider, "x2", -15, 20)
    APPlacement.objects.filter(pk=recorded_ahead.pk).update(outcome=PlacementOutcome.SPECIALIST)

    at_cut = inclusion_figures(partnership, starts_on=days(-100), cut=days(-10)).scope
    assert at_cut.ap_ended == Tally(1, 1)  # x1's, on its last day
    assert at_cut.ap_current == Tally(3, 3)  # y1's, w1's and x2's: all still there then
    assert at_cut.ap_current.n + at_cut.ap_ended.n == at_cut.ap_started.n == 4
    assert at_cut.ap_ended_days == 21

    today = inclusion_figures(partnership, starts_on=days(-100), cut=TODAY()).scope
    assert today.ap_current == Tally(1, 1)  # w1's
    assert today.ap_ended == Tally(3, 3)
    assert today.ap_ended_days == 21 + 56 + 16  # recorded_ahead counts as ending today
    assert {k: v.n for k, v in today.ap_by_outcome.items() if v.n} == {
        "none": 1,
        PlacementOutcome.REINTEGRATED: 1,
        PlacementOutcome.SPECIALIST: 1,
    }


# --- Two people saving the same thing at once --------------------------------------------------


def school_partnership(world):
    return world.pupils["x1"].partnership


def _racing(monkeypatch, duplicate):
    """Insert a clashing row between the service's check and its insert, as a second request
    saving the same thing at the same moment would."""
    real = service_common.save_or_refuse

    def insert(instance, **kwargs):
        duplicate(instance)
        return real(instance, **kwargs)

    monkeypatch.setattr(service_common, "save_or_refuse", insert)


def test_two_people_recording_one_upn_at_once_get_the_message_beside_the_upn(world, monkeypatch):
    head, school = world.people["head_x"], world.schools["x"]
    # The other request's pupil is saved already, but this request's check ran just before it was.
    earlier = Pupil.objects.create(
        partnership=school_partnership(world),
        full_name="Recorded a moment earlier",
        date_of_birth=born_in_year(9, 1, 1),
        upn=upn("901200024999"),
        home_school=school,
        year_group=9,
        retain_until=days(365),
    )
    real_check = pupil_services._upn_taken
    checks = []

    def check_too_early(ctx, upn_typed):
        checks.append(upn_typed)
        return None if len(checks) == 1 else real_check(ctx, upn_typed)

    monkeypatch.setattr(pupil_services, "_upn_taken", check_too_early)
    with pytest.raises(services.UpnAlreadyRecorded) as refused:
        services.pupil_create(
            actor=head,
            ctx=ctx_of(head),
            full_name="New Pupil",
            date_of_birth=born_in_year(9, 1, 1),
            upn=upn("901200024999"),
            home_school=school,
            year_group=9,
            reason=REASON,
        )
    assert refused.value.field == "upn"
    assert refused.value.message.startswith("Recorded a moment earlier is already recorded with this UPN.")
    assert refused.value.pupil_id == earlier.pk
    # Only the insert was undone, in its savepoint: the other request's pupil is still there.
    assert list(Pupil.objects.filter(upn=upn("901200024999")).values_list("pk", flat=True)) == [earlier.pk]


def test_two_allocations_for_one_year_at_once_get_the_message_beside_the_year(world, monkeypatch):
    officer = world.people["inclusion_officer"]
    north = world.partnerships["north"]
    _racing(
        monkeypatch,
        lambda allocation: FundingAllocation.objects.create(
            inclusion_partnership=north, financial_year=2026, amount=Decimal(1)
        ),
    )
    with pytest.raises(ServiceError) as refused:
        services.allocation_set(
            actor=officer,
            ctx=ctx_of(officer),
            inclusion_partnership=north,
            financial_year=2026,
            amount=Decimal(50000),
            reason=REASON,
        )
    assert (refused.value.field, refused.value.message) == (
        "financial_year",
        "There is already an allocation for 2026 to 2027: change that one",
    )
    # The service's transaction is undone whole (the clashing row with it, here in the same
    # transaction), and the connection is still usable: no "transaction aborted" error.
    assert not FundingAllocation.objects.exists()


def test_two_providers_of_one_name_at_once_get_the_message_beside_the_name(world, monkeypatch):
    officer = world.people["inclusion_officer"]
    _racing(
        monkeypatch,
        lambda provider: APProvider.objects.create(partnership=provider.partnership, name=provider.name),
    )
    with pytest.raises(ServiceError) as refused:
        services.provider_create(actor=officer, ctx=ctx_of(officer), name="Oak Farm", reason=REASON)
    assert (refused.value.field, refused.value.message) == (
        "name",
        "A provider with this name is already in the directory",
    )
    assert not APProvider.objects.filter(name="Oak Farm").exists()


def test_two_providers_whose_names_differ_only_in_capitals_at_once_are_one_provider(world, monkeypatch):
    """The database itself keeps names unique whatever the capitals, so the race is caught even
    when the other request typed the name differently."""
    officer = world.people["inclusion_officer"]
    _racing(
        monkeypatch,
        lambda provider: APProvider.objects.create(partnership=provider.partnership, name="oak farm"),
    )
    with pytest.raises(ServiceError) as refused:
        services.provider_create(actor=officer, ctx=ctx_of(officer), name="Oak Farm", reason=REASON)
    assert refused.value.field == "name"


def test_renaming_a_provider_to_a_name_taken_at_the_same_moment_is_refused_beside_the_name(
    world, provider, monkeypatch
):
    officer = world.people["inclusion_officer"]
    _racing(
        monkeypatch,
        lambda renamed: APProvider.objects.create(partnership=renamed.partnership, name="NEW NAME"),
    )
    with pytest.raises(ServiceError) as refused:
        services.provider_update(
            actor=officer, ctx=ctx_of(officer), provider=provider, name="New name", reason=REASON
        )
    assert (refused.value.field, refused.value.message) == (
        "name",
        "A provider with this name is already in the directory",
    )
    provider.refresh_from_db()
    assert provider.name == "Bridge Centre"


# --- UPNs: ASCII digits only ---------------------------------------------------------------------

# B801200005001 is valid; the same UPN with one digit written another way is not a UPN at all.
NOT_ASCII = [
    "B²01200005001",  # a superscript two: isdigit() is true, int() fails
    "B８01200005001",  # a full-width eight: int() reads it as 8
    "B٨01200005001",  # an Arabic-Indic eight
    "B80120000500١",  # an Arabic-Indic one as the last character
]


@pytest.mark.parametrize("written", NOT_ASCII)
def test_a_upn_with_digits_other_than_0_to_9_is_refused(written):
    assert upn_problem(written) == UPN_SHAPE_MESSAGE
    with pytest.raises(ValueError):
        upn_check_letter(written[1:])


@pytest.mark.parametrize("written", NOT_ASCII)
def test_the_service_refuses_such_a_upn_beside_the_field(world, written):
    head = world.people["head_x"]
    with pytest.raises(ServiceError) as refused:
        services.pupil_create(
            actor=head,
            ctx=ctx_of(head),
            full_name="New Pupil",
            date_of_birth=born_in_year(9, 1, 1),
            upn=written,
            home_school=world.schools["x"],
            year_group=9,
            reason=REASON,
        )
    assert (refused.value.field, refused.value.message) == ("upn", UPN_SHAPE_MESSAGE)
    assert not Pupil.objects.filter(full_name="New Pupil").exists()


def _new_pupil_form(school, upn_typed: str) -> dict:
    return {
        "full_name": "Ava Archer",
        "date_of_birth": born_in_year(9, 3, 14).strftime("%d/%m/%Y"),
        "upn": upn_typed,
        "home_school": school.pk,
        "year_group": "9",
        "send_status": "none",
        "on_roll_from": "01/09/2023",
        "reason": "Referred to us by the head of year",
    }


@pytest.mark.parametrize("written", NOT_ASCII)
def test_the_pupil_form_refuses_such_a_upn_beside_the_field(world, client_for, written):
    response = client_for(world.people["head_x"]).post(
        url("pupil-new"), _new_pupil_form(world.schools["x"], written)
    )
    assert response.status_code == 200
    assert error_beside(response, "upn") == UPN_SHAPE_MESSAGE
    assert UPN_SHAPE_MESSAGE in summary_errors(response)
    assert not Pupil.objects.filter(full_name="Ava Archer").exists()


# --- A duplicate UPN tells the person a child is known: logged ------------------------------------


def _refusals():
    return AccessLogEntry.objects.filter(
        action=AccessLogEntry.Action.REFUSED, record_type=RecordType.PUPIL
    ).order_by("pk")


def test_a_duplicate_upn_is_refused_beside_the_field_and_logged(world, client_for):
    """More in test_upn_oracle: what each person is told, and the security event."""
    head = world.people["head_x"]
    pupil = world.pupils["w1"]
    response = client_for(head).post(url("pupil-new"), _new_pupil_form(world.schools["x"], pupil.upn))
    assert error_beside(response, "upn").startswith("This UPN cannot be recorded here.")
    assert not Pupil.objects.filter(full_name="Ava Archer").exists()
    entry = _refusals().get()
    # In the partnership's log, against the child's home school, naming neither child nor UPN.
    assert (entry.user, entry.partnership.slug, entry.school, entry.record_id) == (
        head,
        "pa",
        pupil.home_school,
        str(pupil.pk),
    )
    assert pupil.upn not in entry.description and pupil.full_name not in entry.description


def test_other_upn_mistakes_are_not_logged_as_a_known_child(world, client_for):
    right = upn("901200099001")
    wrong = ("A" if right[0] != "A" else "B") + right[1:]
    client_for(world.people["head_x"]).post(url("pupil-new"), _new_pupil_form(world.schools["x"], wrong))
    assert not _refusals().exists()


# --- Lists of consultations are logged as such ----------------------------------------------------


def test_a_list_of_consultations_is_logged_as_consultations_not_exclusions(world):
    head = world.people["head_x"]
    services.consultation_record(
        actor=head,
        ctx=ctx_of(head),
        pupil=world.pupils["x1"],
        consulted_on=days(-3),
        reason_considered="A serious incident",
        alternatives_considered="A managed move",
        chair_advice="Try a managed move first",
        reason=REASON,
    )
    before = AccessLogEntry.objects.count()
    request = request_for(head)
    assert len(selectors.consultations_visible(request, ctx_of(head))) == 1
    selectors.consultations_page(request, ctx_of(head), selectors.ExclusionFilters(), 1)
    selectors.exclusions_visible(request, ctx_of(head))
    entries = list(AccessLogEntry.objects.order_by("pk")[before:])
    assert [e.record_type for e in entries] == [
        RecordType.PUPIL_CONSULTATIONS,
        RecordType.PUPIL_CONSULTATIONS,
        RecordType.PUPIL_EXCLUSIONS,
    ]
    assert RecordType.label(RecordType.PUPIL_CONSULTATIONS) == (
        "List of consultations with the chair before exclusion"
    )
    assert RecordType.PUPIL_CONSULTATIONS in dict(RecordType.choices())
