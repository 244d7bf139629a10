"""Officers build a consultation's areas and the questions in them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from consultation import rules, selectors, services
from consultation.forms import QuestionForm, SectionForm
from consultation.models import Section
from partnership.access import PartnershipContext, partnership_view
from partnership.forms import ReasonForm
from partnership.views.form_pages import form_page, posted

from .consultations import page_url


@partnership_view(roles=rules.OFFICER_ROLES)
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
        initial={
            "title": section.title,
            "position": section.position or selectors.next_area_position(consultation),
        },
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
        next_url=page_url(ctx, "detail", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={"consultation": consultation, "title": "Change an area" if section_id else "Add an area"},
    )


@partnership_view(roles=rules.OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def question_edit(
    request: HttpRequest, ctx: PartnershipContext, consultation_id: int, question_id: int | None = None
) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    instance = selectors.question_for(consultation, question_id) if question_id else None
    form = QuestionForm(
        posted(request),
        instance=instance,
        sections=selectors.areas(consultation),
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
        next_url=page_url(ctx, "detail", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={
            "consultation": consultation,
            "title": "Change a question" if question_id else "Add a question",
        },
    )


@partnership_view(roles=rules.OFFICER_ROLES)
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
        next_url=page_url(ctx, "detail", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={
            "consultation": consultation,
            "title": "Are you sure you want to remove this question?",
            "intro": question.text,
            "button": "Remove question",
            "warning": True,
        },
    )
