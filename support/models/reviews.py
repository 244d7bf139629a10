from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ReviewStatus(models.TextChoices):
    DUE = "due", "Due"
    RATED = "rated", "Rated: waiting for quality assurance"
    QUALITY_ASSURED = "quality_assured", "Quality-assured"


class Rating(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"


class QaJudgement(models.TextChoices):
    SECURE = "secure", "Secure: the ratings are supported by the evidence"
    NEEDS_MORE = "needs_more", "Needs more evidence"
    NOT_SECURE = "not_secure", "Not secure: the ratings are not supported"


class ProgressReview(models.Model):
    agreement = models.ForeignKey(
        "support.SupportAgreement", on_delete=models.CASCADE, related_name="reviews"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DUE)
    held_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    school_comment = models.TextField("the school's comment", blank=True)
    qa_judgement = models.CharField(
        "quality assurance", max_length=20, choices=QaJudgement.choices, blank=True
    )
    qa_comment = models.TextField(blank=True)
    qa_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    qa_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"Review due {self.due_on}"

    @property
    def is_overdue(self) -> bool:
        return self.status == ReviewStatus.DUE and self.due_on < timezone.localdate()


class ObjectiveRating(models.Model):
    review = models.ForeignKey(ProgressReview, on_delete=models.CASCADE, related_name="ratings")
    objective = models.ForeignKey("support.Objective", on_delete=models.CASCADE, related_name="ratings")
    rating = models.CharField(max_length=20, choices=Rating.choices)
    comment = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "objective"], name="rate_an_objective_once")]

    def __str__(self) -> str:
        return f"{self.objective}: {self.get_rating_display()}"
