from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class LinkNature(models.TextChoices):
    GOVERNOR = "governor", "Governor of the school"
    FAMILY = "family", "Family member works there"
    EMPLOYMENT = "employment", "Worked there, or will"
    OTHER = "other", "Other interest"


class ProviderLink(models.Model):
    """A link a system leader has declared with a school: it makes supporting that school a conflict."""

    leader = models.ForeignKey(
        "schools.SystemLeader", on_delete=models.CASCADE, related_name="declared_links"
    )
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    nature = models.CharField(max_length=20, choices=LinkNature.choices)
    details = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["leader", "school", "nature"], name="declare_a_link_once")
        ]

    def __str__(self) -> str:
        return f"{self.leader.full_name}: {self.get_nature_display()} at {self.school}"
