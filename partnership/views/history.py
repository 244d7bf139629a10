"""Reading a record's history: who changed what, when and why."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from partnership import rules, selectors
from partnership.access import PartnershipContext, partnership_view
from partnership.access_log import record_view
from partnership.history import history_registry

HISTORY_PAGE_SIZE = 25
HIDDEN_FIELDS = {
    "id",
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}


def _tracked_fields(record) -> list[models.Field]:
    return [
        f
        for f in record.instance_type._meta.fields
        if f.attname in {hf.attname for hf in record._meta.fields} and f.name not in HIDDEN_FIELDS
    ]


def history_page(
    obj: models.Model, page_number, *, hidden_fields=frozenset(), visible_actors: set | None = None
) -> tuple[object, list[dict]]:
    """One page of an object's history, newest first, each entry with the fields it changed.

    Queries: a count, one page of history rows (with the next, older row to diff against) and one
    query per related model whose values changed, however many rows the page shows.
    """
    rows = obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    paginator = Paginator(rows, HISTORY_PAGE_SIZE)
    page = paginator.get_page(page_number)
    start = (page.number - 1) * HISTORY_PAGE_SIZE
    records = list(rows[start : start + HISTORY_PAGE_SIZE + 1])
    if not records:
        return page, []
    fields = [f for f in _tracked_fields(records[0]) if f.name not in hidden_fields]
    entries = []
    related_ids: dict[type[models.Model], set] = {}
    for index, record in enumerate(records[:HISTORY_PAGE_SIZE]):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        for field in fields:
            new = getattr(record, field.attname)
            old = getattr(older, field.attname) if older else None
            if older is None and record.history_type != "+":
                continue
            if older is not None and new == old:
                continue
            if older is None and new in (None, ""):
                continue
            changes.append({"field": field, "old": old, "new": new})
            if field.is_relation:
                related_ids.setdefault(field.related_model, set()).update(
                    v for v in (old, new) if v is not None
                )
        redacted = (
            visible_actors is not None
            and record.history_user_id is not None
            and record.history_user_id not in visible_actors
        )
        entries.append({"record": record, "changes": changes, "redacted": redacted})
    names = {
        model: {o.pk: str(o) for o in model._default_manager.filter(pk__in=ids)}
        for model, ids in related_ids.items()
    }
    for entry in entries:
        for change in entry["changes"]:
            field = change["field"]
            change["label"] = str(field.verbose_name).capitalize()
            change["old"] = _display(field, change["old"], names)
            change["new"] = _display(field, change["new"], names)
    return page, entries


def _display(field: models.Field, value, names) -> str:
    if value is None or value == "":
        return "(none)"
    if field.is_relation:
        return names.get(field.related_model, {}).get(value, f"(removed record {value})")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value


@partnership_view(roles=rules.ALL_ROLES)
@require_GET
def history(request: HttpRequest, ctx: PartnershipContext, kind: str, pk: int) -> HttpResponse:
    history_kind = history_registry.get(kind)
    obj = history_kind.record(request, ctx, pk)
    if history_kind.logged_as:
        record_view(
            request,
            record_type=history_kind.logged_as,
            record_id=obj.pk,
            description=f"History of {history_kind.describe(obj)}",
            school_id=history_kind.school_of(obj) if history_kind.school_of else None,
        )
    visible_actors = selectors.people_ever_here(ctx) if history_kind.shared else None
    page, entries = history_page(
        obj, request.GET.get("page"), hidden_fields=history_kind.hidden_fields, visible_actors=visible_actors
    )
    return render(
        request,
        "partnership/history.html",
        {"object": obj, "title": history_kind.describe(obj), "page": page, "entries": entries},
    )
