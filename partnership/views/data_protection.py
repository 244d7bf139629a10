"""Pages for the data-protection duties: subject access exports, one's own data, retention runs."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from partnership import rules, selectors
from partnership.access import PartnershipContext, partnership_view
from partnership.access_log import record_access
from partnership.forms.data_protection import SubjectAccessForm
from partnership.models import AccessLogEntry
from partnership.selectors import data_protection
from partnership.subject_access import OWN_REQUEST, build_subject_access_export
from partnership.views.form_pages import posted

RETENTION_RUNS_PAGE_SIZE = 20
SUBJECT_ACCESS = "subject access export"


def _zip_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@partnership_view(roles=rules.LA_ROLES)
@require_http_methods(["GET", "POST"])
def subject_access(request: HttpRequest, ctx: PartnershipContext, user_id: int) -> HttpResponse:
    rules.require_subject_access(ctx)  # an officer is refused as if the page did not exist
    person = selectors.person_for(ctx, user_id)
    form = SubjectAccessForm(posted(request))
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        with transaction.atomic():
            content = build_subject_access_export(
                person=person, partnerships=[ctx.partnership], requested_by=request.user, reason=reason
            )
            record_access(
                request,
                action=AccessLogEntry.Action.EXPORT,
                record_type=SUBJECT_ACCESS,
                record_id=person.pk,
                description=f"Subject access export for {person}",
                reason=reason,
            )
        filename = f"subject-access-{ctx.partnership.slug}-{person.pk}-{timezone.localdate():%Y-%m-%d}.zip"
        return _zip_response(content, filename)
    return render(
        request, "partnership/data_protection/subject_access.html", {"form": form, "person": person}
    )


@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    """A signed-in person downloads what the partnerships they work in hold about them."""
    partnerships = selectors.partnerships_for_user(request.user)
    if request.method == "POST":
        with transaction.atomic():
            content = build_subject_access_export(
                person=request.user, partnerships=partnerships, requested_by=request.user, reason=OWN_REQUEST
            )
            for partnership in partnerships or [None]:
                record_access(
                    request,
                    action=AccessLogEntry.Action.EXPORT,
                    record_type=SUBJECT_ACCESS,
                    record_id=request.user.pk,
                    description=f"{request.user} downloaded their own data",
                    partnership=partnership,
                    reason=OWN_REQUEST,
                )
        return _zip_response(content, f"my-data-{timezone.localdate():%Y-%m-%d}.zip")
    return render(request, "partnership/data_protection/my_data.html", {"partnerships": partnerships})


@partnership_view(roles=rules.LA_ADMIN_ROLES)
@require_GET
def retention_runs(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    page = Paginator(data_protection.retention_runs(ctx), RETENTION_RUNS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    runs = [(run, data_protection.retention_lines_for(ctx, run)) for run in page]
    return render(request, "partnership/data_protection/retention_runs.html", {"page": page, "runs": runs})
