"""The demo builder's first half: dates, heads, inclusion partnerships, their funding, providers and
pupils."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from inclusion import services
from inclusion.demo.content import (
    BACKDATED,
    FIRST_NAMES,
    HEAD_NAMES,
    PROVIDERS,
    QA_NOTES,
    QA_VISITS,
    REASON,
    SURNAMES,
    Area,
    _academic_year_start,
    _financial_year,
    _in_holiday,
    _school_days_on,
    _weekday_on_or_before,
    _year_groups,
)
from inclusion.models import (
    UPN_LETTERS,
    QAOutcome,
    SendStatus,
    SpendCategory,
    upn_check_letter,
)
from partnership.access import partnership_context_for
from partnership.auditing import save_with_history
from partnership.models import Role, User
from partnership.selectors.people import people_with_role
from partnership.services import role_assign
from schools.demo import DEMO_PASSWORD
from schools.models import Network, School
from schools.models.networks import NetworkType
from schools.services.networks import membership_add, network_save


class DemoBase:
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

    def head_of(self, school: School, *, chair_login: bool = False) -> User:
        assignment = (
            people_with_role(self.partnership, Role.HEADTEACHER, school=school).select_related("user").first()
        )
        if assignment is not None:
            return assignment.user
        # Not a demo login: these heads exist to chair, refer and exclude, so have no password; but
        # the chair of the area the demo's partnership staff serve signs in, to see a chair's pages.
        if chair_login:
            head = User(email=f"inclusionchair@{self.domain}", full_name=next(self.head_names))
            head.set_password(DEMO_PASSWORD)
        else:
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
        heads = {
            urn: self.head_of(schools[urn], chair_login=index == 0 and urn == area.fund_holder)
            for urn in (area.fund_holder, *area.pupil_schools)
        }
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
            # Last year some areas overspent: the system is under strain. Placements paid from the
            # allocation add their own lines when they are made (decision 0032), so none is typed here.
            spent = amount * Decimal(str(round(share * self.rng.uniform(0.9, 1.06), 3)))
            for category, portion, description in (
                (SpendCategory.STAFF, 0.72, "Partnership staff team"),
                (SpendCategory.HOME_BASE, 0.2, "Home base: premises and resources"),
                (SpendCategory.OTHER, 0.06, "Training and transport"),
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
