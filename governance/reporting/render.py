"""Drawing a report from its snapshot: the HTML document and the WeasyPrint PDF.

Both come from one template, templates/governance/reports/document.html, and draw only what the
snapshot holds. Each chart is an SVG bar chart with a title and description for screen readers,
followed by the same figures as a table and a sentence that says what they show. The styles are in
a static print stylesheet, never inline, so the HTML can be served under the content security policy.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string

from partnership.documents import print_stylesheet

PRINT_STYLESHEET = "print-scrutiny-report.css"

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 220
PLOT_WIDTH = 380
VALUE_WIDTH = 70


def chart_geometry(chart: dict, *, key: str) -> dict:
    """Bars for an SVG chart: positions and widths worked out here, so the template only draws."""
    values = [float(v or 0) for v in chart.get("values", [])]
    biggest = max(values, default=0) or 1
    unit = chart.get("unit", "")
    bars = []
    for index, (label, value) in enumerate(zip(chart.get("labels", []), values, strict=False)):
        y = index * (BAR_HEIGHT + BAR_GAP)
        shown = f"{value:g}%" if unit == "%" else f"{value:,.0f}" if value == int(value) else f"{value:g}"
        bars.append(
            {
                "label": label,
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "width": round(PLOT_WIDTH * value / biggest, 1),
                "value_x": LABEL_WIDTH + round(PLOT_WIDTH * value / biggest, 1) + 6,
                "shown": shown,
            }
        )
    return {
        "id": f"chart-{key}",
        "title": chart.get("title", ""),
        "unit": unit,
        "bars": bars,
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "width": LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        "height": max(len(bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
        "bar_height": BAR_HEIGHT,
        "description": "; ".join(f"{bar['label']}: {bar['shown']}" for bar in bars),
    }


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
    from weasyprint import CSS, HTML

    html = report_html(snapshot, report=report, for_pdf=True)
    document = HTML(string=html).render(stylesheets=[CSS(string=print_stylesheet(PRINT_STYLESHEET))])
    return document.write_pdf(), len(document.pages)
