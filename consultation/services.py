"""Writes of consultations. Officers' writes take the acting person and a reason; respondents' writes
are anonymous to the portal and take their response's token instead. Who may write what, and when, is
decided in consultation.rules, which these ask before they write."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from partnership.access import PartnershipContext
from partnership.auditing import delete_with_history, save_with_history
from partnership.documents import print_stylesheet, write_pdf
from partnership.services import ServiceError, email_queue

from . import rules, selectors
from .models import (
    Answer,
    Consultation,
    Invitation,
    LinkEmail,
    Question,
    Response,
    Section,
    SummaryPdf,
    Theme,
    ThemeResponse,
)
from .models.consultations import ConsultationStatus, QuestionKind
from .models.responses import COMMENT_MAX, Channel, ResponseStatus, ReviewStatus


def _refuse_structure_change(consultation: Consultation) -> None:
    if rules.questions_locked(consultation):
        raise ServiceError(
            "People have already answered, so the questions cannot be changed. Changing them would spoil the answers"
        )


@transaction.atomic
def consultation_save(
    *, actor, ctx: PartnershipContext, consultation: Consultation, reason: str
) -> Consultation:
    rules.require_manager(ctx, consultation)
    consultation.partnership = ctx.partnership
    if consultation.closes_on < consultation.opens_on:
        raise ServiceError("The closing date must be on or after the opening date", field="closes_on")
    if consultation.retain_until < consultation.closes_on:
        raise ServiceError("Keep responses until at least the closing date", field="retain_until")
    if not consultation.pk:
        consultation.created_by = actor
    elif consultation.status != ConsultationStatus.DRAFT:
        original = Consultation.objects.get(pk=consultation.pk)
        if original.identification != consultation.identification:
            raise ServiceError(
                "Whether respondents give their names cannot change once the consultation has opened",
                field="identification",
            )
    return save_with_history(consultation, actor=actor, reason=reason)


@transaction.atomic
def section_save(*, actor, ctx, consultation, section: Section, reason: str) -> Section:
    rules.require_manager(ctx, consultation)
    if section.pk is None:
        _refuse_structure_change(consultation)
    section.consultation = consultation
    return save_with_history(section, actor=actor, reason=reason)


@transaction.atomic
def question_save(*, actor, ctx, consultation, question: Question, reason: str) -> Question:
    rules.require_manager(ctx, consultation)
    _refuse_structure_change(consultation)
    if question.section.consultation_id != consultation.pk:
        raise ServiceError("Choose one of this consultation's areas", field="section")
    if question.kind in {QuestionKind.SINGLE, QuestionKind.MULTIPLE} and len(question.options) < 2:
        raise ServiceError("Give at least two options, one on each line", field="options")
    if question.kind in {QuestionKind.SCALE, QuestionKind.FREE_TEXT}:
        question.options = []
    return save_with_history(question, actor=actor, reason=reason)


@transaction.atomic
def question_delete(*, actor, ctx, consultation, question: Question, reason: str) -> None:
    rules.require_manager(ctx, consultation)
    _refuse_structure_change(consultation)
    delete_with_history(question, actor=actor, reason=reason)


@transaction.atomic
def consultation_open(*, actor, ctx, consultation: Consultation, reason: str, base_url: str) -> Consultation:
    """Open the consultation, and send every invitation that has not been sent yet."""
    rules.require_manager(ctx, consultation)
    if not Question.objects.filter(section__consultation=consultation).exists():
        raise ServiceError("Add at least one question before opening the consultation")
    if not rules.may_open_again(consultation):
        raise ServiceError(
            "Its summary is published. Take the summary down before opening the consultation again"
        )
    if consultation.closes_on < timezone.localdate():
        raise ServiceError("The closing date has passed. Change the dates first")
    consultation.status = ConsultationStatus.OPEN
    save_with_history(consultation, actor=actor, reason=reason)
    for invitation in consultation.invitations.filter(sent_at__isnull=True):
        invitation.sent_at = timezone.now()
        save_with_history(invitation, actor=actor, reason="Invitation sent")
        _invitation_email(invitation, base_url=base_url)
    return consultation


@transaction.atomic
def consultation_close(*, actor, ctx, consultation: Consultation, reason: str) -> Consultation:
    rules.require_manager(ctx, consultation)
    consultation.status = ConsultationStatus.CLOSED
    return save_with_history(consultation, actor=actor, reason=reason)


@transaction.atomic
def invitations_add(
    *, actor, ctx, consultation: Consultation, people: list[tuple[str, str]], base_url: str
) -> int:
    rules.require_manager(ctx, consultation)
    invited = set(consultation.invitations.values_list("email", flat=True))
    sending = consultation.status == ConsultationStatus.OPEN
    added = 0
    for name, email in people:
        email = email.lower()
        if email in invited:
            continue
        invited.add(email)
        invitation = save_with_history(
            Invitation(
                consultation=consultation,
                name=name,
                email=email,
                sent_at=timezone.now() if sending else None,
            ),
            actor=actor,
            reason="Invited and sent the link" if sending else "Invited",
        )
        if sending:
            _invitation_email(invitation, base_url=base_url)
        added += 1
    return added


def _invitation_email(invitation: Invitation, *, base_url: str) -> None:
    from django.urls import reverse

    link = base_url.rstrip("/") + reverse("respond-invited", kwargs={"token": invitation.token})
    email_queue(
        subject=f"Your views: {invitation.consultation.title}",
        template="emails/consultation_invitation.txt",
        context={"invitation": invitation, "consultation": invitation.consultation, "link": link},
        to=[invitation.email],
    )


def _refuse_unless_accepting(consultation: Consultation) -> None:
    if not rules.may_respond(consultation):
        raise ServiceError("This consultation is closed and is not taking responses")


@transaction.atomic
def response_start(
    *,
    consultation: Consultation,
    respondent_kind: str,
    organisation: str,
    name: str,
    email: str,
    invitation: Invitation | None,
) -> Response:
    """Start an online response. An invitation gives one response only."""
    _refuse_unless_accepting(consultation)
    if invitation is None and rules.needs_invitation(consultation):
        raise ServiceError("This consultation is for the people invited to it")
    anonymous = rules.is_anonymous(consultation)
    if invitation is not None and anonymous:
        # An anonymous response is never linked to the invitation, which holds a name and email:
        # the invitation only records that it has been used, so it still gives one response.
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.used_at:
            raise ServiceError(
                "This invitation has already been used. If you saved your answers, use the link you were given to come back to them"
            )
        invitation.used_at = timezone.now()
        save_with_history(invitation, actor=None, reason="Used")
        invitation = None
    elif invitation is not None:
        existing = Response.objects.filter(invitation=invitation).first()
        if existing is not None:
            return existing
    response = Response(
        consultation=consultation,
        channel=Channel.ONLINE,
        respondent_kind=respondent_kind,
        organisation=organisation,
        respondent_name="" if anonymous else name,
        respondent_email="" if anonymous else (email or (invitation.email if invitation else "")),
        invitation=invitation,
    )
    try:
        with transaction.atomic():
            return save_with_history(response, actor=None, reason="Started online")
    except IntegrityError:
        return Response.objects.get(invitation=invitation)


def _address_digest(address: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.strip().lower().encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def resume_link_email(*, response: Response, link: str) -> bool:
    """Email the respondent the link to come back to their answers, at most once a day for each
    address and consultation, however often the public link is posted with it. Returns whether it
    was sent."""
    if not response.respondent_email or response.invitation_id:
        return False
    today = timezone.localdate()
    try:
        with transaction.atomic():
            LinkEmail.objects.create(
                consultation=response.consultation,
                address_digest=_address_digest(response.respondent_email),
                sent_on=today,
            )
    except IntegrityError:
        return False
    email_queue(
        subject=f"Your answers: {response.consultation.title}",
        template="emails/consultation_resume.txt",
        context={"consultation": response.consultation, "link": link},
        to=[response.respondent_email],
    )
    response.resume_emailed_at = timezone.now()
    save_with_history(response, actor=None, reason="Emailed the link to come back to the answers")
    return True


def _clean_answer(question: Question, choice, comment: str) -> tuple[str, list[str], str]:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ServiceError(
            f"Comments must be {COMMENT_MAX:,} characters or fewer", field=f"comment_{question.pk}"
        )
    valid = {value for value, _ in question.choices}
    if question.kind == QuestionKind.MULTIPLE:
        chosen = [c for c in (choice or []) if c]
        if any(c not in valid for c in chosen):
            raise ServiceError("Choose from the options given", field=f"choice_{question.pk}")
        return "", chosen, comment
    if question.kind == QuestionKind.FREE_TEXT:
        return "", [], comment
    choice = choice or ""
    if choice and choice not in valid:
        raise ServiceError("Choose from the options given", field=f"choice_{question.pk}")
    return choice, [], comment


@transaction.atomic
def response_save_section(
    *, response: Response, section: Section, answers: dict[int, tuple[object, str]]
) -> None:
    """Save one area's answers. Only this area's questions are taken: a forged question id is refused."""
    _refuse_unless_accepting(response.consultation)
    if rules.is_sent(response):
        raise ServiceError("This response has already been sent")
    questions = {q.pk: q for q in section.questions.all()}
    unknown = set(answers) - set(questions)
    if unknown:
        raise ServiceError("The form included a question that is not in this part of the consultation")
    for question_id, (choice, comment) in answers.items():
        question = questions[question_id]
        value, values, text = _clean_answer(question, choice, comment)
        Answer.objects.update_or_create(
            response=response,
            question=question,
            defaults={"choice": value, "choices": values, "comment": text, "section": section},
        )


@transaction.atomic
def response_submit(*, response: Response) -> Response:
    """Send a response. Every question gets an answer row, blank if skipped, so blanks are counted
    as the seeds count them. Sending twice changes nothing."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if rules.is_sent(response):
        raise ServiceError("This response has already been sent. Thank you")
    _refuse_unless_accepting(response.consultation)
    answered = set(response.answers.values_list("question_id", flat=True))
    blanks = [
        Answer(response=response, question_id=question_id, section_id=section_id)
        for question_id, section_id in Question.objects.filter(
            section__consultation=response.consultation
        ).values_list("pk", "section_id")
        if question_id not in answered
    ]
    bulk_create_with_history(blanks, Answer, default_change_reason="Left blank")
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = timezone.now()
    return save_with_history(response, actor=None, reason="Sent online")


@transaction.atomic
def offline_record(
    *,
    actor,
    ctx,
    consultation: Consultation,
    channel: str,
    received_on: dt.date,
    respondent_kind: str,
    organisation: str,
    name: str,
    answers: dict[int, tuple[str, str]],
    general_comment: str,
    general_section: Section | None,
) -> Response:
    """Feedback from a briefing, meeting, email or letter, recorded by an officer."""
    rules.require_manager(ctx, consultation)
    if channel == Channel.ONLINE:
        raise ServiceError("Choose how the feedback was given", field="channel")
    if received_on > timezone.localdate():
        raise ServiceError("The date cannot be in the future", field="received_on")
    if not any(choice or comment for choice, comment in answers.values()) and not general_comment.strip():
        raise ServiceError("Record at least one answer or comment")
    response = save_with_history(
        Response(
            consultation=consultation,
            channel=channel,
            respondent_kind=respondent_kind,
            organisation=organisation,
            respondent_name=name if rules.keeps_names(consultation) else "",
            status=ResponseStatus.SUBMITTED,
            submitted_at=timezone.now(),
            received_on=received_on,
            recorded_by=actor,
        ),
        actor=actor,
        reason=f"Recorded from {channel}",
    )
    questions = {q.pk: q for q in Question.objects.filter(section__consultation=consultation)}
    for question_id, (choice, comment) in answers.items():
        if not (choice or comment):
            continue
        question = questions.get(question_id)
        if question is None:
            raise ServiceError("The form included a question that is not in this consultation")
        value, values, text = _clean_answer(question, choice, comment)
        Answer.objects.create(
            response=response,
            question=question,
            section_id=question.section_id,
            choice=value,
            choices=values,
            comment=text,
        )
    if general_comment.strip():
        if len(general_comment) > COMMENT_MAX:
            raise ServiceError(
                f"Comments must be {COMMENT_MAX:,} characters or fewer", field="general_comment"
            )
        Answer.objects.create(response=response, section=general_section, comment=general_comment.strip())
    return response


@transaction.atomic
def answer_analyse(
    *, actor, ctx, consultation, answer: Answer, themes, is_sample: bool, published_comment: str
) -> Answer:
    rules.require_manager(ctx, consultation)
    if any(t.consultation_id != consultation.pk or t.merged_into_id for t in themes):
        raise ServiceError("Choose this consultation's themes", field="themes")
    if is_sample and not published_comment.strip():
        raise ServiceError(
            "A sample comment needs its published text: the comment with any names removed",
            field="published_comment",
        )
    answer.is_sample, answer.published_comment = is_sample, published_comment.strip()
    save_with_history(answer, actor=actor, reason="Analysed")
    answer._history_user, answer._change_reason = actor, "Themes"
    answer.themes.set(themes)
    return answer


@transaction.atomic
def theme_create(*, actor, ctx, consultation, name: str) -> Theme:
    rules.require_manager(ctx, consultation)
    name = name.strip()
    if Theme.objects.filter(consultation=consultation, name__iexact=name).exists():
        raise ServiceError("There is already a theme with this name", field="name")
    return save_with_history(Theme(consultation=consultation, name=name), actor=actor, reason="Theme created")


@transaction.atomic
def theme_merge(*, actor, ctx, consultation, theme: Theme, into: Theme) -> Theme:
    """Move every comment of one theme to another, and keep the old one as merged."""
    rules.require_manager(ctx, consultation)
    if theme.pk == into.pk:
        raise ServiceError("Choose a different theme to merge into", field="into")
    for answer in theme.answers.all():
        answer._history_user, answer._change_reason = actor, f"Theme {theme} merged into {into}"
        answer.themes.add(into)
        answer.themes.remove(theme)
    theme.merged_into = into
    return save_with_history(theme, actor=actor, reason=f"Merged into {into}")


@transaction.atomic
def theme_response_save(*, actor, ctx, consultation, item: ThemeResponse, reason: str) -> ThemeResponse:
    rules.require_manager(ctx, consultation)
    item.consultation = consultation
    item.status = ReviewStatus.DRAFT  # a change needs approving again
    item.approved_by = None
    return save_with_history(item, actor=actor, reason=reason)


@transaction.atomic
def theme_response_approve(*, actor, ctx, item: ThemeResponse) -> ThemeResponse:
    rules.require_manager(ctx)
    item.status, item.approved_by = ReviewStatus.APPROVED, actor
    return save_with_history(item, actor=actor, reason="Approved")


@transaction.atomic
def summary_publish(
    *, actor, ctx, consultation: Consultation, published_on: dt.date | None, reason: str
) -> Consultation:
    rules.require_manager(ctx, consultation)
    if published_on and not rules.may_publish_summary(consultation):
        raise ServiceError("Close the consultation before publishing its summary", field="published_on")
    consultation.published_on = published_on
    return save_with_history(consultation, actor=actor, reason=reason)


def summary_html(consultation: Consultation, *, for_pdf: bool = False) -> str:
    return render_to_string(
        "consultation/summary_document.html",
        {"consultation": consultation, **selectors.published_summary(consultation), "for_pdf": for_pdf},
    )


def summary_pdf(consultation: Consultation) -> SummaryPdf:
    """The summary as a PDF, made again only when what it shows has changed."""
    html = summary_html(consultation, for_pdf=True)
    stylesheet = print_stylesheet("print-consultation-summary.css")
    fingerprint = hashlib.sha256((stylesheet + html).encode()).hexdigest()
    existing = SummaryPdf.objects.filter(consultation=consultation).first()
    if existing and existing.fingerprint == fingerprint and existing.file.storage.exists(existing.file.name):
        return existing
    pdf = write_pdf(html, stylesheet=stylesheet)
    record = existing or SummaryPdf(consultation=consultation)
    if existing and existing.file:
        existing.file.delete(save=False)
    record.fingerprint, record.generated_at = fingerprint, timezone.now()
    record.file.save(f"consultation-{consultation.pk}-summary.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # Two first requests at once: the other one stored it.
        return SummaryPdf.objects.get(consultation=consultation)
    return record


@transaction.atomic
def responses_past_retention_delete(*, today: dt.date | None = None) -> int:
    """Delete the responses of consultations whose retention date has passed (run by Celery beat)."""
    today = today or timezone.localdate()
    responses = list(
        Response.objects.filter(consultation__retain_until__lt=today).values_list("pk", flat=True)
    )
    answers = list(Answer.objects.filter(response_id__in=responses).values_list("pk", flat=True))
    invitations = list(
        Invitation.objects.filter(consultation__retain_until__lt=today).values_list("pk", flat=True)
    )
    Answer.objects.filter(pk__in=answers).delete()
    Response.objects.filter(pk__in=responses).delete()
    Invitation.objects.filter(pk__in=invitations).delete()
    # Deleting writes history rows, and the older ones still hold what was said and by whom: the
    # retention rule applies to history too, so all of it goes.
    Answer.history.filter(id__in=answers).delete()
    Response.history.filter(id__in=responses).delete()
    Invitation.history.filter(id__in=invitations).delete()
    return len(responses)
