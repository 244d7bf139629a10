"""Writes to the school register and its object grants, each with the acting person and a reason."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db import transaction

from partnership.access import PartnershipContext, require_roles
from partnership.auditing import delete_with_history, save_with_history
from partnership.models import Role
from partnership.services import ServiceError

from .importers.gias import GiasRows
from .models import School, SchoolUserObjectPermission
from .selectors import RECORDS_PERMISSION

SCHOOL_FIELDS = [f.name for f in School._meta.fields if f.name not in {"id", "urn"}]


@transaction.atomic
def schools_load(*, actor, rows: GiasRows, reason: str) -> dict[str, int]:
    """Create or update schools from register rows. Unchanged schools are not written at all."""
    existing = {s.urn: s for s in School.objects.filter(urn__in=[r["urn"] for r in rows.rows])}
    counts = {"created": 0, "updated": 0, "unchanged": 0, "rejected": len(rows.rejected)}
    for row in rows.rows:
        school = existing.get(row["urn"])
        if school is None:
            school = School(urn=row["urn"], **{k: row[k] for k in SCHOOL_FIELDS if k in row})
            save_with_history(school, actor=actor, reason=reason)
            counts["created"] += 1
            continue
        changed = [k for k in SCHOOL_FIELDS if k in row and getattr(school, k) != row[k]]
        if not changed:
            counts["unchanged"] += 1
            continue
        for key in changed:
            setattr(school, key, row[key])
        save_with_history(school, actor=actor, reason=reason)
        counts["updated"] += 1
    return counts


@transaction.atomic
def school_records_access_grant(
    *, actor, ctx: PartnershipContext, school: School, person, reason: str
) -> SchoolUserObjectPermission:
    require_roles(ctx, {Role.LA_ADMIN}, write=True)
    if SchoolUserObjectPermission.objects.filter(content_object=school, user=person).exists():
        raise ServiceError(f"{person} can already see this school's records", field="person")
    grant = SchoolUserObjectPermission(
        permission=Permission.objects.get(
            content_type__app_label="schools", codename=RECORDS_PERMISSION
        ),
        user=person,
        content_object=school,
    )
    return save_with_history(grant, actor=actor, reason=reason)


@transaction.atomic
def school_records_access_revoke(
    *, actor, ctx: PartnershipContext, grant: SchoolUserObjectPermission, reason: str
) -> None:
    require_roles(ctx, {Role.LA_ADMIN}, write=True)
    delete_with_history(grant, actor=actor, reason=reason)
