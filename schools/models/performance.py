"""Key stage 2 and 4 results by academic year. A suppressed value is recorded as suppressed,
never as zero: the value is empty and `suppressed` says why."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


def pct(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=4, decimal_places=1, null=True, blank=True)


def score(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=5, decimal_places=2, null=True, blank=True)


class ProgressBand(models.IntegerChoices):
    WELL_ABOVE = 1, "Well Above Average"
    ABOVE = 2, "Above Average"
    AVERAGE = 3, "Average"
    BELOW = 4, "Below Average"
    WELL_BELOW = 5, "Well Below Average"


def band(verbose_name: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(verbose_name, choices=ProgressBand.choices, null=True, blank=True)


class ResultBase(models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    # The year the academic year ends: 2018 is 2017 to 2018.
    academic_year = models.PositiveSmallIntegerField()
    pupils = models.PositiveIntegerField("pupils at the end of the key stage", null=True, blank=True)
    # measure name -> the code the file gave instead of a value (LOWCOV, SUPP, NE, blank, ...)
    suppressed = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    @property
    def academic_year_label(self) -> str:
        return f"{self.academic_year - 1} to {self.academic_year}"


class KeyStage2Result(ResultBase):
    reading_progress = score("reading progress score")
    reading_score = score("reading average scaled score")
    reading_expected_pct = pct("reading at the expected standard (%)")
    reading_higher_pct = pct("reading at the higher standard (%)")
    reading_band = band("reading progress band")
    writing_progress = score("writing progress score")
    writing_expected_pct = pct("writing at the expected standard (%)")
    writing_higher_pct = pct("writing at greater depth (%)")
    writing_band = band("writing progress band")
    maths_progress = score("maths progress score")
    maths_score = score("maths average scaled score")
    maths_expected_pct = pct("maths at the expected standard (%)")
    maths_higher_pct = pct("maths at the higher standard (%)")
    maths_band = band("maths progress band")
    rwm_expected_pct = pct("reading, writing and maths at the expected standard (%)")
    rwm_higher_pct = pct("reading, writing and maths at the higher standard (%)")
    # The partnership's priority: the gap for disadvantaged pupils. The performance-table files
    # loaded so far do not hold these; they stay empty until a file that does is imported.
    disadvantaged_rwm_expected_pct = pct("disadvantaged pupils: RWM at the expected standard (%)")
    other_rwm_expected_pct = pct("other pupils: RWM at the expected standard (%)")

    history = HistoricalRecords()

    class Meta:
        ordering = ["school", "academic_year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "academic_year"], name="one_ks2_result_a_year")
        ]

    def __str__(self) -> str:
        return f"KS2 {self.academic_year_label}: {self.school}"

    @property
    def disadvantaged_gap(self):
        if self.disadvantaged_rwm_expected_pct is None or self.other_rwm_expected_pct is None:
            return None
        return self.other_rwm_expected_pct - self.disadvantaged_rwm_expected_pct


class KeyStage4Result(ResultBase):
    progress8 = score("Progress 8")
    progress8_band = band("Progress 8 band")
    attainment8 = score("Attainment 8")
    eng_maths_grade5_pct = pct("English and maths at grade 5 or above (%)")
    ebacc_entry_pct = pct("entering the EBacc (%)")
    ebacc_average = score("EBacc average point score")
    ebacc_grade5_pct = pct("EBacc at grade 5 or above (%)")
    disadvantaged_progress8 = score("disadvantaged pupils: Progress 8")
    other_progress8 = score("other pupils: Progress 8")

    history = HistoricalRecords()

    class Meta:
        ordering = ["school", "academic_year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "academic_year"], name="one_ks4_result_a_year")
        ]

    def __str__(self) -> str:
        return f"KS4 {self.academic_year_label}: {self.school}"

    @property
    def disadvantaged_gap(self):
        if self.disadvantaged_progress8 is None or self.other_progress8 is None:
            return None
        return self.other_progress8 - self.disadvantaged_progress8
