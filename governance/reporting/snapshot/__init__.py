"""The figures for one partnership and one period, built once as a plain JSON-safe dict.

The dashboard shows a snapshot built live; a report freezes one. The shape is described in the
governance.reporting package's __init__; the sections, tables and charts are the shared types of
partnership.figures, and every percentage is written by its one rule (decision 0022). Every section
is a handful of aggregate queries, read through the schools and support selectors, whatever the
number of schools: nothing here loops over schools with a query each. Each section has a module of
its own here.

Two audiences (decision 0017), both counting every school the partnership covers (its LAs' open
state-funded schools), so the board's totals are the LA's:
- "board": anonymised aggregates. A cell resting on fewer than SMALL_CELL_MIN_SCHOOLS schools (but
  more than none) is shown as "Fewer than N schools", and one more part is "Not shown" wherever a
  hidden part could be worked out from a total shown beside it. Consent governs what names or
  singles out a school (case studies). Inspections and results are public data, shown whole.
- "la": everything, unsuppressed.
The caveats are said once, in "about", not after each figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from governance.models import Term
from inclusion.tables import BENCHMARK_MEASURES
from partnership.models import Partnership
from schools.selectors.benchmarks import benchmarks_for
from schools.selectors.figures import covered_schools, ks2_results, ks4_results

from .audience import AUDIENCES, Cells, about_figures, consent_share
from .capacity import capacity_section
from .case_studies import case_studies
from .casework import reviews_section, support_section
from .inclusion import inclusion_section
from .inspections import inspections_section
from .needs import needs_section
from .networks import networks_section
from .period import Period, period_for, term_label, trend_terms, year_label
from .results import OUTCOME_MEASURES, disadvantaged_gap_section, outcomes_section
from .sources import BENCHMARK_SOURCE, INCLUSION_SOURCE, SOURCES

__all__ = ["AUDIENCES", "SCHEMA", "Period", "build_snapshot", "period_for", "term_label", "year_label"]

SCHEMA = 1

Progress = Callable[[int, str], None]

# The names the inclusion figures' tests read them by.
_period = period_for
_inclusion = inclusion_section


def build_snapshot(
    partnership: Partnership,
    *,
    term: Term | None = None,
    academic_year: int | None = None,
    audience: str = "board",
    as_at: dt.datetime | None = None,
    progress: Progress | None = None,
) -> dict:
    """The figures for a term (termly) or an academic year (annual), for the board or the LA."""
    if (term is None) == (academic_year is None):
        raise ValueError("Give a term or an academic year, not both")
    if audience not in AUDIENCES:
        raise ValueError(f"Unknown audience {audience!r}")
    as_at = as_at or timezone.now()
    step = progress or (lambda percent, note: None)
    period = period_for(partnership, term, academic_year, as_at)
    cells = Cells(audience)

    step(5, "Inspection outcomes")
    la_names = {la.code: la.name for la in partnership.local_authorities.all()}
    terms = trend_terms(partnership, period)
    inspections, school_count = inspections_section(list(la_names), period, terms)
    covered_ids = covered_schools(list(la_names), on=period.cut).values("pk")
    covered = covered_ids.count()
    share = consent_share(partnership, covered, covered_ids)
    step(20, "Schools that may need support")
    needs = needs_section(partnership, period, cells, covered, covered_ids)
    step(30, "Support cases")
    support = support_section(partnership, period, cells, covered, terms)
    step(45, "Progress reviews")
    reviews = reviews_section(partnership, period, cells, period.cut)
    step(55, "System leaders' capacity")
    capacity = capacity_section(
        partnership, period, f"the {term_label(terms[-1]).lower()}" if terms else "the term"
    )
    step(65, "Results")
    ks2, ks4 = ks2_results(list(la_names), on=period.cut), ks4_results(list(la_names), on=period.cut)
    # The published figures for the LA, its region and England, read once for every section that
    # sets the partnership's own beside them (decision 0034).
    benchmarks = benchmarks_for(partnership, OUTCOME_MEASURES + BENCHMARK_MEASURES)
    outcomes = outcomes_section(la_names, ks2, ks4, benchmarks, on=period.cut)
    gap = disadvantaged_gap_section(partnership, ks2, ks4, benchmarks, on=period.cut)
    step(80, "Networks")
    networks = networks_section(partnership, period, cells)
    step(85, "Inclusion partnerships")
    inclusion = inclusion_section(partnership, period, benchmarks)
    step(90, "Case studies")
    studies = case_studies(partnership, period)
    return {
        "schema": SCHEMA,
        "as_at": as_at.isoformat(),
        "partnership": {
            "name": partnership.name,
            "short_name": partnership.short_name,
            "slug": partnership.slug,
        },
        "period": period.as_dict(),
        "audience": audience,
        "school_count": school_count,
        "covered_schools": covered,
        "consent": share,
        "about": about_figures(cells, share, pupils=inclusion is not None),
        "sections": [inspections, needs, support, reviews, capacity, outcomes, gap, networks]
        + ([inclusion] if inclusion else []),
        "case_studies": studies,
        "sources": [dict(source) for source in SOURCES]
        + ([dict(INCLUSION_SOURCE)] if inclusion else [])
        + ([dict(BENCHMARK_SOURCE)] if benchmarks else []),
    }
