"""Reads for the data-protection pages, scoped to the person asking."""

from __future__ import annotations

from django.db.models import QuerySet

from partnership import rules
from partnership.access import PartnershipContext
from partnership.models import RetentionRun


def retention_runs(ctx: PartnershipContext) -> QuerySet[RetentionRun]:
    """Every run of the retention rules, newest first: for the partnership's LA administrators."""
    rules.require_retention_reader(ctx)
    return RetentionRun.objects.order_by("-ran_at", "-pk")


def retention_lines_for(ctx: PartnershipContext, run: RetentionRun) -> list[dict]:
    """What one run did in this partnership and across the whole portal, never in another partnership."""
    return [line for line in run.results if line.get("partnership") in (None, ctx.partnership.slug)]
