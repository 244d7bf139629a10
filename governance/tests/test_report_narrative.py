"""The officer's narrative on a draft report: written beside the figures, drawn into the page and the
PDF, required before approval, guarded against two officers saving at once, and fixed once approved."""

from __future__ import annotations

import datetime as dt
import io
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance.models import Board, Report, ReportStatus
from governance.reporting import narrative, workflow
from governance.tests.test_reports import known, make, written  # noqa: F401 - fixtures
from partnership.access import partnership_context_for
from partnership.services import ServiceError
from tests.helpers import error_beside, pinned_queries, text_of

FULL = {
    "key_messages": "Four in five schools are good or outstanding.",
    "activity": "Officers met every flagged school's headteacher.",
    "commentary_inspections": "Two schools moved up a grade after support.",
    "next_steps": "Review the networks in the spring term.",
}


@pytest.fixture
def draft(known, partnership_a, la_officer_a, django_capture_on_commit_callbacks):  # noqa: F811
    return make(partnership_a, la_officer_a, django_capture_on_commit_callbacks)


@pytest.fixture
def group(partnership_a, la_officer_a):
    return Board.objects.create(partnership=partnership_a, name="PA Strategic Group", clerk=la_officer_a)


def url(report, name="report-narrative"):
    return reverse(f"governance:{name}", args=[report.partnership.slug, report.pk])


def posted(report, **changes):
    return {**FULL, "seen": narrative.stamp(report), "endorsed_by": "", "endorsed_on": "", **changes}


def pdf_text(report: Report) -> str:
    reader = PdfReader(io.BytesIO(bytes(report.pdf)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_only_the_la_writes_the_narrative_and_the_page_shows_the_figures_beside_each_box(
    draft, client_for, personas
):
    for name in ["board_member_a", "head_x", "governor_x", "la_officer_b"]:
        assert client_for(personas[name]).get(url(draft)).status_code == 404, name
        assert client_for(personas[name]).post(url(draft), posted(draft)).status_code == 404, name
    officer = client_for(personas["la_officer_a"])
    with pinned_queries(9):
        page = officer.get(url(draft))
    assert page.status_code == 200
    words = text_of(page)
    summary = draft.snapshot["sections"][0]["summary"]
    # The headline of the section sits above its commentary box, and again in the figures at a glance.
    assert words.count(summary) == 2
    assert (
        words.index("Commentary on each section")
        < words.rindex(summary)
        < words.index("Commentary on inspection outcomes (optional)")
    )
    assert (
        "Before the report can be approved, write the key messages, what the partnership did and the next steps."
        in words
    )


def test_saving_the_narrative_draws_it_into_the_draft_and_records_who_and_when(
    draft, client_for, la_officer_a
):
    response = client_for(la_officer_a).post(url(draft), posted(draft))
    assert response.status_code == 302 and response["Location"] == url(draft, "report")
    draft.refresh_from_db()
    assert draft.key_messages == FULL["key_messages"]
    assert draft.commentary == {"inspections": FULL["commentary_inspections"]}
    assert draft.narrative_by == la_officer_a and draft.narrative_at is not None
    assert draft.history.first().history_change_reason == "Narrative written"
    assert draft.history.first().history_user == la_officer_a
    for text in FULL.values():
        assert text in unescape(draft.html) and text in pdf_text(draft)
    # The report's page now says what is written, and the approve button is there.
    detail = text_of(client_for(la_officer_a).get(url(draft, "report")))
    assert "Key messages Written" in detail and "Commentary on the sections 1 section" in detail
    assert "Endorsement Not endorsed yet (optional)" in detail and "Change the narrative" in detail


def test_a_report_is_not_approved_until_its_narrative_is_written(draft, client_for, la_officer_a):
    detail = client_for(la_officer_a).get(url(draft, "report"))
    words = text_of(detail)
    assert "Write the narrative" in words
    assert (
        "The report can be approved once you have written the key messages, what the partnership did and the next steps."
        in words
    )
    assert url(draft, "report-approve") not in detail.content.decode()
    refused = client_for(la_officer_a).post(url(draft, "report-approve"), {"confirm": "on", "reason": "x"})
    assert refused.status_code == 200
    assert (
        "Write the key messages, what the partnership did and the next steps in the narrative before approving the report"
        in text_of(refused)
    )
    client_for(la_officer_a).post(url(draft), posted(draft, next_steps=""))
    ctx = partnership_context_for(la_officer_a, "pa")
    with pytest.raises(ServiceError, match="Write the next steps in the narrative"):
        workflow.report_approve(actor=la_officer_a, ctx=ctx, report=draft)
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"key_messages": "x" * 4001}, "key_messages", "Key messages must be 4,000 characters or fewer"),
        ({"commentary_inspections": "x" * 2001}, "commentary_inspections", "2,000 characters or fewer"),
        ({"endorsed_on": "12/11/2026"}, "endorsed_by", "Choose the group that endorsed the report"),
        ({"endorsed_on": "31/02/2026"}, "endorsed_on", "The date of endorsement must be a real date"),
        ({"endorsed_by": "999999"}, "endorsed_by", "Choose one of the groups in the list"),
        (
            {"key_messages": "  ", "activity": "", "next_steps": "", "commentary_inspections": ""},
            "key_messages",
            "Write in at least one box before saving the narrative",
        ),
    ],
)
def test_bad_input_is_refused_beside_its_field(draft, client_for, la_officer_a, changes, field, message):
    response = client_for(la_officer_a).post(url(draft), posted(draft, **changes))
    assert response.status_code == 200
    assert message in error_beside(response, field)
    assert "There is a problem" in text_of(response)
    draft.refresh_from_db()
    assert draft.narrative_at is None and draft.key_messages == ""


def test_the_endorsement_names_a_group_of_this_partnership_on_a_day_since_the_draft_was_made(
    draft, group, partnership_b, la_officer_a, la_officer_b, client_for
):
    officer = client_for(la_officer_a)
    today = timezone.localdate()
    missing_day = officer.post(url(draft), posted(draft, endorsed_by=str(group.pk)))
    assert "Enter the date the group endorsed the report" in error_beside(missing_day, "endorsed_on")
    tomorrow = today + dt.timedelta(days=1)
    future = officer.post(
        url(draft), posted(draft, endorsed_by=str(group.pk), endorsed_on=f"{tomorrow:%d/%m/%Y}")
    )
    assert "today or in the past" in error_beside(future, "endorsed_on")
    before = today - dt.timedelta(days=3)
    early = officer.post(
        url(draft), posted(draft, endorsed_by=str(group.pk), endorsed_on=f"{before:%d/%m/%Y}")
    )
    assert f"on or after {today:%-d %B %Y}, when this draft was made" in error_beside(early, "endorsed_on")
    theirs = Board.objects.create(partnership=partnership_b, name="PB Group", clerk=la_officer_b)
    other = officer.post(
        url(draft), posted(draft, endorsed_by=str(theirs.pk), endorsed_on=f"{today:%d/%m/%Y}")
    )
    assert "Choose one of the groups in the list" in error_beside(other, "endorsed_by")

    done = officer.post(url(draft), posted(draft, endorsed_by=str(group.pk), endorsed_on=f"{today:%d/%m/%Y}"))
    assert done.status_code == 302
    draft.refresh_from_db()
    endorsement = f"Endorsed by the PA Strategic Group on {today:%-d %B %Y}."
    assert draft.html.count(endorsement) == 2 and endorsement in pdf_text(draft)


def test_two_officers_writing_at_once_do_not_lose_each_others_words(
    draft, client_for, la_officer_a, personas
):
    admin = personas["la_admin_a"]
    opened = narrative.stamp(draft)  # both open the form before either saves
    first = client_for(la_officer_a).post(url(draft), {**posted(draft), "seen": opened})
    assert first.status_code == 302
    second = client_for(admin).post(
        url(draft), {**posted(draft), "key_messages": "The admin's words", "seen": opened}
    )
    assert second.status_code == 200
    words = text_of(second)
    assert "after you opened it" in words and "The admin's words" in words  # kept in the box
    draft.refresh_from_db()
    assert draft.key_messages == FULL["key_messages"] and draft.narrative_by == la_officer_a


def test_an_approved_report_keeps_the_narrative_it_was_approved_with(draft, client_for, la_officer_a):
    report = written(draft, la_officer_a)
    ctx = partnership_context_for(la_officer_a, "pa")
    workflow.report_approve(actor=la_officer_a, ctx=ctx, report=report)
    assert client_for(la_officer_a).get(url(draft)).status_code == 404
    assert client_for(la_officer_a).post(url(draft), posted(report)).status_code == 404
    with pytest.raises(ServiceError, match="no longer a draft"):
        narrative.narrative_save(
            actor=la_officer_a,
            ctx=ctx,
            report=report,
            narrative=narrative.Narrative(key_messages="Changed"),
            seen=narrative.stamp(report),
        )
    report.refresh_from_db()
    assert report.key_messages == "More schools were good or outstanding."
    assert "Write the narrative" not in text_of(client_for(la_officer_a).get(url(draft, "report")))


def test_making_the_report_again_carries_the_words_over_but_not_the_endorsement(
    draft, group, partnership_a, client_for, la_officer_a, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    client_for(la_officer_a).post(
        url(draft), posted(draft, endorsed_by=str(group.pk), endorsed_on=f"{today:%d/%m/%Y}")
    )
    again = make(partnership_a, la_officer_a, django_capture_on_commit_callbacks, reason="Figures corrected")
    assert again.version == 2
    assert again.key_messages == FULL["key_messages"] and again.commentary == {
        "inspections": FULL["commentary_inspections"]
    }
    assert again.endorsed_by is None and again.endorsed_on is None and again.narrative_at is None
    assert FULL["key_messages"] in again.html and "Endorsed by" not in again.html
    assert (
        again.history.last().history_change_reason
        == "Figures corrected; the narrative of version 1 carried over"
    )
    detail = client_for(la_officer_a).get(url(again, "report"))
    assert "carried over from an earlier version" in text_of(detail)
    # Not approved until read against the new figures and saved on this version.
    assert url(again, "report-approve") not in detail.content.decode()
    ctx = partnership_context_for(la_officer_a, "pa")
    with pytest.raises(ServiceError, match="carried over from an earlier version"):
        workflow.report_approve(actor=la_officer_a, ctx=ctx, report=again)
    client_for(la_officer_a).post(url(again), posted(again))
    again.refresh_from_db()
    workflow.report_approve(actor=la_officer_a, ctx=ctx, report=again)
