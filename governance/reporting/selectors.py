"""Reads of reports, scoped to the person asking by governance.rules: LA officers see every
version, board members the approved and published ones, the public only what is published and
due."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from governance import rules
from governance.models import Board, Report, ReportSubscriber
from partnership.access import NotVisible, PartnershipContext
from partnership.models import Partnership

# What a list needs: never the stored figures, page or PDF.
HEAVY = ("snapshot", "html", "pdf")


def reports_for(ctx: PartnershipContext) -> QuerySet[Report]:
    return rules.reports_seen(ctx, Report.objects.select_related("term"))


def report_for(ctx: PartnershipContext, report_id: int, *, documents: bool = True) -> Report:
    """One report the person may see; without its stored figures, page and PDF unless asked."""
    reports = reports_for(ctx).select_related("approved_by", "requested_by", "endorsed_by", "narrative_by")
    report = (reports if documents else reports.defer(*HEAVY)).filter(pk=report_id).first()
    if report is None:
        raise NotVisible("no such report")
    return report


def versions_of(ctx: PartnershipContext, report: Report) -> list[Report]:
    """Every version of the report's period this person sees, newest first, without documents."""
    return list(reports_for(ctx).filter(period=report.period).defer(*HEAVY).order_by("-version"))


def public_reports(partnership) -> QuerySet[Report]:
    return Report.objects.filter(rules.public_report_filter(), partnership=partnership).select_related(
        "term", "partnership"
    )


def latest_public_report(partnership) -> Report | None:
    """The latest report the public may read, without its documents: for governors' and observers'
    home page. One query."""
    return public_reports(partnership).defer(*HEAVY).order_by("-publish_on", "-pk").first()


def public_report(partnership, report_id: int) -> Report:
    report = public_reports(partnership).filter(pk=report_id).first()
    if report is None:
        raise NotVisible("not a published report")
    return report


def partnerships_publishing() -> QuerySet[Partnership]:
    published = Report.objects.filter(rules.public_report_filter(), partnership=OuterRef("pk"))
    return Partnership.objects.filter(Exists(published)).order_by("name")


def subscriber_by_token(token: str) -> ReportSubscriber:
    subscriber = ReportSubscriber.objects.filter(token=token).select_related("partnership").first()
    if subscriber is None:
        raise NotVisible("no such subscription")
    return subscriber


def boards_to_endorse(ctx: PartnershipContext) -> QuerySet[Board]:
    """The partnership's groups, one of which may endorse a report."""
    return Board.objects.filter(partnership=ctx.partnership).order_by("name")
