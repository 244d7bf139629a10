from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnership.access import PartnershipContext
from partnership.auditing import save_or_refuse, save_with_history
from partnership.models import MessageKind
from partnership.services import ServiceError, messages_done, notify
from partnership.uploads import UploadRefused, check_upload, stored_name
from support import rules
from support.models import Action, ActionLogEntry, Objective, ProviderLink, SupportAgreement, Visit
from support.models.agreements import (
    WAITING_STATUSES,
    AgreementStatus,
    AnswerHow,
    ConflictStatus,
    LogKind,
    ProviderType,
    VisitStatus,
)
from support.models.cases import CaseStatus
from support.models.reviews import ProgressReview

from .cases import _refuse_if_closed, headteachers_of, set_status
from .conflicts import conflicts_for


class ConflictFound(ServiceError):
    def __init__(self, reasons: list[str]):
        super().__init__(
            "A conflict of interest was found. Record why the assignment is still right, or choose another provider"
        )
        self.reasons = reasons


def agreement_link(agreement: SupportAgreement) -> str:
    return reverse(
        "support:agreement",
        kwargs={"partnership_slug": agreement.case.partnership.slug, "agreement_id": agreement.pk},
    )


def _provider_people(agreement: SupportAgreement):
    if agreement.provider_leader_id and agreement.provider_leader.user_id:
        return [agreement.provider_leader.user]
    if agreement.provider_school_id:
        return headteachers_of(agreement.case.partnership, agreement.provider_school_id)
    return []


def _refuse_if_ended(agreement: SupportAgreement) -> None:
    _refuse_if_closed(agreement.case)
    if agreement.status == AgreementStatus.ENDED:
        raise ServiceError("This agreement has ended, so it cannot be changed")


@transaction.atomic
def agreement_create(
    *,
    actor,
    ctx: PartnershipContext,
    case,
    agreement: SupportAgreement,
    priorities,
    objectives: list[dict],
    justification: str,
    reason: str,
    accreditation_noted: bool = False,
) -> SupportAgreement:
    """Assign a provider to a case, after the conflict-of-interest check. A conflict blocks the
    assignment unless an LA officer records why it is still right. A system leader whose
    accreditation ends before the support does is chosen only once the officer says they know."""
    rules.require_caseworker(ctx)
    _refuse_if_closed(case)
    agreement.case = case
    kind = agreement.provider_type
    needed = {
        ProviderType.SCHOOL: ("provider_school", "Choose the school that will give support"),
        ProviderType.SYSTEM_LEADER: ("provider_leader", "Choose the system leader"),
        ProviderType.TEACHING_SCHOOL_ALLIANCE: ("provider_network", "Choose the teaching school alliance"),
        ProviderType.TRUST: ("provider_network", "Choose the trust"),
        ProviderType.LA_TRADED_SERVICE: ("provider_name", "Name the LA traded service"),
        ProviderType.EXTERNAL_AGENCY: ("provider_name", "Name the external agency"),
    }
    field, message = needed[kind]
    if not getattr(agreement, field if field == "provider_name" else f"{field}_id"):
        raise ServiceError(message, field=field)
    for other in {"provider_school", "provider_leader", "provider_network", "provider_name"} - {field}:
        setattr(agreement, other, "" if other == "provider_name" else None)
    if agreement.ends_on < agreement.starts_on:
        raise ServiceError("The end date must be the same as or after the start date", field="ends_on")
    if agreement.cost < 0:
        raise ServiceError("The cost cannot be negative", field="cost")
    if agreement.days <= 0:
        raise ServiceError("Enter the days of support, more than 0", field="days")
    leader = agreement.provider_leader
    if leader is not None:
        if leader.partnership_id != ctx.partnership.pk:
            raise ServiceError(
                "Choose a system leader from the partnership's directory", field="provider_leader"
            )
        expires = leader.accreditation_expires_on
        if expires and expires < agreement.ends_on and not accreditation_noted:
            raise ServiceError(
                f"{leader.full_name}'s accreditation ends on {expires:%-d %B %Y}, before this support "
                f"ends on {agreement.ends_on:%-d %B %Y}. Tick the box to say you know, or choose "
                "another system leader",
                field="accreditation_noted",
            )
        if agreement.days > leader.available_days:
            raise ServiceError(
                f"{leader.full_name} has {leader.available_days:.1f} days left this term; this agreement needs {agreement.days:.1f}",
                field="days",
            )
    if agreement.provider_network_id and agreement.provider_network.partnership_id != ctx.partnership.pk:
        raise ServiceError("Choose one of the partnership's networks", field="provider_network")
    reasons = conflicts_for(receiving=case.school, provider_school=agreement.provider_school, leader=leader)
    if reasons and not justification.strip():
        raise ConflictFound(reasons)
    agreement.conflicts_found = "\n".join(reasons)
    if reasons:
        agreement.conflict_status = ConflictStatus.JUSTIFIED
        agreement.conflict_justification = justification.strip()
        agreement.justified_by = actor
    save_with_history(agreement, actor=actor, reason=reason)
    agreement.priorities.set(priorities)
    for item in objectives:
        save_with_history(Objective(agreement=agreement, **item), actor=actor, reason=reason)
    if leader is not None:
        leader.committed_days += agreement.days
        save_with_history(leader, actor=actor, reason=f"Assigned to support {case.school.name}")
    heads = headteachers_of(ctx.partnership, case.school_id)
    notify(
        users=[*_provider_people(agreement), *heads],
        partnership=ctx.partnership,
        text=f"{agreement.provider_label} is proposed to support {case.school.name}. "
        + (
            "The school's headteacher is asked to agree it."
            if heads
            else "The school has no headteacher in the portal: the LA will ask the school whether it agrees."
        ),
        link=agreement_link(agreement),
        kind=MessageKind.SUPPORT,
        key=answer_key(agreement),
    )
    if not heads:
        # Nobody at the school can be asked in the portal: the lead officer must ask them outside it.
        notify(
            users=[case.lead_officer],
            partnership=ctx.partnership,
            text=f"{case.school.name} has no headteacher in the portal. Ask the school whether it agrees "
            f"the support from {agreement.provider_label}, and record its answer.",
            link=agreement_link(agreement),
            kind=MessageKind.SUPPORT,
            key=answer_key(agreement),
        )
    return agreement


ANSWERS = {
    AgreementStatus.AGREED: "agreed",
    AgreementStatus.DECLINED: "declined",
    AgreementStatus.CHANGES_REQUESTED: "asked for changes to",
}
DOCUMENT_TYPES = {".pdf", ".docx", ".odt", ".txt"}
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def agreement_answer(
    *, actor, ctx: PartnershipContext, agreement: SupportAgreement, answer: str, note: str = ""
) -> SupportAgreement:
    """The receiving school's headteacher answers in the portal: agrees the support (the vision: 'in
    agreement with the school'), declines it with a reason, or asks for changes."""
    rules.require_receiving_head(ctx, agreement.case, "answers for the school")
    return _answer(
        actor=actor,
        ctx=ctx,
        agreement=agreement,
        answer=answer,
        note=note,
        how=AnswerHow.PORTAL,
        who=actor.get_full_name() or str(actor),
        on=timezone.localdate(),
    )


@transaction.atomic
def agreement_answer_record(
    *,
    actor,
    ctx: PartnershipContext,
    agreement: SupportAgreement,
    answer: str,
    how: str,
    who: str,
    on: dt.date,
    note: str = "",
    document=None,
) -> SupportAgreement:
    """An LA officer records the school's answer given by phone, letter, email or at a meeting, for a
    school whose headteacher is not in the portal or answered outside it."""
    rules.require_caseworker(ctx)
    if how not in AnswerHow.values or how == AnswerHow.PORTAL:
        raise ServiceError("Say how the school gave its answer", field="how")
    if not who.strip():
        raise ServiceError("Enter the name of the person who answered for the school", field="who")
    if on > timezone.localdate():
        raise ServiceError("The date the school answered cannot be in the future", field="on")
    if on < agreement_created_on(agreement):
        raise ServiceError("The school cannot have answered before the support was proposed", field="on")
    if document:
        try:
            suffix = check_upload(
                document,
                allowed=DOCUMENT_TYPES,
                max_bytes=DOCUMENT_MAX_BYTES,
                wrong_type="Upload the letter or email as a PDF, Word, OpenDocument or text file",
            )
        except UploadRefused as refused:
            raise ServiceError(refused.message, field="document") from refused
        document.name = stored_name(suffix)
        agreement.answer_document = document
    return _answer(
        actor=actor, ctx=ctx, agreement=agreement, answer=answer, note=note, how=how, who=who.strip(), on=on
    )


def agreement_created_on(agreement: SupportAgreement) -> dt.date:
    first = agreement.history.order_by("history_date").values_list("history_date", flat=True).first()
    return timezone.localdate(first) if first else agreement.starts_on


def _answer(*, actor, ctx, agreement, answer: str, note: str, how: str, who: str, on) -> SupportAgreement:
    _refuse_if_ended(agreement)
    if answer not in ANSWERS:
        raise ServiceError("Say whether the school agrees the support", field="answer")
    if answer != AgreementStatus.AGREED and not note.strip():
        raise ServiceError(
            "Say why the school declines the support"
            if answer == AgreementStatus.DECLINED
            else "Say what the school would like changed",
            field="note",
        )
    # A double submission waits here for the first, then finds the agreement already answered.
    current = SupportAgreement.objects.select_for_update().get(pk=agreement.pk)
    if current.status not in WAITING_STATUSES:
        raise ServiceError(f"The school has already answered: {current.get_status_display().lower()}")
    agreement.status = answer
    agreement.answered_how, agreement.answered_for_school_by, agreement.answered_on = how, who, on
    agreement.answer_recorded_by = None if how == AnswerHow.PORTAL else actor
    agreement.school_note = note.strip()
    if answer == AgreementStatus.AGREED:
        agreement.agreed_by, agreement.agreed_at = actor, timezone.now()
    recorded = "" if how == AnswerHow.PORTAL else f" ({AnswerHow(how).label}, recorded by {actor})"
    save_with_history(agreement, actor=actor, reason=f"The school {ANSWERS[answer]} the support{recorded}")
    if answer == AgreementStatus.AGREED:
        first_review = agreement.starts_on + dt.timedelta(weeks=agreement.review_every_weeks)
        save_with_history(
            ProgressReview(agreement=agreement, due_on=first_review), actor=actor, reason="First review"
        )
        if agreement.case.status in {CaseStatus.IDENTIFIED, CaseStatus.NEEDS_ANALYSED}:
            set_status(
                agreement.case, CaseStatus.SUPPORT_AGREED, actor=actor, reason="The school agreed the support"
            )
    elif answer == AgreementStatus.DECLINED:
        _release_days(agreement, actor=actor, reason=f"{agreement.case.school.name} declined the support")
    school = agreement.case.school.name
    text = {
        AgreementStatus.AGREED: f"{school} has agreed the support from {agreement.provider_label}.",
        AgreementStatus.DECLINED: f"{school} has declined the support from {agreement.provider_label}: {note.strip()}",
        AgreementStatus.CHANGES_REQUESTED: (
            f"{school} has asked for changes to the support from {agreement.provider_label}: {note.strip()}"
        ),
    }[answer]
    told = [agreement.case.lead_officer]
    if answer == AgreementStatus.AGREED:
        told += _provider_people(agreement)
    if how != AnswerHow.PORTAL:
        # The school's head, if the portal has one, sees what was recorded on the school's behalf.
        told += headteachers_of(ctx.partnership, agreement.case.school_id)
    # The messages that asked for the school's answer have been answered, whoever gave it.
    messages_done(answer_key(agreement))
    notify(
        users=told,
        partnership=ctx.partnership,
        text=text,
        link=agreement_link(agreement),
        kind=MessageKind.SUPPORT,
    )
    return agreement


def answer_key(agreement: SupportAgreement) -> str:
    """What the messages asking for the school's answer are about: done once it answers."""
    return f"agreement:{agreement.pk}:answer"


def _release_days(agreement: SupportAgreement, *, actor, reason: str) -> None:
    leader = agreement.provider_leader
    if leader is not None:
        leader.committed_days = max(leader.committed_days - agreement.days, Decimal("0"))
        save_with_history(leader, actor=actor, reason=reason)


def agreement_end(*, actor, agreement: SupportAgreement, reason: str) -> None:
    # Declined support stays declined; its days were given back when it was declined.
    if agreement.status in {AgreementStatus.ENDED, AgreementStatus.DECLINED}:
        return
    agreement.status = AgreementStatus.ENDED
    save_with_history(agreement, actor=actor, reason=reason)
    _release_days(agreement, actor=actor, reason=f"Support for {agreement.case.school.name} ended")


@transaction.atomic
def objective_add(
    *, actor, ctx, agreement, description: str, outcome_measure: str, target_date, reason: str
) -> Objective:
    rules.require_caseworker(ctx)
    _refuse_if_ended(agreement)
    return save_with_history(
        Objective(
            agreement=agreement,
            description=description,
            outcome_measure=outcome_measure,
            target_date=target_date,
        ),
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def action_add(*, actor, ctx, agreement, description: str, owner: str, due_on, reason: str) -> Action:
    rules.require_plan_keeper(ctx, agreement, "change the plan")
    _refuse_if_ended(agreement)
    return save_with_history(
        Action(agreement=agreement, description=description, owner=owner, due_on=due_on),
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def action_done(*, actor, ctx, action: Action, done_on, reason: str) -> Action:
    rules.require_plan_keeper(ctx, action.agreement, "change the plan")
    _refuse_if_ended(action.agreement)
    if done_on > timezone.localdate():
        raise ServiceError("The date it was done cannot be in the future", field="done_on")
    action.done_on = done_on
    return save_with_history(action, actor=actor, reason=reason)


@transaction.atomic
def visit_propose(*, actor, ctx, agreement, visit_on, purpose: str, visit_time=None) -> Visit:
    rules.require_provider(ctx, agreement, "proposes visits")
    _refuse_if_ended(agreement)
    if agreement.status != AgreementStatus.AGREED:
        raise ServiceError("Visits can be proposed once the school has agreed the support")
    if visit_on < timezone.localdate():
        raise ServiceError("A visit is arranged in advance: choose a date from today", field="visit_on")

    def already_proposed() -> ServiceError | None:
        if agreement.visits.filter(visit_on=visit_on).exclude(status=VisitStatus.DECLINED).exists():
            return ServiceError(
                f"A visit on {visit_on:%-d %B %Y} is already proposed or arranged. Choose another day",
                field="visit_on",
            )
        return None

    if error := already_proposed():
        raise error
    # The database keeps one live visit a day per agreement, so two proposals at once make one.
    visit = save_or_refuse(
        Visit(
            agreement=agreement, visit_on=visit_on, visit_time=visit_time, purpose=purpose, proposed_by=actor
        ),
        actor=actor,
        reason="Visit proposed",
        refusal=already_proposed,
    )
    notify(
        users=headteachers_of(ctx.partnership, agreement.case.school_id),
        partnership=ctx.partnership,
        text=f"{agreement.provider_label} proposes to visit {agreement.case.school.name} on {visit.when}. Please accept or decline.",
        link=agreement_link(agreement),
        kind=MessageKind.SUPPORT,
        key=f"visit:{visit.pk}:answer",
    )
    return visit


@transaction.atomic
def visit_answer(*, actor, ctx, visit: Visit, accept: bool, comment: str) -> Visit:
    rules.require_receiving_head(ctx, visit.agreement.case, "answers a proposed visit")
    _refuse_if_ended(visit.agreement)
    if visit.status != VisitStatus.PROPOSED:
        raise ServiceError("This visit has already been answered")
    visit.status = VisitStatus.ACCEPTED if accept else VisitStatus.DECLINED
    visit.answered_by, visit.school_comment = actor, comment
    save_with_history(
        visit, actor=actor, reason="Accepted by the school" if accept else "Declined by the school"
    )
    messages_done(f"visit:{visit.pk}:answer")
    notify(
        kind=MessageKind.SUPPORT,
        users=[visit.proposed_by],
        partnership=ctx.partnership,
        text=f"{visit.agreement.case.school.name} has {'accepted' if accept else 'declined'} the visit on {visit.visit_on:%-d %B %Y}.",
        link=agreement_link(visit.agreement),
    )
    return visit


@transaction.atomic
def log_add(*, actor, ctx, agreement, entry: ActionLogEntry, visit: Visit | None = None) -> ActionLogEntry:
    """The provider logs a piece of support. A visit can be logged only once the school accepted it."""
    rules.require_provider(ctx, agreement, "logs the support they gave")
    _refuse_if_ended(agreement)
    if agreement.status != AgreementStatus.AGREED:
        raise ServiceError("Support can be logged once the school has agreed it")
    if entry.happened_on > timezone.localdate():
        raise ServiceError("The date cannot be in the future", field="happened_on")
    if entry.hours is None or entry.hours <= 0:
        raise ServiceError("Enter the time spent, more than 0 hours", field="hours")
    if visit is not None:
        if visit.agreement_id != agreement.pk or visit.status != VisitStatus.ACCEPTED:
            raise ServiceError("Only a visit the school has accepted can be logged")
        entry.kind, entry.visit = LogKind.VISIT, visit
        visit.status = VisitStatus.LOGGED
        save_with_history(visit, actor=actor, reason="Logged")
    entry.agreement, entry.logged_by = agreement, actor
    save_with_history(entry, actor=actor, reason="Support logged")
    if agreement.case.status == CaseStatus.SUPPORT_AGREED:
        set_status(agreement.case, CaseStatus.IN_DELIVERY, actor=actor, reason="The first support was logged")
    return entry


@transaction.atomic
def provider_link_declare(
    *, actor, ctx: PartnershipContext, leader, school, nature: str, details: str
) -> ProviderLink:
    """A system leader's declared link with a school, which the conflict-of-interest check reads.
    The LA records it, or the system leader declares it themselves."""
    from support.models.links import LinkNature

    rules.require_link_declarer(ctx, leader)
    if leader.partnership_id != ctx.partnership.pk or school.la_code not in ctx.partnership.la_codes:
        raise ServiceError("Choose one of the partnership's schools", field="school")
    if nature not in LinkNature.values:
        raise ServiceError("Select the kind of link", field="nature")
    if ProviderLink.objects.filter(leader=leader, school=school, nature=nature).exists():
        raise ServiceError("This link has already been declared", field="school")
    return save_with_history(
        ProviderLink(leader=leader, school=school, nature=nature, details=details),
        actor=actor,
        reason="Declared a link",
    )
