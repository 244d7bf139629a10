"""The respondent's journey: one area a page, check your answers, sent. No account is needed; the
response's own token is the key, so a respondent reaches only their own answers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from consultation import services
from consultation.forms import RespondentForm, SectionAnswersForm
from consultation.models import Consultation, Invitation, Response
from consultation.models.consultations import Audience
from consultation.models.responses import ResponseStatus
from partnership.form_views import posted
from partnership.parsing import as_id
from partnership.services import ServiceError, email_queue

HONEYPOT = "website"


def _page(request, template, consultation, **context):
    return render(
        request,
        template,
        {"consultation": consultation, "current_partnership": consultation.partnership, **context},
    )


def _start(request: HttpRequest, consultation: Consultation, invitation: Invitation | None) -> HttpResponse:
    if invitation is not None and hasattr(invitation, "response"):
        existing = invitation.response
        if existing.status == ResponseStatus.SUBMITTED:
            return redirect("respond-sent", resume=existing.resume_token)
        return redirect("respond-step", resume=existing.resume_token, step=1)
    if invitation is not None and consultation.is_anonymous and invitation.used_at:
        return _page(request, "consultation/respond_used.html", consultation)
    if not consultation.accepting:
        return _page(
            request,
            "consultation/respond_closed.html",
            consultation,
            status=410 if consultation.status == "closed" else 200,
        )
    form = RespondentForm(posted(request), identified=not consultation.is_anonymous)
    if request.method == "POST" and request.POST.get(HONEYPOT):
        # An automated submission: say nothing useful to it, and save nothing.
        return _page(
            request,
            "consultation/respond_start.html",
            consultation,
            form=RespondentForm(identified=not consultation.is_anonymous),
            invitation=invitation,
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
            if response.respondent_email and not invitation:
                link = request.build_absolute_uri(
                    reverse("respond-step", kwargs={"resume": response.resume_token, "step": 1})
                )
                email_queue(
                    subject=f"Your answers: {consultation.title}",
                    template="emails/consultation_resume.txt",
                    context={"consultation": consultation, "link": link},
                    to=[response.respondent_email],
                )
            return redirect("respond-step", resume=response.resume_token, step=1)
    return _page(request, "consultation/respond_start.html", consultation, form=form, invitation=invitation)


@login_not_required
@require_http_methods(["GET", "POST"])
def respond_link(request: HttpRequest, token: str) -> HttpResponse:
    consultation = (
        Consultation.objects.filter(link_token=token, audience=Audience.LINK)
        .select_related("partnership")
        .first()
    )
    if consultation is None or consultation.status == "draft":
        raise Http404("No such consultation")
    return _start(request, consultation, None)


@login_not_required
@require_http_methods(["GET", "POST"])
def respond_invited(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.filter(token=token).select_related("consultation__partnership").first()
    if invitation is None or invitation.consultation.status == "draft":
        raise Http404("No such invitation")
    return _start(request, invitation.consultation, invitation)


def _response(resume: str) -> Response:
    response = (
        Response.objects.filter(resume_token=resume).select_related("consultation__partnership").first()
    )
    if response is None:
        raise Http404("No such response")
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def respond_step(request: HttpRequest, resume: str, step: int) -> HttpResponse:
    response = _response(resume)
    consultation = response.consultation
    if response.status == ResponseStatus.SUBMITTED:
        return redirect("respond-sent", resume=resume)
    if not consultation.accepting:
        return _page(request, "consultation/respond_closed.html", consultation)
    sections = list(consultation.sections.prefetch_related("questions"))
    if not 1 <= step <= len(sections):
        raise Http404("No such page")
    section = sections[step - 1]
    questions = list(section.questions.all())
    saved = {a.question_id: a for a in response.answers.filter(question__section=section)}
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
    response = _response(resume)
    link = request.build_absolute_uri(reverse("respond-step", kwargs={"resume": resume, "step": 1}))
    return _page(
        request, "consultation/respond_saved.html", response.consultation, link=link, response=response
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def respond_check(request: HttpRequest, resume: str) -> HttpResponse:
    response = _response(resume)
    consultation = response.consultation
    if response.status == ResponseStatus.SUBMITTED:
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
    answers = {a.question_id: a for a in response.answers.all()}
    sections = [
        {"section": s, "step": i, "rows": [(q, answers.get(q.pk)) for q in s.questions.all()]}
        for i, s in enumerate(consultation.sections.prefetch_related("questions"), start=1)
    ]
    return _page(
        request,
        "consultation/respond_check.html",
        consultation,
        sections=sections,
        response=response,
        error=error,
    )


@login_not_required
@require_GET
def respond_sent(request: HttpRequest, resume: str) -> HttpResponse:
    response = _response(resume)
    if response.status != ResponseStatus.SUBMITTED:
        return redirect("respond-step", resume=resume, step=1)
    return _page(request, "consultation/respond_sent.html", response.consultation, response=response)
