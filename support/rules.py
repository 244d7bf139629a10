"""Who may see or do what in school-to-school support casework (decisions 0009, 0012 and 0036).

This is the one module that decides it: views, selectors, services, the registrations and the
templates ask here, so it is the file to read to know who sees a school's support. In words:

Support cases (a school's needs analysis, its priorities and evidence, escalations and the impact
when the case closes) and the agreements with providers that hold the work (objectives, the action
plan, visits, the action log and progress reviews) are confidential (terms of reference 13):
- The partnership's LA officers and administrators see every case and agreement in it, and run the
  casework: they open a case and choose its lead officer (who must be one of them), write the needs
  analysis, arrange support with a provider (after the conflict-of-interest check), add objectives,
  schedule progress reviews and quality-assure them, escalate, close, watch a case and share it
  with the board. Only they see the conflict-of-interest notes, a case's status history, the team
  view, and the full history of a case or agreement, which holds every past value (the cost and the
  conflict notes included).
- The receiving school's headteacher and school staff see their own school's cases whole, and the
  cost and funding of its agreements. The headteacher agrees the support proposed and accepts or
  declines each visit; the headteacher or staff add the school's comment to a rated review.
- Board members see totals by status, never a school, and a total that rests on fewer schools than
  the suppression threshold is hidden. Beyond that they see only the cases the LA has shared with
  the board, of schools whose consent in force covers support casework.
- Partners such as dioceses and trusts see the cases of schools whose consent in force covers
  support casework (partnership.consent). Withdrawal, or a new version of the data-sharing
  agreement, ends it at once.
- A provider (the system leader named on an agreement, or the headteacher and staff of the school
  giving the support) sees only the agreements they deliver, and of those not the needs analysis,
  the cost or the conflict notes. The school agreed that support with that provider, which is its
  consent to share what the support needs (decision 0012). The provider proposes visits and logs the
  support given; the provider and the LA add and complete actions and rate progress reviews.
- Anyone else (governors, observers, other schools' staff, another partnership's people) sees
  nothing of it: to them a case or agreement is a 404. Someone who sees a record but may not make a
  change gets a 403.
- A school's governors are told, on their home page, how they hear of their school's support
  ("if a school was being supported by LEEP, how would this be communicated?"): its headteacher sees
  the case, they are sent a message, in the words the headteacher reads and with no link to the
  case, when their school's support is escalated, and they read the termly brief.

The termly brief for governors (decision 0036): each term, a short account of an open case (its
status, each objective with its last rating, the next review) with the headteacher's note.
- The LA or the receiving school's headteacher prepares the term's brief; one per case per term.
- The receiving school's headteacher approves it in the portal. Where the school has no headteacher
  in the portal, an LA officer records the headteacher's approval given by phone, letter, email or
  at a meeting; where it has one, only they approve it. What the brief says is frozen then.
- Once approved, the school's own governors read it; the LA and the school's headteacher and staff
  read it whether approved or not. Before approval, and to anyone else (another school's governors,
  observers, board members, partners, another partnership's people), a brief is a 404. The school's
  consent to the data-sharing agreement does not come into it: the school's own governors, reading
  what its own headteacher approved, are the school, not a recipient under the agreement.

Declared links between a system leader and a school, which the conflict-of-interest check reads, are
seen on the system leader's page and declared by the LA or by that system leader themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from partnership import rules as partnership_rules
from partnership.access import NotAllowed, PartnershipContext, require_roles
from partnership.consent import schools_consenting_for
from partnership.models import ALL_ROLES, LA_ROLES, SCHOOL_STAFF_ROLES, DataCategory, Role
from partnership.selectors.people import people_with_role
from schools.selectors.leaders import LEADER_ROLES
from support.models import SupportAgreement, SupportCase, TermlyBrief
from support.models.briefs import BriefStatus

# --- The role sets, each defined once -----------------------------------------------------------

# The LA's officers and administrators: they see every case and run the casework.
CASEWORKER_ROLES = LA_ROLES
# SCHOOL_STAFF_ROLES, the partnership's own set, is a school's headteacher and staff (not its
# governors, who see no casework): of the receiving school, they see its cases; of a giving school,
# they provide its support.
# A school's governors: they see no casework; they read the termly brief their headteacher approves,
# and are told when their school's support is escalated.
GOVERNOR_ROLES = frozenset({Role.GOVERNOR})
# Who may open a termly brief's page: what each of them sees is decided by scoped_briefs.
BRIEF_ROLES = CASEWORKER_ROLES | SCHOOL_STAFF_ROLES | GOVERNOR_ROLES
# Who may open the support case pages at all; what each of them sees is decided below.
CASE_ROLES = CASEWORKER_ROLES | SCHOOL_STAFF_ROLES | {Role.BOARD_MEMBER, Role.PARTNER}
# Who may give support, for the "Support you give" pages: system leaders and a school's people.
PROVIDER_ROLES = SCHOOL_STAFF_ROLES | {Role.SYSTEM_LEADER}
# The agreement pages let in anyone with a role in the partnership, as a provider may hold several
# (a system leader, the headteacher or staff of the giving school): what each person sees is then
# decided record by record below (a 404 for what they may not see, a 403 for what they may see but
# not change).
PAGE_ROLES = ALL_ROLES
# Who may open a system leader's page, where a link with a school is declared (the schools app's
# rule for the directory of system leaders).
LINK_PAGE_ROLES = LEADER_ROLES


def is_caseworker(ctx: PartnershipContext) -> bool:
    """An LA officer or administrator of the partnership: sees every case and runs the casework."""
    return ctx.has_any(CASEWORKER_ROLES)


def require_caseworker(ctx: PartnershipContext) -> None:
    """Only the LA changes the casework itself (a 403 for anyone else)."""
    require_roles(ctx, CASEWORKER_ROLES, write=True)


def require_caseworker_sight(ctx: PartnershipContext) -> None:
    """What only the LA sees (the team view, a record's full history): a 404 for anyone else."""
    require_roles(ctx, CASEWORKER_ROLES)


def headships(ctx: PartnershipContext) -> frozenset[int]:
    """The schools this person is headteacher of: the receiving schools whose support they agree."""
    return ctx.school_ids(Role.HEADTEACHER)


# --- Who sees cases and agreements --------------------------------------------------------------


def scoped(ctx: PartnershipContext, queryset: QuerySet[SupportCase]) -> QuerySet[SupportCase]:
    """The cases narrowed to those this person sees whole: every case of the partnership for the
    LA; their own school's for its headteacher and staff; those shared with the board, of consenting
    schools, for board members; those of consenting schools for partners."""
    cases = queryset.filter(partnership=ctx.partnership)
    if is_caseworker(ctx):
        return cases
    rule = Q(pk__in=[])
    own = ctx.school_ids(*SCHOOL_STAFF_ROLES)
    if own:
        rule |= Q(school_id__in=own)
    consenting = schools_consenting_for(ctx, DataCategory.SUPPORT)
    if consenting and Role.BOARD_MEMBER in ctx.roles:
        rule |= Q(shared_with_board=True, school_id__in=consenting)
    if consenting and Role.PARTNER in ctx.roles:
        rule |= Q(school_id__in=consenting)
    return cases.filter(rule)


def scoped_provided(
    ctx: PartnershipContext, queryset: QuerySet[SupportAgreement]
) -> QuerySet[SupportAgreement]:
    """The agreements narrowed to those this person delivers: as the system leader named, or as the
    headteacher or staff of the school giving the support."""
    rule = Q(provider_leader__user_id=ctx.user_id)
    own = ctx.school_ids(*SCHOOL_STAFF_ROLES)
    if own:
        rule |= Q(provider_school_id__in=own)
    return queryset.filter(case__partnership=ctx.partnership).filter(rule)


def scoped_agreements(
    ctx: PartnershipContext, queryset: QuerySet[SupportAgreement]
) -> QuerySet[SupportAgreement]:
    """The agreements narrowed to those this person sees: those of a case they see whole, and those
    they deliver."""
    if is_caseworker(ctx):
        return queryset.filter(case__partnership=ctx.partnership)
    return queryset.filter(
        Q(case__in=scoped(ctx, SupportCase.objects.all()))
        | Q(pk__in=scoped_provided(ctx, SupportAgreement.objects.all()).values("pk"))
    )


def sees_whole_case(ctx: PartnershipContext, case: SupportCase) -> bool:
    """The same rule as scoped, for one case already in hand. A provider sees only their agreements;
    everyone who may see the case itself sees it whole."""
    if is_caseworker(ctx) or is_receiving_school(ctx, case):
        return True
    if case.school_id not in schools_consenting_for(ctx, DataCategory.SUPPORT):
        return False
    return Role.PARTNER in ctx.roles or (Role.BOARD_MEMBER in ctx.roles and case.shared_with_board)


def sees_board_totals(ctx: PartnershipContext) -> bool:
    """A board member who is neither an LA officer nor one of a school's people sees the totals by
    status (and the cases shared with the board) instead of the list of cases."""
    return (
        not is_caseworker(ctx) and not ctx.school_ids(*SCHOOL_STAFF_ROLES) and Role.BOARD_MEMBER in ctx.roles
    )


# --- Who does what to a case and its agreements -------------------------------------------------


def is_provider(ctx: PartnershipContext, agreement: SupportAgreement) -> bool:
    """The system leader named on the agreement, or the headteacher or staff of the giving school."""
    if agreement.provider_leader_id and agreement.provider_leader.user_id == ctx.user_id:
        return True
    return bool(
        agreement.provider_school_id and agreement.provider_school_id in ctx.school_ids(*SCHOOL_STAFF_ROLES)
    )


def is_receiving_head(ctx: PartnershipContext, case: SupportCase) -> bool:
    """The headteacher of the school receiving support: agrees the support and answers visits."""
    return case.school_id in headships(ctx)


def is_receiving_school(ctx: PartnershipContext, case: SupportCase) -> bool:
    """The headteacher or staff of the school receiving support."""
    return case.school_id in ctx.school_ids(*SCHOOL_STAFF_ROLES)


def may_change_plan(ctx: PartnershipContext, agreement: SupportAgreement) -> bool:
    """The LA and the provider add and complete actions and rate progress reviews."""
    return is_caseworker(ctx) or is_provider(ctx, agreement)


def require_plan_keeper(ctx: PartnershipContext, agreement: SupportAgreement, doing: str) -> None:
    """A 403 unless the LA or the provider (doing: what they do, as 'add actions')."""
    if not may_change_plan(ctx, agreement):
        raise NotAllowed(f"only the LA and the provider {doing}")


def require_provider(ctx: PartnershipContext, agreement: SupportAgreement, doing: str) -> None:
    """A 403 unless the provider: who proposes visits and logs the support given."""
    if not is_provider(ctx, agreement):
        raise NotAllowed(f"only the provider {doing}")


def require_receiving_head(ctx: PartnershipContext, case: SupportCase, doing: str) -> None:
    """A 403 unless the receiving school's headteacher: who agrees the support and answers visits."""
    if not is_receiving_head(ctx, case):
        raise NotAllowed(f"only the receiving school's headteacher {doing}")


def require_receiving_school(ctx: PartnershipContext, case: SupportCase, doing: str) -> None:
    """A 403 unless the receiving school's headteacher or staff: who comment on a rated review."""
    if not is_receiving_school(ctx, case):
        raise NotAllowed(f"only the receiving school {doing}")


def lead_officer_ids(partnership) -> QuerySet:
    """Who may lead a case: the partnership's LA officers and administrators, today."""
    return people_with_role(partnership, *CASEWORKER_ROLES).values("user_id")


def may_lead_cases(user, partnership) -> bool:
    return lead_officer_ids(partnership).filter(user=user).exists()


@dataclass(frozen=True)
class CaseActions:
    """What this person may do on a case's page, so it offers only those actions."""

    run: bool = False  # write the needs analysis, arrange support, escalate, close
    follow: bool = False  # the status history, the watchlist, sharing with the board
    see_history: bool = False  # the full history of the case


def case_actions(ctx: PartnershipContext) -> CaseActions:
    """The same rules the services enforce: only the LA runs and follows a case. The page adds the
    state of the record (a closed case is left alone)."""
    caseworker = is_caseworker(ctx)
    return CaseActions(run=caseworker, follow=caseworker, see_history=caseworker)


@dataclass(frozen=True)
class AgreementActions:
    """What this person may see and do on an agreement's page, so it offers only those actions."""

    see_case: bool = False  # the case whole: the needs analysis, and the way back to the case
    see_cost: bool = False
    see_conflicts: bool = False
    see_history: bool = False
    agree: bool = False
    answer_visits: bool = False
    add_objectives: bool = False
    change_plan: bool = False  # add and complete actions, rate reviews
    provide: bool = False  # propose visits and log support
    comment_on_reviews: bool = False
    run_reviews: bool = False  # schedule and quality-assure reviews
    record_answer: bool = False  # record the school's answer given by phone, letter, email or meeting
    invite_head: bool = False  # invite a headteacher for a school that has none in the portal
    read_school_answer: bool = False  # download the letter or email the school answered with


def agreement_actions(ctx: PartnershipContext, agreement: SupportAgreement) -> AgreementActions:
    """The same rules the services enforce. The page adds the state of the record (a draft is
    agreed, an accepted visit logged, an ended agreement left alone)."""
    case = agreement.case
    caseworker = is_caseworker(ctx)
    provider = is_provider(ctx, agreement)
    receiving_school = is_receiving_school(ctx, case)
    receiving_head = is_receiving_head(ctx, case)
    return AgreementActions(
        see_case=sees_whole_case(ctx, case),
        see_cost=caseworker or receiving_school,
        see_conflicts=caseworker,
        see_history=caseworker,
        agree=receiving_head,
        answer_visits=receiving_head,
        add_objectives=caseworker,
        change_plan=caseworker or provider,
        provide=provider,
        comment_on_reviews=receiving_school,
        run_reviews=caseworker,
        record_answer=caseworker,
        invite_head=partnership_rules.may_manage_people(ctx),
        # The school's own letter is between the school and the LA: not the provider's to read.
        read_school_answer=caseworker or receiving_school,
    )


# --- The termly brief for governors -------------------------------------------------------------


def scoped_briefs(ctx: PartnershipContext, queryset: QuerySet[TermlyBrief]) -> QuerySet[TermlyBrief]:
    """The briefs this person may read: every brief of the partnership for the LA; their own
    school's, approved or not, for its headteacher and staff; their own school's approved briefs for
    its governors; none for anyone else."""
    briefs = queryset.filter(case__partnership=ctx.partnership)
    if is_caseworker(ctx):
        return briefs
    rule = Q(pk__in=[])
    staff_of = ctx.school_ids(*SCHOOL_STAFF_ROLES)
    if staff_of:
        rule |= Q(case__school_id__in=staff_of)
    governor_of = ctx.school_ids(*GOVERNOR_ROLES)
    if governor_of:
        rule |= Q(case__school_id__in=governor_of, status=BriefStatus.APPROVED)
    return briefs.filter(rule)


def may_prepare_brief(ctx: PartnershipContext, case: SupportCase) -> bool:
    """The LA, or the receiving school's headteacher."""
    return is_caseworker(ctx) or is_receiving_head(ctx, case)


def require_brief_preparer(ctx: PartnershipContext, case: SupportCase) -> None:
    if not may_prepare_brief(ctx, case):
        raise NotAllowed("only the LA or the school's headteacher prepares a brief for its governors")


def require_brief_approver(ctx: PartnershipContext, brief: TermlyBrief) -> None:
    """Only the school's headteacher approves what its governors read, in the portal."""
    require_receiving_head(ctx, brief.case, "approves the brief for its governors")


def may_record_brief_approval(ctx: PartnershipContext, *, school_has_head: bool) -> bool:
    """An LA officer records the headteacher's approval only where the school has no headteacher in
    the portal to give it there."""
    return is_caseworker(ctx) and not school_has_head


def require_brief_approval_recorder(ctx: PartnershipContext, *, school_has_head: bool) -> None:
    require_caseworker(ctx)
    if school_has_head:
        raise NotAllowed("the school's headteacher approves the brief in the portal")


@dataclass(frozen=True)
class BriefActions:
    """What this person may do on a brief's page, so it offers only those actions."""

    approve: bool = False
    record_approval: bool = False
    see_case: bool = False


def brief_actions(ctx: PartnershipContext, brief: TermlyBrief, *, school_has_head: bool) -> BriefActions:
    draft = not brief.is_approved
    return BriefActions(
        approve=draft and is_receiving_head(ctx, brief.case),
        record_approval=draft and may_record_brief_approval(ctx, school_has_head=school_has_head),
        see_case=sees_whole_case(ctx, brief.case),
    )


# --- Declared links -----------------------------------------------------------------------------


def may_declare_link(ctx: PartnershipContext, leader) -> bool:
    """The LA, or the system leader themselves."""
    return is_caseworker(ctx) or leader.user_id == ctx.user_id


def require_link_declarer(ctx: PartnershipContext, leader) -> None:
    if not may_declare_link(ctx, leader):
        raise NotAllowed("only the LA or the system leader declares a link")
