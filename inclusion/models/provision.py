"""Alternative provision: providers, their quality assurance visits, placements and reviews."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from inclusion.models.pupils import Pupil
from inclusion.models.referrals import Referral


class APProvider(models.Model):
    """An alternative provision provider in the partnership's directory."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    registration = models.CharField(
        "registration", max_length=100, blank=True, help_text="Ofsted or DfE registration, if any."
    )
    urn = models.PositiveIntegerField("URN", null=True, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)

    history = HistoricalRecords(table_name="support_historicalapprovider")

    class Meta:
        db_table = "support_approvider"
        ordering = ["name"]
        constraints = [
            # Unique whatever the capitals: "Oak Centre" and "oak centre" are one provider.
            models.UniqueConstraint("partnership", Lower("name"), name="ap_provider_names_unique")
        ]

    def __str__(self) -> str:
        return self.name


class QAOutcome(models.TextChoices):
    MEETS = "meets", "Meets the standard"
    IMPROVEMENT = "improvement", "Improvement needed"
    UNSUITABLE = "unsuitable", "Not suitable: do not place"


class QAVisit(models.Model):
    provider = models.ForeignKey(APProvider, on_delete=models.CASCADE, related_name="qa_visits")
    visited_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=QAOutcome.choices)
    notes = models.TextField(blank=True)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(table_name="support_historicalqavisit")

    class Meta:
        db_table = "support_qavisit"
        ordering = ["provider", "-visited_on"]

    def __str__(self) -> str:
        return f"Quality assurance visit to {self.provider}"


class FundingSource(models.TextChoices):
    PARTNERSHIP = "partnership", "The inclusion partnership's allocation"
    SCHOOL = "school", "The home school"
    HIGH_NEEDS = "high_needs", "LA high needs funding"
    OTHER = "other", "Other"


class PlacementOutcome(models.TextChoices):
    REINTEGRATED = "reintegrated", "Reintegrated into mainstream"
    SPECIALIST = "specialist", "Moved to a specialist place"
    OTHER = "other", "Other"


class APPlacement(models.Model):
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="placements")
    provider = models.ForeignKey(APProvider, on_delete=models.PROTECT, related_name="placements")
    referral = models.ForeignKey(
        Referral,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        db_column="case_id",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="The last day of the placement.")
    agreed_ends_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day agreed when the placement was made: the cost is for the days to then.",
    )
    days_per_week = models.DecimalField(max_digits=2, decimal_places=1)
    cost = models.DecimalField(max_digits=10, decimal_places=2)
    funding_source = models.CharField(max_length=20, choices=FundingSource.choices)
    review_weeks = models.PositiveSmallIntegerField("review every (weeks)", default=6)
    outcome = models.CharField(max_length=20, choices=PlacementOutcome.choices, blank=True)
    outcome_detail = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(table_name="support_historicalapplacement")

    class Meta:
        db_table = "support_applacement"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="placement_days_half_to_five",
                condition=Q(days_per_week__gte=Decimal("0.5"), days_per_week__lte=5),
            ),
            models.CheckConstraint(
                name="placement_does_not_end_before_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            ),
            models.CheckConstraint(name="placement_cost_not_negative", condition=Q(cost__gte=0)),
            models.CheckConstraint(name="placement_review_cycle_positive", condition=Q(review_weeks__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} at {self.provider}"


class PlacementReview(models.Model):
    """A review of an AP placement on its review cycle: how the pupil is attending and getting on,
    and when the next review is due (none when the placement is about to end)."""

    placement = models.ForeignKey(APPlacement, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    attendance_notes = models.TextField("attendance", blank=True)
    progress_notes = models.TextField("progress", blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(table_name="support_historicalplacementreview")

    class Meta:
        db_table = "support_placementreview"
        ordering = ["placement", "reviewed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="placement_next_review_after_review",
                condition=Q(next_review_on__isnull=True) | Q(next_review_on__gt=models.F("reviewed_on")),
            )
        ]

    def __str__(self) -> str:
        return f"Review of {self.placement} on {self.reviewed_on}"
