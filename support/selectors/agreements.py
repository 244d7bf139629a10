"""Reads of one support agreement, scoped to the person by support.rules."""

from __future__ import annotations

from django.db.models import QuerySet

from partnership.access import NotVisible, PartnershipContext
from support import rules
from support.models import ProviderLink, SupportAgreement


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


def declared_links(leader) -> list[ProviderLink]:
    """The links a system leader has declared with schools, for their page."""
    return list(ProviderLink.objects.filter(leader=leader).select_related("school"))
