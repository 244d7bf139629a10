"""Reads of the data-sharing agreement's versions, scoped to the person asking."""

from __future__ import annotations

from django.db.models import QuerySet

from . import rules
from .access import NotVisible, PartnershipContext
from .models import SharingAgreement


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
