"""Making a scrutiny report: asking for one, producing it in the background, and the termly start.

A report row is made first, with status queued, and its task is sent when that transaction commits.
The task claims the row, builds a frozen snapshot of the figures, renders the HTML and the PDF from
it and stores them; the row then never changes its figures again. Making a report again makes the
next version. The key (partnership, period, version) is unique in the database, so neither two
schedulers nor a message delivered twice can make a second report, and a report already made is
never made again (decision 0018).
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from governance import rules
from governance.models import Report, ReportKind, ReportStatus, Term
from governance.terms import previous_term, term_on, terms_for
from partnership.auditing import save_with_history
from partnership.services import ServiceError

from . import narrative, render
from .impact import add_impact

log = logging.getLogger(__name__)

# Statuses in which a report has been made (its page and PDF can be opened, governance.rules): a
# task delivered again for one of these does nothing.
MADE = rules.MADE_STATUSES
# How long after a term starts the scheduler still makes its report, if none exists.
TERMLY_WINDOW_DAYS = 14


def build_snapshot(partnership, **kwargs) -> dict:
    """The figures, from the snapshot builder (governance.reporting.snapshot); named here so that
    tests can put known figures in its place."""
    from .snapshot import build_snapshot as build

    return build(partnership, **kwargs)


class ReportAttemptFailed(Exception):
    """One attempt at a report failed; the task tries again later (the error is on the row)."""


def _period(kind: str, term: Term | None, academic_year: int | None) -> tuple[str, Term | None, int]:
    if kind == ReportKind.TERMLY:
        if term is None:
            raise ServiceError("Choose the term the report is for", field="term")
        return term.key, term, term.academic_year
    if kind == ReportKind.ANNUAL:
        if academic_year is None:
            raise ServiceError("Choose the academic year the report is for", field="academic_year")
        return str(academic_year), None, academic_year
    raise ServiceError("Choose a termly or an annual report", field="kind")


def _send(report_id: int) -> bool:
    """Send the task now. If the broker cannot be reached the row stays queued (its page says it is
    waiting) and is sent again by `requeue_stale_reports`, or by an officer's "Try again", once it is
    stale; the person asking for it does not see an error."""
    from kombu.exceptions import OperationalError

    from governance.tasks import produce_report

    try:
        produce_report.delay(report_id)
    except (OperationalError, OSError):
        log.exception("Could not send report %s to the workers; it stays queued", report_id)
        return False
    return True


def _queue(report_id: int) -> None:
    transaction.on_commit(lambda: _send(report_id))


def _stale_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.REPORT_VISIBILITY_TIMEOUT)


def is_stale(report: Report) -> bool:
    """Queued or being made for longer than the broker's visibility timeout: its task message was lost
    or its worker died, so it can be sent again."""
    cutoff = _stale_before()
    if report.status == ReportStatus.QUEUED:
        return report.requested_at < cutoff
    if report.status == ReportStatus.RUNNING:
        return (report.started_at or report.requested_at) < cutoff
    return False


def _give_up_if_spent(report: Report) -> bool:
    """Fail a report that has used all its attempts without finishing (its worker kept dying)."""
    if report.attempts < settings.REPORT_MAX_ATTEMPTS:
        return False
    if report.status == ReportStatus.RUNNING:
        report.error = f"The worker making this report stopped {report.attempts} times"
    else:
        report.error = report.error or f"The report was tried {report.attempts} times"
    report.status = ReportStatus.FAILED
    report.finished_at = timezone.now()
    save_with_history(report, actor=None, reason="Report failed")
    return True


@transaction.atomic
def report_request(
    *,
    actor,
    partnership,
    kind: str,
    term: Term | None = None,
    academic_year: int | None = None,
    reason: str = "",
) -> Report:
    """Make the next version of a report for the period, queued; the task is sent on commit."""
    if term is not None and term.partnership_id != partnership.pk:
        raise ServiceError("That term is not one of this partnership's", field="term")
    period, term, year = _period(kind, term, academic_year)
    for _ in range(5):
        latest = Report.objects.filter(partnership=partnership, period=period).aggregate(v=Max("version"))[
            "v"
        ]
        written = (
            Report.objects.filter(partnership=partnership, period=period)
            .exclude(key_messages="", activity="", next_steps="", commentary={})
            .order_by("-version")
            .values("version", *narrative.TEXTS, "commentary")
            .first()
        )
        report = Report(
            partnership=partnership,
            kind=kind,
            period=period,
            term=term,
            academic_year=year,
            version=(latest or 0) + 1,
            requested_by=actor,
        )
        narrative.carried_over(report, written)
        why = reason or "Report asked for"
        if written:
            why = f"{why}; the narrative of version {written['version']} carried over"
        try:
            with transaction.atomic():
                save_with_history(report, actor=actor, reason=why)
        except IntegrityError:
            continue  # someone made this version at the same moment: take the next one
        _queue(report.pk)
        return report
    raise ServiceError("Another report for this period is being set up. Try again in a moment.")


@transaction.atomic
def report_retry(*, actor, report: Report, reason: str = "") -> Report:
    """Queue a failed report again, or one stuck waiting or being made for longer than the visibility
    timeout: the same row and version, with its attempts counted afresh."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.FAILED and not is_stale(report):
        raise ServiceError("Only a report that failed, or has been waiting too long, can be tried again")
    report.status = ReportStatus.QUEUED
    report.requested_at = timezone.now()
    report.started_at = None
    report.attempts = 0
    report.progress = 0
    report.progress_note = ""
    save_with_history(report, actor=actor, reason=reason or "Tried again after it failed")
    _queue(report.pk)
    return report


def _claim(report_id: int) -> Report | None:
    """Take the report for this attempt, or None when there is nothing to do."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status in MADE or report.status == ReportStatus.FAILED:
            return None
        # A running row here means the last attempt's worker died part-way; don't try for ever.
        if _give_up_if_spent(report):
            return None
        report.status = ReportStatus.RUNNING
        report.started_at = timezone.now()
        report.attempts += 1
        report.progress, report.progress_note = 1, "Started"
        save_with_history(report, actor=None, reason=f"Making the report (attempt {report.attempts})")
        return report


def _save_progress(report_id: int, percent: int, note: str) -> None:
    # An update outside the claim's transaction, committed at once, so the browser sees it.
    Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(
        progress=max(1, min(99, int(percent))), progress_note=str(note)[:200]
    )


def _test_pause() -> None:
    if settings.REPORT_TEST_DELAY_SECONDS:
        time.sleep(settings.REPORT_TEST_DELAY_SECONDS)


def _build(report: Report) -> tuple[dict, str, bytes, int]:
    if settings.REPORT_TEST_FAIL:
        raise RuntimeError("The report was told to fail (REPORT_TEST_FAIL is set)")

    def progress(done, note: str = "", *_args) -> None:
        # The figures take the first two thirds of the work; drawing and printing the rest.
        _save_progress(report.pk, 5 + int(float(done) * 0.6), note or "Working out the figures")
        _test_pause()

    as_at = timezone.now()
    snapshot = build_snapshot(
        report.partnership,
        term=report.term if report.kind == ReportKind.TERMLY else None,
        academic_year=report.academic_year if report.kind == ReportKind.ANNUAL else None,
        audience=rules.REPORT_AUDIENCE,
        as_at=as_at,
        progress=progress,
    )
    if report.kind == ReportKind.ANNUAL:
        _save_progress(report.pk, 66, "Working out the impact of support")
        snapshot = add_impact(snapshot, report.partnership, report.academic_year)
    _test_pause()
    _save_progress(report.pk, 70, "Writing the report")
    html = render.report_html(snapshot, report=report)
    _save_progress(report.pk, 80, "Printing the PDF")
    pdf, pages = render.report_pdf(snapshot, report=report)
    return snapshot, html, pdf, pages


def report_produce(report_id: int) -> Report | None:
    """Make the report once. Safe to call any number of times for the same row: a report already
    made (or made by another worker meanwhile) is left exactly as it is."""
    report = _claim(report_id)
    if report is None:
        return Report.objects.filter(pk=report_id).first()
    attempt = report.attempts
    try:
        snapshot, html, pdf, pages = _build(report)
    except Exception as error:  # noqa: BLE001 - any failure is recorded on the row and retried
        log.exception("Report %s failed on attempt %s", report_id, attempt)
        return _record_failure(report_id, attempt, error)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status in MADE:
            return report  # another delivery of the task finished first; its report stands
        report.snapshot = snapshot
        report.as_at = (
            dt.datetime.fromisoformat(snapshot["as_at"]) if snapshot.get("as_at") else timezone.now()
        )
        report.html = html
        report.pdf = pdf
        report.pdf_pages = pages
        report.status = ReportStatus.DRAFT
        report.progress, report.progress_note = 100, "Done"
        report.error = ""
        report.finished_at = timezone.now()
        save_with_history(report, actor=None, reason="Report made: a draft for approval")
    return report


def _record_failure(report_id: int, attempt: int, error: Exception) -> Report:
    text = f"{type(error).__name__}: {error}"[:2000]
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status in MADE:
            return report
        final = report.attempts >= settings.REPORT_MAX_ATTEMPTS
        report.error = text
        report.status = ReportStatus.FAILED if final else ReportStatus.QUEUED
        report.finished_at = timezone.now() if final else None
        reason = "Report failed" if final else f"Attempt {attempt} failed; it will be tried again"
        save_with_history(report, actor=None, reason=reason)
    if not final:
        raise ReportAttemptFailed(text)
    return report


def start_termly_reports(today: dt.date | None = None) -> list[int]:
    """For each partnership whose new term started in the last fortnight, make version 1 of the report
    for the term that has just ended (its figures as at that term's last day), if it has none yet, and
    queue it. Two schedulers running at once make one report between them: the second insert breaks
    the unique key and is dropped. A partnership whose report cannot be set up is logged and tried
    again on the next run; it does not stop the others."""
    from partnership.models import Partnership

    today = today or timezone.localdate()
    made = []
    for partnership in Partnership.objects.order_by("pk"):
        try:
            report_id = _start_termly_report(partnership, today)
        except Exception:  # noqa: BLE001 - one partnership's fault must not stop the rest
            log.exception("Could not start the termly report of partnership %s", partnership.pk)
            continue
        if report_id is not None:
            made.append(report_id)
    return made


def _start_termly_report(partnership, today: dt.date) -> int | None:
    current = term_on(partnership, today)
    if not (current.starts_on <= today < current.starts_on + dt.timedelta(days=TERMLY_WINDOW_DAYS)):
        return None
    term = previous_term(current)
    if Report.objects.filter(partnership=partnership, period=term.key).exists():
        return None
    try:
        with transaction.atomic():
            report = Report.objects.create(
                partnership=partnership,
                kind=ReportKind.TERMLY,
                period=term.key,
                term=term,
                academic_year=term.academic_year,
                version=1,
            )
            _queue(report.pk)
    except IntegrityError:
        return None  # the other scheduler made it first
    return report.pk


def requeue_stale_reports() -> list[int]:
    """Send again every report stuck queued or being made for longer than the visibility timeout (its
    message was lost, or its worker died and nobody put the message back). A report that has used all
    its attempts is marked failed instead. Safe to run at any time: producing a report is idempotent."""
    cutoff = _stale_before()
    candidates = Report.objects.filter(
        Q(status=ReportStatus.QUEUED, requested_at__lt=cutoff)
        | Q(status=ReportStatus.RUNNING, started_at__lt=cutoff)
        | Q(status=ReportStatus.RUNNING, started_at__isnull=True, requested_at__lt=cutoff)
    ).values_list("pk", flat=True)
    sent = []
    for report_id in list(candidates):
        with transaction.atomic():
            report = Report.objects.select_for_update().filter(pk=report_id).first()
            if report is None or not is_stale(report) or _give_up_if_spent(report):
                continue
            report.status = ReportStatus.QUEUED
            report.requested_at = timezone.now()
            save_with_history(
                report, actor=None, reason="Sent to the workers again: it had been waiting too long"
            )
            _queue(report.pk)
        sent.append(report_id)
    return sent


def academic_years_for(partnership, today: dt.date | None = None) -> list[int]:
    """The years an annual report can be made for: this one and the four before it."""
    from governance.terms import academic_year_of

    current = academic_year_of(today or timezone.localdate())
    return [current - offset for offset in range(5)]


def current_term(partnership, today: dt.date | None = None) -> Term:
    return term_on(partnership, today or timezone.localdate())


def terms_to_choose(partnership, today: dt.date | None = None) -> list[tuple[Term, str]]:
    """The terms an officer can make a report for, each with its label: this term so far first, then
    the term just ended, then the other terms of this and last academic year that have started."""
    today = today or timezone.localdate()
    current = term_on(partnership, today)
    before = previous_term(current)
    choices = [(current, f"{current}, so far"), (before, f"{before}, just ended")]
    others = terms_for(partnership, current.academic_year - 1) + terms_for(partnership, current.academic_year)
    for term in sorted(others, key=lambda t: t.starts_on, reverse=True):
        if term.pk not in (current.pk, before.pk) and term.starts_on <= today:
            choices.append((term, str(term)))
    return choices


def year_terms(partnership, academic_year: int) -> list[Term]:
    return terms_for(partnership, academic_year)
