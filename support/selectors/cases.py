"""Reads of one support case, scoped to the person by support.rules."""

from __future__ import annotations

from django.db.models import QuerySet

from partnership.access import NotVisible, PartnershipContext
from support import rules
from support.models import SupportCase


def visible_cases(ctx: PartnershipContext) -> QuerySet[SupportCase]:
    """The cases this person sees whole (support.rules.scoped)."""
    return rules.scoped(ctx, SupportCase.objects.all())


def case_for(ctx: PartnershipContext, case_id: int) -> SupportCase:
    case = (
        visible_cases(ctx)
        .filter(pk=case_id)
        .select_related("school", "lead_officer", "source_flag")
        .prefetch_related("priorities")
        .first()
    )
    if case is None:
        raise NotVisible(f"support case {case_id} is not visible in {ctx.partnership.slug}")
    return case
