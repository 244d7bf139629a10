from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Audience(models.TextChoices):
    INVITED = "invited", "Only the people invited"
    LINK = "link", "Anyone with the link"


class Identification(models.TextChoices):
    IDENTIFIED = "identified", "Respondents give their name"
    ANONYMOUS = "anonymous", "Responses are anonymous"


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Consultation(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="consultations"
    )
    title = models.CharField(max_length=200)
    purpose = models.TextField(help_text="What the consultation is about, shown to respondents.")
    opens_on = models.DateField()
    closes_on = models.DateField()
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.LINK)
    identification = models.CharField(
        max_length=20, choices=Identification.choices, default=Identification.IDENTIFIED
    )
    status = models.CharField(
        max_length=20, choices=ConsultationStatus.choices, default=ConsultationStatus.DRAFT
    )
    link_token = models.CharField(max_length=64, unique=True, default=new_token)
    retain_until = models.DateField(
        "keep responses until", help_text="Responses are deleted after this date."
    )
    context = models.TextField("context (for the published summary)", blank=True)
    methodology = models.TextField("how it was shared (for the published summary)", blank=True)
    conclusion = models.TextField("conclusion (for the published summary)", blank=True)
    published_on = models.DateField("summary published on", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="consultation_closes_after_it_opens", condition=Q(closes_on__gte=models.F("opens_on"))
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    """An area of the consultation, such as "Vision, aims and principles"."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SCALE = "scale", "Agree, partly agree, disagree or don't know, with a comment"
    FREE_TEXT = "free_text", "Free text"
    SINGLE = "single", "Choose one option"
    MULTIPLE = "multiple", "Choose any options"


SCALE_CHOICES = [
    ("agree", "Agree"),
    ("partly_agree", "Partly agree"),
    ("disagree", "Disagree"),
    ("dont_know", "Don't know"),
]
AGREEING = {"agree", "partly_agree"}


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=500)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices, default=QuestionKind.SCALE)
    options = models.JSONField(default=list, blank=True, help_text="For single and multiple choice.")
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def choices(self) -> list[tuple[str, str]]:
        if self.kind == QuestionKind.SCALE:
            return SCALE_CHOICES
        return [(option, option) for option in self.options]


class Invitation(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=new_token)
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(
        null=True, blank=True, help_text="When an anonymous response was started with it."
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation", "email"], name="invite_a_person_once")]

    def __str__(self) -> str:
        return self.email
