"""A subject access export: everything a partnership holds about one person, as a ZIP of CSV files.

The records that name a person are found by walking every model of the portal's apps for a foreign
key to the user model, so a new kind of record is exported without anyone remembering to add it.
Each kind is limited to the partnership asking, by following the model's foreign keys to
Partnership (or to a school in the partnership's LAs). Records with no partnership at all, such as
the account itself, its sign-in sessions and its security events, belong to the person and are
always included. Higher apps' models are reached by name, never imported (decision 0004).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst, slugify

from partnership.csv_export import spreadsheet_safe

PROJECT_APPS = ("partnership", "schools", "consultation", "inclusion", "support", "governance")
# Secrets that let someone act as the person: never written into an export.
SECRET_FIELDS = frozenset({"password", "session_key", "token", "resume_token", "link_token"})
# Where a record names the person by email address rather than by account: (lookup, ...).
EMAIL_LOOKUPS: dict[str, tuple[str, ...]] = {
    "partnership.SecurityEvent": ("email",),
    "schools.SystemLeader": ("email",),
    "consultation.Invitation": ("email",),
    "consultation.Response": ("respondent_email", "invitation__email"),
}
CHANGE_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}
OWN_REQUEST = "own request"


def user_model():
    return apps.get_model(settings.AUTH_USER_MODEL)


def _partnership_model():
    return apps.get_model("partnership", "Partnership")


# Records about pupils are the children's personal data, not the staff member's who wrote them: a
# headteacher's export must not carry the names and UPNs of the pupils they recorded. A pupil's own
# subject access request is answered by the LA from the inclusion records themselves (decision 0020).
ABOUT_PUPILS = frozenset(
    {
        "inclusion.pupil",
        "inclusion.pupilroll",
        "inclusion.referral",
        "inclusion.planreview",
        "inclusion.attendancerecord",
        "inclusion.exclusionconsultation",
        "inclusion.permanentexclusion",
        "inclusion.applacement",
        "inclusion.placementreview",
    }
)


def _project_models() -> list[type[models.Model]]:
    history_models = {_history_model(m) for m in apps.get_models()} - {None}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in PROJECT_APPS
        and m not in history_models
        and not m._meta.auto_created
        and m._meta.label_lower not in ABOUT_PUPILS
    ]


def _history_model(model) -> type[models.Model] | None:
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, attribute).model if attribute else None


def _forward_keys(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)]


def user_fields(model) -> list[str]:
    """The model's foreign keys to a person."""
    user = user_model()
    return [f.name for f in _forward_keys(model) if f.related_model is user]


def partnership_scope(model, partnerships: Iterable) -> Q | None:
    """The filter that keeps a model's rows to the partnerships given, or None for a model that
    belongs to no partnership. Found by following foreign keys: first straight to Partnership,
    then through required keys only (an optional key could lead to another partnership's record)."""
    partnerships = list(partnerships)
    path = _path_to(model, _partnership_model())
    if path is not None:
        scope = Q(**{f"{path}__in": [p.pk for p in partnerships]})
        field = model._meta.get_field(path) if "__" not in path else None
        if field is not None and field.is_relation and field.null:
            # A sign-in or a refusal outside any partnership is the person's own.
            scope |= Q(**{f"{path}__isnull": True})
        return scope
    school = apps.get_model("schools", "School")
    path = _path_to(model, school)
    if path is not None:
        codes = [code for p in partnerships for code in p.la_codes]
        lookup = "la_code" if path == model._meta.pk.name else f"{path}__la_code"
        return Q(**{f"{lookup}__in": codes})
    return None


def _path_to(model, target) -> str | None:
    if model is target:
        return model._meta.pk.name
    user = user_model()
    queue = deque([(model, "", True)])
    seen = {model}
    while queue:
        current, prefix, first = queue.popleft()
        for field in _forward_keys(current):
            related = field.related_model
            if related is user:
                continue
            if related is target and (first or not field.null):
                return f"{prefix}{field.name}"
        for field in _forward_keys(current):
            related = field.related_model
            if related in seen or related is user or field.null:
                continue
            seen.add(related)
            queue.append((related, f"{prefix}{field.name}__", False))
    return None


def _owner_q(model, person) -> Q | None:
    q = Q()
    for name in user_fields(model):
        q |= Q(**{name: person})
    for lookup in EMAIL_LOOKUPS.get(model._meta.label, ()):
        q |= Q(**{f"{lookup}__iexact": person.email})
    return q or None


# --- Making values readable ---------------------------------------------------------------------


def _when(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.day} {value:%B %Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def _cell(obj, field: models.Field) -> str:
    if field.is_relation:
        related = getattr(obj, field.name, None)
        return "" if related is None else str(related)
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    value = getattr(obj, field.attname)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return _when(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return "" if value is None else str(value)


def _csv(header: list[str], rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue()


# --- The files ----------------------------------------------------------------------------------


@dataclass
class ExportFile:
    name: str
    description: str
    content: str
    rows: int


def _person_file(person) -> ExportFile:
    header = ["Name", "Email address", "Joined", "Last signed in", "Account active"]
    row = [
        person.full_name,
        person.email,
        _when(person.date_joined),
        _when(person.last_login) or "Has not signed in",
        "Yes" if person.is_active else "No",
    ]
    return ExportFile(
        "person.csv",
        "The account: name, email address, when it was made and last used.",
        _csv(header, [row]),
        1,
    )


def _records_files(person, partnerships) -> tuple[list[ExportFile], list[str]]:
    """One file per kind of record that names the person; and the kinds searched that had none."""
    files, empty = [], []
    taken: set[str] = set()
    for model in sorted(_project_models(), key=lambda m: (m._meta.app_label, m._meta.model_name)):
        if model is user_model():
            continue  # person.csv
        owner = _owner_q(model, person)
        if owner is None:
            continue
        rows = model._default_manager.filter(owner)
        scope = partnership_scope(model, partnerships)
        if scope is not None:
            rows = rows.filter(scope)
        fields = [f for f in model._meta.concrete_fields if f.name not in SECRET_FIELDS]
        many = list(model._meta.many_to_many)
        relations = [f.name for f in fields if f.is_relation]
        rows = rows.select_related(*relations).prefetch_related(*[f.name for f in many]).order_by("pk")
        body = []
        for obj in rows.distinct():
            line = [_cell(obj, f) for f in fields]
            line += ["; ".join(str(o) for o in getattr(obj, f.name).all()) for f in many]
            body.append(line)
        plural = str(model._meta.verbose_name_plural)
        if not body:
            empty.append(plural)
            continue
        name = f"{slugify(plural).replace('-', '_')}.csv"
        if name in taken:
            name = f"{model._meta.app_label}_{name}"
        taken.add(name)
        header = [capfirst(str(f.verbose_name)) for f in fields] + [
            capfirst(str(f.verbose_name)) for f in many
        ]
        description = f"{capfirst(plural)} that name the person ({model._meta.app_config.verbose_name})."
        files.append(ExportFile(name, description, _csv(header, body), len(body)))
    return files, empty


def _changes_file(person, partnerships) -> ExportFile:
    header = ["Kind of record", "Record number", "Record", "When", "Change", "Reason"]
    body = []
    for model in sorted(_project_models(), key=lambda m: (m._meta.app_label, m._meta.model_name)):
        history = _history_model(model)
        if history is None:
            continue
        rows = history.objects.filter(history_user=person)
        scope = partnership_scope(model, partnerships)
        if scope is not None:
            rows = rows.filter(scope)
        elif model is user_model():
            rows = rows.filter(id=person.pk)  # changes to their own account only
        else:
            owner = Q()
            for name in user_fields(model):
                owner |= Q(**{name: person})
            if not owner:
                continue
            rows = rows.filter(owner)
        for row in rows.order_by("history_date", "history_id"):
            body.append(
                [
                    capfirst(str(model._meta.verbose_name)),
                    str(row.id),
                    _describe(row),
                    _when(row.history_date),
                    CHANGE_TYPES.get(row.history_type, row.history_type),
                    row.history_change_reason or "",
                ]
            )
    body.sort(key=lambda line: line[3])
    return ExportFile(
        "changes_made.csv",
        "Changes the person made to records, from their history: what, when and the reason given.",
        _csv(header, body),
        len(body),
    )


def _describe(history_row) -> str:
    try:
        return str(history_row.instance)[:200]
    except Exception:  # noqa: BLE001  a related record that has since been deleted
        return ""


def _answers_file(person, partnerships) -> ExportFile | None:
    """The answers in consultation responses the person gave, question by question."""
    answer = apps.get_model("consultation", "Answer")
    given = Q(response__respondent_email__iexact=person.email) | Q(
        response__invitation__email__iexact=person.email
    )
    rows = (
        answer.objects.filter(given, response__consultation__partnership__in=list(partnerships))
        .select_related("response__consultation", "question", "section")
        .order_by("response_id", "pk")
    )
    body = [
        [
            str(a.response.consultation),
            str(a.response_id),
            _when(a.response.submitted_at or a.response.received_on),
            str(a.section or (a.question.section if a.question else "") or ""),
            a.question.text if a.question else "General comment",
            a.choice or ", ".join(a.choices or []),
            a.comment,
        ]
        for a in rows
    ]
    if not body:
        return None
    header = ["Consultation", "Response number", "Sent", "Section", "Question", "Answer", "Comment"]
    return ExportFile(
        "consultation_answers.csv",
        "What the person said in consultation responses they gave, question by question.",
        _csv(header, body),
        len(body),
    )


def _readme(person, partnerships, requested_by, reason, now, files, empty) -> str:
    names = ", ".join(p.name for p in partnerships) or "no partnership"
    lines = [
        f"Subject access export for {person.full_name} ({person.email})",
        "",
        f"Made on {_when(now)} by {requested_by.full_name} ({requested_by.email}).",
        f"Reason: {reason}",
        f"Partnership: {names}.",
        "",
        "What this export holds",
        "----------------------",
        "It holds what the portal keeps about this person for the partnership named above: their",
        "account, and every record that names them there. Each partnership on the portal is run by its",
        "own local authority and holds its own records: records held by other partnerships are not",
        "in this export. Ask those partnerships for them.",
        "",
        "Records are found by the account and, where a record has only an email address (consultation",
        "responses, sign-in attempts), by the email address. Uploaded files (such as board papers) are",
        "listed by name, not included.",
        "",
        "Before sending this to the person, check it for other people's personal data (names of",
        "colleagues, pupils or officers in notes) and remove what the law does not allow you to share.",
        "",
        "Files",
        "-----",
    ]
    for file in files:
        lines.append(f"{file.name} ({file.rows} {'row' if file.rows == 1 else 'rows'})")
        lines.append(f"    {file.description}")
    if empty:
        lines += ["", "Also searched, and nothing found:", *[f"    {kind}" for kind in empty]]
    return "\n".join(lines) + "\n"


def build_subject_access_export(*, person, partnerships, requested_by, reason: str, now=None) -> bytes:
    """The ZIP file of everything held about the person in the partnerships given."""
    now = now or timezone.now()
    partnerships = list(partnerships)
    files = [_person_file(person)]
    records, empty = _records_files(person, partnerships)
    files += records
    files.append(_changes_file(person, partnerships))
    answers = _answers_file(person, partnerships)
    if answers:
        files.append(answers)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(person, partnerships, requested_by, reason, now, files, empty))
        for file in files:
            # A byte-order mark, so that spreadsheet programs read the names with accents correctly.
            archive.writestr(file.name, "\ufeff" + file.content)
    return buffer.getvalue()
