"""Writes of the data-sharing agreement: drafting a version and publishing it.

Publishing a version supersedes every school's consent to earlier versions (see
partnership.consent), so every headteacher, chair of governors and trust's delegate is told what changed and asked to
consent again.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from partnership import rules
from partnership.access import PartnershipContext
from partnership.auditing import save_with_history
from partnership.models import DataCategory, MessageKind, SharingAgreement, User
from partnership.selectors.people import people_with_role
from partnership.services.errors import ServiceError
from partnership.services.notifications import notify

# The ICO data sharing code's checklist, in the order the agreement sets it out.
CONTENT_FIELDS = (
    "purposes",
    "categories",
    "partial_consent_allowed",
    "recipients",
    "lawful_basis",
    "retention",
    "security_measures",
    "subject_access",
    "review_date",
    "termination_and_sanctions",
)


@transaction.atomic
def agreement_draft_save(
    *, actor: User, ctx: PartnershipContext, agreement: SharingAgreement | None, data: dict, reason: str
) -> SharingAgreement:
    """Start a new draft version (agreement None) or change the draft. Published versions never change."""
    if agreement is None:
        # Lock the partnership's versions so that two administrators cannot both make version N.
        list(SharingAgreement.objects.select_for_update().filter(partnership=ctx.partnership))
        if SharingAgreement.objects.filter(
            partnership=ctx.partnership, status=SharingAgreement.Status.DRAFT
        ).exists():
            raise ServiceError("There is already a draft version. Change that draft instead")
        top = SharingAgreement.objects.filter(partnership=ctx.partnership).aggregate(v=Max("version"))["v"]
        agreement = SharingAgreement(partnership=ctx.partnership, version=(top or 0) + 1)
    else:
        # Read it again under a lock: it may have been published since the form was opened.
        agreement = SharingAgreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.status != SharingAgreement.Status.DRAFT:
            raise ServiceError(
                "This version has been published since you opened it, so it cannot be changed. Start a new version instead"
            )
    for name in CONTENT_FIELDS:
        if name in data:
            setattr(agreement, name, data[name])
    agreement.categories = [c for c, _ in DataCategory.choices if c in (agreement.categories or [])]
    if not agreement.categories:
        raise ServiceError("Select at least one kind of data the agreement covers", field="categories")
    if agreement.review_date and agreement.review_date <= timezone.localdate():
        raise ServiceError("The review date must be in the future", field="review_date")
    if "changes" in data:
        agreement.changes = data["changes"]
    return save_with_history(agreement, actor=actor, reason=reason)


def _signatories(ctx: PartnershipContext) -> list[User]:
    """Everyone who signs a school's consent: each is asked to consent to a new version."""
    rows = (
        people_with_role(ctx.partnership, *rules.SIGNATORY_ROLES)
        .filter(user__is_active=True)
        .select_related("user")
    )
    return [row.user for row in rows]


@transaction.atomic
def agreement_publish(
    *,
    actor: User,
    ctx: PartnershipContext,
    agreement: SharingAgreement,
    effective_from,
    changes: str,
    reason: str,
) -> SharingAgreement:
    """Publish the draft from the effective date given now: it is asked for at publication, never
    copied from the last version, so a new version never claims an earlier version's date."""
    agreement = SharingAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != SharingAgreement.Status.DRAFT:
        raise ServiceError("This version has already been published")
    earlier = SharingAgreement.objects.filter(
        partnership=ctx.partnership, status=SharingAgreement.Status.PUBLISHED
    ).exists()
    changes = changes.strip()
    if earlier and not changes:
        raise ServiceError(
            "Say what changed from the last version, so schools know what they agree to", field="changes"
        )
    if effective_from is None:
        raise ServiceError("Enter the effective date", field="effective_from")
    if effective_from < timezone.localdate():
        raise ServiceError("The effective date must be today or later", field="effective_from")
    if agreement.review_date and agreement.review_date <= effective_from:
        raise ServiceError(
            f"The effective date must be before the review date, {agreement.review_date:%-d %B %Y}. "
            "Change the draft's review date first if it is too early",
            field="effective_from",
        )
    missing = [
        SharingAgreement._meta.get_field(name).verbose_name
        for name in CONTENT_FIELDS
        if name != "partial_consent_allowed" and not getattr(agreement, name)
    ]
    if missing:
        raise ServiceError(f"Fill in the agreement before publishing it: {', '.join(missing)} is missing")
    agreement.effective_from = effective_from
    agreement.changes = changes or "The first version of the agreement."
    agreement.status = SharingAgreement.Status.PUBLISHED
    agreement.published_at = timezone.now()
    agreement.published_by = actor
    save_with_history(agreement, actor=actor, reason=reason)
    text = (
        f"Version {agreement.version} of the data-sharing agreement is published. "
        f"Your school's consent to any earlier version has ended: please read what changed and consent again."
        if earlier
        else f"The partnership's data-sharing agreement (version {agreement.version}) is published. Please read it and consent for your school."
    )
    notify(
        kind=MessageKind.DATA_SHARING,
        users=_signatories(ctx),
        partnership=ctx.partnership,
        text=text,
        link=reverse(
            "partnership:sharing-version",
            kwargs={"partnership_slug": ctx.partnership.slug, "version": agreement.version},
        ),
    )
    return agreement


__all__ = ["CONTENT_FIELDS", "agreement_draft_save", "agreement_publish"]
