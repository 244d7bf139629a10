"""The inclusion partnerships' figures as sections of tables, a chart and a sentence (decision 0021).

The sections have the shape of the termly snapshot's (governance.reporting, decision 0017), so that
the inclusion dashboard and the termly report draw them with the same chart and table partials.
Every cell is a display string, worked out here for one reader. The sections, tables and charts are
the shared ones of partnership.figures, and every percentage and rate is written by its one rule
(decision 0022).

Small numbers: a count resting on more than none but fewer than SMALL_PUPIL_COUNT_MIN pupils reads
"Fewer than 5", and every rate, percentage, sum of days or cost built on such a count reads "Not
shown", unless the reader may see those pupils' records anyway (an LA inclusion officer, or the
partnership's own staff and chair, for their own partnership). A hidden figure is left out of the
chart too, since a bar would give it away.

Where a total is shown beside its parts (the plans of the open referrals, who pays for the
placements, how they ended, each partnership beside all of them), hiding a small part is not enough:
the total less the shown parts would give it back. So one more part is hidden, with everything
built on it, and reads "Not shown" (partnership.disclosure.also_hidden): secondary suppression.
"""

from inclusion.tables.benchmarks import MEASURES as BENCHMARK_MEASURES
from inclusion.tables.cells import NOT_SHOWN, Reader, year_label
from inclusion.tables.provision import financial_year_label
from inclusion.tables.pupils import PLAN_LABELS, denominator_sentence, roll_sources
from inclusion.tables.sections import SUPPRESSION_NOTE, dashboard_sections, report_section

__all__ = [
    "BENCHMARK_MEASURES",
    "NOT_SHOWN",
    "PLAN_LABELS",
    "SUPPRESSION_NOTE",
    "Reader",
    "dashboard_sections",
    "denominator_sentence",
    "financial_year_label",
    "report_section",
    "roll_sources",
    "year_label",
]
