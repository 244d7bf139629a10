"""Drawing a report from its snapshot: the HTML document and the WeasyPrint PDF.

Both come from one template, templates/governance/reports/document.html, and draw only what the
snapshot holds. Each chart is an SVG bar chart with a title and description for screen readers,
followed by the same figures as a table and a sentence that says what they show. The styles are in
a static print stylesheet, never inline, so the HTML can be served under the content security policy.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string

from partnership.charts import chart_geometry
from partnership.documents import PDF_OPTIONS, print_stylesheet, render_pdf

PRINT_STYLESHEET = "print-scrutiny-report.css"


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text[:10]) if text else None


def report_context(snapshot: dict, *, report=None, for_pdf: bool = False) -> dict:
    sections = [
        {
            **section,
            "chart_svg": chart_geometry(section["chart"], key=section["key"])
            if section.get("chart")
            else None,
        }
        for section in snapshot.get("sections", [])
    ]
    period = snapshot.get("period", {})
    return {
        "snapshot": snapshot,
        "partnership": snapshot.get("partnership", {}),
        "period": period,
        "starts_on": _date(period.get("starts_on")),
        "ends_on": _date(period.get("ends_on")),
        "as_at": dt.datetime.fromisoformat(snapshot["as_at"]) if snapshot.get("as_at") else None,
        "sections": sections,
        "case_studies": snapshot.get("case_studies", []),
        "sources": snapshot.get("sources", []),
        "report": report,
        "title": report.title if report is not None else period.get("label", "Scrutiny report"),
        "version": report.version if report is not None else None,
        "annual": period.get("kind") == "annual",
        "for_pdf": for_pdf,
        "stylesheet": PRINT_STYLESHEET,
    }


def report_html(snapshot: dict, *, report=None, for_pdf: bool = False) -> str:
    return render_to_string(
        "governance/reports/document.html", report_context(snapshot, report=report, for_pdf=for_pdf)
    )


def report_pdf(snapshot: dict, *, report=None) -> tuple[bytes, int]:
    """The PDF and its number of pages, laid out once."""
    html = report_html(snapshot, report=report, for_pdf=True)
    document = render_pdf(html, stylesheet=print_stylesheet(PRINT_STYLESHEET))
    return document.write_pdf(**PDF_OPTIONS), len(document.pages)
