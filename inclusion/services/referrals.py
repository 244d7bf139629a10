"""Writes of at-risk referrals: the home school refers a pupil; the inclusion partnership agrees
a plan, reviews it and closes the referral."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from inclusion import rules
from inclusion.models import (
    PlanReview,
    PlanType,
    Pupil,
    Referral,
    ReferralStatus,
)
from inclusion.services import common
from partnership.access import NotAllowed
from partnership.auditing import save_with_history
from partnership.services import ServiceError

# --- At-risk referrals ------------------------------------------------------------------------------


@transaction.atomic
def referral_create(*, actor, ctx, pupil: Pupil, reasons: str, support_tried: str, reason: str) -> Referral:
    """The home school refers a pupil at risk of exclusion to its inclusion partnership."""
    school = pupil.home_school
    if not rules.may_refer(ctx, pupil) or not rules.may_see_pupils_of(ctx, school):
        raise NotAllowed("only the home school's designated staff refer a pupil")
    common.require_reason(reason)
    if not reasons.strip():
        raise ServiceError("Enter why the pupil is at risk", field="reasons")
    if not support_tried.strip():
        raise ServiceError("Enter the support the school has already tried", field="support_tried")
    already = _open_referral_refusal(pupil)
    if already is not None:
        raise already
    # The database holds one open referral per pupil: a second made at the same moment is refused
    # with the same message.
    referral = common.save_or_refuse(
        Referral(
            pupil=pupil,
            inclusion_partnership=rules.inclusion_partnership_of(school, ctx.partnership),
            referring_school=school,
            reasons=reasons.strip(),
            support_tried=support_tried.strip(),
            referred_by=actor,
        ),
        actor=actor,
        reason=reason,
        refusal=lambda: _open_referral_refusal(pupil),
    )
    common.involved(pupil, referral.referred_on, actor=actor, reason=reason)
    return referral


class OpenReferralExists(ServiceError):
    """A pupil has at most one open referral: the refusal names when the open one was made."""

    def __init__(self, open_referral: Referral):
        day = open_referral.referred_on
        super().__init__(
            f"{open_referral.pupil.full_name} already has an open referral, made on {day.day} "
            f"{day:%B %Y}. Tell the partnership what has changed, or ask it to close that referral, "
            "rather than making another"
        )


def _open_referral_refusal(pupil: Pupil) -> OpenReferralExists | None:
    open_referral = (
        Referral.objects.filter(pupil=pupil)
        .exclude(status=ReferralStatus.CLOSED)
        .select_related("pupil")
        .first()
    )
    return OpenReferralExists(open_referral) if open_referral is not None else None


@transaction.atomic
def referral_agree_plan(
    *, actor, ctx, referral: Referral, plan_type: str, detail: str, next_review_on: dt.date, reason: str
) -> Referral:
    rules.require_manager_or_staff_for_pupils(ctx, referral.inclusion_partnership)
    common.require_reason(reason)
    if plan_type not in PlanType.values:
        raise ServiceError("Select the plan agreed", field="plan_type")
    if referral.status == ReferralStatus.CLOSED:
        raise ServiceError("This referral is closed")
    today = timezone.localdate()
    if next_review_on is None or next_review_on <= today:
        raise ServiceError("The first review must be after today", field="next_review_on")
    referral.plan_type, referral.plan_detail = plan_type, detail.strip()
    referral.plan_agreed_on, referral.plan_agreed_by = today, actor
    referral.next_review_on, referral.status = next_review_on, ReferralStatus.PLAN_AGREED
    save_with_history(referral, actor=actor, reason=reason)
    common.involved(referral.pupil, today, actor=actor, reason=reason)
    return referral


@transaction.atomic
def referral_review(*, actor, ctx, referral: Referral, notes: str, next_review_on, reason: str) -> PlanReview:
    rules.require_manager_or_staff_for_pupils(ctx, referral.inclusion_partnership)
    common.require_reason(reason)
    today = timezone.localdate()
    if next_review_on is not None and next_review_on <= today:
        raise ServiceError("The next review must be after today", field="next_review_on")
    review = save_with_history(
        PlanReview(
            referral=referral,
            reviewed_on=today,
            notes=notes.strip(),
            next_review_on=next_review_on,
            reviewed_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    referral.next_review_on = next_review_on
    save_with_history(referral, actor=actor, reason=reason)
    common.involved(referral.pupil, today, actor=actor, reason=reason)
    return review


@transaction.atomic
def referral_close(*, actor, ctx, referral: Referral, reason: str) -> Referral:
    rules.require_manager_or_staff_for_pupils(ctx, referral.inclusion_partnership)
    common.require_reason(reason)
    referral.status, referral.closed_on, referral.next_review_on = (
        ReferralStatus.CLOSED,
        timezone.localdate(),
        None,
    )
    save_with_history(referral, actor=actor, reason=reason)
    common.involved(referral.pupil, referral.closed_on, actor=actor, reason=reason)
    return referral
