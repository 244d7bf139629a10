"""Reads of one support case, and of the pages about it, scoped to the person by support.rules."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from partnership.access import NotVisible, PartnershipContext
from partnership.models import Role, User
from partnership.selectors.people import people_with_role
from schools import selectors as school_selectors
from schools.models import Inspection, KeyStage2Result, NeedsFlag, School
from schools.models.needs import FlagStatus
from support import rules
from support.models import CaseWatch, Escalation, Objective, SupportAgreement, SupportCase, TermlyBrief
from support.models.agreements import AgreementStatus
from support.models.cases import OPEN_STATUSES
from support.models.reviews import ReviewStatus
from support.tasklist import Task, task_list
from support.terms import term_on


def visible_cases(ctx: PartnershipContext) -> QuerySet[SupportCase]:
    """The cases this person sees whole (support.rules.scoped)."""
    return rules.scoped(ctx, SupportCase.objects.all())


def case_for(ctx: PartnershipContext, case_id: int) -> SupportCase:
    case = (
        visible_cases(ctx)
        .filter(pk=case_id)
        .select_related("school", "lead_officer", "source_flag")
        .prefetch_related("priorities")
        .first()
    )
    if case is None:
        raise NotVisible(f"support case {case_id} is not visible in {ctx.partnership.slug}")
    return case


def board_shared_cases(ctx: PartnershipContext) -> QuerySet[SupportCase]:
    """The cases a board member sees beside the totals: those shared with the board, of consenting
    schools (support.rules.scoped)."""
    return visible_cases(ctx).select_related("school")


@dataclass(frozen=True)
class CasePage:
    """Everything a case's page shows."""

    case: SupportCase
    agreements: list[SupportAgreement]
    escalations: list[Escalation]
    tasks: list[Task]
    actions: rules.CaseActions
    # For the LA only (rules.case_actions): each change of status, and whether they watch the case.
    timeline: list
    watching: bool
    # What the LA does next, shown as the page's one primary button: "needs", "arrange", "close" or "".
    next_step: str = ""
    # The briefs for the school's governors, newest term first, and whether this person may prepare
    # this term's (an open case with none for the term today falls in).
    briefs: tuple = ()
    may_prepare_brief: bool = False


def case_page(ctx: PartnershipContext, case_id: int) -> CasePage:
    case = case_for(ctx, case_id)
    agreements = list(
        case.agreements.select_related("provider_leader", "provider_school", "provider_network")
        .prefetch_related("objectives", "reviews")
        .annotate(log_count=Count("log_entries"))
    )
    escalations = list(case.escalations.select_related("escalated_by"))
    actions = rules.case_actions(ctx)
    briefs = tuple(
        rules.scoped_briefs(ctx, TermlyBrief.objects.filter(case=case)).order_by("-term_starts_on", "-pk")
    )
    # The term a brief prepared today would be for, as brief_prepare finds it (in the holidays, the
    # term just ended), so the button is never offered when it would be refused. Only asked of
    # someone who may prepare one.
    may_prepare = not case.is_closed and rules.may_prepare_brief(ctx, case)
    if may_prepare:
        term = term_on(ctx.partnership, timezone.localdate())
        may_prepare = not any(b.academic_year == term.academic_year and b.term == term.kind for b in briefs)
    return CasePage(
        case=case,
        agreements=agreements,
        escalations=escalations,
        tasks=task_list(case, agreements, escalations),
        actions=actions,
        timeline=status_timeline(case) if actions.follow else [],
        watching=actions.follow and CaseWatch.objects.filter(case=case, user_id=ctx.user_id).exists(),
        next_step=_next_step(case, agreements),
        briefs=briefs,
        may_prepare_brief=may_prepare,
    )


def _next_step(case: SupportCase, agreements: list[SupportAgreement]) -> str:
    if case.is_closed:
        return ""
    if not case.needs_analysis:
        return "needs"
    if not [a for a in agreements if a.status != AgreementStatus.DECLINED]:
        return "arrange"
    logged = sum(getattr(a, "log_count", 0) for a in agreements)
    assured = any(r.status == ReviewStatus.QUALITY_ASSURED for a in agreements for r in a.reviews.all())
    return "close" if logged and assured else ""


def status_timeline(case: SupportCase) -> list:
    """Each change of status, from the case's history: who, when and why."""
    changes, previous = [], None
    for row in case.history.select_related("history_user").order_by("history_date", "history_id"):
        if row.status != previous:
            changes.append(row)
            previous = row.status
    return changes


@dataclass(frozen=True)
class CaseOpening:
    """What the form that opens a case offers: the partnership's schools, who may lead the case, and
    the needs flag or school it was opened from."""

    schools: QuerySet[School]
    officers: QuerySet[User]
    flag: NeedsFlag | None
    school: School | None


def case_opening(ctx: PartnershipContext, *, flag_id: int | None, urn: int | None) -> CaseOpening:
    """For the LA (the view asks support.rules first). A flag, when given, names the school; failing
    that, a URN from the school's page does."""
    schools = school_selectors.partnership_schools(ctx).order_by("name")
    officers = User.objects.filter(pk__in=rules.lead_officer_ids(ctx.partnership)).order_by("full_name")
    flag = None
    if flag_id:
        flag = (
            NeedsFlag.objects.filter(pk=flag_id, partnership=ctx.partnership).select_related("school").first()
        )
    school = schools.filter(urn=urn).first() if urn and not flag else None
    return CaseOpening(schools=schools, officers=officers, flag=flag, school=school)


def evidence_summary(case: SupportCase) -> str:
    """What the register says about the school now: the start of the needs analysis's evidence."""
    lines = []
    latest = Inspection.objects.filter(school_id=case.school_id).order_by("-inspected_on").first()
    if latest:
        lines.append(f"Latest inspection: {latest.outcome_label}, {latest.inspected_on:%-d %B %Y}.")
    ks2 = KeyStage2Result.objects.filter(school_id=case.school_id).order_by("-academic_year").first()
    if ks2 and ks2.rwm_expected_pct is not None:
        lines.append(
            f"KS2 {ks2.academic_year_label}: {ks2.rwm_expected_pct}% at the expected standard in reading, writing and maths."
        )
    # The evidence of every open flag on the school, not only the one the case was opened from.
    for flag in NeedsFlag.objects.filter(
        partnership_id=case.partnership_id, school_id=case.school_id, status=FlagStatus.OPEN
    ).order_by("kind"):
        lines.append(f"Flagged ({flag.get_kind_display().lower()}): {flag.evidence}")
    return "\n".join(lines)


def case_objectives(case: SupportCase) -> list[Objective]:
    """Every objective of the case's agreements, for saying whether each was met when it closes."""
    return list(Objective.objects.filter(agreement__case=case).order_by("target_date", "pk"))


def open_case_ids(ctx: PartnershipContext, school_ids) -> list[tuple[int, int]]:
    """(case id, school id) of the open cases of the schools given, among the cases this person sees."""
    return list(
        visible_cases(ctx)
        .filter(school_id__in=school_ids, status__in=OPEN_STATUSES)
        .values_list("pk", "school_id")
    )


def headteachers_of(partnership, school_id: int) -> list[User]:
    """The school's current headteachers in the portal: who agrees its support and answers visits."""
    return [
        r.user
        for r in people_with_role(partnership, Role.HEADTEACHER, school=school_id).select_related("user")
    ]


def governors_of(partnership, school_id: int) -> list[User]:
    """The school's current governors in the portal: told of its brief and of an escalation."""
    return [
        r.user
        for r in people_with_role(partnership, *rules.GOVERNOR_ROLES, school=school_id).select_related("user")
    ]
