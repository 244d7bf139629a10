"""Officers build and run consultations, record offline feedback, analyse and publish."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from consultation import selectors, services
from consultation.forms import (
    AnswerAnalysisForm,
    ConsultationForm,
    InvitationsForm,
    OfflineForm,
    PublishForm,
    QuestionForm,
    SectionForm,
    ThemeForm,
    ThemeMergeForm,
    ThemeResponseForm,
)
from consultation.models import Answer, Question, Section, ThemeResponse
from consultation.models.responses import RespondentKind, ResponseStatus
from partnership.access import PartnershipContext, partnership_view
from partnership.access_log import RecordType, record_access, record_view
from partnership.csv_export import csv_download
from partnership.export_reason import export_with_reason
from partnership.form_views import form_page, posted
from partnership.forms import ReasonForm
from partnership.models import LA_ROLES, AccessLogEntry
from partnership.parsing import as_id
from partnership.services import ServiceError


def _url(ctx, name, **kwargs):
    return reverse(f"consultation:{name}", kwargs={"partnership_slug": ctx.partnership.slug, **kwargs})


@partnership_view(roles=LA_ROLES)
@require_GET
def consultation_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    page = Paginator(selectors.consultations_for(ctx), 25).get_page(request.GET.get("page"))
    return render(request, "consultation/list.html", {"page": page})


@partnership_view(roles=LA_ROLES)
@require_http_methods(["GET", "POST"])
def consultation_edit(
    request: HttpRequest, ctx: PartnershipContext, consultation_id: int | None = None
) -> HttpResponse:
    instance = selectors.consultation_for(ctx, consultation_id) if consultation_id else None
    form = ConsultationForm(posted(request), instance=instance)
    return form_page(
        request,
        form,
        save=lambda data: services.consultation_save(
            actor=request.user, ctx=ctx, consultation=form.save(commit=False), reason=data["reason"]
        ),
        success="The consultation has been saved.",
        next_url=lambda c: _url(ctx, "detail", consultation_id=c.pk),
        template="consultation/edit.html",
        context={"consultation": instance},
    )


@partnership_view(roles=LA_ROLES)
@require_GET
def consultation_detail(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    submitted = consultation.responses.filter(status=ResponseStatus.SUBMITTED).count()
    return render(
        request,
        "consultation/detail.html",
        {
            "consultation": consultation,
            "sections": selectors.structure(consultation),
            "locked": selectors.has_responses(consultation),
            "submitted": submitted,
            "link": request.build_absolute_uri(
                reverse("respond-link", kwargs={"token": consultation.link_token})
            ),
            "invitations": consultation.invitations.count(),
        },
    )


@partnership_view(roles=LA_ROLES)
@require_GET
def consultation_preview(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    from consultation.forms import SectionAnswersForm

    pages = [
        {"section": s, "form": SectionAnswersForm(questions=list(s.questions.all()), prefix=f"preview{s.pk}")}
        for s in selectors.structure(consultation)
    ]
    return render(request, "consultation/preview.html", {"consultation": consultation, "pages": pages})


@partnership_view(roles=LA_ROLES)
@require_http_methods(["GET", "POST"])
def section_edit(
    request: HttpRequest, ctx: PartnershipContext, consultation_id: int, section_id: int | None = None
) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    section = (
        selectors.section_for(consultation, section_id) if section_id else Section(consultation=consultation)
    )
    form = SectionForm(
        posted(request),
        initial={"title": section.title, "position": section.position or consultation.sections.count() + 1},
    )

    def save(data):
        section.title, section.position = data["title"], data["position"]
        return services.section_save(
            actor=request.user, ctx=ctx, consultation=consultation, section=section, reason=data["reason"]
        )

    return form_page(
        request,
        form,
        save=save,
        success="The area has been saved.",
        next_url=_url(ctx, "detail", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={"consultation": consultation, "title": "Change an area" if section_id else "Add an area"},
    )


@partnership_view(roles=LA_ROLES)
@require_http_methods(["GET", "POST"])
def question_edit(
    request: HttpRequest, ctx: PartnershipContext, consultation_id: int, question_id: int | None = None
) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    instance = selectors.question_for(consultation, question_id) if question_id else None
    form = QuestionForm(
        posted(request),
        instance=instance,
        sections=consultation.sections.all(),
    )

    def save(data):
        question = form.save(commit=False)
        question.options = data["options"]
        return services.question_save(
            actor=request.user, ctx=ctx, consultation=consultation, question=question, reason=data["reason"]
        )

    return form_page(
        request,
        form,
        save=save,
        success="The question has been saved.",
        next_url=_url(ctx, "detail", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={
            "consultation": consultation,
            "title": "Change a question" if question_id else "Add a question",
        },
    )


@partnership_view(roles=LA_ROLES)
@require_http_methods(["GET", "POST"])
def question_delete(
    request: HttpRequest, ctx: PartnershipContext, consultation_id: int, question_id: int
) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    question = selectors.question_for(consultation, question_id)
    form = ReasonForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda data: services.question_delete(
            actor=request.user, ctx=ctx, consultation=consultation, question=question, reason=data["reason"]
        ),
        success="The question has been removed.",
        next_url=_url(ctx, "detail", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={
            "consultation": consultation,
            "title": "Are you sure you want to remove this question?",
            "intro": question.text,
            "button": "Remove question",
            "warning": True,
        },
    )


@partnership_view(roles=LA_ROLES)
@require_http_methods(["GET", "POST"])
def consultation_status(
    request: HttpRequest, ctx: PartnershipContext, consultation_id: int, action: str
) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    form = ReasonForm(posted(request))

    def save(data):
        if action == "open":
            return services.consultation_open(
                actor=request.user,
                ctx=ctx,
                consultation=consultation,
                reason=data["reason"],
                base_url=request.build_absolute_uri("/"),
            )
        return services.consultation_close(
            actor=request.user, ctx=ctx, consultation=consultation, reason=data["reason"]
        )

    return form_page(
        request,
        form,
        save=save,
        success="The consultation is open."
        if action == "open"
        else "The consultation is closed. It takes no more responses.",
        next_url=_url(ctx, "detail", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={
            "consultation": consultation,
            "title": "Are you sure you want to open the consultation?"
            if action == "open"
            else "Are you sure you want to close the consultation?",
            "intro": "Invitations are emailed when it opens. Once anyone answers, the questions cannot change."
            if action == "open"
            else "Nobody can answer once it is closed, including people part-way through.",
            "button": "Open consultation" if action == "open" else "Close consultation",
        },
    )


@partnership_view(roles=LA_ROLES)
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    form = InvitationsForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda data: services.invitations_add(
            actor=request.user,
            ctx=ctx,
            consultation=consultation,
            people=data["people"],
            base_url=request.build_absolute_uri("/"),
        ),
        success=lambda n: f"{n} {'person' if n == 1 else 'people'} invited.",
        next_url=_url(ctx, "detail", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={
            "consultation": consultation,
            "title": "Invite people",
            "intro": "Each person gets their own link, which lets them answer once.",
            "button": "Invite",
        },
    )


@partnership_view(roles=LA_ROLES)
@require_http_methods(["GET", "POST"])
def offline_record(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    questions = list(
        Question.objects.filter(section__consultation=consultation)
        .select_related("section")
        .order_by("section__position", "position", "pk")
    )
    form = OfflineForm(
        posted(request),
        questions=questions,
        sections=consultation.sections.all(),
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
        next_url=_url(ctx, "detail", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={
            "consultation": consultation,
            "title": "Record feedback from a briefing, meeting, email or letter",
            "button": "Record feedback",
        },
    )


@partnership_view(roles=LA_ROLES)
@require_GET
def analysis(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    return render(
        request,
        "consultation/analysis.html",
        {
            "consultation": consultation,
            "figures": selectors.analysis(consultation),
            "progress": selectors.themed_progress(consultation),
        },
    )


@partnership_view(roles=LA_ROLES)
@require_http_methods(["GET", "POST"])
def comments(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    themes = selectors.themes_with_counts(consultation)
    theme_form = ThemeForm(request.POST if request.method == "POST" and "name" in request.POST else None)
    if request.method == "POST" and theme_form.is_valid():
        try:
            services.theme_create(
                actor=request.user, ctx=ctx, consultation=consultation, name=theme_form.cleaned_data["name"]
            )
        except ServiceError as error:
            theme_form.add_service_error(error)
        else:
            messages.success(request, "The theme has been added.")
            return redirect(_url(ctx, "comments", consultation_id=consultation.pk))
    get = request.GET
    filters = {
        "q": get.get("q", "")[:100],
        "section": as_id(get.get("section")),
        "theme": as_id(get.get("theme")),
        "untagged": get.get("untagged") == "1",
        "kind": get.get("kind", "") if get.get("kind") in RespondentKind.values else "",
        "samples": get.get("samples") == "1",
    }
    page = Paginator(selectors.comments(consultation, **filters), 25).get_page(get.get("page"))
    query = get.copy()
    query.pop("page", None)
    return render(
        request,
        "consultation/comments.html",
        {
            "consultation": consultation,
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "themes": themes,
            "sections": consultation.sections.all(),
            "kinds": RespondentKind.choices,
            "progress": selectors.themed_progress(consultation),
            "form": theme_form,
            "merge_form": ThemeMergeForm(themes=selectors.current_themes(consultation)),
        },
    )


@partnership_view(roles=LA_ROLES)
@require_http_methods(["GET", "POST"])
def answer_analyse(
    request: HttpRequest, ctx: PartnershipContext, consultation_id: int, answer_id: int
) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    answer = selectors.answer_for(consultation, answer_id)
    if request.method == "GET":
        record_view(
            request,
            record_type=RecordType.CONSULTATION_ANSWER,
            record_id=answer.response_id,
            description=f"Comment {answer.pk} in the response to consultation {consultation.pk}",
        )
    themes = selectors.current_themes(consultation)
    form = AnswerAnalysisForm(
        posted(request),
        themes=themes,
        initial={
            "themes": list(answer.themes.all()),
            "is_sample": answer.is_sample,
            # Never the raw comment: the analyst writes the redacted text to publish.
            "published_comment": answer.published_comment,
        },
    )
    return form_page(
        request,
        form,
        save=lambda data: services.answer_analyse(
            actor=request.user,
            ctx=ctx,
            consultation=consultation,
            answer=answer,
            themes=list(data["themes"]),
            is_sample=data["is_sample"],
            published_comment=data["published_comment"],
        ),
        success="The comment has been analysed.",
        next_url=request.GET.get("next")
        if str(request.GET.get("next", "")).startswith(f"/p/{ctx.partnership.slug}/")
        else _url(ctx, "comments", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={
            "consultation": consultation,
            "title": "Theme a comment",
            "quote": answer.comment,
            "button": "Save",
        },
    )


@partnership_view(roles=LA_ROLES)
@require_http_methods(["POST"])
def theme_merge(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    form = ThemeMergeForm(request.POST, themes=selectors.current_themes(consultation))
    if form.is_valid():
        try:
            services.theme_merge(
                actor=request.user,
                ctx=ctx,
                consultation=consultation,
                theme=form.cleaned_data["theme"],
                into=form.cleaned_data["into"],
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"{form.cleaned_data['theme']} has been merged into {form.cleaned_data['into']}."
            )
    else:
        messages.error(request, "Choose two themes to merge.")
    return redirect(_url(ctx, "comments", consultation_id=consultation.pk))


@partnership_view(roles=LA_ROLES)
@require_GET
def theme_responses(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    items = consultation.theme_responses.select_related("theme", "section", "approved_by")
    return render(
        request,
        "consultation/theme_responses.html",
        {"consultation": consultation, "items": items, "themes": selectors.themes_with_counts(consultation)},
    )


@partnership_view(roles=LA_ROLES)
@require_http_methods(["GET", "POST"])
def theme_response_edit(
    request: HttpRequest, ctx: PartnershipContext, consultation_id: int, item_id: int | None = None
) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    instance = (
        selectors.theme_response_for(consultation, item_id)
        if item_id
        else ThemeResponse(consultation=consultation)
    )
    form = ThemeResponseForm(
        posted(request),
        instance=instance,
        themes=selectors.current_themes(consultation),
        sections=consultation.sections.all(),
    )
    return form_page(
        request,
        form,
        save=lambda data: services.theme_response_save(
            actor=request.user,
            ctx=ctx,
            consultation=consultation,
            item=form.save(commit=False),
            reason=data["reason"],
        ),
        success="The response has been saved as a draft.",
        next_url=_url(ctx, "theme-responses", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={
            "consultation": consultation,
            "title": "You said, we did",
            "intro": "The partnership's response to a common theme or an area. It is published once approved.",
        },
    )


@partnership_view(roles=LA_ROLES)
@require_http_methods(["POST"])
def theme_response_approve(
    request: HttpRequest, ctx: PartnershipContext, consultation_id: int, item_id: int
) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    item = selectors.theme_response_for(consultation, item_id)
    services.theme_response_approve(actor=request.user, ctx=ctx, item=item)
    messages.success(request, f"\u201c{item.heading}\u201d is approved.")
    return redirect(_url(ctx, "theme-responses", consultation_id=consultation.pk))


@partnership_view(roles=LA_ROLES)
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    form = PublishForm(
        posted(request),
        initial={"published_on": consultation.published_on},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.summary_publish(
            actor=request.user,
            ctx=ctx,
            consultation=consultation,
            published_on=data["published_on"],
            reason=data["reason"],
        ),
        success="The summary's publication date has been saved.",
        next_url=_url(ctx, "detail", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={
            "consultation": consultation,
            "title": "Publish the summary",
            "intro": "The summary holds the figures, the sample comments as redacted, the additional responses by kind of respondent, and the approved responses to themes. It holds no names.",
            "button": "Save",
            "preview_url": reverse(
                "consultation-summary",
                kwargs={"partnership_slug": ctx.partnership.slug, "consultation_id": consultation.pk},
            ),
        },
    )


@partnership_view(roles=LA_ROLES)
@require_http_methods(["GET", "POST"])
def export_responses(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    """Every answer, one row each, once the person has said why they need them."""
    consultation = selectors.consultation_for(ctx, consultation_id)
    return export_with_reason(
        request,
        title="Download the responses",
        what=f"The CSV file holds every answer to \u201c{consultation.title}\u201d, one row each"
        + (
            "."
            if consultation.is_anonymous
            else ", with the names and email addresses of those who gave them."
        ),
        back_url=_url(ctx, "detail", consultation_id=consultation.pk),
        back_label=consultation.title,
        export=lambda reason: _responses_csv(request, consultation, reason),
    )


def _responses_csv(request, consultation, reason: str) -> StreamingHttpResponse:
    """Anonymous consultations have no name or email to export."""
    record_access(
        request,
        action=AccessLogEntry.Action.EXPORT,
        record_type=RecordType.CONSULTATION_RESPONSES,
        record_id=consultation.pk,
        description=f"Responses to {consultation.title}"[:300],
        reason=reason,
    )
    identified = not consultation.is_anonymous
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
    answers = (
        Answer.objects.filter(response__consultation=consultation, response__status=ResponseStatus.SUBMITTED)
        .select_related("response", "question__section", "section")
        .prefetch_related("themes")
        .order_by("response_id", "pk")
    )

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


@partnership_view(roles=LA_ROLES)
@require_GET
def export_analysis(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    figures = selectors.analysis(consultation)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="consultation-{consultation.pk}-analysis.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "Area",
            "Question",
            "Answers",
            "Left blank",
            "Agree or partly agree",
            "Percent agree or partly agree",
        ]
    )
    for area in figures["areas"]:
        f = area["figure"]
        writer.writerow(
            [
                area["section"].title,
                "(whole area)",
                f.answers,
                f.blank,
                f.agreeing,
                f.percent if f.percent is not None else "",
            ]
        )
        for q in area["questions"]:
            qf = q["figure"]
            writer.writerow(
                [
                    area["section"].title,
                    q["question"].text,
                    qf.answers,
                    qf.blank,
                    qf.agreeing,
                    qf.percent if qf.percent is not None else "",
                ]
            )
    return response
