from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class BoardKind(models.TextChoices):
    STRATEGIC_GROUP = "strategic_group", "Strategic group"
    CHALLENGE_BOARD = "challenge_board", "Challenge board"
    OTHER = "other", "Other board"


class Board(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="boards"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=BoardKind.choices, default=BoardKind.STRATEGIC_GROUP)
    purpose = models.TextField(blank=True)
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    quorum = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Members present needed for a decision."
    )
    notice_days = models.PositiveSmallIntegerField(
        "clear days' notice for the agenda pack",
        default=5,
        help_text="Terms of reference 8.2: circulated in advance.",
    )
    reports_to_scrutiny = models.BooleanField(
        "reports annually to the Overview and Scrutiny Committee", default=False
    )
    annual_report_note = models.CharField(
        "which meeting or report fulfils the annual report", max_length=300, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="board_names_unique")]

    def __str__(self) -> str:
        return self.name


class TermsOfReference(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="terms")
    version = models.PositiveSmallIntegerField()
    adopted_on = models.DateField()
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["board", "version"], name="one_terms_version")]

    def __str__(self) -> str:
        return f"Terms of reference, version {self.version}"

    @property
    def review_due_on(self) -> dt.date:
        """Reviewed at regular intervals, no more than annually (section 11)."""
        try:
            return self.adopted_on.replace(year=self.adopted_on.year + 1)
        except ValueError:  # 29 February
            return self.adopted_on + dt.timedelta(days=365)


class Constituency(models.TextChoices):
    LA = "la", "Local authority"
    TEACHING_SCHOOLS = "teaching_schools", "Teaching schools"
    PRIMARY_HEADS = "primary_heads", "Primary heads' association"
    SECONDARY_HEADS = "secondary_heads", "Secondary heads' association"
    SPECIAL_HEADS = "special_heads", "Special school heads' association"
    GOVERNORS = "governors", "Governors"
    ANGLICAN_DIOCESE = "anglican_diocese", "Anglican diocese"
    CATHOLIC_DIOCESE = "catholic_diocese", "Roman Catholic diocese"
    UNIVERSITIES = "universities", "Universities"
    OFSTED = "ofsted", "Ofsted"
    DFE = "dfe", "Department for Education"
    OTHER = "other", "Other"


SCHOOL_LEADER_CONSTITUENCIES = {
    Constituency.TEACHING_SCHOOLS,
    Constituency.PRIMARY_HEADS,
    Constituency.SECONDARY_HEADS,
    Constituency.SPECIAL_HEADS,
}


class Seat(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="seats")
    title = models.CharField(
        max_length=200, help_text="For example, Representative of the Primary Heads Association"
    )
    constituency = models.CharField(max_length=30, choices=Constituency.choices)
    is_core = models.BooleanField(
        "core member", default=True, help_text="Associates are invited as necessary."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_core", "constituency", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_school_leader(self) -> bool:
        return self.constituency in SCHOOL_LEADER_CONSTITUENCIES


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gt=on))


class Membership(models.Model):
    """A person holding a seat, from one date to another."""

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_memberships"
    )
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)
    is_chair = models.BooleanField(default=False)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["seat", "starts_on"]
        constraints = [
            models.CheckConstraint(
                name="board_membership_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            ),
            models.UniqueConstraint(
                fields=["seat"], condition=Q(ends_on__isnull=True), name="one_open_holder_per_seat"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.seat})"


class BalanceKind(models.TextChoices):
    LA_SHARE = "la_share", "The LA holds at most a share of the core seats"
    CHAIR_SCHOOL_LEADER = "chair_school_leader", "The chair is a school leader"


class BalanceRule(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="balance_rules")
    kind = models.CharField(max_length=30, choices=BalanceKind.choices)
    max_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For the LA's share: for example, 30"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["board", "kind"], name="one_rule_of_each_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()


class Interest(models.Model):
    """A member's register of interests, carried from meeting to meeting."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="interests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=300)
    declared_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "-declared_on"]

    def __str__(self) -> str:
        return self.description
