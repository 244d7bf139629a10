"""The demo's inclusion partnerships: what the demo logins see once `manage.py seed_demo` has run.

The demo is seeded once for the module (it takes a few seconds) inside a transaction that is rolled
back at the end; each test runs in its own savepoint within it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from inclusion.demo import AREAS, REASON, add_demo_inclusion
from inclusion.models import (
    APPlacement,
    AttendanceRecord,
    ExclusionConsultation,
    FundingAllocation,
    GovernorsReview,
    InclusionPartnership,
    PermanentExclusion,
    PlacementOutcome,
    PlacementReview,
    PlanReview,
    PlanType,
    Pupil,
    QAOutcome,
    QAVisit,
    Referral,
    SpendCategory,
    upn_problem,
)
from inclusion.selectors import visible_pupils
from partnership.access import partnership_context_for
from partnership.models import Partnership, RoleAssignment, User
from schools.demo import seed_demo
from schools.models import NetworkMembership

DEMOS = [("leep", "leep.example"), ("rotherham", "rotherham.example")]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from leep.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with fast, django_db_blocker.unblock(), transaction.atomic():
        logins = seed_demo()
        yield logins
        transaction.set_rollback(True)
    app.conf.task_always_eager = eager


def ctx(email: str, slug: str):
    return partnership_context_for(User.objects.get(email=email), slug)


def area_of_school(slug: str) -> dict[int, int]:
    """Each member school's inclusion partnership, by school id."""
    return dict(
        NetworkMembership.objects.current()
        .filter(network__inclusion_partnership__partnership__slug=slug)
        .values_list("school_id", "network__inclusion_partnership")
    )


@pytest.mark.parametrize("slug, domain", DEMOS)
def test_the_inclusion_officer_sees_pupils_in_every_area(demo, db, slug, domain):
    areas = set(InclusionPartnership.objects.filter(partnership__slug=slug).values_list("area", flat=True))
    assert areas == {area.name for area in AREAS[slug]}
    seen = visible_pupils(ctx(f"inclusion@{domain}", slug))
    schools = area_of_school(slug)
    assert {schools[pupil.home_school_id] for pupil in seen} == set(
        InclusionPartnership.objects.filter(partnership__slug=slug).values_list("pk", flat=True)
    )
    assert 15 <= seen.count() <= 40
    assert seen.count() == Pupil.objects.filter(partnership__slug=slug).count()


@pytest.mark.parametrize("slug, domain", DEMOS)
def test_the_demo_headteacher_sees_only_their_own_schools_pupils(demo, db, slug, domain):
    head_school = RoleAssignment.objects.get(user__email=f"head2@{domain}").school_id
    seen = set(visible_pupils(ctx(f"head2@{domain}", slug)).values_list("pk", flat=True))
    own = set(Pupil.objects.filter(home_school_id=head_school).values_list("pk", flat=True))
    assert seen == own
    assert len(own) >= 2
    # Their school is a member of an area, not its fund holder, so they chair nothing.
    assert head_school in area_of_school(slug)
    assert not InclusionPartnership.objects.filter(chair__email=f"head2@{domain}").exists()


@pytest.mark.parametrize("slug, domain", DEMOS)
def test_the_partnership_staff_login_sees_the_pupils_of_the_area_they_work_in(demo, db, slug, domain):
    (staffed,) = InclusionPartnership.objects.filter(staff__user__email=f"inclusionstaff@{domain}")
    seen = visible_pupils(ctx(f"inclusionstaff@{domain}", slug))
    schools = area_of_school(slug)
    assert seen.exists()
    assert {schools[pupil.home_school_id] for pupil in seen} == {staffed.pk}


@pytest.mark.parametrize("slug, domain", DEMOS)
def test_each_area_has_a_fund_holder_chaired_by_its_head_and_two_years_of_funding(demo, db, slug, domain):
    today = timezone.localdate()
    this_year = today.year if today.month >= 4 else today.year - 1
    for ip in InclusionPartnership.objects.filter(partnership__slug=slug):
        assert (
            RoleAssignment.objects.current()
            .filter(user=ip.chair, role="headteacher", school=ip.fund_holder)
            .exists()
        )
        assert NetworkMembership.objects.current().filter(network=ip.network, school=ip.fund_holder).exists()
        allocations = FundingAllocation.objects.filter(inclusion_partnership=ip)
        assert set(allocations.values_list("financial_year", flat=True)) == {this_year - 1, this_year}
        for allocation in allocations:
            assert set(allocation.spends.values_list("category", flat=True)) == set(SpendCategory.values)


def test_at_least_one_exclusion_in_each_partnership_is_flagged_without_consultation(demo, db):
    for slug, _ in DEMOS:
        exclusions = PermanentExclusion.objects.with_consultation_flag().filter(pupil__partnership__slug=slug)
        flagged = [e for e in exclusions if e.flagged_without_consultation]
        assert 1 <= len(flagged) <= 2
        # Most exclusions came after a consultation with the chair, linked to it.
        consulted = [e for e in exclusions if not e.flagged_without_consultation]
        assert len(consulted) > len(flagged)
        assert all(e.consultation is not None for e in consulted)
        assert all(e.consultation is None for e in flagged)


def test_every_demo_pupils_upn_is_valid(demo, db):
    upns = list(Pupil.objects.values_list("upn", flat=True))
    assert upns
    assert [upn for upn in upns if upn_problem(upn) is not None] == []
    assert any(upn[-1].isalpha() for upn in upns)  # a temporary UPN too


def test_the_records_show_every_kind_of_plan_outcome_and_visit(demo, db):
    assert set(Referral.objects.values_list("status", flat=True)) == {"referred", "plan_agreed", "closed"}
    assert set(Referral.objects.exclude(plan_type="").values_list("plan_type", flat=True)) == set(
        PlanType.values
    )
    assert set(APPlacement.objects.exclude(outcome="").values_list("outcome", flat=True)) == set(
        PlacementOutcome.values
    )
    assert APPlacement.objects.filter(ends_on__isnull=True, outcome="").exists()
    assert set(QAVisit.objects.values_list("outcome", flat=True)) == set(QAOutcome.values)
    assert set(PermanentExclusion.objects.values_list("governors_review", flat=True)) == set(
        GovernorsReview.values
    )
    assert PlanReview.objects.exists() and PlacementReview.objects.exists()
    assert (
        ExclusionConsultation.objects.count() > PermanentExclusion.objects.exclude(consultation=None).count()
    )
    assert AttendanceRecord.objects.filter(sessions_out_of_mainstream__gt=0).exists()


def test_no_current_placement_is_with_a_provider_found_not_suitable(demo, db):
    for placement in APPlacement.objects.filter(outcome="").select_related("provider"):
        latest = placement.provider.qa_visits.order_by("-visited_on").first()
        assert latest.outcome != QAOutcome.UNSUITABLE


def test_the_dates_cover_this_school_year_and_last_and_none_is_in_the_future(demo, db):
    today = timezone.localdate()
    this_year = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    last_year = this_year.replace(year=this_year.year - 1)
    dates = [
        *Referral.objects.values_list("referred_on", flat=True),
        *PermanentExclusion.objects.values_list("excluded_on", flat=True),
        *ExclusionConsultation.objects.values_list("consulted_on", flat=True),
        *APPlacement.objects.values_list("starts_on", flat=True),
        *AttendanceRecord.objects.values_list("starts_on", flat=True),
        *AttendanceRecord.objects.values_list("ends_on", flat=True),
    ]
    assert all(last_year <= day <= today for day in dates)
    excluded = list(PermanentExclusion.objects.values_list("excluded_on", flat=True))
    assert any(day < this_year for day in excluded)
    assert any(day >= this_year for day in excluded) or today - this_year < dt.timedelta(days=60)
    assert not any(day.month == 12 and day.day == 25 for day in dates)


def test_every_record_was_written_with_the_demo_reason(demo, db):
    for model in (Pupil, Referral, PermanentExclusion, APPlacement, AttendanceRecord):
        reasons = set(model.history.values_list("history_change_reason", flat=True))
        assert reasons and all(reason.startswith(REASON) for reason in reasons), model


def test_loading_the_demo_again_adds_no_inclusion_records(demo, db):
    before = (Pupil.objects.count(), InclusionPartnership.objects.count(), User.objects.count())
    for slug, domain in DEMOS:
        add_demo_inclusion(partnership=Partnership.objects.get(slug=slug), domain=domain, schools=[])
    assert (Pupil.objects.count(), InclusionPartnership.objects.count(), User.objects.count()) == before


def test_the_demo_still_lists_one_login_per_role_and_no_more(demo, db):
    # Twelve roles in each partnership, one person in both, and in each partnership the chair of the
    # inclusion partnership its demo staff serve (no other head of the inclusion demo signs in).
    assert len(demo) == 27
    assert not [row for row in demo if row[2].startswith("head.")]
    assert {row[2] for row in demo if "inclusion partnership" in row[1]} == {
        "inclusionchair@leep.example",
        "inclusionchair@rotherham.example",
    }


@pytest.mark.parametrize("slug, domain", DEMOS)
def test_the_demo_gives_a_rate_per_1000_pupils_from_the_register_or_the_ks4_estimate(demo, db, slug, domain):
    """The register extracts the demo loads hold no numbers on roll, so the rate rests on the
    estimate from each school's latest Year 11 cohort (decision 0021): it must still give a figure."""
    from inclusion.selectors.figures import academic_year_of, academic_year_span, inclusion_figures

    partnership = Partnership.objects.get(slug=slug)
    starts_on, _ = academic_year_span(academic_year_of(timezone.localdate()) - 1)
    figures = inclusion_figures(partnership, starts_on=starts_on, cut=timezone.localdate())
    county = figures.scope
    assert county.schools_estimated > 0
    assert county.pupils_on_roll == county.pupils_from_register + county.pupils_estimated > 1000
    assert county.schools == (
        county.schools_from_register + county.schools_estimated + county.schools_without_numbers
    )
    assert sum(tally.n for tally in county.exclusions_by_year.values()) > 0
