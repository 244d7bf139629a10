"""Responses: feedback an officer records from a briefing, meeting, email or letter, and the download of
every answer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_http_methods

from consultation import rules, selectors, services
from consultation.forms import OfflineForm
from partnership.access import PartnershipContext, partnership_view
from partnership.access_log import RecordType, record_access
from partnership.csv_export import csv_download
from partnership.models import AccessLogEntry
from partnership.views.export_reason import export_with_reason
from partnership.views.form_pages import form_page, posted

from .consultations import page_url


@partnership_view(roles=rules.OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def offline_record(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    form = OfflineForm(
        posted(request),
        questions=selectors.questions_in_order(consultation),
        sections=selectors.areas(consultation),
    )
    return form_page(
        request,
        form,
        save=lambda data: services.offline_record(
            actor=request.user,
            ctx=ctx,
            consultation=consultation,
            channel=data["channel"],
            received_on=data["received_on"],
            respondent_kind=data["respondent_kind"],
            organisation=data["organisation"],
            name=data["name"],
            answers=form.answers(),
            general_comment=data["general_comment"],
            general_section=data["general_section"],
        ),
        success="The feedback has been recorded.",
        next_url=page_url(ctx, "detail", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={
            "consultation": consultation,
            "title": "Record feedback from a briefing, meeting, email or letter",
            "button": "Record feedback",
        },
    )


@partnership_view(roles=rules.OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def export_responses(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    """Every answer, one row each, once the person has said why they need them."""
    consultation = selectors.consultation_for(ctx, consultation_id)
    return export_with_reason(
        request,
        title="Download the responses",
        what=f"The CSV file holds every answer to \u201c{consultation.title}\u201d, one row each"
        + (
            ", with the names and email addresses of those who gave them."
            if rules.keeps_names(consultation)
            else "."
        ),
        back_url=page_url(ctx, "detail", consultation_id=consultation.pk),
        back_label=consultation.title,
        export=lambda reason: _responses_csv(request, ctx, consultation, reason),
    )


def _responses_csv(request, ctx, consultation, reason: str) -> StreamingHttpResponse:
    """Anonymous consultations have no name or email to export."""
    record_access(
        request,
        action=AccessLogEntry.Action.EXPORT,
        record_type=RecordType.CONSULTATION_RESPONSES,
        record_id=consultation.pk,
        description=f"Responses to {consultation.title}"[:300],
        reason=reason,
    )
    identified = rules.keeps_names(consultation)
    header = [
        "Response",
        "Channel",
        "Kind of respondent",
        "Organisation",
        *(["Name", "Email"] if identified else []),
        "Area",
        "Question",
        "Answer",
        "Comment",
        "Themes",
    ]
    answers = selectors.answers_for_download(ctx, consultation)

    def rows():
        for a in answers.iterator(chunk_size=1000):
            r = a.response
            section = a.question.section if a.question_id else a.section
            yield [
                r.pk,
                r.get_channel_display(),
                r.get_respondent_kind_display(),
                r.organisation,
                *([r.respondent_name, r.respondent_email] if identified else []),
                section.title if section else "",
                a.question.text if a.question_id else "General comment",
                a.choice or "; ".join(a.choices),
                a.comment,
                "; ".join(t.name for t in a.themes.all()),
            ]

    return csv_download(f"consultation-{consultation.pk}-responses.csv", header, rows())
