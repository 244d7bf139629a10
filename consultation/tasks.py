from celery import shared_task


@shared_task
def delete_responses_past_retention() -> int:
    from .services import responses_past_retention_delete

    return responses_past_retention_delete()
