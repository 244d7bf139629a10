"""Logged reads shared by the inclusion pages: every read of a pupil's record is written to the
access log (decision 0020)."""

from __future__ import annotations

from django.db.models import (
    QuerySet,
)

from inclusion import rules
from inclusion.models import (
    InclusionPartnership,
)
from partnership.access import NotVisible, PartnershipContext
from partnership.access_log import record_access, record_view
from partnership.models import AccessLogEntry
from schools.models import NetworkMembership, School


def _record_for(request, ctx, queryset: QuerySet, pk, record_type: str):
    record = rules.scoped(ctx, queryset.select_related("pupil"), "pupil").filter(pk=pk).first()
    if record is None:
        raise NotVisible(f"{record_type} {pk} is not visible to this person")
    record_view(request, record_type=record_type, record_id=record.pk, school_id=record.pupil.home_school_id)
    return record


def _records_visible(request, ctx, queryset: QuerySet, record_type: str) -> list:
    records = list(rules.scoped(ctx, queryset.select_related("pupil"), "pupil"))
    record_access(
        request,
        action=AccessLogEntry.Action.VIEW,
        record_type=record_type,
        description=f"{len(records)} records",
    )
    return records


def inclusion_partnership_of_school(ctx: PartnershipContext, school) -> InclusionPartnership | None:
    """The inclusion partnership a school is a current member of, with its chair, or None."""
    return (
        InclusionPartnership.objects.filter(
            partnership=ctx.partnership,
            network__memberships__in=NetworkMembership.objects.current().filter(school=school),
        )
        .select_related("chair")
        .distinct()
        .first()
    )


def inclusion_member_schools(ctx: PartnershipContext) -> QuerySet[School]:
    """Every current member school of this partnership's inclusion partnerships: a list filter's
    choices (school names are public; the records behind them are not)."""
    networks = InclusionPartnership.objects.filter(partnership=ctx.partnership).values("network_id")
    members = NetworkMembership.objects.current().filter(network_id__in=networks)
    return School.objects.filter(pk__in=members.values("school_id")).order_by("name")
