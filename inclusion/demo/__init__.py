"""Demo inclusion partnerships, so that the demo's inclusion officer, partnership staff, chairs and
headteachers have a realistic area to look at (issue 9, decision 0020).

Each demo partnership gets area inclusion partnerships of its real secondary schools (Leicestershire's
five areas by district, Rotherham's three), each with a fund-holder school whose headteacher chairs it,
funding for this financial year and last with its spend, and a few made-up pupils at three member
schools: referrals with every kind of plan, attendance, consultations with the chair before
exclusion, permanent exclusions (one or two without a consultation, so they are flagged),
alternative provision providers with quality assurance visits, and placements.

Everything is written through the services (inclusion.services, and the network and role
services for the areas and their heads), by the person who would do it, with the reason "Demo data".
The heads of the schools with demo pupils are people without a password, not demo logins: they are
there to chair, refer and exclude. The pupils' names are invented and obviously so. Dates are worked out from
today, over this school year and last, and the random choices are seeded, so every run on the same
day makes the same demo. A few services stamp today's date (a referral, a plan agreed, a review, a
referral closed): those dates are then moved back with a second, recorded change, so the history
says so.
"""

from __future__ import annotations

from inclusion.demo.content import AREAS, REASON
from inclusion.demo.stories import DemoInclusion
from inclusion.models import InclusionPartnership
from schools.models import School

__all__ = ["AREAS", "REASON", "add_demo_inclusion"]


def add_demo_inclusion(*, partnership, domain: str, schools: list[School]) -> list[tuple[str, str]]:
    """Inclusion partnerships, funding, pupils and their records for one demo partnership, and the
    demo login it adds: the chair of the area the demo's partnership staff serve."""
    if partnership.slug not in AREAS:
        return []
    if not InclusionPartnership.objects.filter(partnership=partnership).exists():
        DemoInclusion(partnership, domain, schools).build()
    chaired = InclusionPartnership.objects.filter(
        partnership=partnership, chair__email=f"inclusionchair@{domain}"
    )
    return [
        (f"Chair of the {ip.area} inclusion partnership", ip.chair.email)
        for ip in chaired.select_related("chair")
    ]
