"""The inclusion figures (decision 0021): who sees them, that they add up on a known world, that
small numbers are hidden from everyone who may not see the pupils, that an area shows only its own,
that another partnership is never counted, and that the query count does not grow with the records.

The known world is the academic year before this one, so that every date is in the past and fixed:
North (schools X, 600 pupils, and Y, 400) and South (school W, 400). Partnership B has its own
inclusion partnership on school Z, with an exclusion and an allocation that must never be counted.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance.models import ReportKind, ReportStatus
from governance.reporting import pipeline
from governance.reporting import snapshot as snapshot_module
from governance.reporting.snapshot import build_snapshot
from governance.terms import terms_for
from inclusion import services
from inclusion.models import (
    FundingSource,
    PlacementOutcome,
    PlanType,
    Referral,
    SpendCategory,
)
from inclusion.selectors.figures import (
    NO_PLAN,
    ScopeFigures,
    Tally,
    academic_year_of,
    academic_year_span,
    inclusion_figures,
)
from inclusion.tables import NOT_SHOWN, PLAN_LABELS, Reader, dashboard_sections, denominator_sentence
from partnership.models import Role
from schools.models import KeyStage4Result, Network
from tests.helpers import pinned_queries, text_of

from .world import REASON, ctx_of, person, upn

pytestmark = pytest.mark.django_db

YEAR = academic_year_of(timezone.localdate()) - 1


def on(month: int, day: int) -> dt.date:
    """A day in the known world's academic year (September to August)."""
    return dt.date(YEAR if month >= 9 else YEAR + 1, month, day)


def url(query: str = "", slug: str = "pa") -> str:
    return reverse("inclusion:dashboard", kwargs={"partnership_slug": slug}) + query


def known_url(area=None) -> str:
    query = f"?year={YEAR}"
    if area is not None:
        query += f"&area={area.pk}"
    return url(query)


@pytest.fixture
def world(inclusion_world, la_officer_b, partnership_b, school_z):
    world = inclusion_world
    world.people.update(la_officer_b=la_officer_b)
    schools = world.schools
    for key, pupils in (("x", 600), ("y", 400), ("w", 400)):
        schools[key].pupils = pupils
        schools[key].save()
    people = world.people
    officer = people["inclusion_officer"]
    officer_ctx = ctx_of(officer)
    north, south = world.partnerships["north"], world.partnerships["south"]
    x1, x2, y1, w1 = (world.pupils[k] for k in ("x1", "x2", "y1", "w1"))

    def head_of(pupil):
        return {"x": people["head_x"], "y": people["chair_y"], "w": people["other_head_w"]}[
            next(k for k, s in schools.items() if s.pk == pupil.home_school_id)
        ]

    def consult(pupil, day):
        head = head_of(pupil)
        services.consultation_record(
            actor=head,
            ctx=ctx_of(head),
            pupil=pupil,
            consulted_on=day,
            reason_considered="Serious incident",
            alternatives_considered="A managed move",
            chair_advice="Try a managed move first",
            reason=REASON,
        )

    def exclude(pupil, day):
        head = head_of(pupil)
        services.exclusion_record(actor=head, ctx=ctx_of(head), pupil=pupil, excluded_on=day, reason=REASON)

    # Exclusions: x1 after a consultation, x2 with none, w1 with a consultation only afterwards.
    consult(x1, on(10, 1))
    exclude(x1, on(10, 5))
    exclude(x2, on(11, 10))
    exclude(w1, on(1, 20))
    consult(w1, on(1, 25))
    consult(y1, on(2, 3))  # a consultation that led to no exclusion
    # One in the year before, for the figures over time.
    consult(y1, on(9, 2).replace(year=YEAR - 1))
    exclude(y1, on(3, 2).replace(year=YEAR))

    # Referrals: x2 with a home base plan, y1 waiting for a plan, w1 made and closed.
    def refer(pupil, made, *, plan=None, closed=None):
        head = head_of(pupil)
        referral = services.referral_create(
            actor=head,
            ctx=ctx_of(head),
            pupil=pupil,
            reasons="Suspensions",
            support_tried="Mentoring",
            reason=REASON,
        )
        fields = {"referred_on": made}
        if plan:
            fields.update(status="plan_agreed", plan_type=plan, plan_agreed_on=made + dt.timedelta(days=7))
        if closed:
            fields.update(status="closed", closed_on=closed)
        Referral.objects.filter(pk=referral.pk).update(**fields)
        return referral

    refer(x2, on(9, 20), plan=PlanType.HOME_BASE)
    refer(y1, on(12, 1))
    refer(w1, on(10, 1), closed=on(12, 15))

    # Attendance: North 100 possible, 80 attended, 30 out; South 50, 25, 10.
    for pupil, possible, attended, out in ((x1, 60, 50, 20), (x2, 40, 30, 10), (w1, 50, 25, 10)):
        head = head_of(pupil)
        services.attendance_record(
            actor=head,
            ctx=ctx_of(head),
            pupil=pupil,
            starts_on=on(9, 8),
            ends_on=on(12, 18),
            sessions_possible=possible,
            sessions_attended=attended,
            sessions_out_of_mainstream=out,
            reason=REASON,
        )

    # Placements: x1 ended reintegrated (4 weeks), x2 still running, w1 ended in a specialist place.
    provider = services.provider_create(actor=officer, ctx=officer_ctx, name="Bridge Centre", reason=REASON)

    def place(pupil, starts, ends, days, cost, funding):
        return services.placement_create(
            actor=officer,
            ctx=officer_ctx,
            pupil=pupil,
            provider=provider,
            starts_on=starts,
            ends_on=ends,
            days_per_week=Decimal(days),
            cost=Decimal(cost),
            funding_source=funding,
            reason=REASON,
        )

    x1_placement = place(x1, on(11, 1), None, "3", "2000", FundingSource.SCHOOL)
    services.placement_end(
        actor=officer,
        ctx=officer_ctx,
        placement=x1_placement,
        ends_on=on(11, 28),
        outcome=PlacementOutcome.REINTEGRATED,
        reason=REASON,
    )
    place(x2, on(1, 5), None, "2.5", "3000", FundingSource.PARTNERSHIP)
    w1_placement = place(w1, on(2, 1), None, "5", "1000", FundingSource.HIGH_NEEDS)
    services.placement_end(
        actor=officer,
        ctx=officer_ctx,
        placement=w1_placement,
        ends_on=on(3, 28),
        outcome=PlacementOutcome.SPECIALIST,
        reason=REASON,
    )

    # Money for the financial year the academic year starts in.
    def allocate(ip, amount, spends, actor=officer, slug="pa"):
        ctx = ctx_of(actor, slug)
        allocation = services.allocation_set(
            actor=actor,
            ctx=ctx,
            inclusion_partnership=ip,
            financial_year=YEAR,
            amount=Decimal(amount),
            reason=REASON,
        )
        for category, spent in spends:
            services.spend_add(
                actor=actor,
                ctx=ctx,
                allocation=allocation,
                category=category,
                amount=Decimal(spent),
                reason=REASON,
            )

    allocate(north, "100000", [(SpendCategory.STAFF, "30000"), (SpendCategory.AP_PLACEMENTS, "20000")])
    allocate(south, "50000", [(SpendCategory.HOME_BASE, "10000")])

    # Partnership B: its own inclusion partnership, an exclusion and money, never counted in A.
    officer_b = people["inclusion_officer_b"]
    head_z = person(partnership_b, Role.HEADTEACHER, school=school_z, name="Zed Head")

    bee = services.inclusion_partnership_create(
        actor=officer_b,
        ctx=ctx_of(officer_b, "pb"),
        network=Network.objects.get(name="Bee"),
        area="Bee",
        fund_holder=school_z,
        reason=REASON,
    )
    services.exclusion_record(
        actor=head_z, ctx=ctx_of(head_z, "pb"), pupil=world.pupils["z1"], excluded_on=on(10, 6), reason=REASON
    )
    allocate(bee, "999999", [(SpendCategory.OTHER, "123456")], actor=officer_b, slug="pb")
    world.partnerships["bee"] = bee
    world.people["head_z"] = head_z
    world.provider = provider
    return world


def known_figures(world, area=None):
    starts_on, ends_on = academic_year_span(YEAR)
    return inclusion_figures(
        world.partnerships["north"].partnership, starts_on=starts_on, cut=ends_on, area=area
    )


def rows_of(section: dict, table: int = 0) -> dict:
    return {row[0]: row[1:] for row in section["tables"][table]["rows"]}


def sections_for(response) -> dict:
    return {section["key"]: section for section in response.context["sections"]}


# --- Who may see the figures --------------------------------------------------------------------

SEES = {
    "la_officer_a": 200,
    "la_admin_a": 200,
    "board_member_a": 200,
    "inclusion_officer": 200,
    "partnership_staff": 200,
    "chair_y": 200,  # chairs North
    "other_head_w": 200,  # chairs South
    "head_x": 404,  # a headteacher who chairs nothing
    "designated_lead_x": 404,
    "teacher_x": 404,
    "governor_x": 404,
    "partner": 404,
    "la_officer_b": 404,
    "inclusion_officer_b": 404,
}


@pytest.mark.parametrize("persona", sorted(SEES))
def test_each_role_sees_the_figures_or_a_404(world, persona, client_for):
    client = client_for(world.people[persona])
    assert client.get(url()).status_code == SEES[persona]
    assert client.get(known_url(world.partnerships["south"])).status_code == SEES[persona]


def test_anonymous_visitors_are_sent_to_sign_in(world, anonymous):
    response = anonymous.get(url())
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_an_area_of_another_partnership_or_no_area_at_all_is_a_404(world, client_for):
    officer = client_for(world.people["inclusion_officer"])
    assert officer.get(url(f"?area={world.partnerships['bee'].pk}")).status_code == 404
    assert officer.get(url("?area=99999999")).status_code == 404
    assert officer.get(url("?area=North")).status_code == 404
    # B's officer asking for A's area on B's dashboard finds nothing either.
    officer_b = client_for(world.people["inclusion_officer_b"])
    assert officer_b.get(url(f"?area={world.partnerships['north'].pk}", slug="pb")).status_code == 404
    assert officer_b.get(url(f"?area={world.partnerships['bee'].pk}", slug="pb")).status_code == 200


def test_a_year_outside_the_choices_is_a_404_and_no_year_means_this_one(world, client_for):
    client = client_for(world.people["la_officer_a"])
    current = academic_year_of(timezone.localdate())
    assert client.get(url(f"?year={current + 1}")).status_code == 404
    assert client.get(url(f"?year={current - 6}")).status_code == 404
    assert client.get(url("?year=twenty")).status_code == 404
    response = client.get(url())
    assert response.status_code == 200 and response.context["year"] == current


# --- The numbers --------------------------------------------------------------------------------


def test_the_figures_add_up_on_a_known_world(world):
    figures = known_figures(world)
    county = figures.scope
    north, south = figures.areas
    assert (north.name, south.name) == ("North", "South")
    assert (north.schools, north.pupils_on_roll, south.pupils_on_roll, county.pupils_on_roll) == (
        2,
        1000,
        400,
        1400,
    )

    assert county.exclusions_by_year == {
        **{year: Tally() for year in range(YEAR - 4, YEAR - 1)},
        YEAR - 1: Tally(1, 1),
        YEAR: Tally(3, 3),
    }
    assert (north.exclusions, north.consulted, north.flagged) == (Tally(2, 2), Tally(1, 1), Tally(1, 1))
    assert (south.exclusions, south.consulted, south.flagged) == (Tally(1, 1), Tally(), Tally(1, 1))
    assert county.flagged == Tally(2, 2)
    assert (north.consultations, south.consultations, county.consultations) == (
        Tally(2, 2),
        Tally(1, 1),
        Tally(3, 3),
    )

    assert (north.referrals_open, north.referrals_made) == (Tally(2, 2), Tally(2, 2))
    assert (south.referrals_open, south.referrals_made) == (Tally(), Tally(1, 1))
    assert north.open_by_plan[PlanType.HOME_BASE] == Tally(1, 1)
    assert north.open_by_plan[NO_PLAN] == Tally(1, 1)

    assert (north.sessions_possible, north.sessions_attended, north.sessions_out) == (100, 80, 30)
    assert (
        county.sessions_possible,
        county.sessions_attended,
        county.sessions_out,
        county.attendance_pupils,
    ) == (
        150,
        105,
        40,
        3,
    )

    assert (county.ap_current, county.ap_current_days) == (Tally(1, 1), Decimal("2.5"))
    assert (county.ap_started, county.ap_started_cost) == (Tally(3, 3), Decimal("6000"))
    assert county.ap_by_funding[FundingSource.HIGH_NEEDS] == (Tally(1, 1), Decimal("1000"))
    assert county.ap_ended == Tally(2, 2)
    # 1 to 28 November, and 1 February to 28 March: the last day counts.
    assert county.ap_ended_days == 28 + (on(3, 28) - on(2, 1)).days + 1
    assert county.ap_by_outcome[PlacementOutcome.REINTEGRATED] == Tally(1, 1)
    assert south.ap_by_outcome[PlacementOutcome.SPECIALIST] == Tally(1, 1)

    assert (north.allocation_by_year[YEAR], south.allocation_by_year[YEAR]) == (
        Decimal(100000),
        Decimal(50000),
    )
    assert county.allocation_by_year[YEAR] == Decimal(150000)
    assert north.spend_by_year[YEAR] == {"staff": Decimal(30000), "ap_placements": Decimal(20000)}
    assert sum(county.spend_by_year[YEAR].values()) == Decimal(60000)


# --- Pupils on roll where the register has no number ----------------------------------------------


def _register_cohort_and_neither(world):
    """X keeps its register number (600; its KS4 cohort is ignored). Y has no register number but
    KS4 cohorts: 150, then 180, then a year with no number, so its latest cohort is 180 and its
    estimate 900. W has neither."""
    x, y, w = (world.schools[key] for key in ("x", "y", "w"))
    for school in (y, w):
        school.pupils = None
        school.save()
    for school, year, pupils in ((x, 2018, 100), (y, 2016, 150), (y, 2017, 180), (y, 2018, None)):
        KeyStage4Result.objects.create(school=school, academic_year=year, pupils=pupils)


COUNTY_ROLL = (
    "Pupils on roll at the 3 member schools on {day}: 1,500 (from the school register for 1 school; "
    "estimated for 1 school as five times its latest Year 11 cohort, because the register holds no "
    "number for it; not known for 1 school, which is left out, because the register holds no number "
    "for it and the performance tables no key stage 4 cohort). The same numbers are used for every "
    "year, since the portal holds no earlier census."
)


def test_pupils_on_roll_come_from_the_register_or_five_times_the_latest_ks4_cohort(world):
    _register_cohort_and_neither(world)
    figures = known_figures(world)
    north, south = figures.areas
    county = figures.scope
    # (schools, from the register, pupils, estimated, pupils, not known, pupils on roll)
    assert [
        (
            scope.schools,
            scope.schools_from_register,
            scope.pupils_from_register,
            scope.schools_estimated,
            scope.pupils_estimated,
            scope.schools_without_numbers,
            scope.pupils_on_roll,
        )
        for scope in (north, south, county)
    ] == [(2, 1, 600, 1, 900, 0, 1500), (1, 0, 0, 0, 0, 1, 0), (3, 1, 600, 1, 900, 1, 1500)]


def test_the_page_says_how_pupils_on_roll_were_found_and_rates_them(world, client_for):
    _register_cohort_and_neither(world)
    response = client_for(world.people["inclusion_officer"]).get(known_url())
    sections = sections_for(response)
    compared = rows_of(sections["compared"])
    # North: 2 exclusions over 1,500 pupils; South: no number for its one school, so no rate.
    assert compared["North"][:4] == ["2", "1,500", "2", "1.33"]
    assert compared["South"][:4] == ["1", "0", "1", "No figure"]
    assert compared["All partnerships"][:4] == ["3", "1,500", "3", "2.00"]
    day = f"{academic_year_span(YEAR)[1].day} August {YEAR + 1}"
    summary = sections["exclusions"]["summary"]
    assert ", 2.00 per 1,000 pupils on roll. " + COUNTY_ROLL.format(day=day) in summary
    assert (
        "Pupils on roll are the school register's numbers where it holds one, and otherwise estimated as "
        "five times the school's latest Year 11 cohort (North, 1 of 2 schools estimated; South, 0 of 1 "
        "school estimated and 1 not known, left out)."
    ) in sections["compared"]["summary"]
    assert "five times the school's latest Year 11 cohort" in text_of(response)  # the definitions
    south = client_for(world.people["inclusion_officer"]).get(known_url(world.partnerships["south"]))
    assert rows_of(sections_for(south)["exclusions"])[f"{YEAR} to {YEAR + 1}"] == ["1", "No figure"]
    assert "Pupils on roll at the 1 member school on" in sections_for(south)["exclusions"]["summary"]


def test_with_every_number_in_the_register_the_page_says_so(world):
    sections = dashboard_sections(known_figures(world), Reader(None), period="the year")
    assert "1,400 (from the school register for 3 schools). The same numbers" in sections[1]["summary"]
    assert "Pupils on roll are the school register's numbers for every school." in sections[0]["summary"]


def test_an_area_with_no_member_schools_says_there_are_none_to_count_against():
    sentence = denominator_sentence(ScopeFigures(area_id=1, name="Empty"), dt.date(2026, 8, 31))
    assert sentence == (
        "There were no member schools at 31 August 2026, so there are no pupils on roll to count against."
    )


def test_the_report_says_how_pupils_on_roll_were_found(world, settings):
    settings.SMALL_PUPIL_COUNT_MIN = 1  # nothing hidden, to check the rate
    _register_cohort_and_neither(world)
    partnership = world.partnerships["north"].partnership
    term = autumn(world)
    snapshot = build_snapshot(partnership, term=term, audience="board")
    section = inclusion_section(snapshot)
    cut = snapshot_module._period(partnership, term, None, timezone.now()).cut
    # In the autumn term, x1's and x2's exclusions: 2 over 1,500 pupils.
    assert rows_of(section)["North"][:4] == ["2", "1,500", "2", "1.33"]
    assert COUNTY_ROLL.format(day=f"{cut.day} {cut:%B %Y}") in section["summary"]
    source = next(s for s in snapshot["sources"] if s["name"] == "The inclusion partnerships' own records")
    assert "five times the school's latest key stage 4 cohort" in source["detail"]


def test_another_partnerships_records_are_never_counted(world):
    figures = known_figures(world)
    assert [area.name for area in figures.areas] == ["North", "South"]
    assert figures.scope.exclusions == Tally(3, 3)
    assert figures.scope.allocation_by_year[YEAR] == Decimal(150000)
    # And B's own figures hold only B's.
    starts_on, ends_on = academic_year_span(YEAR)
    b = inclusion_figures(world.partnerships["bee"].partnership, starts_on=starts_on, cut=ends_on)
    assert b.scope.exclusions == Tally(1, 1) and b.scope.allocation_by_year[YEAR] == Decimal(999999)


def test_the_inclusion_officer_sees_every_figure_exactly(world, client_for):
    response = client_for(world.people["inclusion_officer"]).get(known_url())
    sections = sections_for(response)
    compared = rows_of(sections["compared"])
    # Schools, pupils on roll, exclusions, per 1,000, without a consultation, open referrals.
    assert compared["North"] == ["2", "1,000", "2", "2.00", "50%", "2"]
    assert compared["South"] == ["1", "400", "1", "2.50", "100%", "0"]
    assert compared["All partnerships"] == ["3", "1,400", "3", "2.14", "67%", "2"]
    money = rows_of(sections["compared"], 1)
    assert money["North"] == ["1", "£5,000", "100%", "£100,000", "50%"]
    assert money["South"] == ["0", "£1,000", "0%", "£50,000", "20%"]
    consultations = rows_of(sections["consultations"])
    assert consultations["Without a consultation first (flagged)"] == ["2"]
    assert consultations["Consultations with a chair recorded"] == ["3"]
    time_out = rows_of(sections["time_out"])
    assert time_out["Attendance (% of sessions possible)"] == ["70%"]
    assert time_out["Time out of mainstream (% of sessions possible)"] == ["27%"]
    provision = rows_of(sections["provision"])
    assert provision["Cost of the placements started"] == ["£6,000"]
    weeks = Decimal(28 + (on(3, 28) - on(2, 1)).days + 1) / 2 / 7
    expected = weeks.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert provision["Average length of the placements ended (weeks)"] == [str(expected)]
    reintegration = rows_of(sections["reintegration"])
    assert reintegration["Reintegrated into mainstream"] == ["1", "50%"]
    spend = rows_of(sections["spend"], 1)
    assert spend["Staff"] == ["£30,000", "20%"]
    text = text_of(response)
    assert "You see every figure exactly" in text
    assert "Fewer than 5" not in text


def test_board_members_and_la_officers_see_small_numbers_hidden(world, client_for):
    for persona in ("board_member_a", "la_officer_a"):
        response = client_for(world.people[persona]).get(known_url())
        sections = sections_for(response)
        compared = rows_of(sections["compared"])
        # Register numbers are public; every count of pupils here is under 5, and so every rate.
        assert compared["North"] == ["2", "1,000", "Fewer than 5", "Not shown", "Not shown", "Fewer than 5"]
        assert compared["South"][3:] == ["Not shown", "Not shown", "0"]
        money = rows_of(sections["compared"], 1)
        assert money["North"] == ["Fewer than 5", "Not shown", "Not shown", "£100,000", "50%"]
        consultations = rows_of(sections["consultations"])
        assert consultations["Without a consultation first (flagged)"] == ["Fewer than 5"]
        assert rows_of(sections["time_out"])["Attendance (% of sessions possible)"] == ["Not shown"]
        # Hidden figures are left out of the charts: a bar would give them away.
        assert sections["exclusions"]["chart"] is None
        assert sections["compared"]["chart"] is None
        text = text_of(response)
        assert "shown as “Fewer than 5”" in text
        assert "You see every figure exactly" not in text


def test_a_lower_threshold_shows_what_it_no_longer_hides(world, client_for, settings):
    settings.SMALL_PUPIL_COUNT_MIN = 2
    response = client_for(world.people["board_member_a"]).get(known_url())
    compared = rows_of(sections_for(response)["compared"])
    assert compared["All partnerships"][2:4] == ["3", "2.14"]
    assert compared["South"][2:4] == ["Fewer than 2", "Not shown"]
    # North's two exclusions no longer rest on too few pupils, but the county's three less North's
    # two would give South's one away: North's count and rate are hidden too.
    assert compared["North"][2:4] == ["Not shown", "Not shown"]
    # The split of North's two exclusions rests on one pupil each: both halves are hidden.
    assert compared["North"][4] == "Not shown"


def test_partnership_staff_see_their_own_partnership_exactly_and_others_hidden(world, client_for):
    response = client_for(world.people["partnership_staff"]).get(known_url())
    compared = rows_of(sections_for(response)["compared"])
    assert compared["North"][2:4] == ["2", "2.00"]
    assert compared["South"][2:4] == ["Fewer than 5", "Not shown"]
    assert compared["All partnerships"][2] == "Fewer than 5"
    assert "exact figures for the partnerships you work for" in text_of(response)
    own = client_for(world.people["other_head_w"]).get(known_url(world.partnerships["south"]))
    assert rows_of(sections_for(own)["exclusions"])[f"{YEAR} to {YEAR + 1}"] == ["1", "2.50"]


def test_one_area_counts_only_its_own_records(world, client_for):
    response = client_for(world.people["inclusion_officer"]).get(known_url(world.partnerships["south"]))
    sections = sections_for(response)
    assert "compared" not in sections
    assert rows_of(sections["exclusions"])[f"{YEAR} to {YEAR + 1}"] == ["1", "2.50"]
    assert rows_of(sections["consultations"])["Permanent exclusions"] == ["1"]
    assert rows_of(sections["at_risk"])["All open referrals"] == ["0"]
    assert rows_of(sections["provision"])["Cost of the placements started"] == ["£1,000"]
    assert rows_of(sections["spend"])[f"April {YEAR} to March {YEAR + 1}"] == [
        "£50,000",
        "£10,000",
        "£40,000",
        "20%",
    ]
    assert "Inclusion figures: South inclusion partnership" in text_of(response)


def test_no_pupil_is_named_on_the_page(world, client_for):
    for persona in ("inclusion_officer", "board_member_a"):
        page = client_for(world.people[persona]).get(known_url()).content.decode()
        for pupil in world.pupils.values():
            assert pupil.full_name not in page
            assert pupil.upn not in page


def test_the_sections_have_a_chart_a_table_and_a_sentence(world):
    sections = dashboard_sections(known_figures(world), Reader(None), period="the year")
    assert [s["key"] for s in sections] == [
        "compared",
        "exclusions",
        "consultations",
        "at_risk",
        "time_out",
        "provision",
        "reintegration",
        "spend",
    ]
    for section in sections:
        assert section["summary"].endswith(".") and section["tables"]
    assert sections[0]["chart"]["values"] == [2.0, 2.5]  # North and South, per 1,000
    assert sections[1]["chart"]["values"] == [0.0, 0.0, 0.0, 0.71, 2.14]  # the county, by year


def test_with_no_inclusion_partnerships_the_page_says_so(partnership_a, la_officer_a, client_for):
    response = client_for(la_officer_a).get(url())
    assert response.status_code == 200
    assert "There are no inclusion partnerships yet" in text_of(response)


# --- Query counts -------------------------------------------------------------------------------


def _more_records(world, n):
    """n more pupils at X, each excluded, referred, with attendance and a placement."""
    officer, head = world.people["inclusion_officer"], world.people["head_x"]
    officer_ctx, head_ctx = ctx_of(officer), ctx_of(head)
    start = len(world.pupils)
    for i in range(start, start + n):
        pupil = services.pupil_create(
            actor=head,
            ctx=head_ctx,
            full_name=f"Extra {i}",
            date_of_birth=dt.date(2012, 1, 1),
            upn=upn(f"9012000{i:05d}"),
            home_school=world.schools["x"],
            year_group=9,
            on_roll_from=dt.date(2023, 9, 1),
            reason=REASON,
        )
        world.pupils[f"extra{i}"] = pupil
        services.exclusion_record(
            actor=head, ctx=head_ctx, pupil=pupil, excluded_on=on(10, 10), reason=REASON
        )
        services.referral_create(
            actor=head, ctx=head_ctx, pupil=pupil, reasons="At risk", support_tried="Mentoring", reason=REASON
        )
        services.attendance_record(
            actor=head,
            ctx=head_ctx,
            pupil=pupil,
            starts_on=on(9, 8),
            ends_on=on(9, 12),
            sessions_possible=10,
            sessions_attended=8,
            sessions_out_of_mainstream=2,
            reason=REASON,
        )
        services.placement_create(
            actor=officer,
            ctx=officer_ctx,
            pupil=pupil,
            provider=world.provider,
            starts_on=on(10, 12),
            ends_on=None,
            days_per_week=Decimal(2),
            cost=Decimal(500),
            funding_source=FundingSource.PARTNERSHIP,
            reason=REASON,
        )


# For one area: the session, the user, the roles, the inclusion partnerships, the pupils on roll,
# exclusions, consultations, referrals, attendance, placements, the allocations, the spending and
# the partnerships in the header. The county adds the totals over every area: six more.
COUNTY_QUERIES = 19
AREA_QUERIES = 13


@pytest.mark.parametrize(
    "area_key, expected, exclusions", [(None, COUNTY_QUERIES, "23"), ("north", AREA_QUERIES, "22")]
)
def test_the_query_count_is_pinned_and_does_not_grow_with_the_records(
    world, client_for, area_key, expected, exclusions
):
    client = client_for(world.people["board_member_a"])
    address = known_url(world.partnerships[area_key] if area_key else None)
    client.get(address)
    for n in (0, 20):
        _more_records(world, n)
        with pinned_queries(expected):
            response = client.get(address)
        assert response.status_code == 200
    assert rows_of(sections_for(response)["consultations"])["Permanent exclusions"] == [exclusions]


# --- The termly report --------------------------------------------------------------------------


def autumn(world):
    return terms_for(world.partnerships["north"].partnership, YEAR)[0]


def inclusion_section(snapshot: dict) -> dict:
    return next(s for s in snapshot["sections"] if s["key"] == "inclusion")


def test_the_termly_report_has_an_inclusion_section_with_the_terms_figures(world, settings):
    settings.SMALL_PUPIL_COUNT_MIN = 1  # nothing hidden, to check the sums
    partnership = world.partnerships["north"].partnership
    snapshot = build_snapshot(partnership, term=autumn(world), audience="board")
    section = inclusion_section(snapshot)
    assert section["title"] == "Inclusion partnerships"
    compared = rows_of(section)
    # In the autumn term only x1's and x2's exclusions (North) fall; w1's is in the spring.
    assert compared["North"] == ["2", "1,000", "2", "2.00", "50%", "2"]
    assert compared["South"][2:] == ["0", "0.00", "No figure", "0"]  # w1 referred and closed in the term
    assert f"in the autumn term {YEAR}" in section["summary"]
    captions = [table["caption"] for table in section["tables"]]
    assert f"Consultation before exclusion in the autumn term {YEAR}" in captions
    assert "The inclusion partnerships' own records" in [source["name"] for source in snapshot["sources"]]


def test_the_report_hides_small_numbers_for_every_audience(world):
    partnership = world.partnerships["north"].partnership
    for audience in ("board", "la"):
        section = inclusion_section(build_snapshot(partnership, term=autumn(world), audience=audience))
        assert rows_of(section)["North"][2:4] == ["Fewer than 5", "Not shown"]
        assert "shown as “Fewer than 5”" in section["summary"]


def test_a_partnership_without_inclusion_partnerships_has_no_such_section(partnership_b):
    snapshot = build_snapshot(partnership_b, term=terms_for(partnership_b, YEAR)[0], audience="board")
    assert "inclusion" not in [s["key"] for s in snapshot["sections"]]


def test_the_report_pdf_shows_the_section_and_names_no_pupil(world, django_capture_on_commit_callbacks):
    partnership = world.partnerships["north"].partnership
    with django_capture_on_commit_callbacks(execute=True):
        report = pipeline.report_request(
            actor=world.people["la_officer_a"],
            partnership=partnership,
            kind=ReportKind.TERMLY,
            term=autumn(world),
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT, report.error
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(report.pdf))).pages)
    flat = " ".join(text.split())
    assert "Inclusion partnerships" in flat
    assert "Exclusions and referrals by partnership" in flat
    assert "Fewer than 5" in flat
    assert "Figures about very few pupils are not shown either" in flat
    for pupil in world.pupils.values():
        for secret in (pupil.full_name, pupil.upn):
            assert secret not in flat, secret
            assert secret not in report.html, secret


def test_the_reports_inclusion_figures_take_a_fixed_number_of_queries(world):
    partnership = world.partnerships["north"].partnership
    term = autumn(world)
    build_snapshot(partnership, term=term, audience="board")  # makes the terms
    period = snapshot_module._period(partnership, term, None, timezone.now())
    counts = []
    for n in (0, 20):
        _more_records(world, n)
        # The inclusion partnerships, then the pupils on roll, exclusions, consultations, referrals,
        # attendance and placements by area and for the county, the allocations and the spending.
        with pinned_queries(15):
            snapshot_module._inclusion(partnership, period)
        with CaptureQueriesContext(connection) as queries:
            build_snapshot(partnership, term=term, audience="board")
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- Secondary suppression: a hidden part cannot be worked out from its total -------------------


@pytest.fixture
def busy(world):
    """The known world, busier in North: five more pupils at X, each excluded in the autumn with no
    consultation, referred with an in-school support plan, and placed (paid for by the partnership)
    until a specialist place. Y's pupil gets a home base plan, and one more pupil at W is excluded.

    For the year, and in the autumn term alike: North's open referrals are 2 with home base and 5
    with in-school support; North's placements started are 1 paid for by the school and 6 (5 in the
    autumn) by the partnership; its placements ended are 1 reintegrated and 5 to a specialist place;
    South's exclusions (2 in the year, 1 in the autumn) are under 5 and North's are not."""
    officer, head = world.people["inclusion_officer"], world.people["head_x"]
    officer_ctx, head_ctx = ctx_of(officer), ctx_of(head)
    for i in range(5):
        pupil = services.pupil_create(
            actor=head,
            ctx=head_ctx,
            full_name=f"Busy {i}",
            date_of_birth=dt.date(2012, 1, 1),
            upn=upn(f"9013000{i:05d}"),
            home_school=world.schools["x"],
            year_group=9,
            on_roll_from=dt.date(2023, 9, 1),
            reason=REASON,
        )
        world.pupils[f"busy{i}"] = pupil
        services.exclusion_record(
            actor=head, ctx=head_ctx, pupil=pupil, excluded_on=on(10, 10), reason=REASON
        )
        referral = services.referral_create(
            actor=head, ctx=head_ctx, pupil=pupil, reasons="At risk", support_tried="Mentoring", reason=REASON
        )
        Referral.objects.filter(pk=referral.pk).update(
            referred_on=on(10, 1),
            status="plan_agreed",
            plan_type=PlanType.IN_SCHOOL,
            plan_agreed_on=on(10, 8),
        )
        placement = services.placement_create(
            actor=officer,
            ctx=officer_ctx,
            pupil=pupil,
            provider=world.provider,
            starts_on=on(10, 12),
            ends_on=None,
            days_per_week=Decimal(2),
            cost=Decimal(500),
            funding_source=FundingSource.PARTNERSHIP,
            reason=REASON,
        )
        services.placement_end(
            actor=officer,
            ctx=officer_ctx,
            placement=placement,
            ends_on=on(11, 20),
            outcome=PlacementOutcome.SPECIALIST,
            reason=REASON,
        )
    Referral.objects.filter(pupil=world.pupils["y1"]).update(
        status="plan_agreed", plan_type=PlanType.HOME_BASE, plan_agreed_on=on(12, 8)
    )
    head_w = world.people["other_head_w"]
    pupil = services.pupil_create(
        actor=head_w,
        ctx=ctx_of(head_w),
        full_name="South Extra",
        date_of_birth=dt.date(2012, 1, 1),
        upn=upn("901400000001"),
        home_school=world.schools["w"],
        year_group=9,
        on_roll_from=dt.date(2023, 9, 1),
        reason=REASON,
    )
    services.exclusion_record(
        actor=head_w, ctx=ctx_of(head_w), pupil=pupil, excluded_on=on(10, 15), reason=REASON
    )
    return world


def _number(cell: str) -> int | None:
    text = cell.replace(",", "").replace("£", "")
    return int(text) if text.isdigit() else None


def assert_not_given_away(parts: dict[str, str], total: str) -> None:
    """Taking the shown parts from the total leaves the sum of two or more hidden parts, at least
    one of them hidden although it is not small, so no hidden part can be worked out."""
    assert _number(total) is not None, total
    hidden = [cell for cell in parts.values() if _number(cell) is None]
    assert len(hidden) >= 2, parts
    assert NOT_SHOWN in hidden, parts


def table_of(section: dict, caption: str) -> dict:
    table = next(t for t in section["tables"] if t["caption"].startswith(caption))
    return {row[0]: row[1:] for row in table["rows"]}


PLANS = ["In-school support", "Home base provision", "Alternative provision placement", "Managed move"]


def _plans(rows: dict) -> dict[str, str]:
    return {label: rows[label][0] for label in [*PLANS, "No plan agreed yet"]}


def test_the_busy_world_has_the_shape_the_tests_rely_on(busy):
    assert [label for label in PLAN_LABELS.values()] == [*PLANS, "No plan agreed yet"]
    north = known_figures(busy, busy.partnerships["north"]).scope
    assert north.open_by_plan[PlanType.IN_SCHOOL] == Tally(5, 5)
    assert north.open_by_plan[PlanType.HOME_BASE] == Tally(2, 2)
    assert north.ap_by_funding[FundingSource.PARTNERSHIP] == (Tally(6, 6), Decimal(5500))
    assert north.ap_by_outcome[PlacementOutcome.SPECIALIST] == Tally(5, 5)
    south = known_figures(busy, busy.partnerships["south"]).scope
    assert south.exclusions == Tally(2, 2)


@pytest.mark.parametrize("persona", ["la_officer_a", "board_member_a"])
def test_open_referrals_by_plan_hide_one_more_plan_beside_the_total(busy, client_for, persona):
    client = client_for(busy.people[persona])
    for area in (busy.partnerships["north"], None):  # North's page (the reported case) and the county's
        rows = table_of(sections_for(client.get(known_url(area)))["at_risk"], "Open referrals")
        plans = _plans(rows)
        # Before: "Home base provision: Fewer than 5", "In-school support: 5", "All open referrals: 7".
        assert plans["Home base provision"] == "Fewer than 5"
        assert plans["In-school support"] == NOT_SHOWN
        assert rows["All open referrals"] == ["7"]
        assert_not_given_away(plans, rows["All open referrals"][0])
        chart = sections_for(client.get(known_url(area)))["at_risk"]["chart"]
        assert chart is None or "In-school support" not in chart["labels"]


def test_the_inclusion_officer_still_sees_every_plan(busy, client_for):
    client = client_for(busy.people["inclusion_officer"])
    sections = sections_for(client.get(known_url(busy.partnerships["north"])))
    plans = _plans(table_of(sections["at_risk"], "Open referrals"))
    assert [plans["In-school support"], plans["Home base provision"]] == ["5", "2"]
    assert sections["at_risk"]["chart"]["values"] == [5, 2]


@pytest.mark.parametrize("persona", ["la_officer_a", "board_member_a"])
def test_placements_by_who_pays_hide_one_more_source_beside_the_total(busy, client_for, persona):
    response = client_for(busy.people[persona]).get(known_url(busy.partnerships["north"]))
    provision = sections_for(response)["provision"]
    totals = table_of(provision, "Alternative provision placements")
    assert totals["Placements started"] == ["7"]
    assert totals["Cost of the placements started"] == ["£7,500"]
    assert "costing £7,500" in provision["summary"]
    funding = table_of(provision, "Placements started")
    # Before: the partnership's 6 at £5,500 were shown, giving away the school's 1 at £2,000.
    assert funding["The home school"] == ["Fewer than 5", NOT_SHOWN]
    assert funding["The inclusion partnership's allocation"] == [NOT_SHOWN, NOT_SHOWN]
    assert_not_given_away({label: row[0] for label, row in funding.items()}, totals["Placements started"][0])
    assert_not_given_away({label: row[1] for label, row in funding.items()}, "7500")
    assert provision["chart"] is None


def test_the_inclusion_officer_still_sees_who_pays(busy, client_for):
    response = client_for(busy.people["inclusion_officer"]).get(known_url(busy.partnerships["north"]))
    funding = table_of(sections_for(response)["provision"], "Placements started")
    assert funding["The home school"] == ["1", "£2,000"]
    assert funding["The inclusion partnership's allocation"] == ["6", "£5,500"]


@pytest.mark.parametrize("persona", ["la_officer_a", "board_member_a"])
def test_how_placements_ended_hides_one_more_outcome_beside_the_total(busy, client_for, persona):
    response = client_for(busy.people[persona]).get(known_url(busy.partnerships["north"]))
    reintegration = sections_for(response)["reintegration"]
    outcomes = rows_of(reintegration)
    assert outcomes["All placements ended"] == ["6", ""]
    # Before: "Specialist place: 5 (83%)" beside 6 ended gave away the one reintegration.
    assert outcomes["Reintegrated into mainstream"] == ["Fewer than 5", NOT_SHOWN]
    assert outcomes["Moved to a specialist place"] == [NOT_SHOWN, NOT_SHOWN]
    assert_not_given_away(
        {label: row[0] for label, row in outcomes.items() if label != "All placements ended"},
        outcomes["All placements ended"][0],
    )
    assert "is not shown, because it rests on fewer than 5 pupils" in reintegration["summary"]
    assert reintegration["chart"] is None


def test_a_reintegration_rate_hidden_beside_a_small_outcome_says_why(world):
    figures = known_figures(world)
    county = figures.scope
    county.ap_by_outcome = {PlacementOutcome.REINTEGRATED: Tally(6, 6), PlacementOutcome.OTHER: Tally(1, 1)}
    county.ap_ended = Tally(7, 7)
    sections = {s["key"]: s for s in dashboard_sections(figures, Reader(frozenset()), period="the year")}
    outcomes = rows_of(sections["reintegration"])
    assert outcomes["Other"] == ["Fewer than 5", NOT_SHOWN]
    assert outcomes["Reintegrated into mainstream"] == [NOT_SHOWN, NOT_SHOWN]
    assert "would give away a number of fewer than 5 pupils" in sections["reintegration"]["summary"]
    assert rows_of(sections["compared"], 1)["All partnerships"][2] == NOT_SHOWN
    exact = {s["key"]: s for s in dashboard_sections(figures, Reader(None), period="the year")}
    assert rows_of(exact["reintegration"])["Reintegrated into mainstream"] == ["6", "86%"]


def test_the_inclusion_officer_still_sees_how_placements_ended(busy, client_for):
    response = client_for(busy.people["inclusion_officer"]).get(known_url(busy.partnerships["north"]))
    outcomes = rows_of(sections_for(response)["reintegration"])
    assert outcomes["Reintegrated into mainstream"] == ["1", "17%"]
    assert outcomes["Moved to a specialist place"] == ["5", "83%"]


@pytest.mark.parametrize("persona", ["la_officer_a", "board_member_a"])
def test_the_comparison_hides_one_more_area_beside_the_county(busy, client_for, persona):
    sections = sections_for(client_for(busy.people[persona]).get(known_url()))
    people, money = rows_of(sections["compared"]), rows_of(sections["compared"], 1)
    # Exclusions: South's 2 are small, and the county's 9 less North's 7 would give them away.
    assert people["All partnerships"][2] == "9"
    assert people["South"][2:4] == ["Fewer than 5", NOT_SHOWN]
    assert people["North"][2:4] == [NOT_SHOWN, NOT_SHOWN]
    assert_not_given_away(
        {name: people[name][2] for name in ("North", "South")}, people["All partnerships"][2]
    )
    # The cost of the placements started: South's rests on one pupil, and the county's is shown.
    assert money["All partnerships"][1] == "£8,500"
    assert [money["North"][1], money["South"][1]] == [NOT_SHOWN, NOT_SHOWN]
    # North's rate and its reintegration rate, each of which would give back a hidden number.
    assert people["North"][4] == NOT_SHOWN and money["North"][2] == NOT_SHOWN
    assert sections["compared"]["chart"] is None
    # The county's own sections show the same totals, and nothing that undoes the hiding.
    assert rows_of(sections["consultations"])["Permanent exclusions"] == ["9"]


def test_the_inclusion_officer_still_sees_every_area(busy, client_for):
    sections = sections_for(client_for(busy.people["inclusion_officer"]).get(known_url()))
    people, money = rows_of(sections["compared"]), rows_of(sections["compared"], 1)
    assert [people[name][2] for name in ("North", "South", "All partnerships")] == ["7", "2", "9"]
    assert [money[name][1] for name in ("North", "South", "All partnerships")] == [
        "£7,500",
        "£1,000",
        "£8,500",
    ]
    assert sections["compared"]["chart"]["labels"] == ["North", "South"]


def test_a_partnerships_chair_still_sees_their_own_area_exactly(busy, client_for):
    sections = sections_for(client_for(busy.people["chair_y"]).get(known_url()))
    people = rows_of(sections["compared"])
    assert people["North"][2:4] == ["7", "7.00"]
    assert people["South"][2] == "Fewer than 5"
    own = sections_for(client_for(busy.people["chair_y"]).get(known_url(busy.partnerships["north"])))
    assert _plans(table_of(own["at_risk"], "Open referrals"))["Home base provision"] == "2"


def test_the_report_hides_one_more_part_beside_each_total(busy):
    partnership = busy.partnerships["north"].partnership
    for audience in ("board", "la"):
        section = inclusion_section(build_snapshot(partnership, term=autumn(busy), audience=audience))
        people = table_of(section, "Exclusions and referrals by partnership")
        assert people["All partnerships"][2] == "8"
        assert people["South"][2] == "Fewer than 5"
        assert people["North"][2:4] == [NOT_SHOWN, NOT_SHOWN]
        referrals = table_of(section, "Open referrals")
        assert referrals["All open referrals"] == ["7"]
        assert_not_given_away(_plans(referrals), "7")
        funding = table_of(section, "Placements started")
        assert funding["The inclusion partnership's allocation"] == [NOT_SHOWN, NOT_SHOWN]
        assert_not_given_away({label: row[0] for label, row in funding.items()}, "6")
        outcomes = table_of(section, "How placements ended")
        assert outcomes["Moved to a specialist place"] == [NOT_SHOWN, NOT_SHOWN]
        assert outcomes["All placements ended"][0] == "6"
        assert section["chart"] is None
        assert "one more is not shown" in section["summary"]
