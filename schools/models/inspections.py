"""Ofsted inspections under both frameworks, kept apart: the grades cannot be compared."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

# The last inspections that could judge a school "Satisfactory" were before September 2012.
SATISFACTORY_LAST_USED = dt.date(2012, 8, 31)
REPORT_CARDS_FROM = dt.date(2025, 11, 10)


class Framework(models.TextChoices):
    LEGACY = "legacy", "Overall effectiveness judgement"
    REPORT_CARD = "report_card", "Report card"


class OverallGrade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    SATISFACTORY = "satisfactory", "Satisfactory"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires Improvement"
    INADEQUATE = "inadequate", "Inadequate"


class Area(models.TextChoices):
    INCLUSION = "inclusion", "Inclusion"
    CURRICULUM_AND_TEACHING = "curriculum_and_teaching", "Curriculum and teaching"
    ACHIEVEMENT = "achievement", "Achievement"
    ATTENDANCE_AND_BEHAVIOUR = "attendance_and_behaviour", "Attendance and behaviour"
    PERSONAL_DEVELOPMENT = "personal_development", "Personal development and well-being"
    LEADERSHIP_AND_GOVERNANCE = "leadership_and_governance", "Leadership and governance"
    EARLY_YEARS = "early_years", "Early years"
    SIXTH_FORM = "sixth_form", "Sixth form"


CORE_AREAS = [a for a in Area if a not in {Area.EARLY_YEARS, Area.SIXTH_FORM}]


class AreaGrade(models.TextChoices):
    EXCEPTIONAL = "exceptional", "Exceptional"
    STRONG_STANDARD = "strong_standard", "Strong standard"
    EXPECTED_STANDARD = "expected_standard", "Expected standard"
    NEEDS_ATTENTION = "needs_attention", "Needs attention"
    URGENT_IMPROVEMENT = "urgent_improvement", "Urgent improvement"


CONCERN_GRADES = {AreaGrade.NEEDS_ATTENTION, AreaGrade.URGENT_IMPROVEMENT}


class Inspection(models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="inspections")
    framework = models.CharField(max_length=20, choices=Framework.choices)
    inspected_on = models.DateField("inspection date")
    # Legacy inspections only: report cards have no overall grade, and none is ever derived.
    overall = models.CharField(
        "overall effectiveness", max_length=30, choices=OverallGrade.choices, blank=True
    )
    # Report cards only.
    safeguarding_met = models.BooleanField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-inspected_on"]
        indexes = [models.Index(fields=["school", "-inspected_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "inspected_on", "framework"], name="one_inspection_per_day"
            ),
            models.CheckConstraint(
                name="legacy_has_overall_report_card_has_none",
                condition=(Q(framework="legacy", safeguarding_met__isnull=True) & ~Q(overall=""))
                | Q(framework="report_card", overall=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.inspected_on}: {self.outcome_label}"

    @property
    def is_report_card(self) -> bool:
        return self.framework == Framework.REPORT_CARD

    @property
    def outcome_label(self) -> str:
        if self.is_report_card:
            return "Report card"
        return self.get_overall_display()


class InspectionAreaGrade(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="area_grades")
    area = models.CharField(max_length=40, choices=Area.choices)
    grade = models.CharField(max_length=30, choices=AreaGrade.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "area"]
        constraints = [models.UniqueConstraint(fields=["inspection", "area"], name="one_grade_per_area")]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_grade_display()}"
