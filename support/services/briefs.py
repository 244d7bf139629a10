"""Writes of the termly brief for governors (decision 0036): prepared by the LA or the headteacher,
approved by the headteacher (or, where the school has no headteacher in the portal, their approval
recorded by an LA officer), and frozen when approved."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnership.access import PartnershipContext
from partnership.auditing import save_or_refuse, save_with_history
from partnership.models import MessageKind
from partnership.services import ServiceError, messages_done, notify
from support import rules
from support.models import SupportCase, TermlyBrief
from support.models.agreements import AnswerHow
from support.models.briefs import BriefStatus
from support.selectors.briefs import brief_facts
from support.selectors.cases import governors_of, headteachers_of
from support.terms import term_on


def brief_link(brief: TermlyBrief) -> str:
    return reverse(
        "support:brief", kwargs={"partnership_slug": brief.case.partnership.slug, "brief_id": brief.pk}
    )


@transaction.atomic
def brief_prepare(
    *, actor, ctx: PartnershipContext, case: SupportCase, today: dt.date | None = None
) -> TermlyBrief:
    """Start this term's brief of an open case. One per case per term: the database refuses a
    second, so two people pressing the button at once get one brief and a plain answer. The
    headteacher is asked to approve it (unless they prepared it themselves)."""
    rules.require_brief_preparer(ctx, case)
    if case.is_closed:
        raise ServiceError("This case is closed, so no new brief is prepared. Its last brief still stands")
    term = term_on(ctx.partnership, today or timezone.localdate())

    def already() -> ServiceError | None:
        if TermlyBrief.objects.filter(case=case, academic_year=term.academic_year, term=term.kind).exists():
            return ServiceError(f"There is already a brief for the {term.label}")
        return None

    if error := already():
        raise error
    brief = save_or_refuse(
        TermlyBrief(
            case=case,
            academic_year=term.academic_year,
            term=term.kind,
            term_starts_on=term.starts_on,
            term_ends_on=term.ends_on,
            drafted_by=actor,
            drafted_at=timezone.now(),
        ),
        actor=actor,
        reason=f"Brief for governors prepared, {term.label}",
        refusal=already,
    )
    heads = [head for head in headteachers_of(ctx.partnership, case.school_id) if head.pk != actor.pk]
    notify(
        kind=MessageKind.SUPPORT,
        users=heads,
        partnership=ctx.partnership,
        text=f"The brief of {case.school.name}'s support for its governors, {term.label}, is ready for you to approve.",
        link=brief_link(brief),
        key=f"brief:{brief.pk}:approve",
    )
    return brief


def _locked_draft(brief: TermlyBrief) -> TermlyBrief:
    """The brief's row, locked, so that two approvals at once freeze it once."""
    locked = TermlyBrief.objects.select_for_update().get(pk=brief.pk)
    if locked.status != BriefStatus.DRAFT:
        raise ServiceError("This brief has already been approved")
    return locked


def _approve(brief: TermlyBrief, *, actor, ctx, note: str, how: str, who: str, on: dt.date) -> TermlyBrief:
    locked = _locked_draft(brief)
    case = brief.case
    locked.facts = brief_facts(case).as_json()
    locked.note = note
    locked.status = BriefStatus.APPROVED
    locked.approved_by, locked.approved_at, locked.approved_how = actor, timezone.now(), how
    locked.approved_for_school_by, locked.approved_on = who, on
    save_with_history(locked, actor=actor, reason=f"Approved for governors, {locked.term_label}")
    messages_done(f"brief:{brief.pk}:approve")
    locked.case = case
    notify(
        kind=MessageKind.SUPPORT,
        users=governors_of(ctx.partnership, case.school_id),
        partnership=ctx.partnership,
        text=f"The headteacher has shared a brief of the partnership's support for {case.school.name}, {locked.term_label}.",
        link=brief_link(locked),
    )
    return locked


@transaction.atomic
def brief_approve(*, actor, ctx: PartnershipContext, brief: TermlyBrief, note: str) -> TermlyBrief:
    """The headteacher approves what the school's governors read: the case as it stands now, frozen,
    with their note. The governors are sent a message with the link."""
    rules.require_brief_approver(ctx, brief)
    return _approve(
        brief, actor=actor, ctx=ctx, note=note, how=AnswerHow.PORTAL, who="", on=timezone.localdate()
    )


@transaction.atomic
def brief_approval_record(
    *, actor, ctx: PartnershipContext, brief: TermlyBrief, note: str, how: str, who: str, on: dt.date
) -> TermlyBrief:
    """An LA officer records the headteacher's approval given outside the portal. Only where the
    school has no headteacher in the portal: where it has one, the approval is theirs to give."""
    rules.require_brief_approval_recorder(
        ctx, school_has_head=bool(headteachers_of(ctx.partnership, brief.case.school_id))
    )
    if how not in AnswerHow.values or how == AnswerHow.PORTAL:
        raise ServiceError("Say how the headteacher approved the brief", field="how")
    if not who.strip():
        raise ServiceError("Enter who approved the brief for the school", field="who")
    if on > timezone.localdate():
        raise ServiceError("The date of the approval cannot be in the future", field="on")
    if on < timezone.localdate(brief.drafted_at):
        raise ServiceError("The brief cannot have been approved before it was prepared", field="on")
    return _approve(brief, actor=actor, ctx=ctx, note=note, how=how, who=who.strip(), on=on)
