"""Caseloads, the team view, a provider's agreements, and what each home page shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from partnership.access import PartnershipContext
from partnership.disclosure import Cell
from partnership.models import Role
from partnership.parsing import as_id
from support import rules
from support.models import Action, CaseWatch, ProgressReview, SupportAgreement, SupportCase, Visit
from support.models.agreements import AgreementStatus, VisitStatus
from support.models.cases import OPEN_STATUSES, CaseStatus
from support.models.reviews import ReviewStatus

from .agreements import provided_agreements
from .cases import visible_cases


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    priority: int | None = None
    provider_type: str = ""
    funding: str = ""
    lead: str = ""  # "me", or a user id as text
    watched: bool = False
    q: str = ""
    include_closed: bool = False


def case_list(ctx: PartnershipContext, filters: CaseFilters) -> QuerySet[SupportCase]:
    today = timezone.localdate()
    cases = visible_cases(ctx).select_related("school", "lead_officer")
    if filters.status:
        cases = cases.filter(status=filters.status)
    elif not filters.include_closed:
        cases = cases.filter(status__in=OPEN_STATUSES)
    if filters.priority:
        cases = cases.filter(priorities__id=filters.priority)
    if filters.provider_type:
        cases = cases.filter(agreements__provider_type=filters.provider_type)
    if filters.funding:
        cases = cases.filter(agreements__funding=filters.funding)
    if filters.lead == "me":
        cases = cases.filter(lead_officer_id=ctx.user_id)
    elif as_id(filters.lead):
        cases = cases.filter(lead_officer_id=as_id(filters.lead))
    if filters.watched:
        cases = cases.filter(Exists(CaseWatch.objects.filter(case=OuterRef("pk"), user_id=ctx.user_id)))
    if filters.q:
        term = filters.q.strip()
        cases = cases.filter(
            Q(school__name__icontains=term) | (Q(school__urn=as_id(term)) if as_id(term) else Q())
        )
    return (
        cases.annotate(
            overdue_actions=Count(
                "agreements__actions",
                filter=Q(agreements__actions__done_on__isnull=True, agreements__actions__due_on__lt=today),
                distinct=True,
            ),
            reviews_due=Count(
                "agreements__reviews",
                filter=Q(
                    agreements__reviews__status=ReviewStatus.DUE, agreements__reviews__due_on__lte=today
                ),
                distinct=True,
            ),
        )
        .distinct()
        .order_by("-opened_on", "-pk")
    )


def team_view(ctx: PartnershipContext) -> list[dict]:
    """Open cases by lead officer, for heads of service (the LA only)."""
    rules.require_caseworker_sight(ctx)
    today = timezone.localdate()
    rows = (
        SupportCase.objects.filter(partnership=ctx.partnership, status__in=OPEN_STATUSES)
        .values("lead_officer_id", "lead_officer__full_name")
        .annotate(
            open_cases=Count("pk", distinct=True),
            escalated=Count("pk", filter=Q(status=CaseStatus.ESCALATED), distinct=True),
            reviews_due=Count(
                "agreements__reviews",
                filter=Q(
                    agreements__reviews__status=ReviewStatus.DUE, agreements__reviews__due_on__lte=today
                ),
                distinct=True,
            ),
        )
        .order_by("lead_officer__full_name")
    )
    return list(rows)


def board_totals(ctx: PartnershipContext) -> list[dict]:
    """What board members see of casework: totals by status, never a school. A total that rests
    on fewer schools than the suppression threshold is not shown, so no school can be identified."""
    labels = dict(CaseStatus.choices)
    rows = (
        SupportCase.objects.filter(partnership=ctx.partnership)
        .values("status")
        .annotate(cases=Count("pk"), schools=Count("school", distinct=True))
        .order_by("status")
    )
    return [{"label": labels[row["status"]], "cases": Cell(row["cases"], row["schools"])} for row in rows]


def agreements_provided(ctx: PartnershipContext) -> QuerySet[SupportAgreement]:
    return (
        provided_agreements(ctx)
        .select_related("case__school", "provider_leader", "provider_school")
        .annotate(
            visits_to_log=Count("visits", filter=Q(visits__status=VisitStatus.ACCEPTED), distinct=True),
            log_count=Count("log_entries", distinct=True),
        )
        .order_by("status", "-starts_on")
    )


def officer_home(ctx: PartnershipContext) -> dict:
    today = timezone.localdate()
    mine = SupportCase.objects.filter(
        partnership=ctx.partnership, lead_officer_id=ctx.user_id, status__in=OPEN_STATUSES
    )
    reviews = (
        ProgressReview.objects.filter(
            agreement__case__in=mine, status__in=[ReviewStatus.DUE, ReviewStatus.RATED], due_on__lte=today
        )
        .select_related("agreement__case__school")
        .order_by("due_on")[:10]
    )
    overdue = (
        Action.objects.filter(agreement__case__in=mine, done_on__isnull=True, due_on__lt=today)
        .select_related("agreement__case__school")
        .order_by("due_on")[:10]
    )
    return {"my_case_count": mine.count(), "reviews": list(reviews), "overdue_actions": list(overdue)}


def school_home(ctx: PartnershipContext) -> dict:
    """A school's open cases, and for its headteacher the support and visits waiting for them."""
    heads_of = rules.headships(ctx)
    cases = visible_cases(ctx).filter(status__in=OPEN_STATUSES).select_related("school")
    to_agree = SupportAgreement.objects.filter(
        case__school_id__in=heads_of, case__partnership=ctx.partnership, status=AgreementStatus.DRAFT
    ).select_related("case__school")
    visits = Visit.objects.filter(
        agreement__case__school_id__in=heads_of,
        agreement__case__partnership=ctx.partnership,
        status=VisitStatus.PROPOSED,
    ).select_related("agreement__case__school")
    return {"cases": list(cases), "to_agree": list(to_agree), "visits": list(visits)}


def provider_home(ctx: PartnershipContext) -> dict:
    agreements = list(agreements_provided(ctx).exclude(status=AgreementStatus.ENDED)[:20])
    # A system leader is told when they give no support; a school's head or staff are not, since
    # their school may never be asked to.
    return {"agreements": agreements, "system_leader": ctx.has_any({Role.SYSTEM_LEADER})}
