from celery import shared_task


@shared_task
def remind_terms_review() -> int:
    from .services.boards import terms_review_reminders

    return terms_review_reminders()


@shared_task(bind=True, acks_late=True, max_retries=None)
def produce_report(self, report_id: int) -> None:
    """Make one report. Safe to run again for the same id: a report already made is left alone.
    A failed attempt is tried again after a growing pause; the row counts the attempts, and after
    REPORT_MAX_ATTEMPTS it shows as failed with its error."""
    from django.conf import settings

    from .reporting.pipeline import ReportAttemptFailed, report_produce

    while True:
        try:
            report_produce(report_id)
            return
        except ReportAttemptFailed as failure:
            if self.request.is_eager:
                continue  # run in-process (tests, the demo): try again now; the row's attempts end it
            delay = settings.REPORT_RETRY_DELAY_SECONDS * (2**self.request.retries)
            raise self.retry(
                exc=failure, countdown=delay, max_retries=settings.REPORT_MAX_ATTEMPTS
            ) from failure


@shared_task
def start_termly_reports() -> list[int]:
    """From Celery beat: at the start of each term, make the report of the term that has just ended,
    if it has none yet."""
    from .reporting.pipeline import start_termly_reports as start

    return start()


@shared_task
def requeue_stale_reports() -> list[int]:
    """From Celery beat: send again any report whose task message was lost or whose worker died."""
    from .reporting.pipeline import requeue_stale_reports as requeue

    return requeue()
