"""Writing a change so that its history says who made it and why."""

from __future__ import annotations

from django.db import models


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
