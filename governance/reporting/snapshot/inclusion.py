"""The inclusion partnerships' section (decision 0021), built by the inclusion figures themselves."""

from __future__ import annotations

from inclusion.selectors.figures import inclusion_figures, inclusion_partnerships_of
from inclusion.tables import BENCHMARK_MEASURES, report_section
from partnership.figures import Section
from schools.selectors.benchmarks import benchmarks_for

from .period import Period


def inclusion_section(partnership, period: Period, benchmarks: dict | None = None) -> Section | None:
    """The inclusion partnerships' figures (decision 0021), or None for a partnership without any.
    Small numbers of pupils are hidden for both audiences: reports are published, and ordinary LA
    officers may not see the pupils either."""
    ips = inclusion_partnerships_of(partnership)
    if not ips:
        return None
    figures = inclusion_figures(
        partnership, starts_on=period.starts_on, cut=period.cut, inclusion_partnerships=ips
    )
    if benchmarks is None:
        benchmarks = benchmarks_for(partnership, BENCHMARK_MEASURES)
    return report_section(figures, period=f"the {period.label.lower()}", benchmarks=benchmarks)
