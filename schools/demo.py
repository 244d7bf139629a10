"""Demo data: the real Leicestershire and Rotherham registers, and a fictional person per role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from partnership.auditing import save_with_history
from partnership.models import LocalAuthority, Partnership, Priority, Role, RoleAssignment, User
from partnership.selectors.people import people_with_role

from .importers.benchmarks import ap_census_read, lait_dictionary_read, lait_read
from .importers.gias import gias_read
from .importers.inspections import inspections_read
from .importers.performance import performance_read
from .models import NeedsFlag, Network, NetworkMembership, School, SystemLeader
from .models.leaders import Designation
from .models.networks import NetworkType
from .services import inspections_load, performance_load, schools_load
from .services.benchmarks import benchmarks_load, measures_load
from .services.needs import needs_flags_refresh

# Apps above this one add their own demo records through these (see support.demo).
demo_hooks: list = []

# Published in the README for anyone trying the demo; seed_demo refuses to run in production, so
# no production account can be given it.
DEMO_PASSWORD = "partnership-demo"  # noqa: S105  # nosec B105
REASON = "Demo data"


@dataclass(frozen=True)
class DemoPartnership:
    slug: str
    name: str
    short_name: str
    la_code: str
    la_name: str
    data_dir: str
    domain: str


PARTNERSHIPS = [
    DemoPartnership(
        "leep",
        "Leicestershire Education Excellence Partnership",
        "LEEP",
        "855",
        "Leicestershire",
        "leicestershire",
        "leep.example",
    ),
    DemoPartnership(
        "rotherham",
        "Rotherham Strategic Education Partnership",
        "Rotherham SEP",
        "372",
        "Rotherham",
        "rotherham",
        "rotherham.example",
    ),
]

# (local part of the email, full name, role, which school: 0 the first open primary, 1 the first
# open secondary, None for none)
PEOPLE = [
    ("admin", "Alex Example", Role.LA_ADMIN, None),
    ("officer", "Olu Example", Role.LA_OFFICER, None),
    ("head", "Harriet Sample", Role.HEADTEACHER, 0),
    ("head2", "Hamid Sample", Role.HEADTEACHER, 1),
    ("staff", "Sam Sample", Role.SCHOOL_STAFF, 0),
    ("governor", "Gwen Demo", Role.GOVERNOR, 0),
    ("leader", "Lee Demo", Role.SYSTEM_LEADER, None),
    ("board", "Bea Demo", Role.BOARD_MEMBER, None),
    ("diocese", "Dana Demo", Role.PARTNER, None),
    ("observer", "Owen Demo", Role.OBSERVER, None),
    ("inclusion", "Ines Demo", Role.INCLUSION_OFFICER, None),
    ("inclusionstaff", "Isaac Demo", Role.INCLUSION_STAFF, None),
]
# Someone who works in both partnerships, to show switching between them.
SHARED_PERSON = ("consultant@partnerships.example", "Casey Example", Role.BOARD_MEMBER)


def _user(email: str, full_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=full_name)
        user.set_password(DEMO_PASSWORD)
        save_with_history(user, actor=None, reason=REASON)
    return user


def _role(user: User, partnership: Partnership, role: str, school: School | None) -> None:
    # school=None here means a role at no school, so the school is filtered on even when None.
    exists = people_with_role(partnership, role).filter(user=user, school=school).exists()
    if not exists:
        save_with_history(
            RoleAssignment(user=user, partnership=partnership, role=role, school=school),
            actor=None,
            reason=REASON,
        )


# The key themes of the LEEP strategic vision, in its own words.
PRIORITIES = [
    (
        "Standards in every key stage",
        "Improving standards in all key stages and the Early Years Foundation Stage.",
    ),
    (
        "Reading and writing to Year 6",
        "From Reception to Year 6, specifically reading and writing.",
    ),
    ("Mathematics from Year 7", "From Year 7 to Year 13, specifically mathematics."),
    ("Rates of progress", "More pupils make better than expected progress in all key stages."),
    (
        "The disadvantaged gap",
        "Narrowing the gap between pupils eligible for free school meals and their peers.",
    ),
    (
        "Leadership and governance",
        "Improving leadership, particularly middle and subject leadership and governance.",
    ),
    ("Future leaders", "Developing future leaders."),
]


def _priorities(partnership: Partnership) -> None:
    for position, (title, description) in enumerate(PRIORITIES, start=1):
        if not Priority.objects.filter(partnership=partnership, title=title).exists():
            save_with_history(
                Priority(partnership=partnership, title=title, description=description, position=position),
                actor=None,
                reason=REASON,
            )


def _networks_and_leaders(partnership: Partnership, la_code: str, schools: list[School]) -> None:
    """A demo network of real schools, and fictional system leaders (their names say so)."""
    name = f"{partnership.short_name} demo learning partnership"
    network = Network.objects.filter(partnership=partnership, name=name).first()
    if network is None:
        network = save_with_history(
            Network(
                partnership=partnership,
                name=name,
                network_type=NetworkType.LEARNING_PARTNERSHIP,
                description="A demonstration network of nearby schools.",
                lead_school=schools[1],
                chair_name="Harriet Sample",
            ),
            actor=None,
            reason=REASON,
        )
        members = School.objects.filter(la_code=la_code, status__istartswith="open").order_by("urn")[:6]
        for school in members:
            save_with_history(
                NetworkMembership(network=network, school=school, joined_on=dt.date(2024, 9, 1)),
                actor=None,
                reason=REASON,
            )
    leaders = [
        (
            "Nadia Demo",
            Designation.NLE,
            schools[1],
            20,
            12,
            ["Leadership and governance", "Future leaders"],
        ),
        ("Sunil Demo", Designation.SLE, schools[0], 10, 2, ["Reading and writing to Year 6"]),
        ("Maya Demo", Designation.SLE, schools[1], 8, 8, ["Mathematics from Year 7"]),
    ]
    today = dt.date.today()
    for index, (full_name, designation, home, capacity, committed, themes) in enumerate(leaders):
        if SystemLeader.objects.filter(partnership=partnership, full_name=full_name).exists():
            continue
        leader = save_with_history(
            SystemLeader(
                partnership=partnership,
                full_name=full_name,
                designation=designation,
                home_school=home,
                capacity_days=capacity,
                committed_days=committed,
                accredited_on=today - dt.timedelta(days=900),
                accreditation_expires_on=today + dt.timedelta(days=[400, 45, 700][index]),
            ),
            actor=None,
            reason=REASON,
        )
        leader.expertise.set(Priority.objects.filter(partnership=partnership, title__in=themes))
        _recorded_last_year(leader)


def _demo_schools(la_code: str) -> list[School]:
    open_schools = School.objects.filter(la_code=la_code, status__istartswith="open")
    primary = open_schools.filter(phase="Primary").order_by("urn").first()
    secondary = open_schools.filter(phase="Secondary").order_by("urn").first()
    return [primary, secondary]


BENCHMARK_FILES = [
    ("lait_la_benchmarks.csv", lait_read),
    ("ap_census_placements_leics_rotherham.csv", ap_census_read),
    ("ap_school_census_placements_leics_rotherham.csv", ap_census_read),
]


def _flags_raised_last_year(partnership) -> None:
    """The demo's evidence is years old, so its flags are dated to the start of last academic year,
    when the partnership began keeping them here: last term's report and dashboard then count them,
    as a real partnership's would, instead of reading 0 because the demo was seeded today."""
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    raised = timezone.make_aware(dt.datetime(year - 1, 9, 1, 9, 0))
    NeedsFlag.objects.filter(partnership=partnership).update(raised_at=raised)
    NeedsFlag.history.filter(partnership=partnership).update(raised_at=raised, history_date=raised)


def _recorded_last_year(leader: SystemLeader) -> None:
    """A demo system leader is dated, like the flags, to the start of last academic year, as if
    recorded then: last term's capacity is counted as the leaders' records stood at its end (decision
    0017), and would otherwise read "no system leaders" because the demo was seeded today."""
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    recorded = timezone.make_aware(dt.datetime(year - 1, 9, 1, 9, 0))
    leader.history.update(history_date=recorded)


def _benchmarks(partnership: Partnership, folder: Path) -> None:
    """The published figures for the partnership's LA, its region and England (decision 0034)."""
    if not folder.is_dir():
        return
    measures_load(actor=None, rows=lait_dictionary_read(folder / "lait_data_dictionary.csv"), reason=REASON)
    for name, read in BENCHMARK_FILES:
        benchmarks_load(
            actor=None, rows=read(folder / name), reason=f"{REASON}: {name}", partnership=partnership
        )


@transaction.atomic
def seed_demo(data_root: Path | None = None) -> list[tuple[str, str, str]]:
    """Load the demo. Running it again changes nothing. Returns (partnership, role, email) rows."""
    data_root = data_root or Path(settings.BASE_DIR) / "data"
    logins = []
    for demo in PARTNERSHIPS:
        partnership = Partnership.objects.filter(slug=demo.slug).first()
        if partnership is None:
            partnership = save_with_history(
                Partnership(slug=demo.slug, name=demo.name, short_name=demo.short_name),
                actor=None,
                reason=REASON,
            )
        if not LocalAuthority.objects.filter(code=demo.la_code).exists():
            save_with_history(
                LocalAuthority(code=demo.la_code, name=demo.la_name, partnership=partnership),
                actor=None,
                reason=REASON,
            )
        folder = data_root / demo.data_dir
        rows = gias_read(folder / "gias_establishments.csv")
        schools_load(actor=None, rows=rows, reason=f"{REASON}: GIAS extract for {demo.la_name}")
        inspections_load(
            actor=None,
            rows=inspections_read(folder / "inspections_to_2018.csv"),
            reason=f"{REASON}: Ofsted",
        )
        for key_stage in (2, 4):
            for year in (2016, 2017, 2018):
                path = folder / f"ks{key_stage}_perf_{year}.csv"
                parsed = performance_read(path, key_stage=key_stage, academic_year=year)
                performance_load(
                    actor=None, rows=parsed, key_stage=key_stage, reason=f"{REASON}: {path.name}"
                )
        _benchmarks(partnership, data_root / "benchmarks")
        _priorities(partnership)
        schools = _demo_schools(demo.la_code)
        _networks_and_leaders(partnership, demo.la_code, schools)
        needs_flags_refresh(partnership=partnership, reason=REASON)
        _flags_raised_last_year(partnership)
        for local, full_name, role, school_index in PEOPLE:
            email = f"{local}@{demo.domain}"
            school = schools[school_index] if school_index is not None else None
            _role(_user(email, full_name), partnership, role, school)
            label = Role(role).label + (f", {school.name}" if school else "")
            if role == Role.GOVERNOR:
                # The demo governor chairs the governors, so signs the school's consent as chair.
                _role(_user(email, full_name), partnership, Role.CHAIR_OF_GOVERNORS, school)
                label = f"Chair of governors, {school.name}"
            logins.append((demo.short_name, label, email))
        email, full_name, role = SHARED_PERSON
        _role(_user(email, full_name), partnership, role, None)
        for hook in demo_hooks:
            # A hook may add demo logins of its own: (what they are, email) pairs.
            for label, email in hook(partnership=partnership, domain=demo.domain, schools=schools) or []:
                logins.append((demo.short_name, label, email))
    logins.append(("LEEP and Rotherham SEP", "Board member in both", SHARED_PERSON[0]))
    return logins


def add_demo_agreement(*, partnership: Partnership, domain: str, schools: list[School]) -> None:
    """Version 1 of the data-sharing agreement, published, and the demo head's school's consent to
    it, signed by the head and the governor who chairs the governors: so the diocese's demo login sees that school's
    support case, and no other school's."""
    from django.utils import timezone

    from partnership.models import DataCategory, SchoolConsent, SharingAgreement

    if SharingAgreement.objects.filter(partnership=partnership).exists():
        return
    admin = User.objects.get(email=f"admin@{domain}")
    now = timezone.now()
    agreement = save_with_history(
        SharingAgreement(
            partnership=partnership,
            version=1,
            status=SharingAgreement.Status.PUBLISHED,
            purposes=(
                "To let the partnership identify schools that need support, agree it with them, and "
                "check that it works, so that every pupil attends a good or outstanding school."
            ),
            categories=list(DataCategory.values),
            partial_consent_allowed=True,
            recipients=(
                "The Anglican and Roman Catholic dioceses' education teams, for their own schools' "
                "support; the partnership's board, for the cases the LA shares with it."
            ),
            lawful_basis="Public task (UK GDPR Article 6(1)(e)): the LA's duties under the Education Act 1996.",
            retention="Support casework is anonymised six years after the case closes.",
            security_measures="Named accounts, two-factor sign-in, role-based access and an access log.",
            subject_access="The LA's data protection officer answers requests within one month.",
            review_date=dt.date(2027, 9, 1),
            termination_and_sanctions=(
                "A partner may leave the agreement with a term's notice. A partner who breaches it "
                "loses access at once, and the LA reports the breach where the law requires."
            ),
            effective_from=dt.date(2026, 9, 1),
            changes="The first version of the agreement.",
            published_at=now,
            published_by=admin,
        ),
        actor=admin,
        reason=REASON,
    )
    head = User.objects.get(email=f"head@{domain}")
    governor = User.objects.get(email=f"governor@{domain}")
    save_with_history(
        SchoolConsent(
            agreement=agreement,
            school=schools[0],
            categories=list(DataCategory.values),
            head_signed_by=head,
            head_signed_name=head.full_name,
            head_signed_at=now,
            chair_signed_by=governor,
            chair_signed_name=governor.full_name,
            chair_capacity=SchoolConsent.ChairCapacity.CHAIR,
            chair_signed_at=now,
            in_force_from=now,
        ),
        actor=head,
        reason=REASON,
    )


demo_hooks.append(add_demo_agreement)
