"""Published figures about whole areas: a local authority, a region or England (decision 0034).

Like the school register, these are public, and one installation holds one copy: the LA's own rows
are imported by its partnership, and the rows for its region and for England are shared by every
partnership whose LA is in them. Nothing about a partnership's own work is here.

Each value is kept as the file gave it: a number, or withheld with the file's mark ("-", "x", "c")
and never zero. `period` is the file's own label ("2023/24", "2025 (Rev)"); where it names one
academic year, `academic_year` holds the year that academic year ends, as the performance tables'
results do (2024 for 2023/24). A label of one year ("2018") is read as an academic year only where
the measure's definition says it is one (`BenchmarkMeasure.year_type`), at reading time
(schools.selectors.benchmarks), so a dictionary imported later still counts.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class AreaLevel(models.TextChoices):
    LA = "la", "Local authority"
    REGION = "region", "Region"
    ENGLAND = "england", "England"


class BenchmarkSource(models.TextChoices):
    LAIT = "lait", "DfE Local Authority Interactive Tool (LAIT)"
    AP_CENSUS = "ap_census", "DfE alternative provision census"
    SCHOOL_CENSUS_AP = "school_census_ap", "DfE school census: alternative provision arranged by schools"


class BenchmarkMeasure(models.Model):
    """What a published measure is: from the LAIT data dictionary, or the portal's own description
    of an AP census measure. A value imported before its definition gets a measure with the file's
    title only, filled in when the dictionary is imported."""

    code = models.CharField(max_length=60, unique=True)
    source = models.CharField(max_length=20, choices=BenchmarkSource.choices)
    title = models.CharField(max_length=300)
    topic = models.CharField(max_length=200, blank=True)
    unit = models.CharField("what the number is", max_length=200, blank=True)
    lower_is_better = models.BooleanField(null=True, blank=True)
    description = models.TextField(blank=True)
    methodology = models.TextField(blank=True)
    published_by = models.CharField(max_length=300, blank=True)
    links = models.TextField(blank=True)
    last_updated = models.DateField(null=True, blank=True)
    # The dictionary's Year_Type: "Academic Year", "Financial Year", "Calendar Year"... For an
    # academic-year measure a label of one year ("2018", "2025 (Rev)") is the academic year ending
    # then, as the DfE labels results (2018 is 2017/18).
    year_type = models.CharField(max_length=40, blank=True)
    described = models.BooleanField(
        default=False, help_text="The definition has been imported (not only values)."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"


class Benchmark(models.Model):
    measure = models.ForeignKey(BenchmarkMeasure, on_delete=models.CASCADE, related_name="values")
    area_level = models.CharField(max_length=10, choices=AreaLevel.choices)
    # The LA code ("855"), the region's name folded to lower case ("yorkshire and the humber"), or
    # "england": files spell region names with different capitals.
    area_key = models.CharField(max_length=100)
    area_name = models.CharField(max_length=100)
    region_key = models.CharField(max_length=100, blank=True)  # an LA's region, as area_key
    period = models.CharField(max_length=40)
    academic_year = models.PositiveSmallIntegerField(null=True, blank=True)
    breakdown = models.CharField(max_length=200, blank=True, default="")  # "" for the whole area
    value = models.DecimalField(max_digits=20, decimal_places=8, null=True, blank=True)
    withheld = models.CharField(max_length=20, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "area_level", "area_key", "period", "breakdown"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "area_level", "area_key", "period", "breakdown"],
                name="one_benchmark_value_per_area_period_and_breakdown",
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(withheld=""),
                name="benchmark_value_or_withheld",
            ),
        ]
        indexes = [models.Index(fields=["area_level", "area_key", "measure"])]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.area_name} {self.period}"
