"""Accredited system leaders who give school-to-school support."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

EXPIRY_WARNING_DAYS = 90


class Designation(models.TextChoices):
    NLE = "nle", "National Leader of Education"
    LLE = "lle", "Local Leader of Education"
    SLE = "sle", "Specialist Leader of Education"
    NLG = "nlg", "National Leader of Governance"
    SPECIALIST_TEACHER = "specialist_teacher", "Specialist teacher"
    OTHER = "other", "Other"


class SystemLeader(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="system_leaders"
    )
    full_name = models.CharField(max_length=200)
    email = models.EmailField("email address", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    designation = models.CharField(max_length=30, choices=Designation.choices)
    home_school = models.ForeignKey(
        "schools.School", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expertise = models.ManyToManyField("partnership.Priority", blank=True, related_name="+")
    expertise_notes = models.TextField("other expertise", blank=True)
    capacity_days = models.DecimalField(
        "capacity (days a term)", max_digits=5, decimal_places=1, default=Decimal("0")
    )
    # Set by hand until support agreements count against it (the support casework issue).
    committed_days = models.DecimalField(
        "days already committed this term", max_digits=5, decimal_places=1, default=Decimal("0")
    )
    accredited_on = models.DateField("accredited on", null=True, blank=True)
    accreditation_expires_on = models.DateField("accreditation expires on", null=True, blank=True)
    is_active = models.BooleanField("available for support", default=True)

    history = HistoricalRecords(m2m_fields=[expertise])

    class Meta:
        ordering = ["full_name"]
        indexes = [models.Index(fields=["partnership", "full_name"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_designation_display()})"

    @property
    def available_days(self) -> Decimal:
        return max(self.capacity_days - self.committed_days, Decimal("0"))

    def accreditation_status(self, today: dt.date | None = None) -> str:
        """ "expired", "expiring" (within the warning period), "current" or "" if no date."""
        if self.accreditation_expires_on is None:
            return ""
        today = today or timezone.localdate()
        if self.accreditation_expires_on < today:
            return "expired"
        if self.accreditation_expires_on <= today + dt.timedelta(days=EXPIRY_WARNING_DAYS):
            return "expiring"
        return "current"
