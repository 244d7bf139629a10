"""Reads of the termly brief for governors, scoped to the person by support.rules (decision 0036)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from partnership.access import NotVisible, PartnershipContext
from partnership.models import User
from support import rules
from support.models import Objective, ObjectiveRating, ProgressReview, SupportCase, TermlyBrief
from support.models.agreements import AgreementStatus
from support.models.briefs import BriefStatus
from support.models.reviews import Rating, ReviewStatus

from .cases import headteachers_of


@dataclass(frozen=True)
class ObjectiveFact:
    description: str
    target_date: dt.date
    rating: str  # "On track", "At risk", "Off track", or "" before the first rated review
    rated_on: dt.date | None


@dataclass(frozen=True)
class BriefFacts:
    """What a brief tells governors: in the words and dates of the moment it was approved."""

    status: str
    objectives: list[ObjectiveFact]
    next_review: dt.date | None

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "objectives": [
                {
                    "description": o.description,
                    "target_date": o.target_date.isoformat(),
                    "rating": o.rating,
                    "rated_on": o.rated_on.isoformat() if o.rated_on else None,
                }
                for o in self.objectives
            ],
            "next_review": self.next_review.isoformat() if self.next_review else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> BriefFacts:
        def day(value):
            return dt.date.fromisoformat(value) if value else None

        return cls(
            status=data.get("status", ""),
            objectives=[
                ObjectiveFact(
                    o["description"], day(o["target_date"]), o.get("rating", ""), day(o.get("rated_on"))
                )
                for o in data.get("objectives", [])
            ],
            next_review=day(data.get("next_review")),
        )


def brief_facts(case: SupportCase) -> BriefFacts:
    """The case as it stands now: its status, the objectives of the support it has not declined,
    each with its rating at the last review that rated it, and the next review due. Two queries."""
    last = ObjectiveRating.objects.filter(objective=OuterRef("pk")).order_by(
        "-review__held_on", "-review__pk"
    )
    objectives = (
        Objective.objects.filter(agreement__case=case)
        .exclude(agreement__status=AgreementStatus.DECLINED)
        .annotate(
            last_rating=Subquery(last.values("rating")[:1]),
            rated_on=Subquery(last.values("review__held_on")[:1]),
        )
        .order_by("target_date", "pk")
    )
    next_review = (
        ProgressReview.objects.filter(agreement__case=case, status=ReviewStatus.DUE)
        .exclude(agreement__status__in=[AgreementStatus.DECLINED, AgreementStatus.ENDED])
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )
    return BriefFacts(
        status=case.status_label,
        objectives=[
            ObjectiveFact(
                o.description,
                o.target_date,
                Rating(o.last_rating).label if o.last_rating else "",
                o.rated_on,
            )
            for o in objectives
        ],
        next_review=next_review,
    )


def visible_briefs(ctx: PartnershipContext) -> QuerySet[TermlyBrief]:
    return rules.scoped_briefs(ctx, TermlyBrief.objects.all())


def brief_for(ctx: PartnershipContext, brief_id: int) -> TermlyBrief:
    """A brief this person may read, or a 404, whether or not it exists (a draft, to a governor)."""
    brief = (
        visible_briefs(ctx)
        .filter(pk=brief_id)
        .select_related("case__school", "case__partnership", "approved_by")
        .first()
    )
    if brief is None:
        raise NotVisible(f"brief {brief_id} is not visible in {ctx.partnership.slug}")
    return brief


@dataclass(frozen=True)
class BriefPage:
    brief: TermlyBrief
    # Frozen at approval; until then, the case as it stands, which is what approving would freeze.
    facts: BriefFacts
    heads: list[User]
    actions: rules.BriefActions
    earlier: list[TermlyBrief]


def brief_page(ctx: PartnershipContext, brief_id: int) -> BriefPage:
    brief = brief_for(ctx, brief_id)
    heads = headteachers_of(ctx.partnership, brief.case.school_id)
    facts = BriefFacts.from_json(brief.facts) if brief.is_approved else brief_facts(brief.case)
    earlier = list(
        visible_briefs(ctx).filter(case_id=brief.case_id).exclude(pk=brief.pk).order_by("-term_starts_on")
    )
    return BriefPage(
        brief=brief,
        facts=facts,
        heads=heads,
        actions=rules.brief_actions(ctx, brief, school_has_head=bool(heads)),
        earlier=earlier,
    )


def governor_briefs(ctx: PartnershipContext) -> list[TermlyBrief]:
    """The latest approved brief of each case at the schools this person governs. One query."""
    governed = ctx.school_ids(*rules.GOVERNOR_ROLES)
    if not governed:
        return []
    latest: dict[int, TermlyBrief] = {}
    for brief in (
        visible_briefs(ctx)
        .filter(case__school_id__in=governed, status=BriefStatus.APPROVED)
        .select_related("case__school")
        .order_by("case__school__name", "-term_starts_on", "-pk")
    ):
        latest.setdefault(brief.case_id, brief)
    return list(latest.values())
