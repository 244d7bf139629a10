"""Writes of alternative provision: providers and their quality assurance visits, placements,
their reviews and how they end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from inclusion import rules
from inclusion.models import (
    APPlacement,
    APProvider,
    FundingSource,
    PlacementOutcome,
    PlacementReview,
    Pupil,
    QAOutcome,
    QAVisit,
    Referral,
)
from inclusion.services import common
from inclusion.services.placement_spend import placement_spend_sync
from partnership.access import NotAllowed
from partnership.auditing import save_with_history
from partnership.services import ServiceError


@transaction.atomic
def provider_create(
    *,
    actor,
    ctx,
    name: str,
    registration: str = "",
    urn=None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    reason: str,
) -> APProvider:
    rules.require_provider_manager(ctx)
    common.require_reason(reason)
    if not name.strip():
        raise ServiceError("Enter the provider's name", field="name")

    def name_taken() -> ServiceError | None:
        if APProvider.objects.filter(partnership=ctx.partnership, name__iexact=name.strip()).exists():
            return ServiceError("A provider with this name is already in the directory", field="name")
        return None

    if (refused := name_taken()) is not None:
        raise refused
    return common.save_or_refuse(
        APProvider(
            partnership=ctx.partnership,
            name=name.strip(),
            registration=registration.strip(),
            urn=urn,
            contact_name=contact_name.strip(),
            contact_email=contact_email.strip(),
            contact_phone=contact_phone.strip(),
        ),
        actor=actor,
        reason=reason,
        refusal=name_taken,
    )


@transaction.atomic
def qa_visit_record(
    *, actor, ctx, provider: APProvider, visited_on, outcome: str, notes: str = "", reason: str
):
    rules.require_provider_manager(ctx)
    common.require_reason(reason)
    if provider.partnership_id != ctx.partnership.pk:
        raise NotAllowed("another partnership's provider")
    if outcome not in QAOutcome.values:
        raise ServiceError("Select the outcome of the visit", field="outcome")
    if visited_on > timezone.localdate():
        raise ServiceError("The date of the visit must not be in the future", field="visited_on")
    return save_with_history(
        QAVisit(
            provider=provider, visited_on=visited_on, outcome=outcome, notes=notes.strip(), visited_by=actor
        ),
        actor=actor,
        reason=reason,
    )


def _check_placement_dates(pupil: Pupil, starts_on, ends_on, *, exclude_pk=None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise ServiceError("The end date must be the same as or after the start date", field="ends_on")
    # Lock the pupil so that two placements cannot be made at once and overlap.
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
    others = APPlacement.objects.filter(pupil=pupil).exclude(pk=exclude_pk)
    overlap = others.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        overlap = overlap.filter(starts_on__lte=ends_on)
    if overlap.exists():
        raise ServiceError("This pupil already has a placement on some of these dates", field="starts_on")


@transaction.atomic
def placement_create(
    *,
    actor,
    ctx,
    pupil: Pupil,
    provider: APProvider,
    starts_on: dt.date,
    ends_on: dt.date | None,
    days_per_week: Decimal,
    cost: Decimal,
    funding_source: str,
    review_weeks: int = 6,
    referral: Referral | None = None,
    reason: str,
) -> APPlacement:
    rules.require_manager_or_staff_for_pupils(
        ctx, rules.inclusion_partnership_of(pupil.home_school, ctx.partnership)
    )
    common.require_reason(reason)
    if provider.partnership_id != ctx.partnership.pk:
        raise ServiceError("Choose a provider from this partnership's directory", field="provider")
    _refuse_unsuitable_provider(provider)
    if referral is not None and referral.pupil_id != pupil.pk:
        raise ServiceError("Choose a referral of this pupil", field="referral")
    if funding_source not in FundingSource.values:
        raise ServiceError("Select how the placement is funded", field="funding_source")
    days_per_week = Decimal(days_per_week)
    if not Decimal("0.5") <= days_per_week <= 5 or days_per_week * 2 != int(days_per_week * 2):
        raise ServiceError("Enter days per week from 0.5 to 5, in half days", field="days_per_week")
    if cost is None or cost < 0:
        raise ServiceError("The cost must be £0 or more", field="cost")
    if review_weeks < 1:
        raise ServiceError("Enter a review cycle of at least 1 week", field="review_weeks")
    common.require_not_far_ahead(starts_on, field="starts_on", what="The start date")
    _check_placement_dates(pupil, starts_on, ends_on)
    placement = save_with_history(
        APPlacement(
            pupil=pupil,
            provider=provider,
            referral=referral,
            starts_on=starts_on,
            ends_on=ends_on,
            agreed_ends_on=ends_on,
            days_per_week=days_per_week,
            cost=cost,
            funding_source=funding_source,
            review_weeks=review_weeks,
            created_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    placement_spend_sync(placement, actor=actor, reason=reason)
    common.involved(pupil, ends_on or starts_on, actor=actor, reason=reason)
    return placement


@transaction.atomic
def placement_end(
    *,
    actor,
    ctx,
    placement: APPlacement,
    ends_on: dt.date,
    outcome: str,
    outcome_detail: str = "",
    reason: str,
) -> APPlacement:
    rules.require_manager_or_staff_for_pupils(
        ctx, rules.inclusion_partnership_of(placement.pupil.home_school, ctx.partnership)
    )
    common.require_reason(reason)
    if outcome not in PlacementOutcome.values:
        raise ServiceError("Select the outcome of the placement", field="outcome")
    if outcome == PlacementOutcome.OTHER and not outcome_detail.strip():
        raise ServiceError("Describe the outcome", field="outcome_detail")
    if ends_on is not None and ends_on > timezone.localdate():
        # An outcome means the placement is over: one recorded ahead would count it as ended (and
        # not running) while the pupil is still there.
        raise ServiceError(
            "The placement's last day cannot be in the future: record the end when it has happened",
            field="ends_on",
        )
    _check_placement_dates(placement.pupil, placement.starts_on, ends_on, exclude_pk=placement.pk)
    placement.ends_on, placement.outcome, placement.outcome_detail = ends_on, outcome, outcome_detail.strip()
    save_with_history(placement, actor=actor, reason=reason)
    placement_spend_sync(placement, actor=actor, reason=reason)  # an early end costs less
    common.involved(placement.pupil, ends_on, actor=actor, reason=reason)
    return placement


def latest_qa_visit(provider: APProvider) -> QAVisit | None:
    return QAVisit.objects.filter(provider=provider).order_by("-visited_on", "-pk").first()


def _refuse_unsuitable_provider(provider: APProvider) -> None:
    """No new placement with a provider whose latest quality assurance visit found it not suitable."""
    latest = latest_qa_visit(provider)
    if latest is not None and latest.outcome == QAOutcome.UNSUITABLE:
        raise ServiceError(
            f"{provider.name} was found not suitable at its last quality assurance visit, on "
            f"{latest.visited_on.day} {latest.visited_on:%B %Y}. Choose another provider",
            field="provider",
        )


@dataclass(frozen=True)
class ReviewDue:
    """When a placement's next review is due, and whether that day has passed. No date once the
    placement has ended."""

    due_on: dt.date | None
    overdue: bool


def placement_has_ended(placement: APPlacement, today: dt.date | None = None) -> bool:
    """Ended once its outcome is recorded or its last day has passed."""
    today = today or timezone.localdate()
    return bool(placement.outcome) or (placement.ends_on is not None and placement.ends_on < today)


def placement_review_due(placement: APPlacement, today: dt.date | None = None) -> ReviewDue:
    """The next review is the date the last review set; when it set none, or there has been no
    review yet, it is one review cycle after the last review or the start. Reads the placement's
    reviews through prefetch_related when the caller prefetched them, or uses the review_due_on
    annotation of inclusion.selectors.placements_page when it is there."""
    today = today or timezone.localdate()
    if placement_has_ended(placement, today):
        return ReviewDue(None, False)
    annotated = getattr(placement, "review_due_on", None)
    if annotated is not None:
        return ReviewDue(annotated, annotated < today)
    reviews = sorted(placement.reviews.all(), key=lambda r: (r.reviewed_on, r.pk))
    last = reviews[-1] if reviews else None
    if last is not None and last.next_review_on is not None:
        due = last.next_review_on
    else:
        due = (last.reviewed_on if last else placement.starts_on) + dt.timedelta(weeks=placement.review_weeks)
    return ReviewDue(due, due < today)


@transaction.atomic
def placement_review(
    *,
    actor,
    ctx,
    placement: APPlacement,
    attendance_notes: str = "",
    progress_notes: str,
    next_review_on: dt.date | None,
    reason: str,
) -> PlacementReview:
    """A review on the placement's cycle. With no next date, the next review falls one cycle on."""
    rules.require_manager_or_staff_for_pupils(
        ctx, rules.inclusion_partnership_of(placement.pupil.home_school, ctx.partnership)
    )
    common.require_reason(reason)
    today = timezone.localdate()
    if placement_has_ended(placement, today):
        raise ServiceError("This placement has ended, so it can no longer be reviewed")
    if placement.starts_on > today:
        raise ServiceError("This placement has not started yet, so it cannot be reviewed")
    if not progress_notes.strip():
        raise ServiceError("Enter how the pupil is getting on", field="progress_notes")
    if next_review_on is not None and next_review_on <= today:
        raise ServiceError("The next review must be after today", field="next_review_on")
    review = save_with_history(
        PlacementReview(
            placement=placement,
            reviewed_on=today,
            attendance_notes=attendance_notes.strip(),
            progress_notes=progress_notes.strip(),
            next_review_on=next_review_on,
            reviewed_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    common.involved(placement.pupil, today, actor=actor, reason=reason)
    return review


@transaction.atomic
def provider_update(
    *,
    actor,
    ctx,
    provider: APProvider,
    name: str,
    registration: str = "",
    urn=None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    reason: str,
) -> APProvider:
    """Change a provider's details: the same rules as adding one, and the name stays unique."""
    rules.require_provider_manager(ctx)
    if provider.partnership_id != ctx.partnership.pk:
        raise NotAllowed("another partnership's provider")
    common.require_reason(reason)
    if not name.strip():
        raise ServiceError("Enter the provider's name", field="name")

    def name_taken() -> ServiceError | None:
        same_name = APProvider.objects.filter(partnership=ctx.partnership, name__iexact=name.strip())
        if same_name.exclude(pk=provider.pk).exists():
            return ServiceError("A provider with this name is already in the directory", field="name")
        return None

    if (refused := name_taken()) is not None:
        raise refused
    provider.name = name.strip()
    provider.registration = registration.strip()
    provider.urn = urn
    provider.contact_name = contact_name.strip()
    provider.contact_email = contact_email.strip()
    provider.contact_phone = contact_phone.strip()
    return common.save_or_refuse(provider, actor=actor, reason=reason, refusal=name_taken)
