"""The officer's narrative on a draft report: the key messages, what the partnership did in the
period, a commentary on each section of figures, the next steps, and the strategic group's
endorsement with its date (decision 0039).

The figures of a report are frozen when it is made; the narrative is written afterwards, on the
draft, beside those figures. Saving it draws the draft's page and PDF again, so what the officer
approves is what readers get, and a report is not approved until its key messages, what the
partnership did and its next steps are written (governance.rules.narrative_missing). Once approved
it never changes. Making the report again carries the words over to the new version, so a
correction of the figures does not lose them, but not the endorsement, which was of other figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from governance import rules
from governance.models import Board, Report
from governance.models.reports import COMMENTARY_MAX, NARRATIVE_MAX
from partnership.access import PartnershipContext
from partnership.auditing import save_with_history
from partnership.limits import characters
from partnership.services import ServiceError

from . import render
from .render import period_words  # noqa: F401 - the views and forms say the period as the report does

TEXTS = ("key_messages", "activity", "next_steps")


@dataclass(frozen=True)
class Narrative:
    key_messages: str = ""
    activity: str = ""
    next_steps: str = ""
    # The commentary on each section, by the section's key.
    commentary: dict[str, str] = field(default_factory=dict)
    endorsed_by: Board | None = None
    endorsed_on: dt.date | None = None


def sections_of(report: Report) -> list[dict]:
    """The report's sections of figures, each with its key, title and headline: what a commentary
    is written beside."""
    return [
        {"key": s["key"], "title": s["title"], "summary": s.get("summary", "")}
        for s in (report.snapshot or {}).get("sections", [])
    ]


def stamp(report: Report) -> str:
    """When the narrative was last saved, as the form carries it to tell whether someone else saved
    it in between."""
    return report.narrative_at.isoformat() if report.narrative_at else ""


def carried_over(report: Report, earlier: dict | None) -> None:
    """Give a new version the words of the one before (not its endorsement): the fields of the
    earlier version, from `Report.objects.values(*TEXTS, "commentary")`."""
    if not earlier:
        return
    for name in TEXTS:
        setattr(report, name, earlier[name])
    report.commentary = dict(earlier["commentary"] or {})


def _check(report: Report, narrative: Narrative) -> None:
    for name in TEXTS:
        text = getattr(narrative, name)
        if len(text) > NARRATIVE_MAX:
            called = Report._meta.get_field(name).verbose_name
            raise ServiceError(
                f"{called[0].upper()}{called[1:]} must be {characters(NARRATIVE_MAX)} or fewer", field=name
            )
    keys = {section["key"] for section in sections_of(report)}
    for key, text in narrative.commentary.items():
        if key not in keys:
            raise ServiceError("A commentary can only be written on a section of this report")
        if len(text) > COMMENTARY_MAX:
            raise ServiceError(
                f"The commentary must be {characters(COMMENTARY_MAX)} or fewer", field=f"commentary_{key}"
            )
    if (narrative.endorsed_by is None) != (narrative.endorsed_on is None):
        if narrative.endorsed_by is None:
            raise ServiceError("Choose the group that endorsed the report", field="endorsed_by")
        raise ServiceError("Enter the date the group endorsed the report", field="endorsed_on")
    if narrative.endorsed_by is not None:
        if narrative.endorsed_by.partnership_id != report.partnership_id:
            raise ServiceError("Choose one of this partnership's groups", field="endorsed_by")
        made_on = timezone.localtime(report.finished_at or report.requested_at).date()
        if narrative.endorsed_on < made_on:
            raise ServiceError(
                f"The date of endorsement must be on or after {made_on:%-d %B %Y}, when this draft was made",
                field="endorsed_on",
            )
        if narrative.endorsed_on > timezone.localdate():
            raise ServiceError("The date of endorsement must be today or in the past", field="endorsed_on")


def _empty(words) -> bool:
    """Nothing written and no endorsement: a narrative, or a report's."""
    commentary = words.commentary or {}
    return (
        not any(getattr(words, name).strip() for name in TEXTS)
        and not any(text.strip() for text in commentary.values())
        and words.endorsed_on is None
    )


@transaction.atomic
def narrative_save(
    *, actor, ctx: PartnershipContext, report: Report, narrative: Narrative, seen: str, reason: str = ""
) -> Report:
    """Save the narrative of a draft and draw its page and PDF again. `seen` is the stamp the
    officer's form was opened with: if someone else saved the narrative since, nothing is saved and
    the officer is told, so neither loses the other's words."""
    rules.require_report_manager(ctx)
    report = (
        Report.objects.select_for_update(of=("self",)).select_related("partnership", "term").get(pk=report.pk)
    )
    if not rules.narrative_editable(report):
        raise ServiceError(
            "This report is no longer a draft, so its narrative cannot be changed. To change it, make "
            "the report again."
        )
    if stamp(report) != (seen or ""):
        who = f" by {report.narrative_by}" if report.narrative_by_id else ""
        saved = timezone.localtime(report.narrative_at)
        raise ServiceError(
            f"The narrative was saved{who} at {saved:%H:%M} on {saved:%-d %B %Y}, after you opened it. "
            "Your words are still in the boxes below: copy them, open the narrative again to read "
            "the saved version, and add your changes to it."
        )
    _check(report, narrative)
    if _empty(narrative) and _empty(report):
        raise ServiceError("Write in at least one box before saving the narrative", field="key_messages")
    for name in TEXTS:
        setattr(report, name, getattr(narrative, name).strip())
    report.commentary = {key: text.strip() for key, text in narrative.commentary.items() if text.strip()}
    report.endorsed_by = narrative.endorsed_by
    report.endorsed_on = narrative.endorsed_on
    report.narrative_by = actor
    report.narrative_at = timezone.now()
    report.html = render.report_html(report.snapshot, report=report)
    report.pdf, report.pdf_pages = render.report_pdf(report.snapshot, report=report)
    return save_with_history(report, actor=actor, reason=reason or "Narrative written")
