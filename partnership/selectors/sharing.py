"""Reads of the data-sharing agreement's versions, scoped to the person asking: the list, one
version, the draft, and a version's history page."""

from __future__ import annotations

from django.db.models import QuerySet

from partnership import rules
from partnership.access import NotVisible, PartnershipContext
from partnership.models import SharingAgreement


def agreement_for_history(ctx: PartnershipContext, pk: int) -> SharingAgreement:
    """A version of the agreement's history: for the LA, and a draft's for LA administrators only,
    in its history as on its own page."""
    rules.require_sight_of_partnership_history(ctx)
    agreement = SharingAgreement.objects.filter(pk=pk, partnership=ctx.partnership).first()
    if agreement is not None and not rules.may_see_agreement(ctx, agreement):
        agreement = None
    if agreement is None:
        raise NotVisible(f"agreement {pk} is not in {ctx.partnership.slug}")
    return agreement


def agreement_versions(ctx: PartnershipContext) -> QuerySet[SharingAgreement]:
    """The versions this person may read, newest first: the published ones, and the draft for LA
    administrators."""
    versions = SharingAgreement.objects.filter(partnership=ctx.partnership).select_related("published_by")
    if not rules.may_see_drafts(ctx):
        versions = versions.filter(status=SharingAgreement.Status.PUBLISHED)
    return versions.order_by("-version")


def agreement_version_for(ctx: PartnershipContext, version: int) -> SharingAgreement:
    """One version this person may read; NotVisible otherwise, whether or not it exists."""
    agreement = agreement_versions(ctx).filter(version=version).first()
    if agreement is None:
        raise NotVisible(f"no version {version} of the agreement visible in {ctx.partnership.slug}")
    return agreement


def draft_agreement(ctx: PartnershipContext) -> SharingAgreement | None:
    """The partnership's draft version, if there is one and this person may see drafts."""
    if not rules.may_see_drafts(ctx):
        return None
    return SharingAgreement.objects.filter(
        partnership=ctx.partnership, status=SharingAgreement.Status.DRAFT
    ).first()
