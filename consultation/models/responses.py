from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .consultations import Consultation, Invitation, Question, Section, new_token

COMMENT_MAX = 5000


class Channel(models.TextChoices):
    ONLINE = "online", "Online questionnaire"
    BRIEFING = "briefing", "Briefing"
    MEETING = "meeting", "Meeting"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"


class RespondentKind(models.TextChoices):
    HEADTEACHER = "headteacher", "Headteacher"
    GOVERNOR = "governor", "Governor"
    TEACHER = "teacher", "Teacher"
    DIOCESE = "diocese", "Diocese"
    TEACHING_SCHOOL = "teaching_school", "Teaching school"
    UNIVERSITY = "university", "University"
    PARENT = "parent", "Parent"
    LA_STAFF = "la_staff", "LA staff"
    OTHER = "other", "Other"


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "Saved, not yet sent"
    SUBMITTED = "submitted", "Sent"


class Response(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    respondent_kind = models.CharField("kind of respondent", max_length=30, choices=RespondentKind.choices)
    organisation = models.CharField(max_length=200, blank=True)
    # Personal details: kept only for identified consultations, seen only by officers running it.
    respondent_name = models.CharField("name", max_length=200, blank=True)
    respondent_email = models.EmailField("email address", blank=True)
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    resume_token = models.CharField(max_length=64, unique=True, default=new_token)
    status = models.CharField(
        max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    received_on = models.DateField(
        "date received", null=True, blank=True, help_text="For feedback taken offline."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When the link to come back to the answers was emailed (never, when the address had already
    # been sent one from this consultation that day: LinkEmail).
    resume_emailed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["resume_token"])

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["consultation", "status", "channel"])]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.consultation}"


class LinkEmail(models.Model):
    """That a consultation's public link emailed an address on a day: at most one such email per
    address, consultation and day, held by the database (decision 0029). The address is kept only as
    a keyed digest, so this table names nobody."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    address_digest = models.CharField(max_length=64)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "address_digest", "sent_on"], name="one_link_email_per_address_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"A link emailed on {self.sent_on:%-d %B %Y}"


class Theme(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=200)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["consultation", "name"], name="theme_names_unique")]

    def __str__(self) -> str:
        return self.name


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # Empty for a general comment that answers no one question.
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    choice = models.CharField(max_length=200, blank=True)
    choices = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True, max_length=COMMENT_MAX)
    published_comment = models.TextField("comment as published, with names removed", blank=True)
    is_sample = models.BooleanField("a sample comment for publication", default=False)
    themes = models.ManyToManyField(Theme, blank=True, related_name="answers")

    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["question", "choice"])]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=models.Q(question__isnull=False),
                name="answer_a_question_once",
            )
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk}"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class ThemeResponse(models.Model):
    """The partnership's response to a common theme or an area: "You said, we did"."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="theme_responses")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    heading = models.CharField(max_length=200)
    you_said = models.TextField("you said")
    we_did = models.TextField("our response")
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.heading


class SummaryPdf(models.Model):
    """The published summary as a PDF, made again whenever the summary's content changes.

    A derived file, like a cache: it has no history table, and is replaced rather than edited.
    """

    consultation = models.OneToOneField(Consultation, on_delete=models.CASCADE, related_name="summary_pdf")
    fingerprint = models.CharField(max_length=64)
    file = models.FileField(upload_to="consultations/")
    generated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Summary PDF of {self.consultation}"
