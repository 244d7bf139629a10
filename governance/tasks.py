from celery import shared_task


@shared_task
def remind_terms_review() -> int:
    from .services import terms_review_reminders

    return terms_review_reminders()
