"""The register and its object grants."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db import transaction

from partnership.access import PartnershipContext
from partnership.auditing import delete_with_history, save_with_history
from partnership.models import LocalAuthority
from partnership.services import ServiceError
from schools import rules
from schools.importers.common import ParsedFile
from schools.models import School, SchoolUserObjectPermission

from .bulk import upsert

SCHOOL_FIELDS = [f.name for f in School._meta.fields if f.name not in {"id", "urn"}]


def other_partnerships_la_codes(partnership) -> set[str]:
    """LA codes that belong to other partnerships: an import by this one leaves them alone."""
    if partnership is None:
        return set()
    return set(LocalAuthority.objects.exclude(partnership=partnership).values_list("code", flat=True))


@transaction.atomic
def schools_load(*, actor, rows: ParsedFile, reason: str, partnership=None) -> dict[str, int]:
    """Create or update schools from register rows, all or nothing.

    With a partnership (an upload in the browser), rows for schools in another partnership's LA
    are skipped: nothing one partnership does changes another's register.
    """
    protected = other_partnerships_la_codes(partnership)
    existing = {s.urn: s for s in School.objects.filter(urn__in=[r["urn"] for r in rows.rows])}
    wanted, skipped = [], 0
    for row in rows.rows:
        current = existing.get(row["urn"])
        if row["la_code"] in protected or (current and current.la_code in protected):
            skipped += 1
            continue
        wanted.append(row)
    counts = upsert(
        model=School,
        rows=wanted,
        existing=existing,
        key=lambda row: row["urn"],
        build=lambda row: School(urn=row["urn"], **{k: row[k] for k in SCHOOL_FIELDS if k in row}),
        fields=SCHOOL_FIELDS,
        actor=actor,
        reason=reason,
    )
    return {**counts, "skipped": skipped, "rejected": len(rows.rejected)}


@transaction.atomic
def school_records_access_grant(
    *, actor, ctx: PartnershipContext, school: School, person, reason: str
) -> SchoolUserObjectPermission:
    rules.require_administrator(ctx)
    if SchoolUserObjectPermission.objects.filter(content_object=school, user=person).exists():
        raise ServiceError(f"{person} can already see this school's records", field="person")
    grant = SchoolUserObjectPermission(
        permission=Permission.objects.get(
            content_type__app_label="schools", codename=rules.RECORDS_PERMISSION
        ),
        user=person,
        content_object=school,
    )
    return save_with_history(grant, actor=actor, reason=reason)


@transaction.atomic
def school_records_access_revoke(
    *, actor, ctx: PartnershipContext, grant: SchoolUserObjectPermission, reason: str
) -> None:
    rules.require_administrator(ctx)
    delete_with_history(grant, actor=actor, reason=reason)


def records_grants_withdraw(*, actor, partnership, person, reason: str) -> int:
    """Take back a person's access to the records of this partnership's schools, when they leave."""
    grants = SchoolUserObjectPermission.objects.filter(
        user=person, content_object__la_code__in=partnership.la_codes
    )
    count = 0
    for grant in grants:
        delete_with_history(grant, actor=actor, reason=f"Left the partnership: {reason}")
        count += 1
    return count
