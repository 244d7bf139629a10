"""The pupil pages of the inclusion partnerships: the list, recording and correcting a pupil, the
pupil's page, attendance, and a headteacher's designated leads (decision 0020).

Who sees which pupil, page by page and persona by persona, is in test_page_matrix.py.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from inclusion import selectors, services
from inclusion.models import AttendanceRecord, DesignatedInclusionLead, Pupil
from partnership.access_log import RecordType
from partnership.models import AccessLogEntry, Role
from tests.helpers import error_beside, pinned_queries, text_of

from .world import REASON, build_world, ctx_of, person, upn

PUPIL_LINK = re.compile(r'href="/p/pa/inclusion/pupils/(\d+)/"')


def url(name: str, slug: str = "pa", **kwargs) -> str:
    return reverse(f"inclusion:{name}", kwargs={"partnership_slug": slug, **kwargs})


def pupil_ids_on(response) -> list[int]:
    return [int(pk) for pk in PUPIL_LINK.findall(response.content.decode())]


def summary_errors(response) -> list[str]:
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    return [unescape(text) for text in re.findall(r"<a [^>]*>(.*?)</a>", match.group(1))] if match else []


def options_of(response, name: str) -> set[int]:
    """The ids offered by the select called name."""
    select = re.search(rf'<select name="{name}".*?</select>', response.content.decode(), re.S).group(0)
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', select)}


def day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


@pytest.fixture
def world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y):
    return build_world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y)


def new_pupil_data(school, **changes) -> dict:
    data = {
        "full_name": "Ava Archer",
        "date_of_birth": "14/03/2012",
        "upn": upn("901200099001"),
        "home_school": school.pk,
        "year_group": "9",
        "send_status": "sen_support",
        "on_roll_from": "01/09/2023",
        "reason": "Referred to us by the head of year",
    }
    return {**data, **changes}


# --- The list --------------------------------------------------------------------------------


def test_the_list_shows_the_columns_and_marks_an_open_referral(world, client_for):
    head = world.people["head_x"]
    services.referral_create(
        actor=head,
        ctx=ctx_of(head),
        pupil=world.pupils["x1"],
        reasons="Repeated suspensions",
        support_tried="Mentoring",
        reason=REASON,
    )
    response = client_for(head).get(url("pupils"))
    assert response.status_code == 200
    assert pupil_ids_on(response) == [world.pupils["x1"].pk, world.pupils["x2"].pk]
    text = text_of(response)
    assert "2 pupils." in text
    x1, x2 = world.pupils["x1"], world.pupils["x2"]
    assert f"Pupil x1 {x1.upn} School X Year 9 No special educational needs Yes" in text
    assert f"Pupil x2 {x2.upn} School X Year 9 No special educational needs No" in text


def test_the_list_searches_by_name_or_upn_and_filters_by_school_and_year(world, client_for):
    officer = client_for(world.people["inclusion_officer"])
    pupils = world.pupils
    y1 = pupils["y1"]
    services.pupil_update(
        actor=world.people["inclusion_officer"],
        ctx=ctx_of(world.people["inclusion_officer"]),
        pupil=y1,
        full_name="Aaron Young",
        date_of_birth=y1.date_of_birth,
        year_group=10,
        send_status=y1.send_status,
        reason="Moved up a year",
    )

    def ids(**query):
        response = officer.get(url("pupils"), query)
        assert response.status_code == 200
        return pupil_ids_on(response)

    assert ids(q="x2") == [pupils["x2"].pk]
    assert ids(q="young") == [y1.pk]
    assert ids(q="pupil W") == [pupils["w1"].pk]
    assert ids(q=pupils["w1"].upn.lower()) == [pupils["w1"].pk]
    assert ids(school=world.schools["x"].pk) == [pupils["x1"].pk, pupils["x2"].pk]
    assert ids(year=10) == [y1.pk]
    assert ids(year=9, school=world.schools["y"].pk) == []
    assert ids() == [pupils[k].pk for k in ("y1", "w1", "x1", "x2")]
    assert ids(sort="school") == [pupils[k].pk for k in ("w1", "x1", "x2", "y1")]
    assert ids(sort="year") == [pupils[k].pk for k in ("w1", "x1", "x2", "y1")]
    nothing = officer.get(url("pupils"), {"q": "Nobody by this name"})
    assert "0 pupils match your search." in text_of(nothing)
    assert "No pupils match your search." in text_of(nothing)


def test_the_school_filter_offers_only_schools_whose_pupils_the_person_sees(world, client_for):
    response = client_for(world.people["chair_y"]).get(url("pupils"))
    assert options_of(response, "school") == {world.schools["x"].pk, world.schools["y"].pk}


def test_the_list_has_an_empty_state(partnership_a, school_x, client_for):
    head = person(partnership_a, Role.HEADTEACHER, school=school_x, name="New Head")
    text = text_of(client_for(head).get(url("pupils")))
    assert "0 pupils." in text and "No pupils yet." in text


def test_the_list_shows_fifty_pupils_a_page(world, client_for):
    officer = world.people["inclusion_officer"]
    for n in range(48):
        services.pupil_create(
            actor=officer,
            ctx=ctx_of(officer),
            full_name=f"Extra {n:02d}",
            date_of_birth=dt.date(2011, 1, 1),
            upn=upn(f"90120005{n:04d}"),
            home_school=world.schools["y"],
            year_group=10,
            reason=REASON,
        )
    client = client_for(officer)
    first, second = client.get(url("pupils")), client.get(url("pupils"), {"page": 2})
    assert len(pupil_ids_on(first)) == 50 and len(pupil_ids_on(second)) == 2
    assert "52 pupils." in text_of(first)
    assert not set(pupil_ids_on(first)) & set(pupil_ids_on(second))
    logged = AccessLogEntry.objects.filter(record_type=RecordType.PUPILS, user=officer)
    assert list(logged.order_by("pk").values_list("description", flat=True)) == [
        "52 pupils, page 1",
        "52 pupils, page 2",
    ]


def test_a_search_is_logged_without_the_words_searched_for(world, client_for):
    head = world.people["head_x"]
    client_for(head).get(url("pupils"), {"q": "Pupil x1"})
    entry = AccessLogEntry.objects.get(record_type=RecordType.PUPILS, user=head)
    assert entry.description == "1 pupil (searched or filtered), page 1"


def test_the_list_takes_a_fixed_number_of_queries(world, client_for):
    officer = world.people["inclusion_officer"]
    for n in range(10):
        services.pupil_create(
            actor=officer,
            ctx=ctx_of(officer),
            full_name=f"Extra {n}",
            date_of_birth=dt.date(2011, 1, 1),
            upn=upn(f"90120006{n:04d}"),
            home_school=world.schools["x"],
            year_group=10,
            reason=REASON,
        )
    head = client_for(world.people["head_x"])
    head.get(url("pupils"))
    # session, user, context; the schools: designated-lead check, member schools, the
    # partnership's LAs, schools; the pupils: designated-lead check, member schools, count, page;
    # the access log; chooser
    with pinned_queries(13):
        response = head.get(url("pupils"))
    assert len(pupil_ids_on(response)) == 12


# --- Recording a pupil -----------------------------------------------------------------------


def test_a_head_records_a_pupil_with_the_reason_in_the_history(world, client_for, school_x):
    head = world.people["head_x"]
    response = client_for(head).post(url("pupil-new"), new_pupil_data(school_x))
    pupil = Pupil.objects.get(full_name="Ava Archer")
    assert response.status_code == 302 and response["Location"] == url("pupil", pupil_id=pupil.pk)
    assert (pupil.home_school, pupil.year_group, pupil.send_status) == (school_x, 9, "sen_support")
    assert pupil.date_of_birth == dt.date(2012, 3, 14)
    assert pupil.created_by == head
    assert pupil.history.first().history_change_reason == "Referred to us by the head of year"
    roll = pupil.rolls.get()
    assert (roll.school, roll.starts_on, roll.ends_on) == (school_x, dt.date(2023, 9, 1), None)


def test_the_upn_may_be_typed_with_spaces_and_in_small_letters(world, client_for, school_x):
    typed = upn("901200099002")
    spaced = f"{typed[:4]} {typed[4:8]} {typed[8:]}".lower()
    client_for(world.people["head_x"]).post(url("pupil-new"), new_pupil_data(school_x, upn=spaced))
    assert Pupil.objects.get(full_name="Ava Archer").upn == typed


def test_the_new_pupil_page_explains_why_so_little_is_held(world, client_for):
    text = text_of(client_for(world.people["head_x"]).get(url("pupil-new")))
    assert "holds only a pupil's name, date of birth, UPN, home school, year group and SEND status" in text
    assert "kept for 6 years after the last work with the pupil" in text


def test_the_home_school_choices_are_the_schools_whose_pupils_the_person_sees(world, client_for):
    def offered(persona):
        return options_of(client_for(world.people[persona]).get(url("pupil-new")), "home_school")

    x, y, w = (world.schools[k].pk for k in "xyw")
    assert offered("head_x") == {x}
    assert offered("designated_lead_x") == {x}
    assert offered("chair_y") == {x, y}
    assert offered("partnership_staff") == {x, y}
    assert offered("other_head_w") == {w}
    assert {x, y, w} <= offered("inclusion_officer")
    assert world.schools["z"].pk not in offered("inclusion_officer")


def test_a_school_whose_pupils_the_person_may_not_see_is_refused(world, client_for):
    response = client_for(world.people["head_x"]).post(url("pupil-new"), new_pupil_data(world.schools["w"]))
    assert error_beside(response, "home_school") == "Select a school from the list"
    assert not Pupil.objects.filter(full_name="Ava Archer").exists()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"upn": "A" + upn("901200099003")[1:]},
            "upn",
            "The check letter of this UPN is not right. Check the UPN and try again",
        ),
        ({"upn": "B80120000500"}, "upn", "A UPN must be 13 characters long"),
        ({"full_name": ""}, "full_name", "Enter the pupil's full name"),
        ({"upn": ""}, "upn", "Enter the pupil's UPN"),
        ({"home_school": ""}, "home_school", "Select the pupil's home school"),
        ({"year_group": ""}, "year_group", "Select the pupil's year group"),
        ({"send_status": ""}, "send_status", "Select the pupil's SEND status"),
        ({"date_of_birth": ""}, "date_of_birth", "Enter the date of birth"),
        ({"on_roll_from": ""}, "on_roll_from", "Enter the on roll from"),
        ({"reason": ""}, "reason", "Enter why you are recording this pupil"),
        (
            {"date_of_birth": "31/02/2012"},
            "date_of_birth",
            "Date of birth must be a real date, like 01/09/2025",
        ),
        (
            {"date_of_birth": day(dt.date.today() + dt.timedelta(days=1))},
            "date_of_birth",
            "The date of birth must be in the past",
        ),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_in_the_summary_and_nothing_is_saved(
    world, client_for, school_x, changes, field, message
):
    before = Pupil.objects.count()
    response = client_for(world.people["head_x"]).post(url("pupil-new"), new_pupil_data(school_x, **changes))
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert message in summary_errors(response)
    assert Pupil.objects.count() == before


def test_a_duplicate_upn_is_refused_beside_the_field(world, client_for, school_x):
    taken = world.pupils["w1"].upn  # a pupil the head cannot see: still refused, one UPN per child
    response = client_for(world.people["head_x"]).post(url("pupil-new"), new_pupil_data(school_x, upn=taken))
    refused = (
        "A pupil with this UPN is already recorded. If they have moved to this school, ask the "
        "LA's inclusion officer to record the move: the school will then see their records"
    )
    assert error_beside(response, "upn") == refused
    assert refused in summary_errors(response)
    assert not Pupil.objects.filter(full_name="Ava Archer").exists()


def test_every_missing_field_is_shown_at_once(world, client_for):
    response = client_for(world.people["head_x"]).post(url("pupil-new"), {})
    assert len(summary_errors(response)) == 8
    assert Pupil.objects.count() == len(world.pupils)


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
    assert f"UPN {pupil.upn}" in text and "Date of birth 1 May 2012" in text
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


# --- Correcting the details ------------------------------------------------------------------


def test_a_designated_lead_corrects_a_pupils_details_with_a_reason(world, client_for):
    pupil = world.pupils["x2"]
    response = client_for(world.people["designated_lead_x"]).post(
        url("pupil-edit", pupil_id=pupil.pk),
        {
            "full_name": "Pupil X Two",
            "date_of_birth": "02/05/2012",
            "year_group": "10",
            "send_status": "ehc_plan",
            "reason": "The school's records were corrected",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("pupil", pupil_id=pupil.pk)
    pupil.refresh_from_db()
    assert (pupil.full_name, pupil.date_of_birth, pupil.year_group, pupil.send_status) == (
        "Pupil X Two",
        dt.date(2012, 5, 2),
        10,
        "ehc_plan",
    )
    assert pupil.history.first().history_change_reason == "The school's records were corrected"
    assert pupil.history.first().history_user == world.people["designated_lead_x"]


def test_the_edit_form_starts_with_the_pupils_details(world, client_for):
    pupil = world.pupils["x1"]
    html = client_for(world.people["head_x"]).get(url("pupil-edit", pupil_id=pupil.pk)).content.decode()
    assert 'value="Pupil x1"' in html and 'value="01/05/2012"' in html
    assert '<option value="9" selected>' in html


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"full_name": ""}, "full_name", "Enter the pupil's full name"),
        (
            {"date_of_birth": day(dt.date.today() + dt.timedelta(days=3))},
            "date_of_birth",
            "The date of birth must be in the past",
        ),
        ({"year_group": "15"}, "year_group", "Select a year group from the list"),
        ({"reason": ""}, "reason", "Enter why you are making this change"),
    ],
)
def test_bad_corrections_are_shown_beside_the_field_and_nothing_is_saved(
    world, client_for, changes, field, message
):
    pupil = world.pupils["x1"]
    data = {
        "full_name": "Changed",
        "date_of_birth": "01/05/2012",
        "year_group": "9",
        "send_status": "none",
        "reason": "Correcting",
        **changes,
    }
    response = client_for(world.people["head_x"]).post(url("pupil-edit", pupil_id=pupil.pk), data)
    assert error_beside(response, field) == message
    assert message in summary_errors(response)
    pupil.refresh_from_db()
    assert pupil.full_name == "Pupil x1" and pupil.history.count() == 1


def test_saving_unchanged_details_says_so_and_writes_no_history(world, client_for):
    pupil = world.pupils["x1"]
    response = client_for(world.people["head_x"]).post(
        url("pupil-edit", pupil_id=pupil.pk),
        {
            "full_name": "Pupil x1",
            "date_of_birth": "01/05/2012",
            "year_group": "9",
            "send_status": "none",
            "reason": "Checking",
        },
    )
    assert "You have not changed any of the details. Change one, or cancel" in summary_errors(response)
    assert pupil.history.count() == 1


# --- Attendance ------------------------------------------------------------------------------


def attendance_data(**changes) -> dict:
    return {
        "starts_on": "02/11/2026",
        "ends_on": "06/11/2026",
        "sessions_possible": "10",
        "sessions_attended": "7",
        "sessions_out_of_mainstream": "3",
        "reason": "Weekly return to the partnership",
        **changes,
    }


def test_partnership_staff_record_attendance_with_a_reason(world, client_for):
    pupil = world.pupils["y1"]
    response = client_for(world.people["partnership_staff"]).post(
        url("attendance-new", pupil_id=pupil.pk), attendance_data()
    )
    assert response.status_code == 302
    assert response["Location"] == url("pupil", pupil_id=pupil.pk) + "#attendance"
    record = AttendanceRecord.objects.get(pupil=pupil)
    assert (record.starts_on, record.ends_on) == (dt.date(2026, 11, 2), dt.date(2026, 11, 6))
    assert (record.sessions_possible, record.sessions_attended, record.sessions_out_of_mainstream) == (
        10,
        7,
        3,
    )
    assert record.recorded_by == world.people["partnership_staff"]
    assert record.history.first().history_change_reason == "Weekly return to the partnership"


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"sessions_attended": "11"},
            "sessions_attended",
            "Sessions attended cannot be more than sessions possible",
        ),
        (
            {"sessions_out_of_mainstream": "12"},
            "sessions_out_of_mainstream",
            "Sessions out of mainstream cannot be more than sessions possible",
        ),
        ({"ends_on": "30/10/2026"}, "ends_on", "The end of the period must not be before its start"),
        ({"sessions_possible": "-1"}, "sessions_possible", "Sessions possible must be 0 or more"),
        (
            {"sessions_attended": "seven"},
            "sessions_attended",
            "Sessions attended must be a whole number, like 10",
        ),
        ({"sessions_possible": ""}, "sessions_possible", "Enter the number of sessions possible"),
        ({"starts_on": ""}, "starts_on", "Enter the start of the period"),
        ({"reason": ""}, "reason", "Enter why you are recording this attendance"),
    ],
)
def test_bad_attendance_is_shown_beside_the_field_and_nothing_is_saved(
    world, client_for, changes, field, message
):
    pupil = world.pupils["x1"]
    response = client_for(world.people["head_x"]).post(
        url("attendance-new", pupil_id=pupil.pk), attendance_data(**changes)
    )
    assert response.status_code == 200
    assert error_beside(response, field) == message
    assert message in summary_errors(response)
    assert not AttendanceRecord.objects.exists()


# --- Designated leads ------------------------------------------------------------------------


def test_a_head_sees_their_schools_leads_and_what_a_lead_can_see(world, client_for):
    response = client_for(world.people["head_x"]).get(url("leads"))
    assert response.status_code == 200
    text = text_of(response)
    assert "A designated inclusion lead can:" in text
    assert "see your school's pupils and everything recorded about them" in text
    assert "Lee Lead" in text
    lead = DesignatedInclusionLead.objects.get(user=world.people["designated_lead_x"])
    assert f'href="{url("lead-remove", lead_id=lead.pk)}"' in response.content.decode()


def test_another_head_sees_none_of_those_leads(world, client_for):
    response = client_for(world.people["chair_y"]).get(url("leads"))
    assert "Lee Lead" not in text_of(response) and "No designated leads yet." in text_of(response)


@pytest.mark.parametrize(
    "persona", ["designated_lead_x", "teacher_x", "inclusion_officer", "partnership_staff", "partner"]
)
def test_the_leads_pages_are_for_headteachers_only(world, client_for, persona):
    client = client_for(world.people[persona])
    lead = DesignatedInclusionLead.objects.get()
    for page in (url("leads"), url("lead-new"), url("lead-remove", lead_id=lead.pk)):
        assert client.get(page).status_code == 404, page
    assert client.post(url("lead-remove", lead_id=lead.pk), {"reason": "x"}).status_code == 404
    assert DesignatedInclusionLead.objects.filter(pk=lead.pk).exists()


def test_a_head_names_a_lead_from_the_schools_current_staff(world, client_for, partnership_a):
    head = world.people["head_x"]
    teacher = world.people["teacher_x"]
    person(partnership_a, Role.SCHOOL_STAFF, school=world.schools["y"], name="Yvonne Elsewhere")
    client = client_for(head)
    html = client.get(url("lead-new")).content.decode()
    select = re.search(r'<select name="staff".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="\d+">([^<]+)</option>', select) == ["Tara Teacher"]
    assignment = teacher.roles.get()
    response = client.post(url("lead-new"), {"staff": assignment.pk, "reason": "Leads on behaviour"})
    assert response.status_code == 302 and response["Location"] == url("leads")
    lead = DesignatedInclusionLead.objects.get(user=teacher)
    assert (lead.school, lead.named_by) == (world.schools["x"], head)
    assert lead.history.first().history_change_reason == "Leads on behaviour"
    assert {p.pk for p in selectors.visible_pupils(ctx_of(teacher))} == {
        world.pupils["x1"].pk,
        world.pupils["x2"].pk,
    }


def test_naming_a_lead_needs_a_person_and_a_reason(world, client_for):
    response = client_for(world.people["head_x"]).post(url("lead-new"), {"staff": "", "reason": ""})
    assert error_beside(response, "staff") == "Select the member of staff"
    assert error_beside(response, "reason") == "Enter why you are naming this designated lead"
    assert summary_errors(response) == [
        "Select the member of staff",
        "Enter why you are naming this designated lead",
    ]
    assert DesignatedInclusionLead.objects.count() == 1


def test_removing_a_lead_asks_first_then_takes_away_their_sight(world, client_for):
    head, lead_user = world.people["head_x"], world.people["designated_lead_x"]
    lead = DesignatedInclusionLead.objects.get(user=lead_user)
    client = client_for(head)
    page = client.get(url("lead-remove", lead_id=lead.pk))
    assert page.status_code == 200
    assert "can no longer see School X's pupil records" in text_of(page)
    assert DesignatedInclusionLead.objects.filter(pk=lead.pk).exists()

    refused = client.post(url("lead-remove", lead_id=lead.pk), {"reason": ""})
    assert error_beside(refused, "reason") == "Enter why you are removing this designated lead"
    assert DesignatedInclusionLead.objects.filter(pk=lead.pk).exists()

    done = client.post(url("lead-remove", lead_id=lead.pk), {"reason": "Moved to another role"})
    assert done.status_code == 302 and done["Location"] == url("leads")
    assert not DesignatedInclusionLead.objects.filter(pk=lead.pk).exists()
    assert lead.history.first().history_change_reason == "Moved to another role"
    assert client_for(lead_user).get(url("pupil", pupil_id=world.pupils["x1"].pk)).status_code == 404


def test_a_lead_who_left_the_staff_is_marked(world, client_for):
    lead_user = world.people["designated_lead_x"]
    role = lead_user.roles.get()
    role.ends_on = dt.date.today()
    role.save()
    text = text_of(client_for(world.people["head_x"]).get(url("leads")))
    assert "Lee Lead No longer on the staff Sees no pupil records" in text


def test_the_leads_page_takes_a_fixed_number_of_queries(world, client_for, partnership_a):
    head = world.people["head_x"]
    for n in range(4):
        staff = person(partnership_a, Role.SCHOOL_STAFF, school=world.schools["x"], name=f"Staff {n}")
        services.designated_lead_add(
            actor=head, ctx=ctx_of(head), school=world.schools["x"], user=staff, reason=REASON
        )
    client = client_for(head)
    client.get(url("leads"))
    # session, user, context, leads (with who named them and whether still on the staff), chooser
    with pinned_queries(5):
        response = client.get(url("leads"))
    assert text_of(response).count("Remove") == 5
