"""What a head or member of staff sees of the inclusion partnerships on their home page: a pointer for
everyone who takes part, and for a chair the referrals and exclusions in their area, counted, with
links to the lists (decision 0033). One query, the one the pointer always took, whatever the number
of partnerships or records; no pupil is named, so nothing here is a read of a pupil's record. The
counts are worked out only for the partnerships the person takes part in, and shown only to a
serving chair."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from inclusion import rules
from partnership.access import PartnershipContext
from schools.models import NetworkMembership

from ..models import ChairResponse, ExclusionConsultation, InclusionPartnership, PermanentExclusion, Referral
from .figures import academic_year_of, academic_year_span


def _count(queryset: QuerySet, field: str = "pk", *, distinct: bool = False) -> Coalesce:
    """The number of rows (or of distinct `field`) in a correlated subquery, nought if none."""
    counted = (
        queryset.order_by()
        .annotate(together=Value(1))
        .values("together")
        .annotate(n=Count(field, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def home_areas(ctx: PartnershipContext) -> list[InclusionPartnership]:
    """The inclusion partnerships this head or member of staff takes part in
    (rules.inclusion_partnerships_taken_part_in), each marked `serves_as_chair` where they chair it
    while head of a member school, and each with:
    `open_pupils` (pupils with an open referral), `waiting_plan` (of them, without an agreed plan),
    `exclusions` (permanent exclusions this academic year at the current member schools),
    `not_confirmed` (of them, without a consultation the chair confirmed) and `to_confirm`
    (consultations at those schools waiting for the chair's confirmation)."""
    today = timezone.localdate()
    year_starts, _ = academic_year_span(academic_year_of(today))
    members = NetworkMembership.objects.current(today).filter(network_id=OuterRef(OuterRef("network_id")))
    at_members = Q(school_id__in=members.values("school_id"))
    open_referrals = Referral.objects.filter(inclusion_partnership_id=OuterRef("pk"), closed_on__isnull=True)
    exclusions = PermanentExclusion.objects.filter(
        at_members, pupil__partnership=ctx.partnership, excluded_on__gte=year_starts
    )
    return list(
        rules.inclusion_partnerships_taken_part_in(ctx)
        .annotate(
            open_pupils=_count(open_referrals, "pupil", distinct=True),
            waiting_plan=_count(open_referrals.filter(plan_agreed_on__isnull=True), "pupil", distinct=True),
            exclusions=_count(exclusions),
            not_confirmed=_count(exclusions.exclude(consultation__response=ChairResponse.CONFIRMED)),
            to_confirm=_count(
                ExclusionConsultation.objects.filter(
                    at_members, pupil__partnership=ctx.partnership, response=ChairResponse.AWAITING
                )
            ),
        )
        .order_by("area")
    )
