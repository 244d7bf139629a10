"""The demo builder's second half: each pupil's story, from referral to plan, placement or exclusion,
recorded through the services by the person who would do it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from inclusion import services
from inclusion.demo.content import (
    AREAS,
    BASE_STORIES,
    CONSULTATIONS,
    EXCLUSION_STORIES,
    EXTRA_STORIES,
    OTHER_OUTCOMES,
    PLAN_DETAILS,
    REASON,
    REFERRAL_REASONS,
    SUPPORT_TRIED,
    _in_holiday,
    _school_days,
    _year_groups,
)
from inclusion.demo.partnerships import DemoBase
from inclusion.models import (
    AttendanceRecord,
    FundingSource,
    GovernorsReview,
    PlacementOutcome,
    PlanType,
    SendStatus,
)
from partnership.models import User
from schools.models import School


class DemoInclusion(DemoBase):
    """Builds one demo partnership's inclusion records."""

    def attendance(self, pupil, actor, start: dt.date, *, attended=(0.7, 0.9), away=(0.0, 0.0)) -> None:
        """Four weeks of attendance from the Monday of the week of start, or the four weeks to the end
        of term or to today when those come first. Never over a period already recorded for the
        pupil, which the service refuses: the weeks start after it, or are left out if none remain."""
        ends_on = self.school_day(self.school_day(start) + dt.timedelta(days=25))
        starts_on = min(self.school_day(start), ends_on - dt.timedelta(days=25))
        monday = starts_on - dt.timedelta(days=starts_on.weekday())
        starts_on = starts_on if _in_holiday(monday) else monday
        # Drawn first, so that a period left out does not change the rest of the demo.
        attended_share, away_share = self.rng.uniform(*attended), self.rng.uniform(*away)
        while True:
            clash = (
                AttendanceRecord.objects.filter(pupil=pupil, starts_on__lte=ends_on, ends_on__gte=starts_on)
                .order_by("-ends_on")
                .first()
            )
            if clash is None:
                break
            starts_on = clash.ends_on + dt.timedelta(days=1)
            if starts_on > ends_on:
                return
        possible = 2 * _school_days(starts_on, ends_on)
        if not possible:
            return
        present = round(possible * attended_share)
        services.attendance_record(
            actor=actor,
            ctx=self.ctx(actor),
            pupil=pupil,
            starts_on=starts_on,
            ends_on=ends_on,
            sessions_possible=possible,
            sessions_attended=present,
            sessions_out_of_mainstream=min(present, round(possible * away_share)),
            reason=REASON,
        )

    def refer(self, pupil, head):
        return services.referral_create(
            actor=head,
            ctx=self.ctx(head),
            pupil=pupil,
            reasons=self.rng.choice(REFERRAL_REASONS),
            support_tried=self.rng.choice(SUPPORT_TRIED),
            reason=REASON,
        )

    def agree(self, referral, manager, plan_type: str, other_school: School | None = None) -> None:
        services.referral_agree_plan(
            actor=manager,
            ctx=self.ctx(manager),
            referral=referral,
            plan_type=plan_type,
            detail=PLAN_DETAILS[plan_type].format(school=other_school),
            next_review_on=self.future(7, 35),
            reason=REASON,
        )

    def next_review(self, agreed_on: dt.date) -> dt.date:
        due = agreed_on + dt.timedelta(weeks=6)
        return due if due > self.today and not _in_holiday(due) else self.future(7, 35)

    def place(self, pupil, manager, referral, starts_on: dt.date, *, provider=None, funding=None):
        provider = provider or self.rng.choice([p for p, _ in self.providers[:3]])
        days = Decimal(self.rng.choice(["1", "2", "2", "2.5", "3"]))
        if funding is None:
            funding = (
                FundingSource.HIGH_NEEDS
                if pupil.send_status == SendStatus.EHC_PLAN
                else FundingSource.PARTNERSHIP
            )
        return services.placement_create(
            actor=manager,
            ctx=self.ctx(manager),
            pupil=pupil,
            provider=provider,
            starts_on=starts_on,
            ends_on=None,
            days_per_week=days,
            cost=days * 12 * self.rng.choice([Decimal("85"), Decimal("110"), Decimal("140")]),
            funding_source=funding,
            referral=referral,
            reason=REASON,
        )

    def consult(self, pupil, head, on: dt.date) -> None:
        reason_considered, alternatives, advice = self.rng.choice(CONSULTATIONS)
        consultation = services.consultation_record(
            actor=head,
            ctx=self.ctx(head),
            pupil=pupil,
            consulted_on=on,
            reason_considered=reason_considered,
            alternatives_considered=alternatives,
            chair_advice=advice,
            reason=REASON,
        )
        # Most chairs confirm the record within a few days; the latest few are still waiting.
        chair = consultation.chair
        if chair.pk != head.pk and on < self.today - dt.timedelta(days=14) and self.rng.random() < 0.85:
            answered = services.consultation_respond(
                actor=chair,
                ctx=self.ctx(chair),
                consultation=consultation,
                response="confirmed",
                advice=advice,
            )
            self.backdate(answered, chair, responded_on=on + dt.timedelta(days=self.rng.randint(1, 5)))

    def exclude(self, pupil, head, on: dt.date, review: str, placed_at: School | None = None) -> None:
        services.exclusion_record(
            actor=head,
            ctx=self.ctx(head),
            pupil=pupil,
            excluded_on=on,
            governors_review=review,
            placed_at=placed_at,
            reason=REASON,
        )

    # --- The stories --------------------------------------------------------------------------

    def story(self, kind: str, school: School, head: User, manager: User, others: list[School]) -> None:
        self.story_count[kind] = self.story_count.get(kind, 0) + 1
        pupil = self.pupil(school, head)
        if kind == "referred":
            referred_on = self.days_ago(2, 20)
            self.attendance(pupil, head, referred_on - dt.timedelta(days=30), attended=(0.6, 0.8))
            referral = self.refer(pupil, head)
            self.backdate(referral, head, referred_on=referred_on)
        elif kind in {"in_school", "home_base", "managed_move"}:
            self.open_plan(kind, pupil, head, manager, others)
        elif kind == "ap_placement":
            self.current_placement(pupil, head, manager)
        elif kind in {"reintegrated", "specialist", "ended_other"}:
            self.ended_placement(kind, pupil, head, manager)
        elif kind == "consulted_only":
            referred_on = self.days_ago(60, 120)
            referral = self.refer(pupil, head)
            consulted_on = self.after(referred_on, 7, 14)
            self.consult(pupil, head, consulted_on)
            agreed_on = self.after(consulted_on, 3, 7)
            self.agree(referral, manager, PlanType.MANAGED_MOVE, others[0])
            self.attendance(pupil, manager, agreed_on, attended=(0.8, 0.95))
            self.backdate(
                referral,
                manager,
                referred_on=referred_on,
                plan_agreed_on=agreed_on,
                next_review_on=self.next_review(agreed_on),
            )
        else:
            self.exclusion(kind, pupil, head, manager, others)

    def open_plan(self, kind: str, pupil, head, manager, others) -> None:
        referred_on = self.days_ago(45, 150)
        self.attendance(pupil, head, referred_on - dt.timedelta(days=30), attended=(0.55, 0.8))
        referral = self.refer(pupil, head)
        agreed_on = self.after(referred_on, 10, 21)
        self.agree(referral, manager, kind, others[0])
        away = (0.3, 0.5) if kind == "home_base" else (0.0, 0.05)
        self.attendance(pupil, manager, agreed_on + dt.timedelta(days=7), attended=(0.7, 0.95), away=away)
        if kind == "in_school" and agreed_on + dt.timedelta(weeks=6) < self.today:
            review = services.referral_review(
                actor=manager,
                ctx=self.ctx(manager),
                referral=referral,
                notes="Fewer removals from lessons and attendance up. Keep the key adult; review again.",
                next_review_on=self.future(14, 42),
                reason=REASON,
            )
            self.backdate(review, manager, reviewed_on=self.school_day(agreed_on + dt.timedelta(weeks=6)))
        self.backdate(
            referral,
            manager,
            referred_on=referred_on,
            plan_agreed_on=agreed_on,
            next_review_on=referral.next_review_on
            if referral.reviews.exists()
            else self.next_review(agreed_on),
        )

    def current_placement(self, pupil, head, manager) -> None:
        referred_on = self.days_ago(70, 130)
        self.attendance(pupil, head, referred_on - dt.timedelta(days=30), attended=(0.5, 0.75))
        referral = self.refer(pupil, head)
        agreed_on = self.after(referred_on, 10, 21)
        self.agree(referral, manager, PlanType.AP_PLACEMENT)
        starts_on = self.after(agreed_on, 7, 14)
        placement = self.place(pupil, manager, referral, starts_on)
        self.attendance(pupil, manager, starts_on, attended=(0.75, 0.9), away=(0.3, 0.5))
        # Every other current placement has had its six-week review; the rest are due or overdue.
        reviewed_on = self.school_day(starts_on + dt.timedelta(weeks=6))
        if self.story_count["ap_placement"] % 2 and reviewed_on < self.today:
            review = services.placement_review(
                actor=manager,
                ctx=self.ctx(manager),
                placement=placement,
                attendance_notes="Attending every placement day; late twice.",
                progress_notes="Working towards a level 1 qualification and getting on well with staff.",
                next_review_on=self.future(7, 35),
                reason=REASON,
            )
            self.backdate(review, manager, reviewed_on=reviewed_on)
        self.backdate(
            referral,
            manager,
            referred_on=referred_on,
            plan_agreed_on=agreed_on,
            next_review_on=self.next_review(agreed_on),
        )

    def ended_placement(self, kind: str, pupil, head, manager) -> None:
        referred_on = self.in_last_year(0.05, 0.4)
        self.attendance(pupil, head, referred_on - dt.timedelta(days=30), attended=(0.5, 0.75))
        referral = self.refer(pupil, head)
        agreed_on = self.after(referred_on, 10, 21)
        self.agree(referral, manager, PlanType.AP_PLACEMENT)
        starts_on = self.after(agreed_on, 7, 14)
        # The first placement that ended "other" was with the provider later found not suitable.
        unsuitable = kind == "ended_other" and self.story_count[kind] == 1
        placement = self.place(
            pupil,
            manager,
            referral,
            starts_on,
            provider=self.providers[3][0] if unsuitable else None,
            funding=FundingSource.SCHOOL if kind == "ended_other" else None,
        )
        self.attendance(
            pupil, manager, starts_on + dt.timedelta(days=14), attended=(0.8, 0.95), away=(0.3, 0.5)
        )
        ends_on = self.after(starts_on, 56, 84)
        outcome = {
            "reintegrated": PlacementOutcome.REINTEGRATED,
            "specialist": PlacementOutcome.SPECIALIST,
            "ended_other": PlacementOutcome.OTHER,
        }[kind]
        services.placement_end(
            actor=manager,
            ctx=self.ctx(manager),
            placement=placement,
            ends_on=ends_on,
            outcome=outcome,
            outcome_detail=OTHER_OUTCOMES[1 if unsuitable else 0]
            if outcome == PlacementOutcome.OTHER
            else "",
            reason=REASON,
        )
        if kind == "reintegrated":
            self.attendance(pupil, head, ends_on + dt.timedelta(days=7), attended=(0.88, 0.97))
        services.referral_close(actor=manager, ctx=self.ctx(manager), referral=referral, reason=REASON)
        self.backdate(
            referral,
            manager,
            referred_on=referred_on,
            plan_agreed_on=agreed_on,
            closed_on=self.after(ends_on, 5, 12),
        )

    def exclusion(self, kind: str, pupil, head, manager, others) -> None:
        if kind == "excluded_unconsulted":
            # Excluded with no consultation with the chair and no referral: the record is flagged.
            last_year = self.story_count[kind] % 2 == 1
            excluded_on = self.in_last_year(0.5, 0.9) if last_year else self.days_ago(15, 50)
            self.attendance(pupil, head, excluded_on - dt.timedelta(days=35), attended=(0.6, 0.85))
            placed = self.placed_at(pupil, others) if last_year else None
            review = GovernorsReview.UPHELD if last_year else GovernorsReview.PENDING
            self.exclude(pupil, head, excluded_on, review, placed)
            return
        if kind == "excluded_upheld":
            referred_on = self.in_last_year(0.05, 0.35)
            excluded_on = self.in_last_year(0.6, 0.95)
            plan, review = PlanType.IN_SCHOOL, GovernorsReview.UPHELD
        elif kind == "excluded_reinstated":
            referred_on, excluded_on = self.days_ago(100, 150), self.days_ago(30, 60)
            plan, review = PlanType.IN_SCHOOL, GovernorsReview.REINSTATED
        else:
            referred_on, excluded_on = self.days_ago(60, 95), self.days_ago(5, 25)
            plan, review = PlanType.HOME_BASE, GovernorsReview.PENDING
        self.attendance(pupil, head, referred_on - dt.timedelta(days=30), attended=(0.55, 0.8))
        referral = self.refer(pupil, head)
        agreed_on = self.after(referred_on, 10, 21)
        self.agree(referral, manager, plan)
        away = (0.3, 0.5) if plan == PlanType.HOME_BASE else (0.0, 0.05)
        self.attendance(pupil, manager, agreed_on + dt.timedelta(days=7), attended=(0.6, 0.8), away=away)
        self.consult(pupil, head, self.school_day(excluded_on - dt.timedelta(days=self.rng.randint(2, 9))))
        placed = self.placed_at(pupil, others) if review == GovernorsReview.UPHELD else None
        self.exclude(pupil, head, excluded_on, review, placed)
        if placed is not None:
            # Placed at another school: the partnership's referral ends with it.
            services.referral_close(actor=manager, ctx=self.ctx(manager), referral=referral, reason=REASON)
            self.backdate(
                referral, manager, referred_on=referred_on, plan_agreed_on=agreed_on, closed_on=excluded_on
            )
        else:
            self.backdate(
                referral,
                manager,
                referred_on=referred_on,
                plan_agreed_on=agreed_on,
                next_review_on=self.next_review(excluded_on),
            )

    def placed_at(self, pupil, others: list[School]) -> School | None:
        fits = [s for s in others if s.pk != pupil.home_school_id and pupil.year_group in _year_groups(s)]
        return fits[0] if fits else None

    # --- All of it ----------------------------------------------------------------------------

    def build(self) -> None:
        self.make_providers()
        extras = iter(EXTRA_STORIES[self.partnership.slug])
        for index, area in enumerate(AREAS[self.partnership.slug]):
            ip, schools, heads = self.inclusion_partnership(area, index)
            manager = self.staff if index == 0 else self.officer
            first, second = (schools[urn] for urn in area.pupil_schools)
            fund_holder = schools[area.fund_holder]
            kinds = [*BASE_STORIES, next(extras), next(extras)]
            for number, kind in enumerate(kinds):
                if kind in EXCLUSION_STORIES:
                    # Never the fund holder's: its head is the chair they would consult.
                    school = first if number % 2 == 0 else second
                else:
                    school = (first, second, fund_holder)[number % 3]
                others = [s for s in (fund_holder, first, second) if s.pk != school.pk]
                self.story(kind, school, heads[school.urn], manager, others)
        self.final_visits()
