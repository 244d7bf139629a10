"""Officers analyse the responses: the figures and their CSV, theming comments and merging themes."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from consultation import rules, selectors, services
from consultation.forms import AnswerAnalysisForm, ThemeForm, ThemeMergeForm
from consultation.models.responses import RespondentKind
from partnership.access import PartnershipContext, partnership_view
from partnership.access_log import RecordType, record_view
from partnership.parsing import as_id
from partnership.services import ServiceError
from partnership.views.form_pages import form_page, posted

from .consultations import page_url


@partnership_view(roles=rules.OFFICER_ROLES)
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


@partnership_view(roles=rules.OFFICER_ROLES)
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


@partnership_view(roles=rules.OFFICER_ROLES)
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
            return redirect(page_url(ctx, "comments", consultation_id=consultation.pk))
    get = request.GET
    filters = {
        "q": get.get("q", "")[:100],
        "section": as_id(get.get("section")),
        "theme": as_id(get.get("theme")),
        "untagged": get.get("untagged") == "1",
        "kind": get.get("kind", "") if get.get("kind") in RespondentKind.values else "",
        "samples": get.get("samples") == "1",
    }
    page = Paginator(selectors.comments(ctx, consultation, **filters), 25).get_page(get.get("page"))
    return render(
        request,
        "consultation/comments.html",
        {
            "consultation": consultation,
            "page": page,
            "filters": filters,
            "themes": themes,
            "sections": selectors.areas(consultation),
            "kinds": RespondentKind.choices,
            "progress": selectors.themed_progress(consultation),
            "form": theme_form,
            "merge_form": ThemeMergeForm(themes=selectors.current_themes(consultation)),
        },
    )


@partnership_view(roles=rules.OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def answer_analyse(
    request: HttpRequest, ctx: PartnershipContext, consultation_id: int, answer_id: int
) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    answer = selectors.answer_for(ctx, consultation, answer_id)
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
        else page_url(ctx, "comments", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={
            "consultation": consultation,
            "title": "Theme a comment",
            "quote": answer.comment,
            "button": "Save",
        },
    )


@partnership_view(roles=rules.OFFICER_ROLES)
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
    return redirect(page_url(ctx, "comments", consultation_id=consultation.pk))
