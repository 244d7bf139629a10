"""The published summary: public HTML and PDF. Nothing unpublished is reachable."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from consultation import selectors, services
from consultation.models import Consultation


def _published(partnership_slug: str, consultation_id: int) -> Consultation:
    consultation = (
        Consultation.objects.filter(
            pk=consultation_id,
            partnership__slug=partnership_slug,
            published_on__lte=timezone.localdate(),
            status="closed",
        )
        .select_related("partnership")
        .first()
    )
    if consultation is None:
        raise Http404("No published summary")
    return consultation


@login_not_required
@require_GET
def summary(request: HttpRequest, partnership_slug: str, consultation_id: int) -> HttpResponse:
    consultation = _published(partnership_slug, consultation_id)
    return render(
        request,
        "consultation/summary.html",
        {
            "consultation": consultation,
            "current_partnership": consultation.partnership,
            **selectors.published_summary(consultation),
        },
    )


@login_not_required
@require_GET
def summary_pdf(request: HttpRequest, partnership_slug: str, consultation_id: int) -> FileResponse:
    consultation = _published(partnership_slug, consultation_id)
    record = services.summary_pdf(consultation)
    return FileResponse(
        record.file.open("rb"), content_type="application/pdf", filename=f"{consultation.title} summary.pdf"
    )
