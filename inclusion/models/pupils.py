"""Pupils, their roll at a school, their attendance, and a school's designated inclusion leads.

Every inclusion model keeps the table it had in the support app (decision 0020)."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

# The check letters of a UPN: the alphabet without I, O and S, so 23 of them (DfE UPN standard).
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"

# Only the ASCII digits: str.isdigit() is also true of "²", "１" and "٣", which are not UPN digits.
ASCII_DIGITS = "0123456789"

UPN_SHAPE = re.compile(r"[A-Z][0-9]{11}[0-9A-Z]")


def upn_check_letter(body: str) -> str:
    """The check letter for the 12 characters after it: each character times its position (2 to 13),
    summed, modulo 23. The last character of a temporary UPN is a letter, counted as its place in
    UPN_LETTERS (A is 0, B is 1 ...)."""
    if len(body) != 12:
        raise ValueError("a UPN has 12 characters after its check letter")
    total = 0
    for position, char in enumerate(body, start=2):
        if char in ASCII_DIGITS:
            value = int(char)
        elif position == 13 and char in UPN_LETTERS:
            value = UPN_LETTERS.index(char)
        else:
            raise ValueError(f"{char!r} may not stand at position {position} of a UPN")
        total += value * position
    return UPN_LETTERS[total % 23]


def upn_problem(upn: str) -> str | None:
    """Why a UPN is not valid, in words for the person who typed it, or None when it is valid."""
    if len(upn) != 13:
        return "A UPN must be 13 characters long"
    if not UPN_SHAPE.fullmatch(upn) or upn[0] not in UPN_LETTERS or upn[12] not in ASCII_DIGITS + UPN_LETTERS:
        return "A UPN is a letter, 11 digits, then a digit or (for a temporary UPN) a letter"
    if upn_check_letter(upn[1:]) != upn[0]:
        return "The check letter of this UPN is not right. Check the UPN and try again"
    return None


def expected_year_group(date_of_birth, on) -> int:
    """The year group a child born on this day is in on `on`, in England: children born from 1
    September to 31 August start Reception (year 0) together in the September after they turn four.
    Below 0 for a child not yet of school age."""
    cohort = date_of_birth.year if date_of_birth.month >= 9 else date_of_birth.year - 1
    school_year = on.year if on.month >= 9 else on.year - 1
    return school_year - cohort - 5


def is_temporary_upn(upn: str) -> bool:
    return bool(upn) and upn[-1].isalpha()


class DesignatedInclusionLead(models.Model):
    """A member of a school's staff whom its headteacher names to see the school's pupil records."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="inclusion_leads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    named_on = models.DateField(default=timezone.localdate)

    history = HistoricalRecords(table_name="support_historicaldesignatedinclusionlead")

    class Meta:
        db_table = "support_designatedinclusionlead"
        ordering = ["school", "named_on"]
        constraints = [models.UniqueConstraint(fields=["school", "user"], name="one_lead_record_per_person")]

    def __str__(self) -> str:
        return f"{self.user}, designated inclusion lead at {self.school}"


class SendStatus(models.TextChoices):
    NONE = "none", "No special educational needs"
    SEN_SUPPORT = "sen_support", "SEN support"
    EHC_PLAN = "ehc_plan", "Education, health and care plan"


class Pupil(models.Model):
    """Only what the work needs: no address, no family, no ethnicity, no free school meals."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    full_name = models.CharField("name", max_length=200)
    date_of_birth = models.DateField()
    # One record per UPN within a partnership (a child has one UPN); the check never looks across
    # partnerships, so one partnership's register tells nothing of another's (decision 0030).
    upn = models.CharField("UPN", max_length=13, help_text="Unique pupil number")
    home_school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    year_group = models.PositiveSmallIntegerField()
    out_of_year_group_reason = models.CharField(
        "why the pupil is out of their year group",
        max_length=200,
        blank=True,
        help_text="Given when the year group is not the one for the pupil's age (decision 0031).",
    )
    send_status = models.CharField(
        "SEND status", max_length=20, choices=SendStatus.choices, default=SendStatus.NONE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_on = models.DateField(default=timezone.localdate)
    retain_until = models.DateField(
        help_text="Kept until this day: INCLUSION_PUPIL_RETENTION_YEARS after the last involvement."
    )

    history = HistoricalRecords(table_name="support_historicalpupil")

    class Meta:
        db_table = "support_pupil"
        ordering = ["full_name", "pk"]
        indexes = [models.Index(fields=["partnership", "home_school"])]
        constraints = [
            models.CheckConstraint(name="year_group_in_school", condition=Q(year_group__lte=14)),
            models.UniqueConstraint(fields=["partnership", "upn"], name="one_pupil_per_upn_in_partnership"),
        ]

    def __str__(self) -> str:
        return self.full_name


class PupilRoll(models.Model):
    """The school a pupil is on roll at, over dates. Never two at once (the service checks it with
    the pupil's row locked)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="rolls")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Off roll from the start of this day.")

    history = HistoricalRecords(table_name="support_historicalpupilroll")

    class Meta:
        db_table = "support_pupilroll"
        ordering = ["pupil", "starts_on"]
        constraints = [
            models.CheckConstraint(
                name="roll_does_not_end_before_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.pupil} on roll at {self.school}"


class AttendanceRecord(models.Model):
    """Attendance over one week or period, counted in sessions (two a day)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="attendance")
    starts_on = models.DateField()
    ends_on = models.DateField()
    sessions_possible = models.PositiveSmallIntegerField()
    sessions_attended = models.PositiveSmallIntegerField()
    sessions_out_of_mainstream = models.PositiveSmallIntegerField(
        default=0, help_text="Sessions spent away from mainstream lessons: home base, AP or exclusion."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(table_name="support_historicalattendancerecord")

    class Meta:
        db_table = "support_attendancerecord"
        ordering = ["pupil", "starts_on"]
        constraints = [
            models.CheckConstraint(
                name="attended_within_possible",
                condition=Q(sessions_attended__lte=models.F("sessions_possible")),
            ),
            models.CheckConstraint(
                name="out_of_mainstream_within_possible",
                condition=Q(sessions_out_of_mainstream__lte=models.F("sessions_possible")),
            ),
            models.CheckConstraint(
                name="attendance_period_in_order", condition=Q(ends_on__gte=models.F("starts_on"))
            ),
        ]

    def __str__(self) -> str:
        return f"Attendance of {self.pupil} from {self.starts_on}"
