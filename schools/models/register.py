"""The public school register, shared by every partnership on the installation."""

from __future__ import annotations

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords


class School(models.Model):
    """An establishment in the DfE register (GIAS), identified by its URN."""

    urn = models.PositiveIntegerField("URN", unique=True)
    name = models.CharField(max_length=200)
    la_code = models.CharField("LA code", max_length=3, db_index=True)
    la_name = models.CharField("local authority", max_length=100, blank=True)
    type_group = models.CharField("type of school", max_length=100, blank=True)
    status = models.CharField(max_length=60, blank=True)
    phase = models.CharField(max_length=60, blank=True)
    open_date = models.DateField(null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    sixth_form = models.CharField(max_length=60, blank=True)
    gender = models.CharField(max_length=30, blank=True)
    religious_character = models.CharField(max_length=100, blank=True)
    establishment_type = models.CharField("type of establishment", max_length=100, blank=True)
    trust_name = models.CharField("trust", max_length=200, blank=True)
    diocese = models.CharField(max_length=100, blank=True)
    pupils = models.PositiveIntegerField("number of pupils", null=True, blank=True)
    percent_fsm = models.DecimalField(
        "pupils eligible for free school meals (%)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    street = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["la_code", "name"]),
            models.Index(fields=["la_code", "phase"]),
        ]
        permissions = [("view_school_records", "See the school's partnership records")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status.lower().startswith("open")

    @property
    def address(self) -> str:
        return ", ".join(part for part in (self.street, self.town, self.postcode) if part)


# django-guardian with direct foreign keys: a grant dies with its school, so a new school that
# reuses an old primary key never inherits it (generic tables would keep the orphan row).
class SchoolUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(School, on_delete=models.CASCADE)

    history = HistoricalRecords()


class SchoolGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(School, on_delete=models.CASCADE)

    history = HistoricalRecords()
