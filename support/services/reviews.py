from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from partnership.access import PartnershipContext
from partnership.auditing import save_with_history
from partnership.models import MessageKind
from partnership.services import ServiceError, messages_done, notify
from support import rules
from support.models import ObjectiveRating, ProgressReview
from support.models.cases import CaseStatus
from support.models.reviews import Rating, ReviewStatus

from .agreements import _refuse_if_ended, agreement_link
from .cases import set_status


@transaction.atomic
def review_schedule(*, actor, ctx: PartnershipContext, agreement, due_on, reason: str) -> ProgressReview:
    rules.require_caseworker(ctx)
    _refuse_if_ended(agreement)
    if due_on < agreement.starts_on:
        raise ServiceError("A review cannot be due before the support starts", field="due_on")
    return save_with_history(ProgressReview(agreement=agreement, due_on=due_on), actor=actor, reason=reason)


@transaction.atomic
def review_rate(
    *, actor, ctx, review: ProgressReview, held_on, summary: str, ratings: dict[int, tuple[str, str]]
) -> ProgressReview:
    """Rate each objective on track, at risk or off track against its outcome measure."""
    agreement = review.agreement
    rules.require_plan_keeper(ctx, agreement, "rate a review")
    _refuse_if_ended(agreement)
    if review.status != ReviewStatus.DUE:
        raise ServiceError("This review has already been rated")
    if held_on > timezone.localdate():
        raise ServiceError("The review date cannot be in the future", field="held_on")
    objectives = list(agreement.objectives.all())
    if not objectives:
        raise ServiceError("Add the agreement's objectives before rating a review")
    for objective in objectives:
        rating, comment = ratings.get(objective.pk, ("", ""))
        if rating not in Rating.values:
            raise ServiceError(f"Rate the objective: {objective}")
        save_with_history(
            ObjectiveRating(review=review, objective=objective, rating=rating, comment=comment),
            actor=actor,
            reason="Review",
        )
    review.held_on, review.summary, review.rated_by, review.status = (
        held_on,
        summary,
        actor,
        ReviewStatus.RATED,
    )
    save_with_history(review, actor=actor, reason="Rated")
    if agreement.case.status in {CaseStatus.SUPPORT_AGREED, CaseStatus.IN_DELIVERY}:
        set_status(agreement.case, CaseStatus.UNDER_REVIEW, actor=actor, reason="A progress review was rated")
    messages_done(f"review:{review.pk}:due")
    notify(
        users=[agreement.case.lead_officer],
        partnership=ctx.partnership,
        text=f"A review of the support for {agreement.case.school.name} is ready for quality assurance.",
        link=agreement_link(agreement),
        kind=MessageKind.SUPPORT,
        key=f"review:{review.pk}:qa",
    )
    return review


@transaction.atomic
def review_comment(*, actor, ctx, review: ProgressReview, comment: str) -> ProgressReview:
    rules.require_receiving_school(ctx, review.agreement.case, "adds its comment")
    _refuse_if_ended(review.agreement)
    review.school_comment = comment
    return save_with_history(review, actor=actor, reason="The school's comment")


@transaction.atomic
def review_qa(*, actor, ctx, review: ProgressReview, judgement: str, comment: str) -> ProgressReview:
    rules.require_caseworker(ctx)
    _refuse_if_ended(review.agreement)
    if review.status != ReviewStatus.RATED:
        raise ServiceError("Only a rated review can be quality-assured")
    review.qa_judgement, review.qa_comment, review.qa_by, review.qa_on = (
        judgement,
        comment,
        actor,
        timezone.localdate(),
    )
    review.status = ReviewStatus.QUALITY_ASSURED
    save_with_history(review, actor=actor, reason="Quality-assured")
    messages_done(f"review:{review.pk}:qa")
    _schedule_next_review(review, actor=actor)
    return review


def _schedule_next_review(review: ProgressReview, *, actor) -> ProgressReview | None:
    """Reviews run on the agreed cycle: once one is quality-assured, the next is due the agreed
    number of weeks after it was due, while that is within the agreement. None is added when a
    review is already waiting, or the cycle has run past the agreement's end."""
    agreement = review.agreement
    next_due = review.due_on + dt.timedelta(weeks=agreement.review_every_weeks)
    if agreement.ends_on and next_due > agreement.ends_on:
        return None
    if agreement.reviews.filter(status__in=[ReviewStatus.DUE, ReviewStatus.RATED]).exists():
        return None
    return save_with_history(
        ProgressReview(agreement=agreement, due_on=next_due),
        actor=actor,
        reason=f"The next review on the agreed cycle, every {agreement.review_every_weeks} weeks",
    )


def reviews_due_notify(*, partnership, today=None) -> int:
    """Tell lead officers of reviews that are due today or overdue (run daily by Celery beat)."""
    today = today or timezone.localdate()
    due = ProgressReview.objects.filter(
        agreement__case__partnership=partnership, status=ReviewStatus.DUE, due_on__lte=today
    ).select_related(
        "agreement__case__school", "agreement__case__lead_officer", "agreement__case__partnership"
    )
    count = 0
    for review in due:
        overdue = review.due_on < today
        notify(
            users=[review.agreement.case.lead_officer],
            partnership=partnership,
            text=f"A review of the support for {review.agreement.case.school.name} is {'overdue' if overdue else 'due today'}.",
            link=agreement_link(review.agreement),
            kind=MessageKind.SUPPORT,
            key=f"review:{review.pk}:due",
        )
        count += 1
    return count
