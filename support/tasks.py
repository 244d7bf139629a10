from celery import shared_task


@shared_task
def remind_reviews_due() -> int:
    """Daily: tell lead officers of progress reviews due or overdue."""
    from partnership.models import Partnership

    from .services.reviews import reviews_due_notify

    return sum(reviews_due_notify(partnership=p) for p in Partnership.objects.all())
