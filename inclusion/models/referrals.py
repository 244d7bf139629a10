"""At-risk referrals: a pupil referred by their home school, the plan agreed and its reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from inclusion.models.funding import InclusionPartnership
from inclusion.models.pupils import Pupil


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", "Referred"
    PLAN_AGREED = "plan_agreed", "Plan agreed"
    CLOSED = "closed", "Closed"


class PlanType(models.TextChoices):
    IN_SCHOOL = "in_school", "In-school support"
    HOME_BASE = "home_base", "Home base provision"
    AP_PLACEMENT = "ap_placement", "Alternative provision placement"
    MANAGED_MOVE = "managed_move", "Managed move"


class Referral(models.Model):
    """A home school's referral of a pupil at risk of exclusion, and the plan the partnership agrees."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="referrals")
    inclusion_partnership = models.ForeignKey(
        InclusionPartnership, on_delete=models.PROTECT, related_name="referrals"
    )
    referring_school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField()
    support_tried = models.TextField("support already tried")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referred_on = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.REFERRED)
    plan_type = models.CharField("plan", max_length=20, choices=PlanType.choices, blank=True)
    plan_detail = models.TextField(blank=True)
    plan_agreed_on = models.DateField(null=True, blank=True)
    plan_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    next_review_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(table_name="support_historicalatriskcase")

    class Meta:
        db_table = "support_atriskcase"
        ordering = ["-referred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="agreed_plan_has_a_type",
                condition=~Q(status="plan_agreed") | ~Q(plan_type=""),
            ),
            # A pupil has at most one open referral: a second would count one child twice.
            models.UniqueConstraint(
                fields=["pupil"], condition=~Q(status="closed"), name="one_open_referral_per_pupil"
            ),
        ]

    def __str__(self) -> str:
        return f"At-risk referral of {self.pupil}"


class PlanReview(models.Model):
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="reviews", db_column="case_id"
    )
    reviewed_on = models.DateField()
    notes = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(table_name="support_historicalplanreview")

    class Meta:
        db_table = "support_planreview"
        ordering = ["referral", "reviewed_on"]

    def __str__(self) -> str:
        return f"Review of {self.referral} on {self.reviewed_on}"
