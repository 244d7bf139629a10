"""Schools that may need support: configurable triggers and the flags they raise."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class TriggerKind(models.TextChoices):
    INSPECTION_BELOW_GOOD = (
        "inspection_below_good",
        "Latest inspection judged Requires Improvement or Inadequate",
    )
    REPORT_CARD_CONCERN = (
        "report_card_concern",
        "Latest report card grades an area needs attention or urgent improvement",
    )
    SAFEGUARDING_NOT_MET = "safeguarding_not_met", "Latest report card: safeguarding not met"
    KS2_BELOW_LA = (
        "ks2_below_la",
        "KS2 reading, writing and maths at the expected standard well below the LA average",
    )
    KS2_PROGRESS_WELL_BELOW = (
        "ks2_progress_well_below",
        "KS2 progress in reading, writing or maths well below average",
    )
    KS4_PROGRESS_WELL_BELOW = "ks4_progress_well_below", "KS4 Progress 8 well below average"
    THREE_YEAR_DECLINE = "three_year_decline", "Results fell in each of the last three years"
    INSPECTION_OVERDUE = "inspection_overdue", "No inspection for a long time"


# kind -> (on unless the partnership says otherwise, threshold, what the threshold means)
TRIGGER_DEFAULTS: dict[str, tuple[bool, Decimal | None, str]] = {
    TriggerKind.INSPECTION_BELOW_GOOD: (True, None, ""),
    TriggerKind.REPORT_CARD_CONCERN: (True, None, ""),
    TriggerKind.SAFEGUARDING_NOT_MET: (True, None, ""),
    TriggerKind.KS2_BELOW_LA: (True, Decimal("10"), "percentage points below the LA average"),
    TriggerKind.KS2_PROGRESS_WELL_BELOW: (True, None, ""),
    TriggerKind.KS4_PROGRESS_WELL_BELOW: (True, None, ""),
    TriggerKind.THREE_YEAR_DECLINE: (True, None, ""),
    # Off by default: with register data that ends years ago it would flag every school.
    TriggerKind.INSPECTION_OVERDUE: (False, Decimal("5"), "years since the last inspection"),
}


# The triggers that judge a school by its inspection. A special school or alternative provision is
# judged by these only: comparing its results with the mainstream average says nothing about it.
INSPECTION_TRIGGERS = frozenset(
    {
        TriggerKind.INSPECTION_BELOW_GOOD,
        TriggerKind.REPORT_CARD_CONCERN,
        TriggerKind.SAFEGUARDING_NOT_MET,
        TriggerKind.INSPECTION_OVERDUE,
    }
)

# Kinds of school the partnership does not cover (its terms of reference: state-funded schools).
NOT_COVERED_TYPE_GROUPS = frozenset(
    {
        "Independent schools",
        "Colleges",
        "Universities",
        "Welsh schools",
        "Children's centres",
        "Online provider",
    }
)


def judged_by_inspection_only(school) -> bool:
    """Special schools and alternative provision (pupil referral units, AP academies)."""
    kind = f"{school.type_group} {school.establishment_type}".lower()
    return any(word in kind for word in ("special", "pupil referral", "alternative provision"))


class TriggerSetting(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="trigger_settings"
    )
    kind = models.CharField(max_length=40, choices=TriggerKind.choices)
    enabled = models.BooleanField(default=True)
    threshold = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "kind"], name="one_setting_per_trigger")
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.get_kind_display()}"


class FlagStatus(models.TextChoices):
    OPEN = "open", "Open"
    DISMISSED = "dismissed", "Dismissed"
    CLEARED = "cleared", "No longer applies"


class NeedsFlag(models.Model):
    """One trigger firing for one school on one piece of evidence.

    A dismissal holds for that evidence; new evidence (a new inspection, a new year's results)
    raises a new flag.
    """

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="needs_flags"
    )
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="needs_flags")
    kind = models.CharField(max_length=40, choices=TriggerKind.choices)
    evidence_key = models.CharField(max_length=100)
    evidence = models.TextField()
    # When the evidence is from (the inspection's date, or the end of the results' academic year),
    # and how far below the mark it is where a trigger measures that (points below the LA average).
    evidence_on = models.DateField(null=True, blank=True)
    shortfall = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    status = models.CharField(max_length=20, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    raised_at = models.DateTimeField(default=timezone.now)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissal_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["school__name", "kind"]
        indexes = [models.Index(fields=["partnership", "status", "school"])]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "school", "kind", "evidence_key"],
                name="one_flag_per_evidence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_kind_display()}"
