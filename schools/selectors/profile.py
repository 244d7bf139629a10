"""One school's profile: inspections, results over the years beside the LA, networks, and what of
the partnership's records about it this person may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from partnership.access import PartnershipContext
from schools import rules
from schools.models import (
    Inspection,
    InspectionAreaGrade,
    KeyStage2Result,
    KeyStage4Result,
    NeedsFlag,
    NetworkMembership,
    School,
    SchoolUserObjectPermission,
)

from .consent import ConsentState, school_consent_state
from .needs import flags_for_school, la_averages_ks2, la_averages_ks4
from .register import records_grants, school_for


@dataclass
class TrendPoint:
    year: int
    school: object
    la: object

    @property
    def label(self) -> str:
        return f"{self.year - 1} to {self.year}"


def inspections_for(school: School) -> list[Inspection]:
    return list(
        Inspection.objects.filter(school=school)
        .order_by("-inspected_on")
        .prefetch_related(Prefetch("area_grades", queryset=InspectionAreaGrade.objects.order_by("area")))
    )


def results_for(school: School) -> dict:
    ks2 = list(KeyStage2Result.objects.filter(school=school).order_by("academic_year"))
    ks4 = list(KeyStage4Result.objects.filter(school=school).order_by("academic_year"))
    trends = {}
    if ks2:
        averages = la_averages_ks2([school.la_code])
        trends["ks2_rwm"] = [
            TrendPoint(r.academic_year, r.rwm_expected_pct, averages.get((school.la_code, r.academic_year)))
            for r in ks2
        ]
    if ks4:
        averages = la_averages_ks4([school.la_code])
        trends["ks4_p8"] = [
            TrendPoint(
                r.academic_year,
                r.progress8,
                averages["progress8"].get((school.la_code, r.academic_year)),
            )
            for r in ks4
        ]
        trends["ks4_a8"] = [
            TrendPoint(
                r.academic_year,
                r.attainment8,
                averages["attainment8"].get((school.la_code, r.academic_year)),
            )
            for r in ks4
        ]
    return {"ks2": ks2, "ks4": ks4, "trends": trends}


def memberships_for(ctx: PartnershipContext, school: School) -> list[NetworkMembership]:
    return list(
        NetworkMembership.objects.filter(school=school, network__partnership=ctx.partnership)
        .select_related("network")
        .order_by("-joined_on")
    )


@dataclass(frozen=True)
class SchoolProfile:
    """Everything a school's profile page shows, each part only to whom the rules allow it."""

    school: School
    flags: list[NeedsFlag]
    sees_records: bool
    inspections: list[Inspection]
    results: dict
    memberships: list[NetworkMembership]
    grants: list[SchoolUserObjectPermission] | None
    consent_state: ConsentState | None


def school_profile(ctx: PartnershipContext, user, urn: int) -> SchoolProfile:
    """A school's profile page (a 404 for a school outside the partnership's register)."""
    school = school_for(ctx, urn)
    return SchoolProfile(
        school=school,
        flags=flags_for_school(ctx, school),
        sees_records=rules.may_see_school_records(ctx, user, school),
        inspections=inspections_for(school),
        results=results_for(school),
        memberships=memberships_for(ctx, school),
        grants=records_grants(ctx, school) if rules.may_see_records_grants(ctx) else None,
        consent_state=school_consent_state(ctx, school) if rules.may_see_consent(ctx, school) else None,
    )
