from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class CaseStatus(models.TextChoices):
    IDENTIFIED = "identified", "Identified"
    NEEDS_ANALYSED = "needs_analysed", "Needs analysed"
    SUPPORT_AGREED = "support_agreed", "Support agreed"
    IN_DELIVERY = "in_delivery", "In delivery"
    UNDER_REVIEW = "under_review", "Under review"
    ESCALATED = "escalated", "Escalated"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = [s for s in CaseStatus if s != CaseStatus.CLOSED]


class CaseSource(models.TextChoices):
    TRIGGER = "trigger", "A trigger on the schools list"
    SCHOOL_REQUEST = "school_request", "The school asked for support"
    OFFICER = "officer", "An LA officer's knowledge of the school"


class Closure(models.TextChoices):
    COMPLETED = "completed", "Support completed"
    WITHOUT_COMPLETION = "without_completion", "Closed without completion"


class ClosureReason(models.TextChoices):
    """Why a case closed before support was delivered and reviewed."""

    SCHOOL_CLOSED = "school_closed", "The school closed"
    SCHOOL_CONVERTED = "school_converted", "The school converted to an academy or joined another trust"
    SUPPORT_WITHDRAWN = "support_withdrawn", "The support was withdrawn"
    SCHOOL_DECLINED = "school_declined", "The school declined the support"


class SupportCase(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="support_cases"
    )
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="support_cases")
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.IDENTIFIED)
    source = models.CharField("opened from", max_length=20, choices=CaseSource.choices)
    source_flag = models.ForeignKey(
        "schools.NeedsFlag", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_cases",
        verbose_name="lead LA officer",
    )
    opened_on = models.DateField(default=timezone.localdate)
    needs_analysis = models.TextField("needs analysis", blank=True)
    evidence = models.TextField(
        "evidence", blank=True, help_text="Inspection, performance and local intelligence."
    )
    school_view = models.TextField("the school's own view", blank=True)
    priorities = models.ManyToManyField("partnership.Priority", blank=True, related_name="+")
    shared_with_board = models.BooleanField(
        "shared with the board",
        default=False,
        help_text="Board members see only totals unless a case is shared.",
    )
    closed_on = models.DateField(null=True, blank=True)
    closure = models.CharField("how the case closed", max_length=20, choices=Closure.choices, blank=True)
    closure_reason = models.CharField(
        "why it closed without completion", max_length=20, choices=ClosureReason.choices, blank=True
    )
    impact_statement = models.TextField(blank=True)
    evidence_before = models.TextField("evidence before support", blank=True)
    evidence_after = models.TextField("evidence after support", blank=True)

    history = HistoricalRecords(m2m_fields=[priorities])

    class Meta:
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["partnership", "status"]),
            models.Index(fields=["partnership", "lead_officer", "status"]),
            models.Index(fields=["school", "status"]),
        ]
        constraints = [
            # Only a closed case says how it closed, and one closed without completion says why.
            # (The closing service always says how; a case closed before this was recorded is
            # taken as completed, as the migration records.)
            models.CheckConstraint(
                name="closed_case_says_how",
                condition=(models.Q(status="closed") | models.Q(closure=""))
                & (~models.Q(closure="without_completion") | ~models.Q(closure_reason="")),
            ),
            # Two officers opening a case for one school at the same moment get one case.
            models.UniqueConstraint(
                fields=["partnership", "school"],
                condition=~models.Q(status="closed"),
                name="one_open_support_case_per_school",
            ),
        ]

    def __str__(self) -> str:
        return f"Support for {self.school}"

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    @property
    def closed_without_completion(self) -> bool:
        return self.is_closed and self.closure == Closure.WITHOUT_COMPLETION

    @property
    def status_label(self) -> str:
        """The status as people read it: a case closed early says so."""
        return (
            Closure.WITHOUT_COMPLETION.label if self.closed_without_completion else self.get_status_display()
        )


class Intervention(models.TextChoices):
    EXTRA_PACKAGE = "extra_package", "An extra commissioned package of support"
    WARNING_NOTICE = "warning_notice", "A warning notice"
    DIOCESE_REFERRAL = "diocese_referral", "A referral to the diocese"
    TRUST_REFERRAL = "trust_referral", "A referral to the trust"
    OTHER = "other", "Other intervention"


class Escalation(models.Model):
    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="escalations")
    reason = models.TextField()
    intervention = models.CharField(max_length=30, choices=Intervention.choices)
    intervention_detail = models.TextField("details of the intervention", blank=True)
    decision_maker = models.CharField(
        max_length=200, help_text="Who decided, for example the head of service."
    )
    escalated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    escalated_on = models.DateField(default=timezone.localdate)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-escalated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_intervention_display()} ({self.escalated_on})"


class CaseWatch(models.Model):
    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="watches")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="watch_a_case_once")]

    def __str__(self) -> str:
        return f"{self.user} watches {self.case}"
