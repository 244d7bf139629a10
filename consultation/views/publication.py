"""Officers prepare the public summary: the responses to themes (you said, we did), approved one by one,
and the date it is published."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from consultation import rules, selectors, services
from consultation.forms import PublishForm, ThemeResponseForm
from consultation.models import ThemeResponse
from partnership.access import PartnershipContext, partnership_view
from partnership.views.form_pages import form_page, posted

from .consultations import page_url


@partnership_view(roles=rules.OFFICER_ROLES)
@require_GET
def theme_responses(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    return render(
        request,
        "consultation/theme_responses.html",
        {
            "consultation": consultation,
            "items": selectors.theme_responses(consultation),
            "themes": selectors.themes_with_counts(consultation),
        },
    )


@partnership_view(roles=rules.OFFICER_ROLES)
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
        sections=selectors.areas(consultation),
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
        next_url=page_url(ctx, "theme-responses", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={
            "consultation": consultation,
            "title": "You said, we did",
            "intro": "The partnership's response to a common theme or an area. It is published once approved.",
        },
    )


@partnership_view(roles=rules.OFFICER_ROLES)
@require_http_methods(["POST"])
def theme_response_approve(
    request: HttpRequest, ctx: PartnershipContext, consultation_id: int, item_id: int
) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    item = selectors.theme_response_for(consultation, item_id)
    services.theme_response_approve(actor=request.user, ctx=ctx, item=item)
    messages.success(request, f"\u201c{item.heading}\u201d is approved.")
    return redirect(page_url(ctx, "theme-responses", consultation_id=consultation.pk))


@partnership_view(roles=rules.OFFICER_ROLES)
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
        next_url=page_url(ctx, "detail", consultation_id=consultation.pk),
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
