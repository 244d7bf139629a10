"""What every inclusion write shares: a reason is required, a pupil's retention date moves on
with each involvement, and a duplicate saved at the same moment is refused beside its field."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from inclusion.models import (
    InclusionPartnership,
    Pupil,
)
from partnership.auditing import save_or_refuse, save_with_history  # noqa: F401 (services call common.save_or_refuse)
from partnership.models import Role, RoleAssignment
from partnership.selectors.people import people_with_role
from partnership.services import ServiceError
from schools.models import NetworkMembership, School


def require_reason(reason: str) -> None:
    if not reason or not reason.strip():
        raise ServiceError("Enter the reason for this change", field="reason")


def years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def retention_date(last_involvement: dt.date) -> dt.date:
    return years_after(last_involvement, settings.INCLUSION_PUPIL_RETENTION_YEARS)


def involved(pupil: Pupil, day: dt.date | None, *, actor, reason: str) -> None:
    """Push the pupil's retention date on: kept for the set years after the last involvement."""
    until = retention_date(max(day or timezone.localdate(), timezone.localdate()))
    if until > pupil.retain_until:
        pupil.retain_until = until
        save_with_history(pupil, actor=actor, reason=reason)


def member_school_ids(inclusion_partnership: InclusionPartnership, on=None) -> set[int]:
    return set(
        NetworkMembership.objects.current(on)
        .filter(network_id=inclusion_partnership.network_id)
        .values_list("school_id", flat=True)
    )


def headteacher_of(school: School, partnership) -> RoleAssignment | None:
    return people_with_role(partnership, Role.HEADTEACHER, school=school).select_related("user").first()
