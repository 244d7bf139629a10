"""The access log for LA administrators: search it, and download what a search found."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partnership import rules
from partnership.access import PartnershipContext, partnership_view
from partnership.access_log import RecordType, record_access
from partnership.csv_export import csv_download
from partnership.forms.access_log import AccessLogFilterForm
from partnership.models import AccessLogEntry
from partnership.selectors.access_log import AccessLogFilters, access_log_search

PAGE_SIZE = 50


def _search(request: HttpRequest, ctx: PartnershipContext):
    form = AccessLogFilterForm(request.GET or None)
    filters = AccessLogFilters(**form.filters())
    return form, filters, access_log_search(ctx, filters)


def _cell(value):
    """Text a spreadsheet would run as a formula is written as plain text (a typed reason could
    start with "=")."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@partnership_view(roles=rules.LA_ADMIN_ROLES)
@require_GET
def access_log(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    form, filters, entries = _search(request, ctx)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnership/access_log/search.html",
        {
            "form": form,
            "page": page,
            "filtered": filters != AccessLogFilters(),
        },
    )


@partnership_view(roles=rules.LA_ADMIN_ROLES)
@require_GET
def access_log_export(request: HttpRequest, ctx: PartnershipContext) -> StreamingHttpResponse:
    """The current search as CSV. Downloading the log is itself an access, so it is logged."""
    _, filters, entries = _search(request, ctx)
    record_access(
        request,
        action=AccessLogEntry.Action.EXPORT,
        record_type=RecordType.ACCESS_LOG,
        description=f"Access log search: {_query(request) or 'everything'}",
    )
    header = [
        "When",
        "Person",
        "Email address",
        "Roles at the time",
        "What they did",
        "Record",
        "Record id",
        "School",
        "URN",
        "Details",
        "Why",
        "IP address",
        "Page",
    ]
    rows = (
        [
            _cell(value)
            for value in (
                timezone.localtime(entry.occurred_at).isoformat(timespec="seconds"),
                entry.user_name,
                entry.user_email,
                entry.roles,
                entry.get_action_display(),
                RecordType.label(entry.record_type),
                entry.record_id,
                entry.school.name if entry.school else "",
                entry.school.urn if entry.school else "",
                entry.description,
                entry.reason,
                entry.ip_address or "",
                entry.path,
            )
        ]
        for entry in entries.iterator(chunk_size=500)
    )
    stamp = timezone.localdate().isoformat()
    return csv_download(f"{ctx.partnership.slug}-access-log-{stamp}.csv", header, rows)
