"""Inclusion partnerships and the pupils they support (decision 0020).

The most sensitive records in the portal: named children. Every record here is read through
support.selectors.inclusion, which decides who may see it and logs each read, and written through
support.services.inclusion, which takes the acting person and a reason.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
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


def is_temporary_upn(upn: str) -> bool:
    return bool(upn) and upn[-1].isalpha()


class InclusionPartnership(models.Model):
    """An area partnership of secondary schools holding devolved high-needs money through a
    fund-holder school. Its schools are its network's members."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="inclusion_partnerships"
    )
    network = models.OneToOneField(
        "schools.Network", on_delete=models.PROTECT, related_name="inclusion_partnership"
    )
    area = models.CharField("area", max_length=200)
    fund_holder = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="+", verbose_name="fund-holder school"
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chaired_inclusion_partnerships"
    )

    history = HistoricalRecords(table_name="support_historicalinclusionpartnership")

    class Meta:
        db_table = "support_inclusionpartnership"
        ordering = ["area"]

    def __str__(self) -> str:
        return f"{self.area} inclusion partnership"


class InclusionStaffQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gt=on))


class InclusionStaffMember(models.Model):
    """A person on an inclusion partnership's staff team, over dates."""

    inclusion_partnership = models.ForeignKey(
        InclusionPartnership, on_delete=models.CASCADE, related_name="staff"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True, help_text="Leaves at the start of this day.")

    history = HistoricalRecords(table_name="support_historicalinclusionstaffmember")
    objects = InclusionStaffQuerySet.as_manager()

    class Meta:
        db_table = "support_inclusionstaffmember"
        ordering = ["inclusion_partnership", "starts_on"]
        constraints = [
            models.CheckConstraint(
                name="inclusion_staff_does_not_end_before_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} on the staff of {self.inclusion_partnership}"


class FundingAllocation(models.Model):
    """The LA's devolved high-needs money for one financial year (April to March), named by the
    calendar year it starts in."""

    inclusion_partnership = models.ForeignKey(
        InclusionPartnership, on_delete=models.CASCADE, related_name="allocations"
    )
    financial_year = models.PositiveSmallIntegerField(help_text="2026 means April 2026 to March 2027.")
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    history = HistoricalRecords(table_name="support_historicalfundingallocation")

    class Meta:
        db_table = "support_fundingallocation"
        ordering = ["inclusion_partnership", "-financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["inclusion_partnership", "financial_year"], name="one_allocation_per_year"
            ),
            models.CheckConstraint(name="allocation_not_negative", condition=Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.financial_year} to {self.financial_year + 1}"


class SpendCategory(models.TextChoices):
    STAFF = "staff", "Staff"
    AP_PLACEMENTS = "ap_placements", "Alternative provision placements"
    HOME_BASE = "home_base", "Home base provision"
    OTHER = "other", "Other"


class Spend(models.Model):
    allocation = models.ForeignKey(FundingAllocation, on_delete=models.CASCADE, related_name="spends")
    category = models.CharField(max_length=20, choices=SpendCategory.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    description = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords(table_name="support_historicalspend")

    class Meta:
        db_table = "support_spend"
        ordering = ["allocation", "category", "pk"]
        constraints = [models.CheckConstraint(name="spend_not_negative", condition=Q(amount__gte=0))]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: £{self.amount}"


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
    upn = models.CharField("UPN", max_length=13, unique=True, help_text="Unique pupil number")
    home_school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    year_group = models.PositiveSmallIntegerField()
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


class CaseStatus(models.TextChoices):
    REFERRED = "referred", "Referred"
    PLAN_AGREED = "plan_agreed", "Plan agreed"
    CLOSED = "closed", "Closed"


class PlanType(models.TextChoices):
    IN_SCHOOL = "in_school", "In-school support"
    HOME_BASE = "home_base", "Home base provision"
    AP_PLACEMENT = "ap_placement", "Alternative provision placement"
    MANAGED_MOVE = "managed_move", "Managed move"


class AtRiskCase(models.Model):
    """A home school's referral of a pupil at risk of exclusion, and the plan the partnership agrees."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="at_risk_cases")
    inclusion_partnership = models.ForeignKey(
        InclusionPartnership, on_delete=models.PROTECT, related_name="cases"
    )
    referring_school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField()
    support_tried = models.TextField("support already tried")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referred_on = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.REFERRED)
    plan_type = models.CharField("plan", max_length=20, choices=PlanType.choices, blank=True)
    plan_detail = models.TextField(blank=True)
    plan_agreed_on = models.DateField(null=True, blank=True)
    plan_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    next_review_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(table_name="support_historicalatriskcase")

    class Meta:
        db_table = "support_atriskcase"
        ordering = ["-referred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="agreed_plan_has_a_type",
                condition=~Q(status="plan_agreed") | ~Q(plan_type=""),
            )
        ]

    def __str__(self) -> str:
        return f"At-risk referral of {self.pupil}"


class PlanReview(models.Model):
    case = models.ForeignKey(AtRiskCase, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    notes = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(table_name="support_historicalplanreview")

    class Meta:
        db_table = "support_planreview"
        ordering = ["case", "reviewed_on"]

    def __str__(self) -> str:
        return f"Review of {self.case} on {self.reviewed_on}"


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


# How long before a permanent exclusion a consultation with the chair still counts for it: about a
# term. The chair advises on the exclusion being considered then; one further back was about another
# time (support.services.inclusion.consultation_before_exclusion, decision 0020).
CONSULTATION_COUNTS_FOR_WEEKS = 12


class ExclusionConsultation(models.Model):
    """A headteacher's consultation with the partnership chair before deciding on a permanent
    exclusion."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="exclusion_consultations")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    consulted_on = models.DateField()
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("reason exclusion is being considered")
    alternatives_considered = models.TextField()
    chair_advice = models.TextField("the chair's advice")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(table_name="support_historicalexclusionconsultation")

    class Meta:
        db_table = "support_exclusionconsultation"
        ordering = ["-consulted_on", "-pk"]

    def __str__(self) -> str:
        return f"Consultation with the chair about {self.pupil}"


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
    def flagged_without_consultation(self) -> bool:
        """True when the exclusion rests on no consultation with the chair. Decided once, when the
        exclusion is recorded (support.services.inclusion.consultation_before_exclusion gives the
        rule), and held as the link: a consultation recorded later never changes it."""
        return self.consultation_id is None


class APProvider(models.Model):
    """An alternative provision provider in the partnership's directory."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    registration = models.CharField(
        "registration", max_length=100, blank=True, help_text="Ofsted or DfE registration, if any."
    )
    urn = models.PositiveIntegerField("URN", null=True, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)

    history = HistoricalRecords(table_name="support_historicalapprovider")

    class Meta:
        db_table = "support_approvider"
        ordering = ["name"]
        constraints = [
            # Unique whatever the capitals: "Oak Centre" and "oak centre" are one provider.
            models.UniqueConstraint("partnership", Lower("name"), name="ap_provider_names_unique")
        ]

    def __str__(self) -> str:
        return self.name


class QAOutcome(models.TextChoices):
    MEETS = "meets", "Meets the standard"
    IMPROVEMENT = "improvement", "Improvement needed"
    UNSUITABLE = "unsuitable", "Not suitable: do not place"


class QAVisit(models.Model):
    provider = models.ForeignKey(APProvider, on_delete=models.CASCADE, related_name="qa_visits")
    visited_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=QAOutcome.choices)
    notes = models.TextField(blank=True)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(table_name="support_historicalqavisit")

    class Meta:
        db_table = "support_qavisit"
        ordering = ["provider", "-visited_on"]

    def __str__(self) -> str:
        return f"Quality assurance visit to {self.provider}"


class FundingSource(models.TextChoices):
    PARTNERSHIP = "partnership", "The inclusion partnership's allocation"
    SCHOOL = "school", "The home school"
    HIGH_NEEDS = "high_needs", "LA high needs funding"
    OTHER = "other", "Other"


class PlacementOutcome(models.TextChoices):
    REINTEGRATED = "reintegrated", "Reintegrated into mainstream"
    SPECIALIST = "specialist", "Moved to a specialist place"
    OTHER = "other", "Other"


class APPlacement(models.Model):
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="placements")
    provider = models.ForeignKey(APProvider, on_delete=models.PROTECT, related_name="placements")
    case = models.ForeignKey(
        AtRiskCase, on_delete=models.SET_NULL, null=True, blank=True, related_name="placements"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="The last day of the placement.")
    days_per_week = models.DecimalField(max_digits=2, decimal_places=1)
    cost = models.DecimalField(max_digits=10, decimal_places=2)
    funding_source = models.CharField(max_length=20, choices=FundingSource.choices)
    review_weeks = models.PositiveSmallIntegerField("review every (weeks)", default=6)
    outcome = models.CharField(max_length=20, choices=PlacementOutcome.choices, blank=True)
    outcome_detail = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(table_name="support_historicalapplacement")

    class Meta:
        db_table = "support_applacement"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="placement_days_half_to_five",
                condition=Q(days_per_week__gte=Decimal("0.5"), days_per_week__lte=5),
            ),
            models.CheckConstraint(
                name="placement_does_not_end_before_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            ),
            models.CheckConstraint(name="placement_cost_not_negative", condition=Q(cost__gte=0)),
            models.CheckConstraint(name="placement_review_cycle_positive", condition=Q(review_weeks__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} at {self.provider}"


class PlacementReview(models.Model):
    """A review of an AP placement on its review cycle: how the pupil is attending and getting on,
    and when the next review is due (none when the placement is about to end)."""

    placement = models.ForeignKey(APPlacement, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    attendance_notes = models.TextField("attendance", blank=True)
    progress_notes = models.TextField("progress", blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(table_name="support_historicalplacementreview")

    class Meta:
        db_table = "support_placementreview"
        ordering = ["placement", "reviewed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="placement_next_review_after_review",
                condition=Q(next_review_on__isnull=True) | Q(next_review_on__gt=models.F("reviewed_on")),
            )
        ]

    def __str__(self) -> str:
        return f"Review of {self.placement} on {self.reviewed_on}"
