"""Writing many rows at once without losing their history."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

BATCH = 1000


def upsert(
    *,
    model: type[models.Model],
    rows: Iterable[dict],
    existing: dict,
    key: Callable[[dict], object],
    build: Callable[[dict], models.Model],
    fields: list[str],
    actor,
    reason: str,
) -> dict[str, int]:
    """Create the rows that are new, update those that changed, and leave the rest alone.

    `existing` maps a row's key to its saved record. History rows are written for every record
    created or changed, stamped with the actor and the reason; unchanged records get none.
    """
    to_create, to_update, unchanged = [], [], 0
    seen = set()
    for row in rows:
        row_key = key(row)
        if row_key in seen:
            continue
        seen.add(row_key)
        record = existing.get(row_key)
        if record is None:
            to_create.append(build(row))
            continue
        changed = [f for f in fields if f in row and getattr(record, f) != row[f]]
        if not changed:
            unchanged += 1
            continue
        for f in changed:
            setattr(record, f, row[f])
        to_update.append(record)
    if to_create:
        bulk_create_with_history(
            to_create, model, batch_size=BATCH, default_user=actor, default_change_reason=reason
        )
    if to_update:
        bulk_update_with_history(
            to_update,
            model,
            fields,
            batch_size=BATCH,
            default_user=actor,
            default_change_reason=reason,
        )
    return {"created": len(to_create), "updated": len(to_update), "unchanged": unchanged}
