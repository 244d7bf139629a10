"""Case studies: closed support cases the LA chooses to include in its reports.

A case study is anonymised in every report ("A primary school") unless the school agreed to be
named and its consent to share its support casework is in force when the report is made.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from governance import rules
from partnership.access import NotVisible, PartnershipContext
from partnership.auditing import delete_with_history, save_with_history
from partnership.services import ServiceError
from support.models import SupportCase
from support.models.cases import CaseStatus, Closure

from ..models import CaseStudy


def closed_cases_without_a_study(ctx: PartnershipContext) -> QuerySet[SupportCase]:
    rules.require_clerk_sight(ctx)
    return (
        SupportCase.objects.filter(
            partnership=ctx.partnership, status=CaseStatus.CLOSED, case_study__isnull=True
        )
        # A case study tells of support that happened: not of a case closed without completion.
        .exclude(closure=Closure.WITHOUT_COMPLETION)
        .select_related("school")
        .order_by("-closed_on", "-pk")
    )


def case_studies(ctx: PartnershipContext) -> QuerySet[CaseStudy]:
    rules.require_clerk_sight(ctx)
    return CaseStudy.objects.filter(partnership=ctx.partnership).select_related("case__school", "added_by")


def closed_case_for(ctx: PartnershipContext, case_id: int) -> SupportCase:
    case = closed_cases_without_a_study(ctx).filter(pk=case_id).first()
    if case is None:
        raise NotVisible(f"no closed case {case_id} without a case study in {ctx.partnership.slug}")
    return case


def case_study_for(ctx: PartnershipContext, study_id: int) -> CaseStudy:
    study = case_studies(ctx).filter(pk=study_id).first()
    if study is None:
        raise NotVisible(f"no case study {study_id} in {ctx.partnership.slug}")
    return study


@transaction.atomic
def case_study_save(
    *,
    actor,
    ctx: PartnershipContext,
    case: SupportCase | None = None,
    study: CaseStudy | None = None,
    summary: str,
    named: bool,
    reason: str,
) -> CaseStudy:
    rules.require_report_manager(ctx)
    if study is None:
        if case is None or case.partnership_id != ctx.partnership.pk:
            raise NotVisible("a case study is of one of this partnership's cases")
        if case.status != CaseStatus.CLOSED:
            raise ServiceError("Only a closed case can be a case study: its impact is known")
        study = CaseStudy(partnership=ctx.partnership, case=case, added_by=actor)
    summary = summary.strip()
    if not summary:
        raise ServiceError("Enter what the support was and what changed", field="summary")
    study.summary = summary
    study.school_agreed_to_be_named = named
    study.clean()  # the model's own rule: a case study is of a case in its own partnership
    return save_with_history(study, actor=actor, reason=reason)


def case_study_remove(*, actor, ctx: PartnershipContext, study: CaseStudy, reason: str) -> None:
    rules.require_report_manager(ctx)
    delete_with_history(study, actor=actor, reason=reason)
