"""Writes of at-risk referrals: the home school refers a pupil; the inclusion partnership agrees
a plan, reviews it and closes the referral."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from inclusion import rules
from inclusion.models import (
    AtRiskCase,
    CaseStatus,
    PlanReview,
    PlanType,
    Pupil,
)
from inclusion.services import common
from partnership.access import NotAllowed
from partnership.auditing import save_with_history
from partnership.services import ServiceError

# --- At-risk cases ------------------------------------------------------------------------------


@transaction.atomic
def case_refer(*, actor, ctx, pupil: Pupil, reasons: str, support_tried: str, reason: str) -> AtRiskCase:
    """The home school refers a pupil at risk of exclusion to its inclusion partnership."""
    school = pupil.home_school
    if not rules.may_refer(ctx, pupil) or not rules.may_see_pupils_of(ctx, school):
        raise NotAllowed("only the home school's designated staff refer a pupil")
    common.require_reason(reason)
    if not reasons.strip():
        raise ServiceError("Enter why the pupil is at risk", field="reasons")
    if not support_tried.strip():
        raise ServiceError("Enter the support the school has already tried", field="support_tried")
    case = save_with_history(
        AtRiskCase(
            pupil=pupil,
            inclusion_partnership=rules.inclusion_partnership_of(school, ctx.partnership),
            referring_school=school,
            reasons=reasons.strip(),
            support_tried=support_tried.strip(),
            referred_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    common.involved(pupil, case.referred_on, actor=actor, reason=reason)
    return case


@transaction.atomic
def case_agree_plan(
    *, actor, ctx, case: AtRiskCase, plan_type: str, detail: str, next_review_on: dt.date, reason: str
) -> AtRiskCase:
    rules.require_manager_or_staff_for_pupils(ctx, case.inclusion_partnership)
    common.require_reason(reason)
    if plan_type not in PlanType.values:
        raise ServiceError("Select the plan agreed", field="plan_type")
    if case.status == CaseStatus.CLOSED:
        raise ServiceError("This referral is closed")
    today = timezone.localdate()
    if next_review_on is None or next_review_on <= today:
        raise ServiceError("The first review must be after today", field="next_review_on")
    case.plan_type, case.plan_detail = plan_type, detail.strip()
    case.plan_agreed_on, case.plan_agreed_by = today, actor
    case.next_review_on, case.status = next_review_on, CaseStatus.PLAN_AGREED
    save_with_history(case, actor=actor, reason=reason)
    common.involved(case.pupil, today, actor=actor, reason=reason)
    return case


@transaction.atomic
def case_review(*, actor, ctx, case: AtRiskCase, notes: str, next_review_on, reason: str) -> PlanReview:
    rules.require_manager_or_staff_for_pupils(ctx, case.inclusion_partnership)
    common.require_reason(reason)
    today = timezone.localdate()
    if next_review_on is not None and next_review_on <= today:
        raise ServiceError("The next review must be after today", field="next_review_on")
    review = save_with_history(
        PlanReview(
            case=case,
            reviewed_on=today,
            notes=notes.strip(),
            next_review_on=next_review_on,
            reviewed_by=actor,
        ),
        actor=actor,
        reason=reason,
    )
    case.next_review_on = next_review_on
    save_with_history(case, actor=actor, reason=reason)
    common.involved(case.pupil, today, actor=actor, reason=reason)
    return review


@transaction.atomic
def case_close(*, actor, ctx, case: AtRiskCase, reason: str) -> AtRiskCase:
    rules.require_manager_or_staff_for_pupils(ctx, case.inclusion_partnership)
    common.require_reason(reason)
    case.status, case.closed_on, case.next_review_on = CaseStatus.CLOSED, timezone.localdate(), None
    save_with_history(case, actor=actor, reason=reason)
    common.involved(case.pupil, case.closed_on, actor=actor, reason=reason)
    return case
