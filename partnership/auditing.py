"""Writing a change so that its history says who made it and why."""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, models, transaction

from partnership.services.errors import ServiceError


def save_with_history(obj: models.Model, *, actor, reason: str, **save_kwargs) -> models.Model:
    """Save a history-tracked record, stamping the history row with the actor and the reason."""
    obj._history_user = actor
    obj._change_reason = reason
    obj.save(**save_kwargs)
    return obj


def delete_with_history(obj: models.Model, *, actor, reason: str) -> None:
    obj._history_user = actor
    obj._change_reason = reason
    obj.delete()


def save_or_refuse(instance, *, actor, reason: str, refusal: Callable[[], ServiceError | None]):
    """Save a row the database keeps unique, in a savepoint. The service checks first, but two
    requests at once can both pass the check: the second save then breaks the unique constraint,
    and this gives that request the check's refusal (from `refusal`, asked again now that the other
    row is there) instead of an error page. Any other integrity error is raised as it is."""
    try:
        with transaction.atomic():
            return save_with_history(instance, actor=actor, reason=reason)
    except IntegrityError:
        error = refusal()
        if error is None:
            raise
        raise error from None
