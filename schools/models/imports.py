"""A file uploaded for import, and what became of it.

Like the security log, a run is its own record of who imported what and when, so it has no
simple-history table; the records it changes do, each stamped with the uploader and the file.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportKind(models.TextChoices):
    GIAS = "gias", "School register (GIAS establishment extract)"
    INSPECTIONS = "inspections", "Ofsted inspection judgements"
    REPORT_CARDS = "report_cards", "Ofsted report cards"
    KS2 = "ks2", "Key stage 2 performance tables"
    KS4 = "ks4", "Key stage 4 performance tables"
    LAIT = "lait", "LA benchmarks (DfE Local Authority Interactive Tool)"
    LAIT_DICTIONARY = "lait_dictionary", "What the LA benchmarks mean (LAIT data dictionary)"
    AP_CENSUS = "ap_census", "Alternative provision census (DfE statistics, tidy data)"


# Files about whole areas (decision 0034): their rows are measures of an LA, a region or England.
BENCHMARK_KINDS = {ImportKind.LAIT, ImportKind.LAIT_DICTIONARY, ImportKind.AP_CENSUS}


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


class ImportRun(models.Model):
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="import_runs"
    )
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    academic_year = models.PositiveSmallIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    stage = models.CharField(max_length=100, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(
        default=0,
        help_text="Rows about schools in another partnership's local authority (for benchmarks: "
        "about areas the partnership does not cover, or breakdowns the portal does not keep).",
    )
    rejected = models.JSONField(default=list, blank=True)
    # code -> how many values the file withheld with it (LOWCOV, SUPP, ...), kept as withheld
    withheld = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["partnership", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.original_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in {ImportStatus.DONE, ImportStatus.FAILED}

    @property
    def is_benchmarks(self) -> bool:
        return self.kind in BENCHMARK_KINDS

    @property
    def withheld_by_code(self) -> list[tuple[str, int]]:
        """The withheld values by code, in the order of the codes (the database keeps no order)."""
        return sorted(self.withheld.items())
