"""The rules of inclusion records: UPNs, the roll, placements, funding, the exclusion flag, history and
retention (decision 0020)."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from inclusion import services
from inclusion.models import (
    ExclusionConsultation,
    PermanentExclusion,
    Pupil,
    PupilRoll,
    Referral,
    upn_check_letter,
    upn_problem,
)
from inclusion.selectors.figures import inclusion_figures
from partnership.retention import REMOVED_PREFIX, apply_retention
from partnership.services import ServiceError
from tests.factories import NetworkFactory

from .world import REASON, born_in_year, build_world, ctx_of, upn


@pytest.fixture
def world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y):
    return build_world(partnership_a, partnership_b, school_x, school_y, school_z, head_x, head_y)


# --- UPNs ---------------------------------------------------------------------------------------


def test_the_upn_check_letter_matches_the_published_example():
    # The worked example used with the DfE rule: B801200005001 is valid, A801200005001 is not.
    # 8x2 + 1x4 + 2x5 + 5x10 + 1x13 = 93, and 93 mod 23 = 1, the letter B.
    assert upn_check_letter("801200005001") == "B"
    assert upn_problem("B801200005001") is None
    assert (
        upn_problem("A801200005001")
        == "The check letter of this UPN is not right. Check the UPN and try again"
    )


def test_a_temporary_upn_counts_its_last_letter_by_its_place_in_the_alphabet():
    # 801200005 then 00 then C: C is 2 (I, O and S are never used), so 16+4+10+50+2x13 = 106 = 4 x 23 + 14.
    assert upn_check_letter("80120000500C") == "Q"
    assert upn_problem("Q80120000500C") is None
    assert upn_problem("Q80120000500I") is not None  # I is never used


@pytest.mark.parametrize(
    "bad, message",
    [
        ("B80120000500", "A UPN must be 13 characters long"),
        ("B8012000050011", "A UPN must be 13 characters long"),
        ("I801200005001", "A UPN is a letter, 11 digits, then a digit or (for a temporary UPN) a letter"),
        ("B80120A005001", "A UPN is a letter, 11 digits, then a digit or (for a temporary UPN) a letter"),
    ],
)
def test_badly_formed_upns_are_refused_with_the_reason(bad, message):
    assert upn_problem(bad) == message


def _new_pupil(world, user, **overrides):
    values = dict(
        full_name="New Pupil",
        date_of_birth=born_in_year(9, 1, 1),
        upn=upn("901200024999"),
        home_school=world.schools["x"],
        year_group=9,
        reason=REASON,
    )
    values.update(overrides)
    return services.pupil_create(actor=user, ctx=ctx_of(user), **values)


def test_an_invalid_check_letter_is_refused_beside_the_upn(world):
    wrong = "A" + "901200024999" if upn("901200024999")[0] != "A" else "B901200024999"
    with pytest.raises(ServiceError) as refused:
        _new_pupil(world, world.people["head_x"], upn=wrong)
    assert refused.value.field == "upn"
    assert "check letter" in refused.value.message


def test_a_duplicate_upn_is_refused_beside_the_upn(world):
    taken = world.pupils["y1"].upn
    with pytest.raises(ServiceError) as refused:
        _new_pupil(world, world.people["head_x"], upn=taken.lower())
    assert refused.value.field == "upn"
    assert refused.value.message.startswith("This UPN cannot be recorded here.")
    assert Pupil.objects.filter(upn=taken).count() == 1


def test_the_same_upn_may_be_held_by_two_partnerships(world):
    """Each partnership holds its own register: the check never looks across (decision 0030)."""
    elsewhere = world.pupils["z1"].upn
    pupil = _new_pupil(world, world.people["head_x"], upn=elsewhere)
    assert pupil.partnership.slug == "pa"
    assert sorted(Pupil.objects.filter(upn=elsewhere).values_list("partnership__slug", flat=True)) == [
        "pa",
        "pb",
    ]


# --- The roll -----------------------------------------------------------------------------------


def test_a_pupil_on_roll_at_two_schools_at_once_is_refused(world):
    staff, pupil = world.people["partnership_staff"], world.pupils["x1"]
    # A move dated on or before the day the pupil joined X's roll would leave two rolls overlapping.
    with pytest.raises(ServiceError) as refused:
        services.pupil_move(
            actor=staff,
            ctx=ctx_of(staff),
            pupil=pupil,
            school=world.schools["y"],
            moved_on=dt.date(2023, 9, 1),
            reason=REASON,
        )
    assert refused.value.field == "moved_on"
    moved = services.pupil_move(
        actor=staff,
        ctx=ctx_of(staff),
        pupil=pupil,
        school=world.schools["y"],
        moved_on=dt.date(2025, 1, 6),
        reason="Managed move",
    )
    assert list(PupilRoll.objects.filter(pupil=pupil).values_list("school_id", "ends_on")) == [
        (world.schools["x"].pk, dt.date(2025, 1, 6)),
        (moved.school_id, None),
    ]


# --- Placements ---------------------------------------------------------------------------------


@pytest.fixture
def provider(world):
    officer = world.people["inclusion_officer"]
    return services.provider_create(actor=officer, ctx=ctx_of(officer), name="Bridge Farm", reason=REASON)


def _place(world, provider, starts_on, ends_on, **overrides):
    staff = world.people["partnership_staff"]
    values = dict(
        pupil=world.pupils["x1"],
        provider=provider,
        starts_on=starts_on,
        ends_on=ends_on,
        days_per_week=Decimal("2.5"),
        cost=Decimal("1200.00"),
        funding_source="partnership",
        reason=REASON,
    )
    values.update(overrides)
    return services.placement_create(actor=staff, ctx=ctx_of(staff), **values)


def test_a_placement_ending_before_it_starts_is_refused(world, provider):
    with pytest.raises(ServiceError) as refused:
        _place(world, provider, dt.date(2026, 3, 2), dt.date(2026, 3, 1))
    assert refused.value.field == "ends_on"


def test_overlapping_placements_for_one_pupil_are_refused(world, provider):
    _place(world, provider, dt.date(2026, 1, 5), dt.date(2026, 2, 13))
    with pytest.raises(ServiceError) as refused:
        _place(world, provider, dt.date(2026, 2, 13), None)
    assert refused.value.field == "starts_on"
    following = _place(world, provider, dt.date(2026, 2, 16), None)
    with pytest.raises(ServiceError):
        _place(world, provider, dt.date(2027, 1, 4), dt.date(2027, 1, 8))  # the open one runs on
    ended = services.placement_end(
        actor=world.people["partnership_staff"],
        ctx=ctx_of(world.people["partnership_staff"]),
        placement=following,
        ends_on=dt.date(2026, 7, 17),
        outcome="reintegrated",
        reason="Back in mainstream full time",
    )
    assert (ended.outcome, ended.ends_on) == ("reintegrated", dt.date(2026, 7, 17))


@pytest.mark.parametrize("days", [Decimal("0"), Decimal("0.4"), Decimal("5.5"), Decimal("1.3")])
def test_days_per_week_run_from_half_a_day_to_five_in_halves(world, provider, days):
    with pytest.raises(ServiceError) as refused:
        _place(world, provider, dt.date(2026, 1, 5), None, days_per_week=days)
    assert refused.value.field == "days_per_week"


def test_an_ordinary_la_officer_cannot_place_a_pupil(world, provider, la_officer_a):
    with pytest.raises(PermissionDenied):
        services.placement_create(
            actor=la_officer_a,
            ctx=ctx_of(la_officer_a),
            pupil=world.pupils["x1"],
            provider=provider,
            starts_on=dt.date(2026, 1, 5),
            ends_on=None,
            days_per_week=Decimal("1"),
            cost=Decimal("0"),
            funding_source="school",
            reason=REASON,
        )


# --- Partnerships and funding -------------------------------------------------------------------


def test_an_inclusion_partnership_needs_the_right_network_type_and_a_member_fund_holder(world, school_z):
    officer = world.people["inclusion_officer"]
    triad = NetworkFactory(
        partnership=world.partnerships["north"].partnership, name="Triad", network_type="triad"
    )
    with pytest.raises(ServiceError) as wrong_type:
        services.inclusion_partnership_create(
            actor=officer,
            ctx=ctx_of(officer),
            network=triad,
            area="East",
            fund_holder=world.schools["x"],
            reason=REASON,
        )
    assert wrong_type.value.field == "network"
    empty = NetworkFactory(
        partnership=world.partnerships["north"].partnership, name="East", network_type="inclusion_partnership"
    )
    with pytest.raises(ServiceError) as not_member:
        services.inclusion_partnership_create(
            actor=officer,
            ctx=ctx_of(officer),
            network=empty,
            area="East",
            fund_holder=world.schools["x"],
            reason=REASON,
        )
    assert not_member.value.field == "fund_holder"


def test_the_chair_is_the_fund_holders_head_by_default(world):
    assert world.partnerships["north"].chair == world.people["chair_y"]
    assert world.partnerships["south"].chair == world.people["other_head_w"]


def test_one_allocation_a_year_and_no_negative_spend(world):
    officer, north = world.people["inclusion_officer"], world.partnerships["north"]
    allocation = services.allocation_set(
        actor=officer,
        ctx=ctx_of(officer),
        inclusion_partnership=north,
        financial_year=2026,
        amount=Decimal("450000"),
        reason="Agreed by schools forum",
    )
    with pytest.raises(ServiceError) as again:
        services.allocation_set(
            actor=officer,
            ctx=ctx_of(officer),
            inclusion_partnership=north,
            financial_year=2026,
            amount=Decimal("1"),
            reason=REASON,
        )
    assert again.value.field == "financial_year"
    staff = world.people["partnership_staff"]
    with pytest.raises(ServiceError) as negative:
        services.spend_add(
            actor=staff,
            ctx=ctx_of(staff),
            allocation=allocation,
            category="staff",
            amount=Decimal("-1"),
            reason=REASON,
        )
    assert negative.value.field == "amount"
    spend = services.spend_add(
        actor=staff,
        ctx=ctx_of(staff),
        allocation=allocation,
        category="home_base",
        amount=Decimal("80000"),
        description="Home base teacher",
        reason="Spring term",
    )
    assert spend.history.get().history_change_reason == "Spring term"


# --- Consultation before exclusion --------------------------------------------------------------


def test_an_exclusion_without_a_consultation_before_it_is_flagged(world):
    head = world.people["head_x"]
    x1, x2 = world.pupils["x1"], world.pupils["x2"]
    consultation = services.consultation_record(
        actor=head,
        ctx=ctx_of(head),
        pupil=x1,
        consulted_on=dt.date(2026, 3, 2),
        reason_considered="Serious assault",
        alternatives_considered="Managed move; AP",
        chair_advice="Try a managed move to Y first",
        reason=REASON,
    )
    assert consultation.chair == world.people["chair_y"]
    consulted = services.exclusion_record(
        actor=head,
        ctx=ctx_of(head),
        pupil=x1,
        excluded_on=dt.date(2026, 3, 9),
        placed_at=world.schools["y"],
        reason=REASON,
    )
    unconsulted = services.exclusion_record(
        actor=head, ctx=ctx_of(head), pupil=x2, excluded_on=dt.date(2026, 3, 9), reason=REASON
    )
    assert consulted.consultation == consultation
    assert (consulted.flagged_without_consultation, unconsulted.flagged_without_consultation) == (False, True)
    annotated = {
        e.pk: e.flagged_without_consultation for e in PermanentExclusion.objects.with_consultation_flag()
    }
    assert annotated == {consulted.pk: False, unconsulted.pk: True}
    x1.refresh_from_db()
    assert x1.home_school == world.schools["y"]
    assert list(x1.rolls.values_list("school_id", "ends_on")) == [
        (world.schools["x"].pk, dt.date(2026, 3, 9)),
        (world.schools["y"].pk, None),
    ]


def _consult(world, pupil, on, head="head_x"):
    user = world.people[head]
    return services.consultation_record(
        actor=user,
        ctx=ctx_of(user),
        pupil=world.pupils[pupil],
        consulted_on=on,
        reason_considered="Persistent disruption",
        alternatives_considered="Managed move",
        chair_advice="Consider a managed move",
        reason=REASON,
    )


def _exclude(world, pupil, on, head="head_x"):
    user = world.people[head]
    return services.exclusion_record(
        actor=user, ctx=ctx_of(user), pupil=world.pupils[pupil], excluded_on=on, reason=REASON
    )


def _flags_everywhere(world, exclusion) -> tuple:
    """The flag as the record, the lists' query and the figures (dashboard and report) read it."""
    exclusion = PermanentExclusion.objects.get(pk=exclusion.pk)
    annotated = PermanentExclusion.objects.with_consultation_flag().get(pk=exclusion.pk)
    scope = inclusion_figures(
        world.pupils["x2"].partnership, starts_on=dt.date(2025, 9, 1), cut=dt.date.today()
    ).scope
    return (
        exclusion.flagged_without_consultation,
        annotated.flagged_without_consultation,
        not annotated.was_consulted,
        (scope.flagged.n, scope.consulted.n),
    )


def test_a_consultation_recorded_after_the_exclusion_never_clears_the_flag_whatever_its_date(world):
    exclusion = _exclude(world, "x2", dt.date(2026, 10, 1))
    assert _flags_everywhere(world, exclusion) == (True, True, True, (1, 0))
    # Recorded afterwards, but dated the day before the exclusion: the flag was settled when the
    # exclusion was recorded, and stays, in the record, the lists and the figures alike.
    _consult(world, "x2", dt.date(2026, 9, 30))
    assert PermanentExclusion.objects.get(pk=exclusion.pk).consultation is None
    assert _flags_everywhere(world, exclusion) == (True, True, True, (1, 0))
    _consult(world, "x2", dt.date(2026, 10, 2))
    assert _flags_everywhere(world, exclusion) == (True, True, True, (1, 0))


def test_a_consultation_years_ago_or_at_another_school_does_not_count(world):
    pupil = world.pupils["x2"]
    # Years ago, at the pupil's school then (W), with W's head: ExclusionConsultation written
    # directly, since W's head may not record one about a pupil now at X.
    ExclusionConsultation.objects.create(
        pupil=pupil,
        school=world.schools["w"],
        consulted_on=dt.date(2023, 10, 2),
        chair=world.people["other_head_w"],
        reason="Then",
        alternatives_considered="Then",
        chair_advice="Then",
        recorded_by=world.people["other_head_w"],
    )
    # And a week before the exclusion, at another school (W again): none by X, the excluding school.
    ExclusionConsultation.objects.create(
        pupil=pupil,
        school=world.schools["w"],
        consulted_on=dt.date(2026, 9, 24),
        chair=world.people["other_head_w"],
        reason="Elsewhere",
        alternatives_considered="Elsewhere",
        chair_advice="Elsewhere",
        recorded_by=world.people["other_head_w"],
    )
    exclusion = _exclude(world, "x2", dt.date(2026, 10, 1))
    assert exclusion.consultation is None
    assert _flags_everywhere(world, exclusion) == (True, True, True, (1, 0))


def test_only_a_consultation_in_the_twelve_weeks_before_counts(world):
    _consult(world, "x2", dt.date(2026, 7, 8))  # 12 weeks and a day before
    assert _exclude(world, "x2", dt.date(2026, 10, 1)).consultation is None
    in_time = _consult(world, "x1", dt.date(2026, 7, 10))  # exactly 12 weeks before
    assert _exclude(world, "x1", dt.date(2026, 10, 2)).consultation == in_time


def test_a_consultation_before_an_earlier_exclusion_does_not_count_for_the_next(world):
    consultation = _consult(world, "x1", dt.date(2026, 9, 1))
    first = _exclude(world, "x1", dt.date(2026, 9, 7))  # reinstated later: still on X's roll
    second = _exclude(world, "x1", dt.date(2026, 10, 5))
    assert (first.consultation, second.consultation) == (consultation, None)
    again = _consult(world, "x1", dt.date(2026, 10, 6))
    assert _exclude(world, "x1", dt.date(2026, 10, 8)).consultation == again


def test_only_the_home_schools_head_records_a_consultation(world):
    for persona in ("designated_lead_x", "partnership_staff", "other_head_w", "inclusion_officer"):
        user = world.people[persona]
        with pytest.raises(PermissionDenied):
            services.consultation_record(
                actor=user,
                ctx=ctx_of(user),
                pupil=world.pupils["x1"],
                consulted_on=dt.date(2026, 3, 2),
                reason_considered="r",
                alternatives_considered="a",
                chair_advice="c",
                reason=REASON,
            )


# --- History and retention ----------------------------------------------------------------------


def test_history_rows_name_the_actor_and_the_reason(world):
    head, staff = world.people["head_x"], world.people["partnership_staff"]
    referral = services.referral_create(
        actor=head,
        ctx=ctx_of(head),
        pupil=world.pupils["x1"],
        reasons="Suspensions",
        support_tried="Mentor",
        reason="Referred at the autumn panel",
    )
    services.referral_agree_plan(
        actor=staff,
        ctx=ctx_of(staff),
        referral=referral,
        plan_type="home_base",
        detail="Three days a week",
        next_review_on=dt.date.today() + dt.timedelta(days=42),
        reason="Panel agreed home base",
    )
    rows = list(
        Referral.history.filter(id=referral.pk)
        .order_by("history_date")
        .values_list("history_user_id", "history_change_reason", "status")
    )
    assert rows == [
        (head.pk, "Referred at the autumn panel", "referred"),
        (staff.pk, "Panel agreed home base", "plan_agreed"),
    ]
    pupil_rows = world.pupils["x1"].history.values_list("history_user_id", "history_change_reason")
    assert (head.pk, REASON) in list(pupil_rows)


def test_a_reason_is_required(world):
    head = world.people["head_x"]
    with pytest.raises(ServiceError) as refused:
        services.referral_create(
            actor=head, ctx=ctx_of(head), pupil=world.pupils["x1"], reasons="r", support_tried="s", reason=" "
        )
    assert refused.value.field == "reason"


def test_pupils_are_anonymised_six_years_after_their_last_involvement(world):
    head, staff = world.people["head_x"], world.people["partnership_staff"]
    x1, x2 = world.pupils["x1"], world.pupils["x2"]
    referral = services.referral_create(
        actor=head, ctx=ctx_of(head), pupil=x1, reasons="Suspensions", support_tried="Mentor", reason=REASON
    )
    x1.refresh_from_db()
    assert x1.retain_until == services.retention_date(dt.date.today())
    # Two years on, the partnership closes the referral: the pupil is kept six years from then.
    with mock.patch(
        "django.utils.timezone.localdate", return_value=dt.date.today() + dt.timedelta(days=365 * 2)
    ):
        services.referral_close(actor=staff, ctx=ctx_of(staff), referral=referral, reason="Settled back in")
    x1.refresh_from_db()
    last = services.retention_date(dt.date.today() + dt.timedelta(days=365 * 2))
    assert x1.retain_until == last

    def removed(run):
        return {
            line["partnership"]: line["count"] for line in run.results if line["rule"] == "inclusion_pupils"
        }

    # On x1's last day kept, the pupils not involved since they were recorded (six years before) go.
    assert removed(apply_retention(now=_midday(last))) == {"pa": 3, "pb": 1}
    assert Pupil.objects.get(pk=x1.pk).full_name == "Pupil x1"
    assert removed(apply_retention(now=_midday(last + dt.timedelta(days=1)))) == {"pa": 1, "pb": 0}
    x1.refresh_from_db()
    x2.refresh_from_db()
    assert x1.full_name.startswith(REMOVED_PREFIX) and x1.upn == f"~{x1.pk}"
    assert x1.date_of_birth == dt.date(born_in_year(9, 1, 1).year, 1, 1)
    referral.refresh_from_db()
    assert referral.reasons.startswith(REMOVED_PREFIX) and referral.status == "closed"
    assert not any("Suspensions" in (h.reasons or "") for h in Referral.history.filter(id=referral.pk))
    assert not any(h.full_name == "Pupil x1" for h in Pupil.history.filter(id=x1.pk))
    assert removed(apply_retention(now=_midday(last + dt.timedelta(days=2)))) == {"pa": 0, "pb": 0}
    assert x2.full_name.startswith(REMOVED_PREFIX)


def _midday(day):
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@pytest.mark.parametrize(
    "possible, attended, out, field",
    [
        (10, 11, 0, "sessions_attended"),
        (10, 8, 12, "sessions_out_of_mainstream"),
        (-1, 0, 0, "sessions_possible"),
    ],
)
def test_attendance_cannot_exceed_the_sessions_possible(world, possible, attended, out, field):
    staff = world.people["partnership_staff"]
    with pytest.raises(ServiceError) as refused:
        services.attendance_record(
            actor=staff,
            ctx=ctx_of(staff),
            pupil=world.pupils["x1"],
            starts_on=dt.date(2026, 1, 5),
            ends_on=dt.date(2026, 1, 9),
            sessions_possible=possible,
            sessions_attended=attended,
            sessions_out_of_mainstream=out,
            reason=REASON,
        )
    assert refused.value.field == field


def test_attendance_and_time_out_of_mainstream_are_recorded(world):
    staff = world.people["partnership_staff"]
    record = services.attendance_record(
        actor=staff,
        ctx=ctx_of(staff),
        pupil=world.pupils["x1"],
        starts_on=dt.date(2026, 1, 5),
        ends_on=dt.date(2026, 1, 9),
        sessions_possible=10,
        sessions_attended=8,
        sessions_out_of_mainstream=6,
        reason="Week 1 of home base",
    )
    assert (record.sessions_attended, record.sessions_out_of_mainstream, record.recorded_by) == (8, 6, staff)
