from __future__ import annotations

from django.db.models import QuerySet

from partnership.access import NotVisible, PartnershipContext
from schools import rules
from schools.models import ImportRun


def import_runs(ctx: PartnershipContext) -> QuerySet[ImportRun]:
    rules.require_la_sight(ctx)
    return (
        ImportRun.objects.filter(partnership=ctx.partnership).select_related("uploaded_by").defer("rejected")
    )


def import_run_for(ctx: PartnershipContext, run_id: int) -> ImportRun:
    rules.require_la_sight(ctx)
    run = (
        ImportRun.objects.filter(pk=run_id, partnership=ctx.partnership).select_related("uploaded_by").first()
    )
    if run is None:
        raise NotVisible(f"import {run_id} is not in {ctx.partnership.slug}")
    return run
