"""The report's way to the public: draft, approved by an LA officer, published on a date; and the
people who asked to be emailed when a report is published. Who may approve and publish, and when the
public may read a report, is decided in governance.rules. Every write takes the person making it
and keeps its history."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from governance import rules
from governance.models import Report, ReportStatus, ReportSubscriber
from partnership.access import PartnershipContext
from partnership.auditing import delete_with_history, save_with_history
from partnership.services import ServiceError, email_queue


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_approve(*, actor, ctx: PartnershipContext, report: Report, reason: str = "") -> Report:
    rules.require_report_manager(ctx)
    report = _locked(report)
    if not rules.approvable(report):
        raise ServiceError("Only a draft report can be approved")
    missing = rules.narrative_missing(report)
    if missing:
        raise ServiceError(f"Write {_listed(missing)} in the narrative before approving the report")
    if rules.narrative_unchecked(report):
        raise ServiceError(
            "The narrative was carried over from an earlier version: read it against this version's "
            "figures and save it before approving the report"
        )
    report.status = ReportStatus.APPROVED
    report.approved_by = actor
    report.approved_at = timezone.now()
    return save_with_history(report, actor=actor, reason=reason or "Approved")


def public_url(report: Report) -> str:
    return settings.SITE_URL + reverse(
        "public-report", kwargs={"partnership_slug": report.partnership.slug, "report_id": report.pk}
    )


@transaction.atomic
def report_publish(
    *, actor, ctx: PartnershipContext, report: Report, publish_on: dt.date, reason: str = ""
) -> Report:
    """Publish an approved report from a date (today or later), and email its subscribers once."""
    rules.require_report_manager(ctx)
    report = _locked(report)
    if not rules.publishable(report):
        raise ServiceError("A report must be approved before it is published")
    if publish_on is None or publish_on < timezone.localdate():
        raise ServiceError("The publication date must be today or later", field="publish_on")
    report.status = ReportStatus.PUBLISHED
    report.publish_on = publish_on
    report.published_at = timezone.now()
    save_with_history(report, actor=actor, reason=reason or "Published")
    link = public_url(report)
    for subscriber in ReportSubscriber.objects.filter(partnership=report.partnership):
        email_queue(
            subject=f"{report.partnership.name}: {report.title} is published",
            template="emails/report_published.txt",
            context={
                "report": report,
                "partnership": report.partnership,
                "link": link,
                "publish_on": publish_on,
                "unsubscribe": settings.SITE_URL
                + reverse("public-reports-unsubscribe", kwargs={"token": subscriber.token}),
            },
            to=[subscriber.email],
        )
    return report


@transaction.atomic
def subscriber_add(*, partnership, email: str) -> ReportSubscriber | None:
    """Add an address to the partnership's list. An address already on it is left as it is, and
    the person is told the same thing either way, so the form reveals nobody's subscription."""
    email = email.strip().lower()
    existing = ReportSubscriber.objects.filter(partnership=partnership, email=email).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return save_with_history(
                ReportSubscriber(partnership=partnership, email=email, token=secrets.token_urlsafe(32)),
                actor=None,
                reason="Asked to be emailed when a report is published",
            )
    except IntegrityError:
        return ReportSubscriber.objects.filter(partnership=partnership, email=email).first()


@transaction.atomic
def subscriber_remove(*, subscriber: ReportSubscriber) -> None:
    delete_with_history(subscriber, actor=None, reason="Unsubscribed from the email link")
