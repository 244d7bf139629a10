"""Networks of schools: alliances, trusts, triads, partnerships. Membership is dated."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class NetworkType(models.TextChoices):
    TEACHING_SCHOOL_ALLIANCE = "teaching_school_alliance", "Teaching school alliance"
    LOCAL_EXCELLENCE_NETWORK = "local_excellence_network", "Local excellence network"
    TRIAD = "triad", "Triad"
    LEARNING_PARTNERSHIP = "learning_partnership", "Learning partnership"
    MULTI_ACADEMY_TRUST = "multi_academy_trust", "Multi-academy trust"
    FEDERATION = "federation", "Federation"
    DIOCESE = "diocese", "Diocese"
    INCLUSION_PARTNERSHIP = "inclusion_partnership", "Behaviour and inclusion partnership"
    OTHER = "other", "Other"


class Network(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="networks"
    )
    name = models.CharField(max_length=200)
    network_type = models.CharField("type", max_length=40, choices=NetworkType.choices)
    description = models.TextField(blank=True)
    lead_school = models.ForeignKey(
        "schools.School",
        verbose_name="lead or fund-holder school",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    chair_name = models.CharField("chair", max_length=200, blank=True)
    chair_email = models.EmailField("chair's email address", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="network_names_unique")]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(joined_on__lte=on), Q(left_on__isnull=True) | Q(left_on__gt=on))


class NetworkMembership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="network_memberships")
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["network", "joined_on"]
        constraints = [
            models.CheckConstraint(
                name="membership_does_not_end_before_it_starts",
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
            ),
            models.UniqueConstraint(
                fields=["network", "school"],
                condition=Q(left_on__isnull=True),
                name="one_open_membership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} in {self.network}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.joined_on <= today and (self.left_on is None or self.left_on > today)
