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


def _gov_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def require_not_far_ahead(day: dt.date | None, *, field: str, what: str) -> None:
    """A date may be ahead of today (a pupil joining next term, a placement booked) but not by more
    than INCLUSION_DAYS_AHEAD days: further ahead is a mistyped year."""
    if day is None:
        return
    latest = timezone.localdate() + dt.timedelta(days=settings.INCLUSION_DAYS_AHEAD)
    if day > latest:
        raise ServiceError(f"{what} must be no later than {_gov_date(latest)}", field=field)


def year_label(year_group: int) -> str:
    return "Reception" if year_group == 0 else f"Year {year_group}"


def require_plausible_year_group(date_of_birth: dt.date, year_group: int, out_of_year_reason: str) -> None:
    """The year group fits the date of birth: the one for the pupil's age, or within
    INCLUSION_YEAR_GROUP_TOLERANCE years of it with a reason (decision 0031)."""
    from inclusion.models import expected_year_group

    expected = expected_year_group(date_of_birth, timezone.localdate())
    if year_group == expected:
        return
    tolerance = settings.INCLUSION_YEAR_GROUP_TOLERANCE
    born = _gov_date(date_of_birth)
    if abs(year_group - expected) > tolerance:
        for_age = year_label(expected) if expected >= 0 else "not yet of school age"
        raise ServiceError(
            f"A pupil born on {born} is {'in ' if expected >= 0 else ''}{for_age} this school year. "
            f"Check the date of birth and the year group: {year_label(year_group)} is more than "
            f"{tolerance} years from that",
            field="year_group",
        )
    if not (out_of_year_reason or "").strip():
        raise ServiceError(
            f"A pupil born on {born} is usually in {year_label(expected)}. Enter why they are in "
            f"{year_label(year_group)}",
            field="out_of_year_group_reason",
        )


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
