"""The retention rules: how long each kind of record is kept, and what happens to it then.

RULES is the one list of them. The Celery task `partnership.tasks.apply_retention` runs them daily,
and the privacy page's record of processing (partnership.processing) reads its periods from the
same rules, so the page and the task cannot disagree. Periods come from settings (see
leep/settings.py). Higher apps' models and services are reached by name, never imported
(decision 0004); each run is kept as a RetentionRun with one line per rule and partnership.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .auditing import save_with_history
from .models import AccessLogEntry, Notification, Partnership, RetentionRun, SecurityEvent

logger = logging.getLogger(__name__)

# The database refuses to delete access log entries under a year old (partnership migration 0006).
ACCESS_LOG_MINIMUM_DAYS = 366
REMOVED_PREFIX = "[removed under the retention rule"
ANONYMISED = "anonymised"
DELETED = "deleted"

# The free text of a support case and everything under it: what is blanked when a closed case has
# been kept long enough. Dates, statuses, ratings, days and costs stay, for the partnership's
# statistics. Each model with the path from it to its case.
SUPPORT_NARRATIVE: dict[str, tuple[str, tuple[str, ...]]] = {
    "SupportCase": (
        "",
        (
            "needs_analysis",
            "evidence",
            "school_view",
            "impact_statement",
            "evidence_before",
            "evidence_after",
        ),
    ),
    "SupportAgreement": ("case", ("conflicts_found", "conflict_justification")),
    "Objective": ("agreement__case", ("description", "outcome_measure")),
    "Action": ("agreement__case", ("description", "owner")),
    "Visit": ("agreement__case", ("purpose", "school_comment")),
    "ActionLogEntry": ("agreement__case", ("what_was_done", "evidence_seen", "next_steps")),
    "ProgressReview": ("agreement__case", ("summary", "school_comment", "qa_comment")),
    "ObjectiveRating": ("review__agreement__case", ("comment",)),
    "Escalation": ("case", ("reason", "intervention_detail", "decision_maker")),
}


def _date_text(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class RetentionRule:
    key: str
    record_type: str
    action: str
    # Whether each partnership gets its own line, or the rule acts on the whole portal at once.
    per_partnership: bool
    apply: Callable[[dt.datetime], dict[str | None, int]]
    period: Callable[[], str]


# --- The rules ----------------------------------------------------------------------------------


def _by_partnership(counts: Counter) -> dict[str | None, int]:
    return {slug: counts.get(slug, 0) for slug in Partnership.objects.values_list("slug", flat=True)}


def _consultation_responses(now: dt.datetime) -> dict[str | None, int]:
    response = apps.get_model("consultation", "Response")
    today = timezone.localdate(now)
    due = Counter(
        response.objects.filter(consultation__retain_until__lt=today).values_list(
            "consultation__partnership__slug", flat=True
        )
    )
    import_string("consultation.services.responses_past_retention_delete")(today=today)
    return _by_partnership(due)


def _closed_support_cases(now: dt.datetime) -> dict[str | None, int]:
    case_model = apps.get_model("support", "SupportCase")
    today = timezone.localdate(now)
    cutoff = _years_before(today, settings.SUPPORT_CASE_RETENTION_YEARS)
    cases = case_model.objects.filter(status="closed", closed_on__lt=cutoff)
    placeholder = f"{REMOVED_PREFIX} on {_date_text(today)}]"
    reason = f"Anonymised: closed more than {settings.SUPPORT_CASE_RETENTION_YEARS} years ago"
    anonymised: dict[int, str] = {}
    for model_name, (to_case, fields) in SUPPORT_NARRATIVE.items():
        model = apps.get_model("support", model_name)
        case_ids = cases.values("pk")
        in_cases = Q(pk__in=case_ids) if not to_case else Q(**{f"{to_case}__in": case_ids})
        holding_text = _holding_text(fields)
        slug_path = f"{to_case}__partnership__slug" if to_case else "partnership__slug"
        for record in model.objects.filter(in_cases & holding_text).annotate(
            retention_slug=models.F(slug_path), retention_case=models.F(to_case or "pk")
        ):
            for field in fields:
                value = getattr(record, field)
                if value and not value.startswith(REMOVED_PREFIX):
                    setattr(record, field, placeholder[: record._meta.get_field(field).max_length or None])
            save_with_history(record, actor=None, reason=reason)
            anonymised[record.retention_case] = record.retention_slug
        # The older history rows still hold the text: the rule applies to them too.
        model.history.filter(Q(id__in=model.objects.filter(in_cases).values("pk")) & holding_text).delete()
    return _by_partnership(Counter(anonymised.values()))


# A pupil's records past their retain_until date: the name and UPN go, the date of birth keeps only
# its year, and every free-text field under the pupil is blanked. Dates, statuses, sessions and
# costs stay, so the partnership's figures over time still add up (decision 0020).
PUPIL_NARRATIVE: dict[str, tuple[str, tuple[str, ...]]] = {
    "Referral": ("pupil", ("reasons", "support_tried", "plan_detail")),
    "PlanReview": ("referral__pupil", ("notes",)),
    "ExclusionConsultation": ("pupil", ("reason", "alternatives_considered", "chair_advice")),
    "APPlacement": ("pupil", ("outcome_detail",)),
    "PlacementReview": ("placement__pupil", ("attendance_notes", "progress_notes")),
}
PUPIL_REASONS_ONLY = ("PupilRoll", "AttendanceRecord", "PermanentExclusion")


def _pupils_past_retention(now: dt.datetime) -> dict[str | None, int]:
    pupil_model = apps.get_model("inclusion", "Pupil")
    today = timezone.localdate(now)
    due = pupil_model.objects.filter(retain_until__lt=today).exclude(upn__startswith="~")
    rows = list(due.values_list("pk", "partnership__slug"))
    ids = [pk for pk, _ in rows]
    reason = f"Anonymised: kept {settings.INCLUSION_PUPIL_RETENTION_YEARS} years after the last involvement"
    placeholder = f"{REMOVED_PREFIX} on {_date_text(today)}]"
    for model_name, (to_pupil, fields) in PUPIL_NARRATIVE.items():
        model = apps.get_model("inclusion", model_name)
        records = list(model.objects.filter(**{f"{to_pupil}__in": ids}))
        model.history.filter(id__in=[r.pk for r in records]).delete()
        for record in records:
            for field in fields:
                if getattr(record, field):
                    setattr(record, field, placeholder)
            save_with_history(record, actor=None, reason=reason)
    # The pupil's other records hold no free text, but the reasons given for each change are kept
    # in their history (and shown on the history page), and may name the child: they go too.
    for model_name in PUPIL_REASONS_ONLY:
        apps.get_model("inclusion", model_name).history.filter(
            pupil_id__in=ids, history_change_reason__gt=""
        ).update(history_change_reason=placeholder)
    pupil_model.history.filter(id__in=ids).delete()
    for pupil in pupil_model.objects.filter(pk__in=ids):
        pupil.full_name = placeholder[:200]
        pupil.upn = f"~{pupil.pk}"[:13]  # never a valid UPN, and still unique
        pupil.date_of_birth = pupil.date_of_birth.replace(month=1, day=1)
        if pupil.out_of_year_group_reason:
            pupil.out_of_year_group_reason = placeholder[:200]
        save_with_history(pupil, actor=None, reason=reason)
    return _by_partnership(Counter(slug for _, slug in rows))


def _holding_text(fields: tuple[str, ...]) -> Q:
    q = Q()
    for field in fields:
        q |= ~Q(**{field: ""}) & ~Q(**{f"{field}__startswith": REMOVED_PREFIX})
    return q


def _access_log(now: dt.datetime) -> dict[str | None, int]:
    days = access_log_retention_days()
    deleted, _ = AccessLogEntry.objects.filter(
        occurred_at__lt=now - dt.timedelta(days=days)
    )._retention_delete()
    return {None: deleted}


def _security_events(now: dt.datetime) -> dict[str | None, int]:
    cutoff = now - dt.timedelta(days=settings.SECURITY_EVENT_RETENTION_DAYS)
    deleted, _ = SecurityEvent.objects.filter(occurred_at__lt=cutoff).delete()
    return {None: deleted}


def _read_notifications(now: dt.datetime) -> dict[str | None, int]:
    cutoff = now - dt.timedelta(days=settings.READ_NOTIFICATION_RETENTION_DAYS)
    old = Notification.objects.filter(read_at__isnull=False, read_at__lt=cutoff)
    rows = list(old.values_list("pk", "partnership__slug"))
    ids = [pk for pk, _ in rows]
    Notification.objects.filter(pk__in=ids).delete()
    # Deleting writes history rows, and the older ones still hold the message.
    Notification.history.filter(id__in=ids).delete()
    return _by_partnership(Counter(slug for _, slug in rows))


def _sent_emails(now: dt.datetime) -> dict[str | None, int]:
    """The outbox's copies of emails that were sent (or refused) long enough ago: the message lives
    on in the recipient's mailbox and, for a notification, on their home page; the outbox is only
    the proof that it went once. Emails in doubt stay until a person has dealt with them."""
    from partnership.models import OutboundEmail

    cutoff = now - dt.timedelta(days=settings.SENT_EMAIL_RETENTION_DAYS)
    deleted, _ = OutboundEmail.objects.filter(
        status__in=[OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED], created_at__lt=cutoff
    ).delete()
    return {None: deleted}


def access_log_retention_days() -> int:
    days = settings.ACCESS_LOG_RETENTION_DAYS
    if days < ACCESS_LOG_MINIMUM_DAYS:
        raise ImproperlyConfigured(
            f"ACCESS_LOG_RETENTION_DAYS must be at least {ACCESS_LOG_MINIMUM_DAYS}: the database keeps "
            "access log entries for a year whatever it says."
        )
    return days


def _days(setting: str) -> Callable[[], str]:
    return lambda: f"{getattr(settings, setting)} days"


RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        key="consultation_responses",
        record_type="consultation responses",
        action=DELETED,
        per_partnership=True,
        apply=_consultation_responses,
        period=lambda: "until the “keep responses until” date set for each consultation",
    ),
    RetentionRule(
        key="closed_support_cases",
        record_type="closed support cases",
        action=ANONYMISED,
        per_partnership=True,
        apply=_closed_support_cases,
        period=lambda: f"{settings.SUPPORT_CASE_RETENTION_YEARS} years after the case closes",
    ),
    RetentionRule(
        key="inclusion_pupils",
        record_type="pupils in inclusion partnerships' records",
        action=ANONYMISED,
        per_partnership=True,
        apply=_pupils_past_retention,
        period=lambda: f"{settings.INCLUSION_PUPIL_RETENTION_YEARS} years after the pupil's last involvement",
    ),
    RetentionRule(
        key="access_log",
        record_type="access log entries",
        action=DELETED,
        per_partnership=False,
        apply=_access_log,
        period=lambda: f"{access_log_retention_days()} days",
    ),
    RetentionRule(
        key="security_events",
        record_type="security events (sign-ins and refused access)",
        action=DELETED,
        per_partnership=False,
        apply=_security_events,
        period=_days("SECURITY_EVENT_RETENTION_DAYS"),
    ),
    RetentionRule(
        key="read_notifications",
        record_type="read notifications",
        action=DELETED,
        per_partnership=True,
        apply=_read_notifications,
        period=lambda: f"{settings.READ_NOTIFICATION_RETENTION_DAYS} days after they are read",
    ),
    RetentionRule(
        key="sent_emails",
        record_type="the outbox's copies of sent emails",
        action=DELETED,
        per_partnership=False,
        apply=_sent_emails,
        period=_days("SENT_EMAIL_RETENTION_DAYS"),
    ),
)


def rule(key: str) -> RetentionRule:
    return next(r for r in RULES if r.key == key)


def apply_retention(now: dt.datetime | None = None) -> RetentionRun:
    """Run every rule once and keep what each did. A rule that fails is reported and the rest still
    run: one broken rule must not keep every other record forever."""
    now = now or timezone.now()
    access_log_retention_days()  # refuse to start with a period the database would not honour
    results = []
    for retention_rule in RULES:
        line = {"rule": retention_rule.key, "record_type": retention_rule.record_type}
        try:
            with transaction.atomic():
                counts = retention_rule.apply(now)
        except Exception as error:  # noqa: BLE001  reported in the run, and logged in full
            logger.exception("Retention rule %s failed", retention_rule.key)
            results.append({**line, "partnership": None, "action": "failed", "count": 0, "error": str(error)})
            continue
        for slug, count in sorted(counts.items(), key=lambda item: item[0] or ""):
            results.append({**line, "partnership": slug, "action": retention_rule.action, "count": count})
    return save_with_history(
        RetentionRun(ran_at=now, results=results), actor=None, reason="Retention rules applied"
    )
