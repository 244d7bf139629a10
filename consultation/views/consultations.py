"""Officers set up and run a consultation: the list, a consultation's details and preview, opening and
closing it, and inviting people."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from consultation import rules, selectors, services
from consultation.forms import ConsultationForm, InvitationsForm
from partnership.access import PartnershipContext, partnership_view
from partnership.forms import ReasonForm
from partnership.views.form_pages import form_page, posted


def page_url(ctx, name, **kwargs):
    """The address of one of the consultation pages of the person's partnership."""
    return reverse(f"consultation:{name}", kwargs={"partnership_slug": ctx.partnership.slug, **kwargs})


@partnership_view(roles=rules.OFFICER_ROLES)
@require_GET
def consultation_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    page = Paginator(selectors.consultations_for(ctx), 25).get_page(request.GET.get("page"))
    return render(request, "consultation/list.html", {"page": page})


@partnership_view(roles=rules.OFFICER_ROLES)
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
        next_url=lambda c: page_url(ctx, "detail", consultation_id=c.pk),
        template="consultation/edit.html",
        context={"consultation": instance},
    )


@partnership_view(roles=rules.OFFICER_ROLES)
@require_GET
def consultation_detail(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    page = selectors.consultation_page(consultation)
    return render(
        request,
        "consultation/detail.html",
        {
            "consultation": consultation,
            **page,
            "actions": rules.consultation_actions(ctx, consultation, locked=page["locked"]),
            "link": request.build_absolute_uri(
                reverse("respond-link", kwargs={"token": consultation.link_token})
            ),
        },
    )


@partnership_view(roles=rules.OFFICER_ROLES)
@require_GET
def consultation_preview(request: HttpRequest, ctx: PartnershipContext, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_for(ctx, consultation_id)
    from consultation.forms import SectionAnswersForm

    pages = [
        {"section": s, "form": SectionAnswersForm(questions=list(s.questions.all()), prefix=f"preview{s.pk}")}
        for s in selectors.structure(consultation)
    ]
    return render(request, "consultation/preview.html", {"consultation": consultation, "pages": pages})


@partnership_view(roles=rules.OFFICER_ROLES)
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
        next_url=page_url(ctx, "detail", consultation_id=consultation.pk),
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


@partnership_view(roles=rules.OFFICER_ROLES)
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
        next_url=page_url(ctx, "detail", consultation_id=consultation.pk),
        template="consultation/form.html",
        context={
            "consultation": consultation,
            "title": "Invite people",
            "intro": "Each person gets their own link, which lets them answer once.",
            "button": "Invite",
        },
    )
