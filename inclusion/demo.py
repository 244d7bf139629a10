"""Demo inclusion partnerships, so that the demo's inclusion officer, partnership staff, chairs and
headteachers have a realistic area to look at (issue 9, decision 0020).

Each demo partnership gets area inclusion partnerships of its real secondary schools (Leicestershire's
five areas by district, Rotherham's three), each with a fund-holder school whose headteacher chairs it,
funding for this financial year and last with its spend, and a few made-up pupils at three member
schools: referrals with every kind of plan, attendance, consultations with the chair before
exclusion, permanent exclusions (one or two without a consultation, so they are flagged),
alternative provision providers with quality assurance visits, and placements.

Everything is written through the services (support.services.inclusion, and the network and role
services for the areas and their heads), by the person who would do it, with the reason "Demo data".
The heads of the schools with demo pupils are people without a password, not demo logins: they are
there to chair, refer and exclude. The pupils' names are invented and obviously so. Dates are worked out from
today, over this school year and last, and the random choices are seeded, so every run on the same
day makes the same demo. A few services stamp today's date (a referral, a plan agreed, a review, a
referral closed): those dates are then moved back with a second, recorded change, so the history
says so.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from inclusion import services
from inclusion.models import (
    UPN_LETTERS,
    AttendanceRecord,
    FundingSource,
    GovernorsReview,
    InclusionPartnership,
    PlacementOutcome,
    PlanType,
    QAOutcome,
    SendStatus,
    SpendCategory,
    upn_check_letter,
)
from partnership.access import partnership_context_for
from partnership.auditing import save_with_history
from partnership.models import Role, RoleAssignment, User
from partnership.services import role_assign
from schools.models import Network, School
from schools.models.networks import NetworkType
from schools.services.networks import membership_add, network_save

REASON = "Demo data"
BACKDATED = "Demo data: dated back to when it happened, so the demo shows two school years"


@dataclass(frozen=True)
class Area:
    name: str
    fund_holder: int  # URN; its headteacher chairs the partnership
    pupil_schools: tuple[int, int]  # two more member schools with demo pupils
    members: tuple[int, ...]


# The letter describes five area partnerships of Leicestershire's secondary schools; these follow
# the districts. Rotherham's three are by part of the borough. The demo headteacher's school (the
# first open secondary by URN: Iveshead and Saint Pius X) is a member with pupils, not a fund holder,
# so that login sees its own pupils and no others.
AREAS = {
    "leep": [
        Area(
            "Charnwood",
            137640,
            (120274, 141874),
            (120274, 137367, 137401, 137640, 137799, 137828, 137983, 138079, 138298, 140787, 141874),
        ),
        Area(
            "North West Leicestershire",
            138820,
            (138301, 138833),
            (137317, 138301, 138350, 138478, 138721, 138820, 138821, 138833),
        ),
        Area(
            "Hinckley and Bosworth",
            137969,
            (137968, 141682),
            (137968, 137969, 138108, 138290, 138323, 138327, 139442, 140103, 141682),
        ),
        Area(
            "Harborough and Melton",
            137161,
            (137617, 138150),
            (137115, 137161, 137170, 137540, 137617, 138150, 138628, 138819),
        ),
        Area(
            "Blaby, Oadby and Wigston",
            139624,
            (137984, 138521),
            (137120, 137931, 137984, 138155, 138521, 138527, 138529, 138894, 139624, 143844),
        ),
    ],
    "rotherham": [
        Area("Rotherham North", 145848, (106962, 143141), (106962, 139992, 140553, 143141, 145848)),
        Area("Rotherham Central", 140459, (143545, 141853), (136301, 138329, 140459, 141853, 143545)),
        Area("Rotherham South", 140646, (136042, 141730), (136042, 136331, 136718, 140646, 141730)),
    ],
}

# Every area has these pupils' stories, and two more from its partnership's list below, so that
# between them the areas show every plan, placement outcome and governors' review outcome.
BASE_STORIES = ("referred", "in_school", "home_base", "ap_placement", "reintegrated", "excluded_upheld")
EXTRA_STORIES = {
    "leep": [
        "consulted_only",
        "excluded_pending",
        "specialist",
        "excluded_unconsulted",
        "managed_move",
        "ended_other",
        "excluded_reinstated",
        "excluded_pending",
        "excluded_unconsulted",
        "specialist",
    ],
    "rotherham": [
        "consulted_only",
        "excluded_unconsulted",
        "ended_other",
        "excluded_pending",
        "managed_move",
        "excluded_reinstated",
    ],
}
EXCLUSION_STORIES = {"excluded_upheld", "excluded_pending", "excluded_reinstated", "excluded_unconsulted"}

# Names that cannot be mistaken for real children.
FIRST_NAMES = [
    "Alfie", "Amara", "Ben", "Caitlin", "Callum", "Chloe", "Daniel", "Ellie", "Ethan", "Freya",
    "George", "Grace", "Harvey", "Isla", "Jack", "Jasmine", "Kai", "Leah", "Logan", "Maisie",
    "Mason", "Mia", "Noah", "Olivia", "Oscar", "Poppy", "Reece", "Ruby", "Tyler", "Zara",
]  # fmt: skip
SURNAMES = [
    "Demoford", "Demoley", "Demobrook", "Sampleby", "Samplewood", "Samplethwaite", "Examplethorpe",
    "Exampleton", "Mockridge", "Mockford", "Fictonby", "Fictwell", "Storyfield", "Testerley",
]  # fmt: skip
HEAD_NAMES = [
    "Priya Example", "Tom Sample", "Ruth Demo", "Marcus Example", "Joanne Sample", "Kwame Demo",
    "Fiona Example", "Gareth Sample", "Aisha Demo", "Neil Example", "Helen Sample", "Imran Demo",
    "Claire Example", "Rob Sample", "Sian Demo", "Declan Example", "Lorna Sample", "Vikram Demo",
]  # fmt: skip

PROVIDERS = {
    "leep": [
        ("Hollybrook Farm Learning", "Unregistered: quality-assured by the LA", "Pat Demo", "0116 496 0101"),
        ("Kestrel Skills Workshop", "Registered independent school", "Jo Sample", "0116 496 0102"),
        ("Second Gear Motor Project", "Unregistered: quality-assured by the LA", "Lee Example", "0116 496 0103"),
        ("Willowbank Learning Centre", "Registered independent school", "Sandy Demo", "0116 496 0104"),
    ],
    "rotherham": [
        ("Foundry Lane Skills Centre", "Registered independent school", "Chris Demo", "0114 496 0201"),
        ("Greenacre Equine Learning", "Unregistered: quality-assured by the LA", "Max Sample", "0114 496 0202"),
        ("Northfield Mentoring Project", "Unregistered: quality-assured by the LA", "Jamie Example", "0114 496 0203"),
        ("Riverside Learning Base", "Registered independent school", "Robin Demo", "0114 496 0204"),
    ],
}  # fmt: skip
# Each provider's visits, oldest first. The last provider was found not suitable this year: its one
# placement ended before then, and it takes no more.
QA_VISITS = [
    [(400, QAOutcome.MEETS), (60, QAOutcome.MEETS)],
    [(330, QAOutcome.IMPROVEMENT), (120, QAOutcome.MEETS)],
    [(200, QAOutcome.MEETS)],
    [(420, QAOutcome.MEETS), (25, QAOutcome.UNSUITABLE)],
]
QA_NOTES = {
    QAOutcome.MEETS: "Safe site, clear registers and a good curriculum offer. Pupils were engaged.",
    QAOutcome.IMPROVEMENT: "Registers incomplete and no written plan for English and maths. Revisit in a term.",
    QAOutcome.UNSUITABLE: "Safeguarding checks not in place for two new staff. Do not place pupils.",
}

REFERRAL_REASONS = [
    "Repeated suspensions this term for defiance and leaving lessons; attendance below 85%.",
    "Frequent removals from lessons to the behaviour base, and two suspensions this half term.",
    "Verbal aggression towards staff and other pupils, and rising absence on Mondays and Fridays.",
    "Refusing to go to most lessons and spending much of the day in corridors.",
    "A serious incident with another pupil after a term of escalating behaviour.",
    "Low attendance and disengagement since moving schools; staff think there are unmet needs.",
]
SUPPORT_TRIED = [
    "A pastoral support plan, daily report and mentoring with the head of year.",
    "A reduced timetable for four weeks, a key adult and a referral to the school nurse.",
    "Time in the school's inclusion room, restorative meetings and fortnightly meetings with home.",
    "An early help assessment, small-group literacy support and a behaviour mentor.",
    "An assessment by the SENCO, an SEN support plan and a weekly check-in with the family.",
]
PLAN_DETAILS = {
    PlanType.IN_SCHOOL: "A key adult every morning, two small-group sessions a week and a fortnightly call home.",
    PlanType.HOME_BASE: "Three days a week at the partnership's home base for English, maths and PSHE; two in school.",
    PlanType.AP_PLACEMENT: "Two days a week on a vocational course with an alternative provision provider.",
    PlanType.MANAGED_MOVE: "A twelve-week managed move to {school}, reviewed at six weeks, staying on roll meanwhile.",
}
CONSULTATIONS = [
    (
        "A serious assault on another pupil after a term on a pastoral support plan.",
        "A managed move, a longer home base placement, a suspension.",
        "Try a managed move first. If the school decides to exclude, the partnership will find a place quickly.",
    ),
    (
        "Bringing a knife into school.",
        "An alternative provision placement while the risk is assessed.",
        "The school's decision; the partnership can offer a place at another member school.",
    ),
    (
        "Persistent disruption despite the agreed plan, and threats to staff.",
        "More time in the home base, a managed move, a specialist assessment.",
        "Extend the home base days for six weeks and ask for an educational psychologist's assessment.",
    ),
]
OTHER_OUTCOMES = [
    "Moved out of the county with their family.",
    "Placement ended early after concerns about the provider; the pupil returned to the home base.",
]


def _academic_year_start(day: dt.date) -> dt.date:
    return dt.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def _financial_year(day: dt.date) -> int:
    """April to March, named by the year it starts in (as FundingAllocation)."""
    return day.year if day.month >= 4 else day.year - 1


def _year_groups(school: School) -> range:
    """The year groups a secondary school teaches, up to Year 11, from its statutory ages."""
    low = max(7, (school.statutory_low_age or 11) - 4)
    high = min(11, (school.statutory_high_age or 16) - 5)
    return range(low, max(low, high) + 1)


def _in_holiday(day: dt.date) -> bool:
    """The summer and Christmas holidays, roughly: enough that nothing happens on Christmas Day."""
    md = (day.month, day.day)
    return (7, 21) <= md <= (9, 2) or md >= (12, 20) or md <= (1, 4)


def _school_days(starts_on: dt.date, ends_on: dt.date) -> int:
    days = (starts_on + dt.timedelta(days=n) for n in range((ends_on - starts_on).days + 1))
    return sum(1 for day in days if day.weekday() < 5 and not _in_holiday(day))


def _school_days_on(day: dt.date, days: int) -> dt.date:
    """So many calendar days on from day, as if in term time: the same number of school days
    (five in seven) on, skipping weekends and holidays."""
    left = round(days * 5 / 7)
    while left > 0 or day.weekday() >= 5 or _in_holiday(day):
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and not _in_holiday(day):
            left -= 1
    return day


def _weekday_on_or_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


class _DemoInclusion:
    def __init__(self, partnership, domain: str, schools: list[School]):
        self.partnership = partnership
        self.domain = domain
        self.demo_head_school = schools[1]
        # Seeded, so every run makes the same demo; not for anything secret.
        self.rng = random.Random(f"inclusion-demo-{partnership.slug}")  # nosec B311
        self.today = timezone.localdate()
        self.this_year = _academic_year_start(self.today)
        self.last_year = self.this_year.replace(year=self.this_year.year - 1)
        self.contexts: dict[int, object] = {}
        self.admin = User.objects.get(email=f"admin@{domain}")
        self.officer = User.objects.get(email=f"inclusion@{domain}")
        self.staff = User.objects.get(email=f"inclusionstaff@{domain}")
        self.names = self.rng.sample([(f, s) for f in FIRST_NAMES for s in SURNAMES], 60)
        self.serial = 0
        self.head_names = iter(HEAD_NAMES)
        self.providers: list = []
        self.story_count: dict[str, int] = {}

    # --- Helpers ------------------------------------------------------------------------------

    def ctx(self, user):
        if user.pk not in self.contexts:
            self.contexts[user.pk] = partnership_context_for(user, self.partnership.slug)
        return self.contexts[user.pk]

    def school_day(self, day: dt.date) -> dt.date:
        """The day, or the nearest school day to it: never after today. A day in the summer holiday
        moves on to the start of the autumn term (or back to the end of the summer term, when the
        autumn term has not started yet); one in the Christmas holiday moves back to the end of term.
        Later days never move before earlier ones, so a story's dates stay in order."""
        day = _weekday_on_or_before(min(day, self.today))
        if not _in_holiday(day):
            return day
        if day.month in (7, 8, 9):
            autumn = dt.date(day.year, 9, 3)
            while autumn.weekday() >= 5:
                autumn += dt.timedelta(days=1)
            return autumn if autumn <= self.today else _weekday_on_or_before(dt.date(day.year, 7, 20))
        return _weekday_on_or_before(dt.date(day.year if day.month == 12 else day.year - 1, 12, 19))

    def days_ago(self, low: int, high: int) -> dt.date:
        earliest = self.last_year + dt.timedelta(days=45)
        return self.school_day(max(earliest, self.today - dt.timedelta(days=self.rng.randint(low, high))))

    def in_last_year(self, low: float, high: float) -> dt.date:
        """A day in last school year, between the fractions given of its September to July."""
        start = self.last_year + dt.timedelta(days=45)
        length = (self.this_year - dt.timedelta(days=45) - start).days
        return self.school_day(start + dt.timedelta(days=int(length * self.rng.uniform(low, high))))

    def after(self, day: dt.date, low: int, high: int) -> dt.date:
        """Between low and high days later, counting the holidays as not there, and not after today."""
        return self.school_day(_school_days_on(day, self.rng.randint(low, high)))

    def future(self, low: int, high: int) -> dt.date:
        """A school day between low and high days from now, for the next review."""
        return _school_days_on(self.today, self.rng.randint(low, high))

    def backdate(self, record, actor, **dates) -> None:
        for name, value in dates.items():
            setattr(record, name, value)
        save_with_history(record, actor=actor, reason=BACKDATED)

    # --- The partnerships ---------------------------------------------------------------------

    def head_of(self, school: School) -> User:
        assignment = (
            RoleAssignment.objects.current()
            .filter(partnership=self.partnership, role=Role.HEADTEACHER, school=school)
            .select_related("user")
            .first()
        )
        if assignment is not None:
            return assignment.user
        # Not a demo login: these heads exist to chair, refer and exclude, so have no password.
        head = User(email=f"head.{school.urn}@{self.domain}", full_name=next(self.head_names))
        head.set_unusable_password()
        save_with_history(head, actor=self.admin, reason=REASON)
        role_assign(
            actor=self.admin,
            ctx=self.ctx(self.admin),
            person=head,
            role=Role.HEADTEACHER,
            school=school,
            starts_on=self.last_year.replace(year=self.last_year.year - 3),
            reason=REASON,
        )
        return head

    def inclusion_partnership(self, area: Area, index: int):
        schools = {s.urn: s for s in School.objects.filter(urn__in=area.members)}
        fund_holder = schools[area.fund_holder]
        heads = {urn: self.head_of(schools[urn]) for urn in (area.fund_holder, *area.pupil_schools)}
        network = network_save(
            actor=self.admin,
            ctx=self.ctx(self.admin),
            network=Network(
                name=f"{area.name} secondary inclusion partnership",
                network_type=NetworkType.INCLUSION_PARTNERSHIP,
                description=(
                    f"The secondary schools of {area.name}, supporting pupils at risk of exclusion "
                    f"with devolved high-needs funding held by {fund_holder.name}."
                ),
                lead_school=fund_holder,
                chair_name=heads[area.fund_holder].full_name,
            ),
            reason=REASON,
        )
        for urn in area.members:
            membership_add(
                actor=self.admin,
                ctx=self.ctx(self.admin),
                network=network,
                school=schools[urn],
                joined_on=dt.date(2014, 9, 1),
                reason=REASON,
            )
        officer_ctx = self.ctx(self.officer)
        ip = services.inclusion_partnership_create(
            actor=self.officer,
            ctx=officer_ctx,
            network=network,
            area=area.name,
            fund_holder=fund_holder,
            reason=REASON,
        )
        if index == 0:
            services.staff_member_add(
                actor=self.officer,
                ctx=officer_ctx,
                inclusion_partnership=ip,
                user=self.staff,
                starts_on=self.last_year,
                reason=REASON,
            )
        self.funding(ip, manager=self.staff if index == 0 else self.officer)
        return ip, schools, heads

    def funding(self, ip, *, manager: User) -> None:
        this_year = _financial_year(self.today)
        # How far through this financial year we are: its spend so far is about that share.
        elapsed = ((self.today.month - 4) % 12 + 1) / 12
        for year, share in ((this_year - 1, 1.0), (this_year, elapsed)):
            amount = Decimal(self.rng.randrange(260_000, 480_000, 5_000))
            allocation = services.allocation_set(
                actor=self.officer,
                ctx=self.ctx(self.officer),
                inclusion_partnership=ip,
                financial_year=year,
                amount=amount,
                reason=REASON,
            )
            # Last year some areas overspent: the system is under strain.
            spent = amount * Decimal(str(round(share * self.rng.uniform(0.9, 1.06), 3)))
            for category, portion, description in (
                (SpendCategory.STAFF, 0.55, "Partnership staff team"),
                (SpendCategory.AP_PLACEMENTS, 0.27, "Alternative provision placements"),
                (SpendCategory.HOME_BASE, 0.14, "Home base: premises and resources"),
                (SpendCategory.OTHER, 0.04, "Training and transport"),
            ):
                services.spend_add(
                    actor=manager,
                    ctx=self.ctx(manager),
                    allocation=allocation,
                    category=category,
                    amount=(spent * Decimal(str(portion))).quantize(Decimal("1")),
                    description=description,
                    reason=REASON,
                )

    def make_providers(self) -> None:
        officer_ctx = self.ctx(self.officer)
        for (name, registration, contact, phone), visits in zip(
            PROVIDERS[self.partnership.slug], QA_VISITS, strict=True
        ):
            provider = services.provider_create(
                actor=self.officer,
                ctx=officer_ctx,
                name=name,
                registration=registration,
                contact_name=contact,
                contact_email=f"office@{name.split()[0].lower()}.example",
                contact_phone=phone,
                reason=REASON,
            )
            self.providers.append((provider, visits))
        # The visits that came before any placement; the last "not suitable" one comes at the end.
        for provider, visits in self.providers:
            for days, outcome in visits:
                if outcome != QAOutcome.UNSUITABLE:
                    self.visit(provider, days, outcome)

    def visit(self, provider, days: int, outcome: str) -> None:
        services.qa_visit_record(
            actor=self.officer,
            ctx=self.ctx(self.officer),
            provider=provider,
            visited_on=self.school_day(self.today - dt.timedelta(days=days)),
            outcome=outcome,
            notes=QA_NOTES[outcome],
            reason=REASON,
        )

    def final_visits(self) -> None:
        for provider, visits in self.providers:
            for days, outcome in visits:
                if outcome == QAOutcome.UNSUITABLE:
                    self.visit(provider, days, outcome)

    # --- Pupils -------------------------------------------------------------------------------

    def upn(self, school: School, entry_year: int, temporary: bool) -> str:
        self.serial += 1
        stem = f"{self.partnership.la_codes[0]}4{school.urn % 1000:03d}{entry_year % 100:02d}"
        if temporary:
            body = f"{stem}{self.serial % 100:02d}{UPN_LETTERS[self.serial % len(UPN_LETTERS)]}"
        else:
            body = f"{stem}{self.serial:03d}"
        return upn_check_letter(body) + body

    def pupil(self, school: School, head: User):
        # Each pupil has been on roll at least a year, so has last year's records there too.
        years = _year_groups(school)
        year_group = self.rng.choice(years[1:] or years)
        born_from = dt.date(self.this_year.year - year_group - 5, 9, 1)
        date_of_birth = born_from + dt.timedelta(days=self.rng.randint(0, 364))
        first, surname = self.names.pop()
        send = self.rng.choices(
            [SendStatus.NONE, SendStatus.SEN_SUPPORT, SendStatus.EHC_PLAN], weights=[5, 4, 1]
        )[0]
        pupil = services.pupil_create(
            actor=head,
            ctx=self.ctx(head),
            full_name=f"{first} {surname}",
            date_of_birth=date_of_birth,
            upn=self.upn(school, date_of_birth.year + 5, temporary=self.serial == 3),
            home_school=school,
            year_group=year_group,
            send_status=send,
            on_roll_from=dt.date(self.this_year.year - (year_group - years[0]), 9, 1),
            reason=REASON,
        )
        # Recorded when the first record about them was, at the start of last school year.
        self.backdate(pupil, head, created_on=dt.date(self.this_year.year - 1, 9, 1))
        return pupil

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
        services.consultation_record(
            actor=head,
            ctx=self.ctx(head),
            pupil=pupil,
            consulted_on=on,
            reason_considered=reason_considered,
            alternatives_considered=alternatives,
            chair_advice=advice,
            reason=REASON,
        )

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


def add_demo_inclusion(*, partnership, domain: str, schools: list[School]) -> None:
    """Inclusion partnerships, funding, pupils and their records for one demo partnership."""
    if partnership.slug not in AREAS:
        return
    if InclusionPartnership.objects.filter(partnership=partnership).exists():
        return
    _DemoInclusion(partnership, domain, schools).build()
