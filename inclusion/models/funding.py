"""Inclusion partnerships, their staff and their funding: allocations per financial year and
what was spent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


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
    # A line made from a placement paid from the allocation, kept in step with it (decision 0032):
    # one line per placement, held by the database.
    placement = models.OneToOneField(
        "inclusion.APPlacement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spend",
    )

    history = HistoricalRecords(table_name="support_historicalspend")

    class Meta:
        db_table = "support_spend"
        ordering = ["allocation", "category", "pk"]
        constraints = [models.CheckConstraint(name="spend_not_negative", condition=Q(amount__gte=0))]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: £{self.amount}"
