"""Consultations with the chair before a permanent exclusion, and permanent exclusions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from inclusion.models.pupils import Pupil

# How long before a permanent exclusion a consultation with the chair still counts for it: about a
# term. The chair advises on the exclusion being considered then; one further back was about another
# time (inclusion.services.consultation_before_exclusion, decision 0020).
CONSULTATION_COUNTS_FOR_WEEKS = 12


class ChairResponse(models.TextChoices):
    AWAITING = "", "Not yet confirmed"
    CONFIRMED = "confirmed", "Confirmed"
    DISPUTED = "disputed", "Disputed"


class ExclusionConsultation(models.Model):
    """A headteacher's consultation with the partnership chair before deciding on a permanent
    exclusion. The head records it; the chair (or, where the head is the chair, the partnership's
    staff or an LA inclusion officer) records their own account of the advice and confirms or
    disputes the record (decision 0033)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="exclusion_consultations")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    consulted_on = models.DateField()
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("reason exclusion is being considered")
    alternatives_considered = models.TextField()
    chair_advice = models.TextField("the chair's advice")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    response = models.CharField(max_length=10, choices=ChairResponse.choices, blank=True, default="")
    response_advice = models.TextField("the advice, in the responder's words", blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(table_name="support_historicalexclusionconsultation")

    class Meta:
        db_table = "support_exclusionconsultation"
        ordering = ["-consulted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="a_response_says_who_and_when",
                condition=Q(response="") | Q(responded_by__isnull=False, responded_on__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"Consultation with the chair about {self.pupil}"

    @property
    def confirmed(self) -> bool:
        return self.response == ChairResponse.CONFIRMED


class GovernorsReview(models.TextChoices):
    PENDING = "pending", "Not yet reviewed"
    UPHELD = "upheld", "Exclusion upheld"
    REINSTATED = "reinstated", "Pupil reinstated"


class PermanentExclusionQuerySet(models.QuerySet):
    def with_consultation_flag(self):
        """Annotate was_consulted, for filtering and counting in the query: whether the exclusion
        holds a link to the consultation it rests on. Like flagged_without_consultation, it reads
        only the link that exclusion_record set, never the consultations recorded since."""
        return self.annotate(
            was_consulted=models.ExpressionWrapper(
                Q(consultation__isnull=False), output_field=models.BooleanField()
            )
        )


class PermanentExclusion(models.Model):
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="permanent_exclusions")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    excluded_on = models.DateField()
    governors_review = models.CharField(
        "governors' review", max_length=20, choices=GovernorsReview.choices, default=GovernorsReview.PENDING
    )
    placed_at = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="placed on roll at",
    )
    consultation = models.ForeignKey(
        ExclusionConsultation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(table_name="support_historicalpermanentexclusion")
    objects = PermanentExclusionQuerySet.as_manager()

    class Meta:
        db_table = "support_permanentexclusion"
        ordering = ["-excluded_on", "-pk"]

    def __str__(self) -> str:
        return f"Permanent exclusion of {self.pupil}"

    @property
    def consultation_unconfirmed(self) -> bool:
        """Resting on a consultation the chair has not (or not yet) confirmed: shown as such until
        they do (decision 0033)."""
        return self.consultation_id is not None and not self.consultation.confirmed

    @property
    def flagged_without_consultation(self) -> bool:
        """True when the exclusion rests on no consultation with the chair. Decided once, when the
        exclusion is recorded (inclusion.services.consultation_before_exclusion gives the
        rule), and held as the link: a consultation recorded later never changes it."""
        return self.consultation_id is None
