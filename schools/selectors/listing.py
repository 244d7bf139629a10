"""The partnership's school list: filters, search, sorting and the CSV export share one query."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from partnership.access import PartnershipContext
from partnership.parsing import as_id
from schools import rules
from schools.models import Inspection, NeedsFlag, NetworkMembership, School
from schools.models.inspections import Framework
from schools.models.needs import FlagStatus

NOT_INSPECTED = "not_inspected"
REPORT_CARD = "report_card"
SORTS = {
    "name": ("name",),
    "-name": ("-name",),
    "urn": ("urn",),
    "-urn": ("-urn",),
    "phase": ("phase", "name"),
    "inspected": ("latest_inspected_on", "name"),
    "-inspected": ("-latest_inspected_on", "name"),
    "flags": ("-open_flags", "name"),
}


@dataclass(frozen=True)
class SchoolFilters:
    q: str = ""
    phase: str = ""
    type_group: str = ""
    status: str = ""
    outcome: str = ""
    network: int | None = None
    flag: str = ""
    sort: str = "name"


def partnership_schools(ctx: PartnershipContext) -> QuerySet[School]:
    """The register's schools in the partnership's LAs. Others stay in the register, unlisted."""
    return School.objects.filter(la_code__in=ctx.partnership.la_codes)


def school_choices(ctx: PartnershipContext) -> QuerySet[School]:
    """The partnership's schools, by name, for a form."""
    return partnership_schools(ctx).order_by("name")


def with_latest_inspection(schools: QuerySet[School]) -> QuerySet[School]:
    latest = Inspection.objects.filter(school=OuterRef("pk")).order_by("-inspected_on")
    return schools.annotate(
        latest_inspected_on=Subquery(latest.values("inspected_on")[:1]),
        latest_framework=Subquery(latest.values("framework")[:1]),
        latest_overall=Subquery(latest.values("overall")[:1]),
    )


def school_list(ctx: PartnershipContext, filters: SchoolFilters) -> QuerySet[School]:
    schools = with_latest_inspection(partnership_schools(ctx))
    sees_flags = rules.sees_flags(ctx)
    if sees_flags:
        schools = schools.annotate(
            open_flags=Count(
                "needs_flags",
                filter=Q(needs_flags__partnership=ctx.partnership, needs_flags__status=FlagStatus.OPEN),
            )
        )
    if filters.q:
        term = filters.q.strip()
        schools = schools.filter(
            Q(name__icontains=term) | Q(urn=as_id(term)) if as_id(term) else Q(name__icontains=term)
        )
    if filters.phase:
        schools = schools.filter(phase=filters.phase)
    if filters.type_group:
        schools = schools.filter(type_group=filters.type_group)
    if filters.status:
        schools = schools.filter(status=filters.status)
    if filters.outcome == NOT_INSPECTED:
        schools = schools.filter(latest_inspected_on__isnull=True)
    elif filters.outcome == REPORT_CARD:
        schools = schools.filter(latest_framework=Framework.REPORT_CARD)
    elif filters.outcome:
        schools = schools.filter(latest_framework=Framework.LEGACY, latest_overall=filters.outcome)
    if filters.network:
        schools = schools.filter(
            Exists(
                NetworkMembership.objects.current().filter(
                    school=OuterRef("pk"),
                    network_id=filters.network,
                    network__partnership=ctx.partnership,
                )
            )
        )
    if filters.flag and sees_flags:
        flags = NeedsFlag.objects.filter(
            school=OuterRef("pk"), partnership=ctx.partnership, status=FlagStatus.OPEN
        )
        if filters.flag != "any":
            flags = flags.filter(kind=filters.flag)
        schools = schools.filter(Exists(flags))
    sort = SORTS.get(filters.sort, SORTS["name"])
    if "flags" in filters.sort and not sees_flags:
        sort = SORTS["name"]
    return schools.order_by(*sort)


def filter_choices(ctx: PartnershipContext) -> dict[str, list[str]]:
    """The values present in the partnership's register, for the filter lists."""
    # order_by() clears the model's ordering by name, which would otherwise make DISTINCT useless.
    schools = partnership_schools(ctx).order_by()
    return {
        field: sorted({v for v in schools.values_list(field, flat=True).distinct() if v})
        for field in ("phase", "type_group", "status")
    }
