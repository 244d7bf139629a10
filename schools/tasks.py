"""Background work of the schools app: each task loads by id and calls one service."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def process_import(run_id: int) -> None:
    # Claiming the run is atomic, so a redelivered task does nothing the second time.
    services.import_run_process(run_id)


@shared_task
def refresh_needs_flags(partnership_id: int, reason: str = "Evidence refreshed") -> None:
    from partnership.models import Partnership

    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if partnership is not None:
        services.needs_flags_refresh(partnership=partnership, reason=reason)
