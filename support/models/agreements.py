from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ProviderType(models.TextChoices):
    SCHOOL = "school", "A school"
    SYSTEM_LEADER = "system_leader", "A system leader"
    TEACHING_SCHOOL_ALLIANCE = "tsa", "A teaching school alliance"
    LA_TRADED_SERVICE = "la_traded", "An LA traded service"
    TRUST = "trust", "A trust"
    EXTERNAL_AGENCY = "external", "An external agency"


class Funding(models.TextChoices):
    PARTNERSHIP_BUDGET = "partnership_budget", "The LA's partnership budget"
    GRANT = "grant", "A grant"
    TRADED_SERVICE = "traded_service", "A traded service"
    SCHOOL_FUNDED = "school_funded", "Funded by the school"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft: waiting for the school to agree"
    CHANGES_REQUESTED = "changes_requested", "The school asked for changes"
    DECLINED = "declined", "Declined by the school"
    AGREED = "agreed", "Agreed with the school"
    ENDED = "ended", "Ended"


# Waiting for the school's answer: it may still agree support it has asked to change.
WAITING_STATUSES = [AgreementStatus.DRAFT, AgreementStatus.CHANGES_REQUESTED]


class AnswerHow(models.TextChoices):
    PORTAL = "portal", "in the portal"
    PHONE = "phone", "by phone"
    LETTER = "letter", "by letter"
    EMAIL = "email", "by email"
    MEETING = "meeting", "at a meeting"


class ConflictStatus(models.TextChoices):
    CLEAR = "clear", "No conflict of interest found"
    JUSTIFIED = "justified", "Conflict recorded and justified"


class SupportAgreement(models.Model):
    case = models.ForeignKey("support.SupportCase", on_delete=models.CASCADE, related_name="agreements")
    provider_type = models.CharField(max_length=20, choices=ProviderType.choices)
    provider_school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="agreements_given"
    )
    provider_leader = models.ForeignKey(
        "schools.SystemLeader", on_delete=models.PROTECT, null=True, blank=True, related_name="agreements"
    )
    provider_network = models.ForeignKey(
        "schools.Network", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    provider_name = models.CharField("provider", max_length=200, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    days = models.DecimalField("days of support", max_digits=5, decimal_places=1)
    cost = models.DecimalField("cost (£)", max_digits=9, decimal_places=2)
    funding = models.CharField(max_length=30, choices=Funding.choices)
    priorities = models.ManyToManyField("partnership.Priority", blank=True, related_name="+")
    review_every_weeks = models.PositiveSmallIntegerField("review every (weeks)", default=6)
    status = models.CharField(max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    # The school's answer: given in the portal by its headteacher, or recorded by an LA officer
    # (answer_recorded_by) when it came by phone, letter, email or at a meeting.
    answered_how = models.CharField(
        "how the school answered", max_length=10, choices=AnswerHow.choices, blank=True
    )
    answered_for_school_by = models.CharField("who answered for the school", max_length=200, blank=True)
    answered_on = models.DateField("when the school answered", null=True, blank=True)
    answer_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    school_note = models.TextField(
        "the school's reasons or the changes it asked for", max_length=2000, blank=True
    )
    answer_document = models.FileField(
        "the school's letter or email", upload_to="support/answers/%Y/%m/", blank=True, max_length=255
    )
    conflict_status = models.CharField(
        max_length=20, choices=ConflictStatus.choices, default=ConflictStatus.CLEAR
    )
    conflicts_found = models.TextField(blank=True)
    conflict_justification = models.TextField(blank=True)
    justified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[priorities])

    class Meta:
        ordering = ["starts_on", "pk"]
        indexes = [
            models.Index(fields=["provider_leader", "status"]),
            models.Index(fields=["provider_school", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="agreement_ends_after_it_starts", condition=Q(ends_on__gte=models.F("starts_on"))
            ),
            models.CheckConstraint(name="agreement_cost_not_negative", condition=Q(cost__gte=0)),
            models.CheckConstraint(name="agreement_days_positive", condition=Q(days__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.provider_label} for {self.case.school}"

    @property
    def provider_label(self) -> str:
        if self.provider_leader_id:
            return self.provider_leader.full_name
        if self.provider_school_id:
            return self.provider_school.name
        if self.provider_network_id:
            return self.provider_network.name
        return self.provider_name


class Objective(models.Model):
    agreement = models.ForeignKey(SupportAgreement, on_delete=models.CASCADE, related_name="objectives")
    description = models.TextField("objective")
    outcome_measure = models.TextField()
    target_date = models.DateField()
    outcome = models.CharField(
        max_length=10,
        blank=True,
        choices=[("met", "Met"), ("partly_met", "Partly met"), ("not_met", "Not met")],
        help_text="Set when the case closes.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["target_date", "pk"]

    def __str__(self) -> str:
        return self.description[:80]


class Action(models.Model):
    agreement = models.ForeignKey(SupportAgreement, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("action")
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["agreement", "done_on", "due_on"])]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()


class VisitStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed: waiting for the school"
    ACCEPTED = "accepted", "Accepted by the school"
    DECLINED = "declined", "Declined by the school"
    LOGGED = "logged", "Happened and logged"


class Visit(models.Model):
    """A visit, arranged in advance with the receiving headteacher (terms of reference 14.3)."""

    agreement = models.ForeignKey(SupportAgreement, on_delete=models.CASCADE, related_name="visits")
    visit_on = models.DateField("date of the visit")
    visit_time = models.TimeField("time of the visit", null=True, blank=True)
    purpose = models.TextField()
    status = models.CharField(max_length=20, choices=VisitStatus.choices, default=VisitStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    school_comment = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["visit_on", "visit_time", "pk"]
        constraints = [
            # One proposed or arranged visit a day per agreement: the same visit is not proposed twice.
            models.UniqueConstraint(
                fields=["agreement", "visit_on"],
                condition=~Q(status="declined"),
                name="one_live_visit_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"Visit on {self.when}"

    @property
    def when(self) -> str:
        """ "5 December 2026", or "5 December 2026 at 14:00" when a time is set."""
        return f"{self.visit_on:%-d %B %Y}" + (f" at {self.visit_time:%H:%M}" if self.visit_time else "")


class LogKind(models.TextChoices):
    VISIT = "visit", "Visit"
    TRAINING = "training", "Training"
    COACHING = "coaching", "Coaching"
    REVIEW = "review", "Review"
    OTHER = "other", "Other support"


class ActionLogEntry(models.Model):
    agreement = models.ForeignKey(SupportAgreement, on_delete=models.CASCADE, related_name="log_entries")
    kind = models.CharField(max_length=20, choices=LogKind.choices)
    visit = models.OneToOneField(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="log_entry"
    )
    happened_on = models.DateField()
    hours = models.DecimalField("time spent (hours)", max_digits=5, decimal_places=1)
    what_was_done = models.TextField()
    evidence_seen = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["agreement", "-happened_on"])]
        verbose_name_plural = "action log entries"
        constraints = [models.CheckConstraint(name="log_hours_positive", condition=Q(hours__gt=0))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on}"
