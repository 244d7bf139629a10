"""Reads of one support agreement, the records on it and the pages about it, scoped to the person
by support.rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet, Sum

from partnership.access import NotVisible, PartnershipContext
from schools import selectors as school_selectors
from schools.models import Network, SystemLeader
from schools.models.networks import NetworkType
from support import rules
from support.models import (
    Action,
    Objective,
    ProgressReview,
    ProviderLink,
    SupportAgreement,
    SupportCase,
    Visit,
)
from support.models.agreements import WAITING_STATUSES

from .cases import headteachers_of


def provided_agreements(ctx: PartnershipContext) -> QuerySet[SupportAgreement]:
    """Agreements this person delivers (support.rules.scoped_provided)."""
    return rules.scoped_provided(ctx, SupportAgreement.objects.all())


def visible_agreements(ctx: PartnershipContext) -> QuerySet[SupportAgreement]:
    """Agreements this person sees (support.rules.scoped_agreements)."""
    return rules.scoped_agreements(ctx, SupportAgreement.objects.all())


def agreement_for(ctx: PartnershipContext, agreement_id: int) -> SupportAgreement:
    agreement = (
        visible_agreements(ctx)
        .filter(pk=agreement_id)
        .select_related(
            "case__school",
            "case__lead_officer",
            "provider_school",
            "provider_leader__user",
            "provider_network",
            "agreed_by",
            "justified_by",
        )
        .prefetch_related("priorities")
        .first()
    )
    if agreement is None:
        raise NotVisible(f"agreement {agreement_id} is not visible in {ctx.partnership.slug}")
    return agreement


@dataclass(frozen=True)
class AgreementPage:
    """Everything an agreement's page shows."""

    agreement: SupportAgreement
    case: SupportCase
    objectives: list[Objective]
    actions: list[Action]
    visits: list[Visit]
    reviews: list[ProgressReview]
    log: Page
    may: rules.AgreementActions
    # Hours logged so far, and the same in days at the partnership's hours a day, beside the days agreed.
    hours_logged: Decimal = Decimal(0)
    days_logged: Decimal = Decimal(0)
    # The receiving school's headteachers in the portal, while it waits for the school's answer.
    heads: list = field(default_factory=list)


def agreement_page(ctx: PartnershipContext, agreement_id: int, page_number) -> AgreementPage:
    agreement = agreement_for(ctx, agreement_id)
    log = Paginator(agreement.log_entries.select_related("logged_by"), 25).get_page(page_number)
    hours = agreement.log_entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    return AgreementPage(
        agreement=agreement,
        case=agreement.case,
        objectives=list(agreement.objectives.all()),
        actions=list(agreement.actions.all()),
        visits=list(agreement.visits.select_related("proposed_by", "answered_by")),
        reviews=list(
            agreement.reviews.select_related("rated_by", "qa_by").prefetch_related("ratings__objective")
        ),
        log=log,
        may=rules.agreement_actions(ctx, agreement),
        hours_logged=hours,
        days_logged=(hours / Decimal(str(settings.SUPPORT_HOURS_PER_DAY))).quantize(Decimal("0.1")),
        heads=headteachers_of(ctx.partnership, agreement.case.school_id)
        if agreement.status in WAITING_STATUSES
        else [],
    )


def _on_agreement(model: type[Model], agreement: SupportAgreement, pk: int):
    item = model.objects.filter(pk=pk, agreement=agreement).first()
    if item is None:
        raise NotVisible(f"{model.__name__} {pk} is not on agreement {agreement.pk}")
    return item


def action_on(agreement: SupportAgreement, action_id: int) -> Action:
    """One action of an agreement the person sees (agreement_for); a 404 for any other."""
    return _on_agreement(Action, agreement, action_id)


def visit_on(agreement: SupportAgreement, visit_id: int) -> Visit:
    return _on_agreement(Visit, agreement, visit_id)


def review_on(agreement: SupportAgreement, review_id: int) -> ProgressReview:
    return _on_agreement(ProgressReview, agreement, review_id)


def objectives_of(agreement: SupportAgreement) -> list[Objective]:
    return list(agreement.objectives.all())


def provider_choices(ctx: PartnershipContext, case: SupportCase) -> dict[str, QuerySet]:
    """Who may be chosen to give support to the case's school: the partnership's active system
    leaders, its other schools, and its teaching school alliances and trusts."""
    return {
        "leaders": SystemLeader.objects.filter(partnership=ctx.partnership, is_active=True)
        .prefetch_related("expertise")
        .order_by("full_name"),
        "schools": school_selectors.partnership_schools(ctx).exclude(pk=case.school_id).order_by("name"),
        "networks": Network.objects.filter(
            partnership=ctx.partnership,
            network_type__in=[NetworkType.TEACHING_SCHOOL_ALLIANCE, NetworkType.MULTI_ACADEMY_TRUST],
        ).order_by("name"),
    }


def declared_links(leader) -> list[ProviderLink]:
    """The links a system leader has declared with schools, for their page."""
    return list(ProviderLink.objects.filter(leader=leader).select_related("school"))


def review_ratings(review: ProgressReview) -> list:
    """The ratings a review gave each objective, with their comments, for the officer judging it."""
    return list(review.ratings.select_related("objective").order_by("objective__target_date", "objective_id"))
