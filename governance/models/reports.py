"""Term dates, and the termly and annual scrutiny reports built from frozen snapshots of figures.

A report is one version of one report for one partnership and period (a term, or a year). Its
figures are frozen in `snapshot` when it is made, so it never changes afterwards; making it again
creates the next version. The unique constraint on (partnership, period, version) is what stops two
schedulers, or a task delivered twice, from producing the same report twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class TermKind(models.TextChoices):
    AUTUMN = "autumn", "Autumn term"
    SPRING = "spring", "Spring term"
    SUMMER = "summer", "Summer term"


TERM_ORDER = [TermKind.AUTUMN, TermKind.SPRING, TermKind.SUMMER]


class Term(models.Model):
    """One term of an academic year in a partnership. The academic year is named by the calendar
    year it starts in: 2026 is 2026 to 2027."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="terms")
    academic_year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=TermKind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "academic_year", "kind"], name="one_term_of_each_kind"
            ),
            models.CheckConstraint(
                name="term_ends_after_it_starts", condition=Q(ends_on__gt=models.F("starts_on"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.academic_year if self.kind == TermKind.AUTUMN else self.academic_year + 1}"

    @property
    def key(self) -> str:
        return f"{self.academic_year}-{self.kind}"


# The most an officer may write in one box of a report's narrative: a page of the PDF, near enough.
NARRATIVE_MAX = 4000
# A section's commentary.
COMMENTARY_MAX = 2000


class ReportKind(models.TextChoices):
    TERMLY = "termly", "Termly scrutiny report"
    ANNUAL = "annual", "Annual report to the Overview and Scrutiny Committee"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be made"
    RUNNING = "running", "Being made"
    FAILED = "failed", "Failed"
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class Report(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    # "2026-autumn" for a term, "2026" for an academic year: with the version, the idempotency key.
    period = models.CharField(max_length=20)
    term = models.ForeignKey(Term, on_delete=models.PROTECT, null=True, blank=True, related_name="reports")
    academic_year = models.PositiveSmallIntegerField()
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    as_at = models.DateTimeField("figures as at", null=True, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    html = models.TextField(blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_pages = models.PositiveIntegerField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done, while it is being made.")
    progress_note = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    publish_on = models.DateField("publication date", null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    # The officer's narrative, written on the draft before it is approved (governance.reporting.
    # narrative), whose service keeps each box within its limit.
    key_messages = models.TextField(blank=True, max_length=NARRATIVE_MAX)
    activity = models.TextField("what the partnership did", blank=True, max_length=NARRATIVE_MAX)
    next_steps = models.TextField(blank=True, max_length=NARRATIVE_MAX)
    # A commentary on each section of figures, by the section's key ("needs", "casework", …).
    commentary = models.JSONField(default=dict, blank=True)
    endorsed_by = models.ForeignKey(
        "governance.Board", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    endorsed_on = models.DateField("date of endorsement", null=True, blank=True)
    narrative_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    narrative_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["snapshot", "html", "pdf", "progress", "progress_note"])

    class Meta:
        ordering = ["partnership", "-academic_year", "-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "period", "version"], name="one_report_per_period_and_version"
            ),
            models.CheckConstraint(
                name="termly_reports_name_a_term",
                condition=Q(kind="annual", term__isnull=True) | Q(kind="termly", term__isnull=False),
            ),
            models.CheckConstraint(
                name="an_endorsement_names_its_group_and_date",
                condition=Q(endorsed_by__isnull=True, endorsed_on__isnull=True)
                | Q(endorsed_by__isnull=False, endorsed_on__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return f"{self.title}, version {self.version}"

    @property
    def title(self) -> str:
        if self.kind == ReportKind.TERMLY and self.term_id:
            return f"Termly scrutiny report: {self.term}"
        return f"Annual report {self.academic_year} to {self.academic_year + 1}"

    @property
    def is_public(self) -> bool:
        """Whether the public may read it: the rule is governance.rules.public_may_read_report."""
        from governance.rules import public_may_read_report

        return public_may_read_report(self)


class CaseStudy(models.Model):
    """A closed support case the LA chose to include in reports. It is anonymised unless the
    school agreed to be named."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="case_studies"
    )
    case = models.OneToOneField("support.SupportCase", on_delete=models.CASCADE, related_name="case_study")
    summary = models.TextField(help_text="What the support was and what changed, for readers of the report.")
    school_agreed_to_be_named = models.BooleanField(default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-added_at"]
        verbose_name_plural = "case studies"

    def __str__(self) -> str:
        return f"Case study of case {self.case_id}"

    def clean(self) -> None:
        super().clean()
        if self.case_id and self.partnership_id and self.case.partnership_id != self.partnership_id:
            raise ValidationError({"case": "Choose a support case of this partnership"})


class ReportSubscriber(models.Model):
    """Someone who asked to be emailed when the partnership publishes a report."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="report_subscribers"
    )
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True)
    subscribed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "email"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "email"], name="one_subscription_per_address")
        ]

    def __str__(self) -> str:
        return self.email
