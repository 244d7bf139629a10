"""Reads of reports, scoped to the person asking. LA officers see every version; board members see
the approved and published ones; the public sees only what is published and due."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from governance.models import Report, ReportStatus
from partnership.access import NotVisible, PartnershipContext
from partnership.models import Partnership, Role

# What a list needs: never the stored figures, page or PDF.
HEAVY = ("snapshot", "html", "pdf")
BOARD_STATUSES = (ReportStatus.APPROVED, ReportStatus.PUBLISHED)


def reports_for(ctx: PartnershipContext) -> QuerySet[Report]:
    reports = Report.objects.filter(partnership=ctx.partnership).select_related("term")
    if ctx.is_la:
        return reports
    if ctx.has_any({Role.BOARD_MEMBER}):
        return reports.filter(status__in=BOARD_STATUSES)
    raise NotVisible("reports are for the LA and the board")


def report_for(ctx: PartnershipContext, report_id: int, *, documents: bool = True) -> Report:
    """One report the person may see; without its stored figures, page and PDF unless asked."""
    reports = reports_for(ctx).select_related("approved_by", "requested_by")
    report = (reports if documents else reports.defer(*HEAVY)).filter(pk=report_id).first()
    if report is None:
        raise NotVisible("no such report")
    return report


def public_reports(partnership) -> QuerySet[Report]:
    return Report.objects.filter(
        partnership=partnership, status=ReportStatus.PUBLISHED, publish_on__lte=timezone.localdate()
    ).select_related("term", "partnership")


def public_report(partnership, report_id: int) -> Report:
    report = public_reports(partnership).filter(pk=report_id).first()
    if report is None:
        raise NotVisible("not a published report")
    return report


def partnerships_publishing() -> QuerySet[Partnership]:
    published = Report.objects.filter(
        partnership=OuterRef("pk"), status=ReportStatus.PUBLISHED, publish_on__lte=timezone.localdate()
    )
    return Partnership.objects.filter(Exists(published)).order_by("name")


def subscriber_by_token(token: str):
    from governance.models import ReportSubscriber

    subscriber = ReportSubscriber.objects.filter(token=token).select_related("partnership").first()
    if subscriber is None:
        raise NotVisible("no such subscription")
    return subscriber
