"""Reading the access log: the LA administrators' search, and a school's own entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from partnership import rules
from partnership.access import NotVisible, PartnershipContext
from partnership.models import AccessLogEntry
from partnership.parsing import as_id
from partnership.rules import may_see_school_access_log


@dataclass(frozen=True)
class AccessLogFilters:
    person: str = ""
    school: str = ""
    action: str = ""
    record_type: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def access_log_search(ctx: PartnershipContext, filters: AccessLogFilters) -> QuerySet[AccessLogEntry]:
    """The partnership's entries, newest first, for its LA administrators only."""
    rules.require_access_log_reader(ctx)
    entries = AccessLogEntry.objects.filter(partnership=ctx.partnership).select_related("school")
    if filters.person:
        entries = entries.filter(
            Q(user_name__icontains=filters.person) | Q(user_email__icontains=filters.person)
        )
    if filters.school:
        by_school = Q(school__name__icontains=filters.school)
        if urn := as_id(filters.school):
            by_school |= Q(school__urn=urn)
        entries = entries.filter(by_school)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.record_type:
        entries = entries.filter(record_type=filters.record_type)
    # Whole days in the service's time zone, so "to 22 November" includes all of that day.
    if filters.date_from:
        entries = entries.filter(occurred_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        entries = entries.filter(occurred_at__lt=_start_of(filters.date_to + dt.timedelta(days=1)))
    return entries.order_by("-occurred_at", "-id")


def school_access_log(ctx: PartnershipContext, school) -> QuerySet[AccessLogEntry]:
    """Who saw this school's confidential records in this partnership, newest first."""
    if not may_see_school_access_log(ctx, school):
        raise NotVisible(f"the access log of school {school.pk} is for its headteacher and the LA")
    return AccessLogEntry.objects.filter(partnership=ctx.partnership, school=school).order_by(
        "-occurred_at", "-id"
    )
