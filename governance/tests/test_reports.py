"""Scrutiny reports: made once from a frozen snapshot, versioned, approved, published, and reachable
by the public only when published and due."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance.models import Report, ReportKind, ReportStatus, ReportSubscriber
from governance.reporting import narrative, pipeline, workflow
from governance.terms import previous_term, term_on
from partnership.access import partnership_context_for
from partnership.models import AccessLogEntry

SECRET_NEEDS = "Weak safeguarding culture noted by the adviser"


def written(report, officer):
    """The draft with the narrative it cannot be approved without, written through the service."""
    report.refresh_from_db()
    return narrative.narrative_save(
        actor=officer,
        ctx=partnership_context_for(officer, report.partnership.slug),
        report=report,
        narrative=narrative.Narrative(
            key_messages="More schools were good or outstanding.",
            activity="The group met twice.",
            next_steps="Review the networks.",
        ),
        seen=narrative.stamp(report),
    )


def known_snapshot(
    partnership, *, term=None, academic_year=None, audience="board", as_at=None, progress=None
):
    """Figures we know, in the documented shape, standing in for the figures builder."""
    if progress:
        progress(50, "Inspections")
    return {
        "schema": 1,
        "as_at": (as_at or timezone.now()).isoformat(),
        "partnership": {
            "name": partnership.name,
            "short_name": partnership.short_name,
            "slug": partnership.slug,
        },
        "period": {
            "kind": "termly" if term else "annual",
            "key": term.key if term else str(academic_year),
            "label": "Autumn term 2026" if term else f"{academic_year} to {academic_year + 1}",
            "starts_on": "2026-09-01",
            "ends_on": "2026-12-31",
            "previous_label": "Summer term 2026",
        },
        "audience": audience,
        "school_count": 334,
        "sections": [
            {
                "key": "inspections",
                "title": "Inspection outcomes",
                "summary": "Of 320 schools inspected, 88% were good or outstanding, up 2 points on last term.",
                "tables": [
                    {
                        "caption": "Latest overall grade",
                        "headers": ["Outcome", "Schools", "Change since last term"],
                        "rows": [
                            ["Outstanding", "40", "+1"],
                            ["Good", "242", "+5"],
                            ["Inadequate", "7", "-2"],
                        ],
                        "numeric_columns": [1, 2],
                    }
                ],
                "chart": {
                    "title": "Schools by latest grade",
                    "labels": ["Outstanding", "Good", "Inadequate"],
                    "values": [40, 242, 7],
                    "unit": "schools",
                },
            }
        ],
        "case_studies": [
            {"title": "A primary school", "summary": "Phonics improved after a year of support."}
        ],
        "sources": [
            {
                "name": "Get Information About Schools",
                "detail": "The register",
                "licence": "Open Government Licence v3.0",
            }
        ],
    }


@pytest.fixture
def known(monkeypatch):
    monkeypatch.setattr(pipeline, "build_snapshot", known_snapshot)


def pdf_text(report: Report) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(report.pdf))).pages)


def make(partnership, actor, django_capture_on_commit_callbacks, **kwargs) -> Report:
    kwargs.setdefault("kind", ReportKind.TERMLY)
    if kwargs["kind"] == ReportKind.TERMLY:
        kwargs.setdefault("term", term_on(partnership, dt.date(2026, 10, 5)))
    with django_capture_on_commit_callbacks(execute=True):
        report = pipeline.report_request(actor=actor, partnership=partnership, **kwargs)
    report.refresh_from_db()
    return report


def test_report_is_made_end_to_end_with_the_snapshots_figures(
    known, partnership_a, la_officer_a, django_capture_on_commit_callbacks
):
    report = make(partnership_a, la_officer_a, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.DRAFT
    assert report.version == 1 and report.period == "2026-autumn"
    assert report.attempts == 1 and report.progress == 100 and report.error == ""
    assert report.pdf_pages == len(PdfReader(io.BytesIO(bytes(report.pdf))).pages) >= 3
    assert report.snapshot["school_count"] == 334
    text = pdf_text(report)
    for expected in [
        "Partnership A",
        "Termly scrutiny report",
        "Inspection outcomes",
        "88% were good",
        "242",
        "Phonics improved",
        "Open Government Licence v3.0",
        "Contents",
    ]:
        assert expected in text, expected
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in report.html
    assert "<style" not in report.html and "style=" not in report.html


def test_making_the_report_again_is_version_2_and_leaves_version_1_unchanged(
    known, partnership_a, la_officer_a, django_capture_on_commit_callbacks
):
    first = make(partnership_a, la_officer_a, django_capture_on_commit_callbacks)
    pdf, html, as_at = bytes(first.pdf), first.html, first.as_at
    second = make(partnership_a, la_officer_a, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert (second.version, second.period, second.status) == (2, first.period, ReportStatus.DRAFT)
    assert bytes(first.pdf) == pdf and first.html == html and first.as_at == as_at


def test_a_report_delivered_twice_is_made_once(
    known, partnership_a, la_officer_a, django_capture_on_commit_callbacks
):
    report = make(partnership_a, la_officer_a, django_capture_on_commit_callbacks)
    finished, pdf = report.finished_at, bytes(report.pdf)
    again = pipeline.report_produce(report.pk)
    assert again.finished_at == finished and bytes(again.pdf) == pdf and again.attempts == 1
    assert report.history.filter(history_change_reason__startswith="Report made").count() == 1


def test_a_report_that_keeps_failing_is_tried_three_times_then_shows_its_error(
    monkeypatch, settings, partnership_a, la_officer_a, client_for, django_capture_on_commit_callbacks
):
    settings.REPORT_MAX_ATTEMPTS = 3
    settings.REPORT_RETRY_DELAY_SECONDS = 0
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise ValueError("The inspections table is missing")

    monkeypatch.setattr(pipeline, "build_snapshot", broken)
    report = make(partnership_a, la_officer_a, django_capture_on_commit_callbacks)
    assert len(calls) == 3
    assert report.status == ReportStatus.FAILED and report.attempts == 3
    assert report.error == "ValueError: The inspections table is missing"
    page = client_for(la_officer_a).get(reverse("governance:report", args=["pa", report.pk]))
    assert (
        b"The report could not be made" in page.content
        and b"The inspections table is missing" in page.content
    )
    listing = client_for(la_officer_a).get(reverse("governance:reports", args=["pa"]))
    assert b"The inspections table is missing" in listing.content

    # An officer tries again once the fault is mended: the same row and version is made.
    monkeypatch.setattr(pipeline, "build_snapshot", known_snapshot)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(la_officer_a).post(
            reverse("governance:report-retry", args=["pa", report.pk]), {"reason": "Table restored"}
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.version, report.attempts, report.error) == (ReportStatus.DRAFT, 1, 1, "")
    assert Report.objects.filter(partnership=partnership_a).count() == 1


def test_a_failure_then_success_makes_the_report_on_the_second_attempt(
    monkeypatch, settings, partnership_a, la_officer_a, django_capture_on_commit_callbacks
):
    settings.REPORT_RETRY_DELAY_SECONDS = 0
    calls = []

    def flaky(partnership, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("database went away")
        return known_snapshot(partnership, **kwargs)

    monkeypatch.setattr(pipeline, "build_snapshot", flaky)
    report = make(partnership_a, la_officer_a, django_capture_on_commit_callbacks)
    assert (report.status, report.attempts, report.error) == (ReportStatus.DRAFT, 2, "")


def test_the_real_figures_builder_keeps_unconsented_and_confidential_text_out_of_the_pdf(
    partnership_a, school_x, school_y, la_admin_a, head_x, django_capture_on_commit_callbacks
):
    from tests.factories import CaseFactory, InspectionFactory, consent_in_force, published_agreement

    consent_in_force(published_agreement(partnership_a, by=la_admin_a), school_x, head=head_x)
    InspectionFactory(school=school_x, inspected_on=dt.date(2024, 5, 1), overall="good")
    CaseFactory(
        partnership=partnership_a, school=school_y, needs_analysis=SECRET_NEEDS, evidence="Confidential note"
    )
    CaseFactory(partnership=partnership_a, school=school_x, needs_analysis=SECRET_NEEDS + " at X")
    report = make(partnership_a, la_admin_a, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.DRAFT, report.error
    assert report.snapshot["audience"] == "board"
    text = pdf_text(report)
    assert "Partnership A" in text and "Inspection outcomes" in text
    assert str(report.snapshot["school_count"]) in text
    for secret in ["School Y", SECRET_NEEDS, "Confidential note", "School X"]:
        assert secret not in text, secret
        assert secret not in report.html, secret
    # A public body's published report is a tagged PDF, with its language and title (bar 7).
    catalogue = PdfReader(io.BytesIO(bytes(report.pdf))).trailer["/Root"]
    assert bool(catalogue["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalogue
    assert catalogue["/Lang"] == "en-GB"


def test_annual_report_has_the_impact_of_support_counted_over_every_school(
    partnership_a, school_x, school_y, la_admin_a, head_x, django_capture_on_commit_callbacks
):
    from tests.factories import CaseFactory, InspectionFactory, consent_in_force, published_agreement

    consent_in_force(published_agreement(partnership_a, by=la_admin_a), school_x, head=head_x)
    CaseFactory(
        partnership=partnership_a,
        school=school_x,
        status="closed",
        closure="completed",
        opened_on=dt.date(2025, 10, 1),
        closed_on=dt.date(2026, 3, 1),
        impact_statement="Reading rose",
        evidence_before="Data",
        evidence_after="Data",
    )
    CaseFactory(
        partnership=partnership_a,
        school=school_y,
        status="closed",
        closure="completed",
        opened_on=dt.date(2025, 10, 1),
        closed_on=dt.date(2026, 3, 1),
        impact_statement="Not consented",
    )
    InspectionFactory(school=school_x, inspected_on=dt.date(2023, 5, 1), overall="requires_improvement")
    InspectionFactory(school=school_x, inspected_on=dt.date(2025, 10, 1), overall="good")
    report = make(
        partnership_a,
        la_admin_a,
        django_capture_on_commit_callbacks,
        kind=ReportKind.ANNUAL,
        academic_year=2025,
    )
    impact = next(s for s in report.snapshot["sections"] if s["key"] == "impact")
    records = next(t for t in impact["tables"] if t["caption"].startswith("Support cases closed"))
    # Both schools' cases are counted, consent or not, and two schools are too few to show.
    assert records["rows"][0] == ["With an impact statement", "Fewer than 5 schools"]
    assert [row[0] for row in impact["tables"][-2]["rows"]] == ["Met", "Partly met", "Not met"]
    assert "Impact of support" in pdf_text(report)
    assert "Reading rose" not in report.html and "Not consented" not in report.html


def test_beat_makes_one_report_per_term_however_often_it_runs(
    partnership_a, partnership_b, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(pipeline, "_queue", lambda report_id: queued.append(report_id))
    day = term_on(partnership_a, dt.date(2026, 10, 5)).starts_on + dt.timedelta(days=3)
    first = pipeline.start_termly_reports(day)
    second = pipeline.start_termly_reports(day)
    assert len(first) == 2 and second == []
    assert sorted(queued) == sorted(first)
    # Early in the autumn term the report owed is the summer term's, which has just ended.
    assert set(Report.objects.values_list("partnership__slug", "period", "version")) == {
        ("pa", "2025-summer", 1),
        ("pb", "2025-summer", 1),
    }
    # Three weeks into term nothing is started: the window is the first fortnight.
    Report.objects.all().delete()
    assert pipeline.start_termly_reports(day + dt.timedelta(days=21)) == []


def test_beat_drops_a_report_another_beat_made_at_the_same_moment(partnership_a, monkeypatch):
    """The race: both beats saw no report; the database's unique key stops the second."""
    monkeypatch.setattr(pipeline, "_queue", lambda report_id: None)
    day = dt.date(2026, 9, 3)
    term = previous_term(term_on(partnership_a, day))
    Report.objects.create(
        partnership=partnership_a, kind="termly", period=term.key, term=term, academic_year=2025, version=1
    )
    real_filter = Report.objects.filter

    class Blind:
        def exists(self):
            return False

    monkeypatch.setattr(
        Report.objects, "filter", lambda *a, **k: Blind() if "period" in k else real_filter(*a, **k)
    )
    assert pipeline.start_termly_reports(day) == []
    monkeypatch.undo()
    assert Report.objects.filter(partnership=partnership_a).count() == 1


# --- The workflow and who may do it ----------------------------------------------------------


@pytest.fixture
def draft(known, partnership_a, la_officer_a, django_capture_on_commit_callbacks):
    return make(partnership_a, la_officer_a, django_capture_on_commit_callbacks)


def test_only_la_officers_approve_and_publish(
    draft, client_for, personas, django_capture_on_commit_callbacks
):
    approve = reverse("governance:report-approve", args=["pa", draft.pk])
    written(draft, personas["la_officer_a"])
    for name, status in [
        ("board_member_a", 404),
        ("head_x", 404),
        ("governor_x", 404),
        ("la_officer_b", 404),
    ]:
        assert (
            client_for(personas[name]).post(approve, {"confirm": "on", "reason": "x"}).status_code == status
        ), name
    assert (
        client_for(personas["la_officer_a"]).post(approve, {"reason": "x"}).status_code == 200
    )  # unconfirmed
    response = client_for(personas["la_officer_a"]).post(approve, {"confirm": "on", "reason": "Read it"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReportStatus.APPROVED and draft.approved_by == personas["la_officer_a"]

    publish = reverse("governance:report-publish", args=["pa", draft.pk])
    assert (
        client_for(personas["board_member_a"])
        .post(publish, {"publish_on": "01/01/2099", "reason": "x"})
        .status_code
        == 403
    )
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    refused = client_for(personas["la_admin_a"]).post(
        publish, {"publish_on": f"{yesterday:%d/%m/%Y}", "reason": "x"}
    )
    assert refused.status_code == 200 and b"today or later" in refused.content
    with django_capture_on_commit_callbacks(execute=True):
        done = client_for(personas["la_admin_a"]).post(
            publish, {"publish_on": f"{timezone.localdate():%d/%m/%Y}", "reason": "Committee agreed"}
        )
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReportStatus.PUBLISHED and draft.is_public
    reasons = list(draft.history.values_list("history_change_reason", flat=True))
    assert "Committee agreed" in reasons and "Read it" in reasons


def test_a_draft_cannot_be_published_and_an_approved_one_cannot_be_approved_again(draft, la_officer_a):
    ctx = partnership_context_for(la_officer_a, "pa")
    from partnership.services import ServiceError

    with pytest.raises(ServiceError):
        workflow.report_publish(actor=la_officer_a, ctx=ctx, report=draft, publish_on=timezone.localdate())
    workflow.report_approve(actor=la_officer_a, ctx=ctx, report=written(draft, la_officer_a))
    with pytest.raises(ServiceError):
        workflow.report_approve(actor=la_officer_a, ctx=ctx, report=draft)


def _reports_in(response) -> set[int]:
    return {r.pk for r in response.context["reports"]}


def test_report_list_shows_each_role_exactly_its_reports(
    known, partnership_a, la_officer_a, client_for, personas, django_capture_on_commit_callbacks
):
    ctx = partnership_context_for(la_officer_a, "pa")
    draft = make(partnership_a, la_officer_a, django_capture_on_commit_callbacks)
    approved = make(partnership_a, la_officer_a, django_capture_on_commit_callbacks)
    workflow.report_approve(actor=la_officer_a, ctx=ctx, report=written(approved, la_officer_a))
    failed = Report.objects.create(
        partnership=partnership_a,
        kind="annual",
        period="2025",
        academic_year=2025,
        status=ReportStatus.FAILED,
        error="boom",
    )
    url = reverse("governance:reports", args=["pa"])
    assert _reports_in(client_for(personas["la_officer_a"]).get(url)) == {draft.pk, approved.pk, failed.pk}
    assert _reports_in(client_for(personas["board_member_a"]).get(url)) == {approved.pk}
    for name in ["head_x", "governor_x", "la_officer_b"]:
        assert client_for(personas[name]).get(url).status_code == 404, name
    detail = reverse("governance:report", args=["pa", draft.pk])
    assert client_for(personas["board_member_a"]).get(detail).status_code == 404
    assert (
        client_for(personas["board_member_a"])
        .get(reverse("governance:report-pdf", args=["pa", approved.pk]))
        .status_code
        == 200
    )


def test_list_and_detail_have_pinned_query_counts(
    known,
    partnership_a,
    la_officer_a,
    client_for,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    for _ in range(3):
        report = make(partnership_a, la_officer_a, django_capture_on_commit_callbacks)
    client = client_for(la_officer_a)
    client.get(reverse("governance:reports", args=["pa"]))  # the term dates exist from here on
    # session, user, roles, count, page of reports, current term's dates, the header's partnerships
    with django_assert_num_queries(7):
        assert client.get(reverse("governance:reports", args=["pa"])).status_code == 200
    # session, user, roles, the report, its versions, the partnerships in the header
    with django_assert_num_queries(6):
        response = client.get(reverse("governance:report", args=["pa", report.pk]))
    assert response.status_code == 200 and b"Version 3" in response.content


def test_report_page_refreshes_itself_while_the_report_is_being_made(partnership_a, la_officer_a, client_for):
    term = term_on(partnership_a, dt.date(2026, 10, 5))
    report = Report.objects.create(
        partnership=partnership_a,
        kind="termly",
        period=term.key,
        term=term,
        academic_year=2026,
        status=ReportStatus.RUNNING,
        progress=40,
        progress_note="Support cases",
    )
    page = client_for(la_officer_a).get(reverse("governance:report", args=["pa", report.pk]))
    assert b'<meta http-equiv="refresh" content="5">' in page.content and b"40% done" in page.content
    progress = client_for(la_officer_a).get(reverse("governance:report-progress", args=["pa", report.pk]))
    assert progress.json()["progress"] == 40
    assert (
        client_for(la_officer_a).get(reverse("governance:report-pdf", args=["pa", report.pk])).status_code
        == 404
    )


def test_generate_now_makes_the_next_version_for_the_current_term(
    known, partnership_a, la_officer_a, client_for, django_capture_on_commit_callbacks
):
    url = reverse("governance:report-new", args=["pa"])
    assert client_for(la_officer_a).post(url, {"kind": "termly"}).status_code == 200  # no reason
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(la_officer_a).post(
            url, {"kind": "annual", "academic_year": "2025", "reason": "OSC"}
        )
    report = Report.objects.get(partnership=partnership_a)
    assert response["Location"] == reverse("governance:report", args=["pa", report.pk])
    assert (report.kind, report.period, report.status) == ("annual", "2025", ReportStatus.DRAFT)


def test_pdf_download_is_logged(draft, la_officer_a, client_for):
    response = client_for(la_officer_a).get(reverse("governance:report-pdf", args=["pa", draft.pk]))
    assert response["Content-Type"] == "application/pdf" and bytes(draft.pdf) == response.content
    assert AccessLogEntry.objects.filter(
        user=la_officer_a, record_id=str(draft.pk), action="download"
    ).exists()


# --- The public reports page ----------------------------------------------------------------


def test_public_page_shows_only_published_reports_that_are_due(
    known, partnership_a, la_officer_a, anonymous, django_capture_on_commit_callbacks
):
    ctx = partnership_context_for(la_officer_a, "pa")
    draft = make(partnership_a, la_officer_a, django_capture_on_commit_callbacks)
    approved = make(partnership_a, la_officer_a, django_capture_on_commit_callbacks)
    workflow.report_approve(actor=la_officer_a, ctx=ctx, report=written(approved, la_officer_a))
    future = make(partnership_a, la_officer_a, django_capture_on_commit_callbacks)
    workflow.report_approve(actor=la_officer_a, ctx=ctx, report=written(future, la_officer_a))
    workflow.report_publish(
        actor=la_officer_a, ctx=ctx, report=future, publish_on=timezone.localdate() + dt.timedelta(days=7)
    )
    live = make(partnership_a, la_officer_a, django_capture_on_commit_callbacks)
    workflow.report_approve(actor=la_officer_a, ctx=ctx, report=written(live, la_officer_a))
    workflow.report_publish(actor=la_officer_a, ctx=ctx, report=live, publish_on=timezone.localdate())

    listing = anonymous.get(reverse("public-reports-partnership", args=["pa"]))
    assert [r.pk for _, reports in listing.context["years"] for r in reports] == [live.pk]
    assert anonymous.get(reverse("public-reports")).context["partnerships"] == [partnership_a]
    assert anonymous.get(reverse("public-report", args=["pa", live.pk])).content.decode() == live.html
    assert anonymous.get(reverse("public-report-pdf", args=["pa", live.pk])).content == bytes(live.pdf)
    for guessed in [draft.pk, approved.pk, future.pk, live.pk + 100]:
        assert anonymous.get(reverse("public-report", args=["pa", guessed])).status_code == 404
        assert anonymous.get(reverse("public-report-pdf", args=["pa", guessed])).status_code == 404
    assert anonymous.get(reverse("public-report", args=["pb", live.pk])).status_code == 404


def test_subscribers_get_one_email_per_publication_and_can_unsubscribe(
    draft, partnership_a, la_officer_a, anonymous, django_capture_on_commit_callbacks
):
    page = reverse("public-reports-partnership", args=["pa"])
    assert b"Enter an email address in the correct format" in anonymous.post(page, {"email": "nope"}).content
    for _ in range(2):  # subscribing twice is one subscription
        response = anonymous.post(page, {"email": "Reader@Example.org"}, follow=True)
        assert b"Thank you" in response.content
    anonymous.post(page, {"email": "other@example.org"})
    assert ReportSubscriber.objects.filter(partnership=partnership_a).count() == 2

    ctx = partnership_context_for(la_officer_a, "pa")
    workflow.report_approve(actor=la_officer_a, ctx=ctx, report=written(draft, la_officer_a))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_publish(actor=la_officer_a, ctx=ctx, report=draft, publish_on=timezone.localdate())
    assert sorted(m.to[0] for m in mail.outbox) == ["other@example.org", "reader@example.org"]
    reader = ReportSubscriber.objects.get(email="reader@example.org")
    message = next(m for m in mail.outbox if m.to == ["reader@example.org"])
    assert (
        f"/reports/pa/{draft.pk}/" in message.body and f"/reports/unsubscribe/{reader.token}/" in message.body
    )

    unsubscribe = reverse("public-reports-unsubscribe", args=[reader.token])
    assert anonymous.get(unsubscribe).status_code == 200
    assert anonymous.post(unsubscribe).status_code == 302
    assert not ReportSubscriber.objects.filter(email="reader@example.org").exists()
    assert anonymous.get(unsubscribe).status_code == 404
