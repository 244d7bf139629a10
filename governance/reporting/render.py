"""Drawing a report from its snapshot: the HTML document and the WeasyPrint PDF.

Both come from one template, templates/governance/reports/document.html, and draw only what the
snapshot holds. Each chart is an SVG bar chart whose title is its text alternative, naming every bar
and its figure: a screen reader reads it on the web page, and WeasyPrint makes it the /Alt of the
chart's /Figure in the tagged PDF, so both say the same. The same figures follow as a table. The
styles are in a static print stylesheet, never inline, so the HTML can be served under the content
security policy.

What the reader needs to know before trusting any figure is said once, in "About these figures",
from the snapshot's "about" paragraphs.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string

from partnership.charts import chart_geometry
from partnership.documents import PDF_OPTIONS, print_stylesheet, render_pdf

PRINT_STYLESHEET = "print-scrutiny-report.css"


# A report made before its snapshot held "about" said this on its cover, and it was true of those
# figures, so such a report, drawn again, still says it.
OLDER_ABOUT = (
    "Figures resting on very few schools are not shown, so that no school can be identified, and "
    "school-level support figures count only schools that agreed to share them."
)
OLDER_ABOUT_PUPILS = "Figures about very few pupils are not shown either, so that no child can be identified."

# A table of this many rows or fewer takes at most half a page, so keeping it on one page never leaves
# much of a page empty; a longer one goes over between rows.
WHOLE_TABLE_ROWS = 15


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text[:10]) if text else None


def _chart(chart: dict, *, key: str) -> dict:
    drawn = chart_geometry(chart, key=key)
    unit = f" ({drawn['unit']})" if drawn["unit"] else ""
    return {**drawn, "alt": f"Bar chart: {drawn['title']}{unit}. {drawn['description']}."}


def about_figures(snapshot: dict) -> list[str]:
    """The paragraphs of "About these figures": the snapshot's own, or for a snapshot made before
    it held them, what that report's cover said."""
    if snapshot.get("about"):
        return list(snapshot["about"])
    about = [OLDER_ABOUT]
    if any(section.get("key") == "inclusion" for section in snapshot.get("sections", [])):
        about.append(OLDER_ABOUT_PUPILS)
    return about


def period_words(report) -> str:
    """ "this term" or "this year", as the narrative's headings say it."""
    return "this year" if report.kind == "annual" else "this term"


def narrative_of(report) -> dict:
    """What the officer wrote on the report (governance.reporting.narrative), as the document
    draws it; nothing for a report not yet written on, or drawn without a report."""
    if report is None:
        return {"commentary": {}}
    endorsement = ""
    if report.endorsed_on and report.endorsed_by_id:
        endorsement = f"Endorsed by the {report.endorsed_by.name} on {report.endorsed_on:%-d %B %Y}."
    return {
        "key_messages": report.key_messages,
        "activity": report.activity,
        "next_steps": report.next_steps,
        "commentary": report.commentary or {},
        "endorsement": endorsement,
        "period_words": period_words(report),
    }


def report_context(
    snapshot: dict, *, report=None, for_pdf: bool = False, narrative: dict | None = None
) -> dict:
    """What the document template draws. The narrative is the report's, unless one is given (as the
    tests give one, to draw a snapshot with words but no report row)."""
    narrative = {"commentary": {}, **narrative} if narrative is not None else narrative_of(report)
    sections = [
        {
            **section,
            "commentary": narrative["commentary"].get(section["key"], ""),
            "chart_svg": _chart(section["chart"], key=section["key"]) if section.get("chart") else None,
            "tables": [
                {**table, "whole": len(table["rows"]) <= WHOLE_TABLE_ROWS}
                for table in section.get("tables", [])
            ],
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
        "about": about_figures(snapshot),
        "case_studies": snapshot.get("case_studies", []),
        "sources": snapshot.get("sources", []),
        "report": report,
        "title": report.title if report is not None else period.get("label", "Scrutiny report"),
        "version": report.version if report is not None else None,
        "annual": period.get("kind") == "annual",
        "narrative": narrative,
        "for_pdf": for_pdf,
        "stylesheet": PRINT_STYLESHEET,
    }


def report_html(snapshot: dict, *, report=None, for_pdf: bool = False, narrative: dict | None = None) -> str:
    return render_to_string(
        "governance/reports/document.html",
        report_context(snapshot, report=report, for_pdf=for_pdf, narrative=narrative),
    )


def report_pdf(snapshot: dict, *, report=None, narrative: dict | None = None) -> tuple[bytes, int]:
    """The PDF and its number of pages, laid out once."""
    html = report_html(snapshot, report=report, for_pdf=True, narrative=narrative)
    document = render_pdf(html, stylesheet=print_stylesheet(PRINT_STYLESHEET))
    return document.write_pdf(**PDF_OPTIONS), len(document.pages)
