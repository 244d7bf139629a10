"""The respondent's journey: one area a page, check your answers, sent. No account is needed; the
response's own token is the key, so a respondent reaches only their own answers."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from consultation import rules, selectors, services
from consultation.forms import RespondentForm, SectionAnswersForm
from consultation.models import Consultation, Invitation
from partnership.parsing import as_id
from partnership.rate_limits import allow
from partnership.services import ServiceError
from partnership.views.form_pages import posted

HONEYPOT = "website"


def _page(request, template, consultation, *, status: int = 200, **context):
    return render(
        request,
        template,
        {"consultation": consultation, "current_partnership": consultation.partnership, **context},
        status=status,
    )


def _closed(request, consultation, **context):
    """The consultation is not taking responses: say why, and where its summary is once public."""
    return _page(
        request,
        "consultation/respond_closed.html",
        consultation,
        not_yet_open=rules.not_yet_open(consultation),
        summary_public=rules.summary_is_public(consultation),
        **context,
    )


def _start(request: HttpRequest, consultation: Consultation, invitation: Invitation | None) -> HttpResponse:
    existing = selectors.invitation_response(invitation) if invitation is not None else None
    if existing is not None:
        if rules.is_sent(existing):
            return redirect("respond-sent", resume=existing.resume_token)
        return redirect("respond-step", resume=existing.resume_token, step=1)
    if rules.invitation_used(consultation, invitation):
        return _page(request, "consultation/respond_used.html", consultation)
    if not rules.may_respond(consultation):
        return _closed(request, consultation, status=410 if rules.is_closed(consultation) else 200)
    identified = rules.keeps_names(consultation)
    form = RespondentForm(posted(request), identified=identified)
    if request.method == "POST" and request.POST.get(HONEYPOT):
        # An automated submission: say nothing useful to it, and save nothing.
        return _page(
            request,
            "consultation/respond_start.html",
            consultation,
            form=RespondentForm(identified=identified),
            invitation=invitation,
            anonymous=not identified,
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            response = services.response_start(
                consultation=consultation,
                respondent_kind=data["respondent_kind"],
                organisation=data["organisation"],
                name=data.get("name", ""),
                email=data.get("email", ""),
                invitation=invitation,
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            link = request.build_absolute_uri(
                reverse("respond-step", kwargs={"resume": response.resume_token, "step": 1})
            )
            services.resume_link_email(response=response, link=link)
            return redirect("respond-step", resume=response.resume_token, step=1)
    return _page(
        request,
        "consultation/respond_start.html",
        consultation,
        form=form,
        invitation=invitation,
        anonymous=not identified,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def respond_link(request: HttpRequest, token: str) -> HttpResponse:
    consultation = selectors.consultation_for_link(token)
    # Anyone may post the public link, and each post may send an email: a client may start only so
    # many responses a minute (decision 0029).
    if request.method == "POST" and not allow(
        request, "consultation-link", limit=settings.PUBLIC_LINK_POSTS_PER_MINUTE, seconds=60
    ):
        return _page(request, "consultation/respond_too_many.html", consultation, status=429)
    return _start(request, consultation, None)


@login_not_required
@require_http_methods(["GET", "POST"])
def respond_invited(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_for(token)
    return _start(request, invitation.consultation, invitation)


@login_not_required
@require_http_methods(["GET", "POST"])
def respond_step(request: HttpRequest, resume: str, step: int) -> HttpResponse:
    response = selectors.response_for(resume)
    consultation = response.consultation
    if rules.is_sent(response):
        return redirect("respond-sent", resume=resume)
    if not rules.may_respond(consultation):
        return _closed(request, consultation)
    sections = selectors.structure(consultation)
    if not 1 <= step <= len(sections):
        raise Http404("No such page")
    section = sections[step - 1]
    questions = list(section.questions.all())
    saved = selectors.saved_answers(response, section)
    initial = {}
    for question in questions:
        answer = saved.get(question.pk)
        if answer:
            initial[f"choice_{question.pk}"] = answer.choices or answer.choice
            initial[f"comment_{question.pk}"] = answer.comment
    form = SectionAnswersForm(posted(request), questions=questions, initial=initial)
    if request.method == "POST":
        forged = {
            key
            for key in request.POST
            if key.startswith(("choice_", "comment_"))
            and key.split("_", 1)[1].isascii()
            and as_id(key.split("_", 1)[1]) not in form.question_ids
        }
        if forged:
            form.is_valid()
            form.add_error(None, "The form included a question that is not on this page. Please try again")
        elif form.is_valid():
            try:
                services.response_save_section(response=response, section=section, answers=form.answers())
            except ServiceError as error:
                form.add_service_error(error)
            else:
                if "save_and_leave" in request.POST:
                    return redirect("respond-saved", resume=resume)
                if step < len(sections):
                    return redirect("respond-step", resume=resume, step=step + 1)
                return redirect("respond-check", resume=resume)
    return _page(
        request,
        "consultation/respond_step.html",
        consultation,
        form=form,
        section=section,
        step=step,
        steps=len(sections),
        response=response,
    )


@login_not_required
@require_GET
def respond_saved(request: HttpRequest, resume: str) -> HttpResponse:
    response = selectors.response_for(resume)
    link = request.build_absolute_uri(reverse("respond-step", kwargs={"resume": resume, "step": 1}))
    return _page(
        request, "consultation/respond_saved.html", response.consultation, link=link, response=response
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def respond_check(request: HttpRequest, resume: str) -> HttpResponse:
    response = selectors.response_for(resume)
    if rules.is_sent(response):
        return redirect("respond-sent", resume=resume)
    error = None
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            raise Http404("No such response")
        try:
            services.response_submit(response=response)
        except ServiceError as refused:
            error = refused.message
        else:
            return redirect("respond-sent", resume=resume)
    return _page(
        request,
        "consultation/respond_check.html",
        response.consultation,
        sections=selectors.answers_to_check(response),
        response=response,
        error=error,
    )


@login_not_required
@require_GET
def respond_sent(request: HttpRequest, resume: str) -> HttpResponse:
    response = selectors.response_for(resume)
    if not rules.is_sent(response):
        return redirect("respond-step", resume=resume, step=1)
    return _page(request, "consultation/respond_sent.html", response.consultation, response=response)
