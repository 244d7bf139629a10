"""Inclusion partnership pages: the figures (decisions 0020 and 0021).

Aggregates only, never a pupil's name: permanent exclusions and their rate per 1,000 pupils,
consultation before exclusion, pupils at risk, time out of school, alternative provision and its
outcomes, and spend against allocation, for the county (every inclusion partnership, side by side)
or for one partnership (`?area=<id>`), over an academic year (`?year=2026`).

Who: LA officers and administrators and board members (the strategic group), LA inclusion officers,
and the partnerships' staff and chairs. Small numbers are hidden from everyone who may not see the
pupils' records anyway; an LA inclusion officer sees every figure exactly, and a partnership's
staff and chair see their own partnership's exactly.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from inclusion import rules
from inclusion.models import CONSULTATION_COUNTS_FOR_WEEKS, InclusionPartnership
from inclusion.selectors.figures import (
    academic_year_of,
    academic_year_span,
    inclusion_figures,
    inclusion_partnerships_of,
)
from inclusion.tables import BENCHMARK_MEASURES, Reader, dashboard_sections, year_label
from partnership.access import NotVisible, PartnershipContext, partnership_view
from partnership.charts import chart_geometry
from partnership.parsing import as_id
from schools.selectors.benchmarks import benchmarks_for

# Academic years to choose from: this one and the five before it.
YEARS_TO_CHOOSE = 6


def _chosen_year(request: HttpRequest, current: int) -> int:
    text = request.GET.get("year", "")
    if not text:
        return current
    year = as_id(text)
    if year is None or not current - YEARS_TO_CHOOSE < year <= current:
        raise NotVisible(f"no figures for the academic year {text!r}")
    return year


def _chosen_area(request: HttpRequest, ips: list[InclusionPartnership]) -> InclusionPartnership | None:
    text = request.GET.get("area", "")
    if not text:
        return None
    area_id = as_id(text)
    area = next((ip for ip in ips if ip.pk == area_id), None)
    if area is None:
        raise NotVisible(f"no inclusion partnership {text!r} in this partnership")
    return area


@partnership_view(roles=rules.FIGURES_PAGE_ROLES)
@require_GET
def dashboard(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    ips = inclusion_partnerships_of(ctx.partnership)
    if not rules.may_see_figures(ctx, ips):
        raise NotVisible("the inclusion figures are for the LA, the board and the partnerships")
    today = timezone.localdate()
    current = academic_year_of(today)
    year = _chosen_year(request, current)
    area = _chosen_area(request, ips)
    starts_on, ends_on = academic_year_span(year)
    cut = min(ends_on, today)
    figures = inclusion_figures(
        ctx.partnership, starts_on=starts_on, cut=cut, area=area, inclusion_partnerships=ips
    )
    reader = Reader(rules.exact_figures_for(ctx, ips))
    period = f"the academic year {year_label(year)}"
    sections = [
        {
            **section,
            "chart_svg": chart_geometry(section["chart"], key=section["key"]) if section["chart"] else None,
        }
        for section in dashboard_sections(
            figures,
            reader,
            period=period,
            benchmarks=benchmarks_for(ctx.partnership, BENCHMARK_MEASURES) if area is None and ips else None,
        )
    ]
    exact = reader.exact(figures.scope, [a.area_id for a in figures.areas])
    return render(
        request,
        "inclusion/dashboard/dashboard.html",
        {
            "crumb_url": reverse("inclusion:home", args=[ctx.partnership.slug]),
            "crumb_label": "Inclusion",
            "figures": figures,
            "sections": sections if ips else [],
            "area": area,
            "areas": ips,
            "year": year,
            "year_text": year_label(year),
            "year_choices": [(y, year_label(y)) for y in range(current, current - YEARS_TO_CHOOSE, -1)],
            "starts_on": starts_on,
            "ends_on": ends_on,
            "cut": cut,
            "so_far": cut < ends_on,
            "exact": exact,
            "exact_somewhere": reader.sees_every_figure or bool(reader.exact_areas),
            "minimum": reader.minimum,
            "consultation_weeks": CONSULTATION_COUNTS_FOR_WEEKS,
            "county_url": reverse("inclusion:dashboard", args=[ctx.partnership.slug]) + f"?year={year}",
        },
    )


urlpatterns = [path("dashboard/", dashboard, name="dashboard")]
