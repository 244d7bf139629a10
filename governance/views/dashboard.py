"""The termly dashboard: the live snapshot for a chosen term, and the LA's school-by-school view."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from governance import rules
from governance.reporting.dashboard import SORTS, dashboard_terms, kept_figures, school_rows
from governance.reporting.render import chart_geometry
from governance.reporting.snapshot import build_snapshot, term_label
from partnership.access import PartnershipContext, partnership_view
from partnership.access_log import RecordType, record_view
from schools.models.inspections import OverallGrade
from support.models.cases import CaseStatus
from support.models.reviews import Rating
from support.selectors.figures import SHOWN_STATUSES

SCHOOLS_PAGE_SIZE = 50


def _url(ctx: PartnershipContext, name: str, query: dict | None = None) -> str:
    url = reverse(name, kwargs={"partnership_slug": ctx.partnership.slug})
    return f"{url}?{urlencode(query)}" if query else url


def _drill_down(ctx: PartnershipContext, term_key: str) -> dict[str, list[dict]]:
    """Links from a section to the lists behind it, for the LA only."""
    each_school = {
        "text": "Each school this term",
        "href": _url(ctx, "governance:dashboard-schools", {"term": term_key}),
    }
    return {
        "inspections": [
            {
                "text": f"Schools judged {OverallGrade.REQUIRES_IMPROVEMENT.label}",
                "href": _url(ctx, "schools:list", {"outcome": OverallGrade.REQUIRES_IMPROVEMENT}),
            },
            {
                "text": f"Schools judged {OverallGrade.INADEQUATE.label}",
                "href": _url(ctx, "schools:list", {"outcome": OverallGrade.INADEQUATE}),
            },
            each_school,
        ],
        "needs": [
            {"text": "Schools that may need support", "href": _url(ctx, "schools:needs")},
            {
                "text": "Schools with a flag, on the schools list",
                "href": _url(ctx, "schools:list", {"flag": "any"}),
            },
        ],
        "support": [
            {"text": "Open support cases", "href": _url(ctx, "support:cases")},
            {"text": "Escalated cases", "href": _url(ctx, "support:cases", {"status": CaseStatus.ESCALATED})},
            each_school,
        ],
        "reviews": [each_school],
    }


def _with_charts(sections: list[dict]) -> list[dict]:
    return [
        {
            **section,
            "chart_svg": chart_geometry(section["chart"], key=section["key"]) if section["chart"] else None,
        }
        for section in sections
    ]


@partnership_view(roles=rules.READER_ROLES)
@require_GET
def dashboard(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    term, terms = dashboard_terms(ctx, request.GET.get("term"))
    audience = rules.dashboard_audience(ctx)
    drill_down = rules.may_drill_down(ctx)

    def draw(as_at: dt.datetime) -> dict:
        snapshot = build_snapshot(ctx.partnership, term=term, audience=audience, as_at=as_at)
        links = _drill_down(ctx, term.key) if drill_down else {}
        sections = [
            {**section, "links": links.get(section["key"], [])}
            for section in _with_charts(snapshot["sections"])
        ]
        html = render_to_string(
            "governance/dashboard/_figures.html", {"snapshot": snapshot, "sections": sections}
        )
        return {"snapshot": snapshot, "sections": sections, "html": html}

    # Counted and drawn once for each state of the data, kept under a fingerprint of it (decision 0038).
    figures = kept_figures(ctx.partnership, term, audience, "links" if drill_down else "plain", draw)
    return render(
        request,
        "governance/dashboard/dashboard.html",
        {
            "snapshot": figures["snapshot"],
            "sections": figures["sections"],
            # Drawn by our own template, escaped as it was drawn, and kept only in our own cache.
            "figures_html": mark_safe(figures["html"]),  # noqa: S308  # nosec B308 B703
            "figures_kept": figures["kept"],
            "counted_at": timezone.localtime(dt.datetime.fromisoformat(figures["snapshot"]["as_at"])),
            "term": term,
            "term_choices": [(t.key, term_label(t)) for t in terms],
            "may_manage_reports": rules.may_manage_reports(ctx),
            "sees_every_figure": audience == rules.LA_AUDIENCE,
            "may_see_term_dates": rules.may_see_term_dates(ctx),
        },
    )


@partnership_view(roles=rules.CLERK_ROLES)
@require_GET
def dashboard_schools(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    term, terms = dashboard_terms(ctx, request.GET.get("term"))
    sort = request.GET.get("sort", "name")
    if sort not in SORTS:
        sort = "name"
    page = Paginator(school_rows(ctx, term, sort), SCHOOLS_PAGE_SIZE).get_page(request.GET.get("page"))
    # The table shows each school's open case and review rating: confidential casework, so the
    # view is logged, once for the page.
    record_view(
        request,
        record_type=RecordType.SUPPORT_CASES,
        description=f"Termly dashboard, each school: {term_label(term)}, page {page.number}",
    )
    grades = {**dict(OverallGrade.choices), "": "Report card", None: "Not inspected"}
    statuses, ratings = dict(SHOWN_STATUSES), dict(Rating.choices)
    rows = [
        {
            "school": school,
            "outcome": grades.get(school.overall, school.overall),
            "case_status": statuses.get(school.case_status, ""),
            "rating": ratings.get(school.review_rating, ""),
        }
        for school in page.object_list
    ]
    return render(
        request,
        "governance/dashboard/schools.html",
        {
            "page": page,
            "rows": rows,
            "term": term,
            "term_label": term_label(term),
            "term_choices": [(t.key, term_label(t)) for t in terms],
            "sort": sort,
            "sorts": [(key, label) for key, (_, label) in SORTS.items()],
        },
    )
