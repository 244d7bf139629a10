"""The termly brief for a supported school's governors (issue 17, item 7; decision 0036).

Governors asked: "if a school was being supported by LEEP, how would this be communicated?" Each
term the school's headteacher approves a short brief of the support (its status, each objective with
its last rating, the next review, and a note of their own), and only then do the school's governors
read it. What the brief says is frozen in `facts` when it is approved, so a later change to the case
never changes what the governors were told; the next term's brief is a new record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from support.models.agreements import AnswerHow
from support.terms import SchoolTerm, TermKind

# The headteacher's note to governors: a few sentences, not a report.
BRIEF_NOTE_MAX = 1000


class BriefStatus(models.TextChoices):
    DRAFT = "draft", "Waiting for the headteacher's approval"
    APPROVED = "approved", "Approved: the school's governors can read it"


class TermlyBrief(models.Model):
    case = models.ForeignKey("support.SupportCase", on_delete=models.CASCADE, related_name="briefs")
    academic_year = models.PositiveSmallIntegerField()
    term = models.CharField(max_length=10, choices=TermKind.choices)
    term_starts_on = models.DateField()
    term_ends_on = models.DateField()
    status = models.CharField(max_length=10, choices=BriefStatus.choices, default=BriefStatus.DRAFT)
    note = models.TextField("the headteacher's note to governors", max_length=BRIEF_NOTE_MAX, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField()
    # Who approved it in the portal (the headteacher), or the LA officer who recorded the
    # headteacher's approval given by phone, letter, email or at a meeting.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_how = models.CharField(max_length=10, choices=AnswerHow.choices, blank=True)
    approved_for_school_by = models.CharField("who approved it for the school", max_length=200, blank=True)
    approved_on = models.DateField("when the headteacher approved it", null=True, blank=True)
    # What the governors read, frozen at approval: {"status", "objectives": [{"description",
    # "target_date", "rating", "rated_on"}], "next_review"}, dates as ISO strings.
    facts = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-term_starts_on", "-pk"]
        constraints = [
            # One brief per case per term, whoever prepares it and however often they press the button.
            models.UniqueConstraint(
                fields=["case", "academic_year", "term"], name="one_brief_per_case_per_term"
            ),
            # An approved brief says who approved it, when and how; a draft says none of it.
            models.CheckConstraint(
                name="approved_brief_says_who_and_when",
                condition=(
                    Q(status="approved", approved_by__isnull=False, approved_on__isnull=False)
                    & ~Q(approved_how="")
                )
                | Q(status="draft", approved_by__isnull=True, approved_on__isnull=True, approved_how=""),
            ),
        ]

    def __str__(self) -> str:
        return f"Brief for governors, {self.term_label}"

    @property
    def school_term(self) -> SchoolTerm:
        return SchoolTerm(self.academic_year, self.term, self.term_starts_on, self.term_ends_on)

    @property
    def term_label(self) -> str:
        return self.school_term.label

    @property
    def is_approved(self) -> bool:
        return self.status == BriefStatus.APPROVED
