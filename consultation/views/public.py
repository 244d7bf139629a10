"""The published summary: public HTML and PDF. Nothing unpublished is reachable (consultation.rules
says when a summary is public)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from consultation import selectors, services


@login_not_required
@require_GET
def summary(request: HttpRequest, partnership_slug: str, consultation_id: int) -> HttpResponse:
    consultation = selectors.published_consultation(partnership_slug, consultation_id)
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
    consultation = selectors.published_consultation(partnership_slug, consultation_id)
    record = services.summary_pdf(consultation)
    return FileResponse(
        record.file.open("rb"), content_type="application/pdf", filename=f"{consultation.title} summary.pdf"
    )
