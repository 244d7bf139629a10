"""Demo data: the real Leicestershire and Rotherham registers, and a fictional person per role."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from partnership.auditing import save_with_history
from partnership.models import LocalAuthority, Partnership, Role, RoleAssignment, User

from .importers.gias import gias_read
from .models import School
from .services import schools_load

DEMO_PASSWORD = "partnership-demo"  # noqa: S105 - printed for anyone running the demo
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
    ("observer", "Owen Demo", Role.OBSERVER, None),
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
    exists = (
        RoleAssignment.objects.current()
        .filter(user=user, partnership=partnership, role=role, school=school)
        .exists()
    )
    if not exists:
        save_with_history(
            RoleAssignment(user=user, partnership=partnership, role=role, school=school),
            actor=None,
            reason=REASON,
        )


def _demo_schools(la_code: str) -> list[School]:
    open_schools = School.objects.filter(la_code=la_code, status__istartswith="open")
    primary = open_schools.filter(phase="Primary").order_by("urn").first()
    secondary = open_schools.filter(phase="Secondary").order_by("urn").first()
    return [primary, secondary]


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
        rows = gias_read(data_root / demo.data_dir / "gias_establishments.csv")
        schools_load(actor=None, rows=rows, reason=f"{REASON}: GIAS extract for {demo.la_name}")
        schools = _demo_schools(demo.la_code)
        for local, full_name, role, school_index in PEOPLE:
            email = f"{local}@{demo.domain}"
            school = schools[school_index] if school_index is not None else None
            _role(_user(email, full_name), partnership, role, school)
            label = Role(role).label + (f", {school.name}" if school else "")
            logins.append((demo.short_name, label, email))
        email, full_name, role = SHARED_PERSON
        _role(_user(email, full_name), partnership, role, None)
    logins.append(("LEEP and Rotherham SEP", "Board member in both", SHARED_PERSON[0]))
    return logins
