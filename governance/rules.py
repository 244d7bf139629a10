"""Who may see or do what in governance: boards and their meetings, the termly dashboard and the
scrutiny reports (decisions 0011, 0017 and 0018).

This is the one module that decides it: views, selectors, services, the report workflow and the
templates ask here, so it is the file to read to know who sees a board's papers or a report. In
words:

Boards and their meetings (seats and members, terms of reference, balance rules, meetings, agenda
items and papers, declarations of interest, attendance, decisions, minutes and actions):
- The partnership's LA officers and administrators act as clerk to every board in it (the clerk
  named on a board is the one reminded when its terms of reference fall due for review). They see
  every board and meeting, and only they change them: set up a board and change its details, record
  adopted terms of reference, add seats, record who holds a seat and when they leave, set the
  balance rules, schedule meetings, add agenda items and papers, publish the agenda pack, record
  attendance, decisions, minutes and actions, circulate the draft minutes, and record an amendment
  once the minutes are approved. Only they read a board's or a meeting's history. A board's clerk
  is chosen from them.
- A current member of a board (whoever holds one of its seats today, whatever their role in the
  partnership: a headteacher, a governor, a diocese's representative, an observer) sees that
  board, its meetings, their items and papers and the members' agenda pack. A member keeps their
  own register of interests (and only they mark one of their interests as ended), declares an
  interest in an item, and asks for a matter to be recorded in the minutes until the minutes are
  approved. Taking a seat gives the person the board member role, so that the boards and the
  dashboard are in their navigation.
- Recusal: anyone who declared a prejudicial interest in a confidential item has the item closed to
  them, whatever their role, the clerk included (`item_closed`): its papers are a 404, even by their
  address, and on the meeting page and in the members' agenda pack (HTML and PDF) they see only the
  item's place, title, purpose and declarations, never its papers' titles, minutes, matters recorded,
  amendments, decision or votes; asking to record a matter in its minutes, and (for a clerk) changing
  the item, adding a paper, writing its minutes or recording its decision are 404s. The clerk records
  a declaration a member makes aloud at the meeting, with its time, on the member's behalf. On a decision, a member who declared a prejudicial interest takes no part: they do not
  count towards the quorum, cannot vote, and as chair cannot decide a tied vote. Only the members
  present on the day, not recused, vote on grant monies.
- Anyone else in the partnership (someone with the board member role but no seat on a board,
  headteachers, governors and observers without a seat, partners) sees no board: the board pages
  are a 404 to them. Someone who sees a board but may not change it gets a 403.
- The public, governors included, without signing in: the calendar of the partnership's meetings;
  the agenda of a meeting once its pack is published, with a confidential item replaced by a
  placeholder and an embargoed item left out until its date, and its decisions and minutes once the
  minutes are approved; and the public agenda pack, which leaves out confidential and embargoed
  items altogether.
- Governors and observers (partnership.rules.PUBLISHED_READER_ROLES) have "Meetings" in their
  navigation, leading to that public calendar, and on their home page the partnership's next meeting
  (every meeting is on the calendar; its agenda once its pack is published) and the latest meeting
  whose approved minutes are published. A signed-in member sees the public pages as everyone does,
  with their navigation.

The termly dashboard (decision 0017):
- LA officers and administrators and board members open it. LA staff see it as the LA audience:
  every figure, unsuppressed, with links to the schools and cases behind each section and the
  school-by-school table for the term (each opening of which is written to the access log). Board
  members see it as the board audience: totals only, from the data schools consented to share, with
  a figure on very few schools hidden.
- The term dates the figures are counted by are read by LA officers and administrators, and changed
  only by LA administrators.

Scrutiny reports (decision 0018):
- LA officers and administrators see every report in whatever state (waiting, being made, failed,
  draft, approved, published), with why one failed and who asked for it. Only they make a report,
  try one again, approve a draft, publish an approved one from a date (today or later), and choose
  the closed support cases told as case studies.
- Only they write a report's narrative (key messages, what the partnership did, a commentary on each
  section, next steps, the strategic group's endorsement), and only on a draft: a draft is not
  approved until its key messages, what the partnership did and its next steps are written
  (decision 0039).
- Board members read the approved and published reports, a published one before its publication
  date included; never a draft, nor one being made or failed.
- A report's page and PDF open only once it is made (a draft, approved or published).
- The public reads a report only once it is published and its publication date has come; any other
  report is a 404 to them, whether or not it exists. Reports are made for the board's audience,
  because they are read outside the LA. Anyone may ask to be emailed when a partnership publishes a
  report, and stop by the link in the email.
- Governors and observers have "Reports" in their navigation, leading to the partnership's public
  reports page, and on their home page the latest report the public may read. They read the reports
  as the public does: never an approved report before its publication date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from partnership import rules as partnership_rules
from partnership.access import NotAllowed, NotVisible, PartnershipContext, require_roles
from partnership.models import ALL_ROLES, LA_ROLES, Role

from .models import AgendaItem, Board, Declaration, Interest, Meeting, Membership, Report, ReportStatus
from .models.meetings import AttendanceStatus

# --- The role sets, each defined once -----------------------------------------------------------

# The board and meeting pages let in anyone with a role in the partnership, because a seat is not a
# role: what each person sees is then decided by their seats (a 404 for a board they have no seat
# on), and what they may change by the rules below (a 403).
PAGE_ROLES = ALL_ROLES
# The LA's officers and administrators: clerk to every board, the LA audience of the dashboard, and
# the makers of the scrutiny reports.
CLERK_ROLES = LA_ROLES
# The board's audience of the dashboard and the reports.
BOARD_AUDIENCE_ROLES = frozenset({Role.BOARD_MEMBER})
# Who opens the termly dashboard and the scrutiny reports, and has Dashboard and Boards in their
# navigation.
READER_ROLES = CLERK_ROLES | BOARD_AUDIENCE_ROLES
# Who changes the term dates.
TERM_DATES_ROLES = frozenset({Role.LA_ADMIN})
# The role a seat brings with it, so that a new member finds the boards and the dashboard.
MEMBER_ROLE = Role.BOARD_MEMBER
# Who has the public reports and the calendar of meetings in their navigation and on their home
# page: governors and observers, who read what the partnership publishes.
PUBLISHED_READER_ROLES = partnership_rules.PUBLISHED_READER_ROLES

# The two audiences of the figures (decision 0017). Reports are read outside the LA, so they are
# always made for the board's.
LA_AUDIENCE = "la"
BOARD_AUDIENCE = "board"
REPORT_AUDIENCE = BOARD_AUDIENCE

# The reports board members read.
BOARD_REPORT_STATUSES = (ReportStatus.APPROVED, ReportStatus.PUBLISHED)
# A report has been made, and its page and PDF can be opened, in these states.
MADE_STATUSES = (ReportStatus.DRAFT, ReportStatus.APPROVED, ReportStatus.PUBLISHED)


# --- The clerk ----------------------------------------------------------------------------------


def is_clerk(ctx: PartnershipContext) -> bool:
    """An LA officer or administrator of the partnership: clerk to every board in it."""
    return ctx.has_any(CLERK_ROLES)


def require_clerk(ctx: PartnershipContext) -> None:
    """Only the clerk changes a board, a meeting, a report or the case studies (a 403)."""
    require_roles(ctx, CLERK_ROLES, write=True)


def require_clerk_sight(ctx: PartnershipContext) -> None:
    """Pages only the LA sees (a board's history, the case studies, the term dates, the
    school-by-school table): a 404 for anyone else."""
    require_roles(ctx, CLERK_ROLES)


# --- Boards and members -------------------------------------------------------------------------


def is_member(board: Board, user_id: int) -> bool:
    """Whether the person holds one of the board's seats today."""
    return Membership.objects.current().filter(seat__board=board, user_id=user_id).exists()


def boards_seen(ctx: PartnershipContext, boards: QuerySet[Board]) -> QuerySet[Board]:
    """The boards of this partnership the person sees: every one for the clerk, otherwise those on
    which they hold a seat today."""
    boards = boards.filter(partnership=ctx.partnership)
    if is_clerk(ctx):
        return boards
    return boards.filter(
        seats__memberships__in=Membership.objects.current().filter(user_id=ctx.user_id)
    ).distinct()


def require_sight_of_boards(ctx: PartnershipContext, boards: list[Board]) -> None:
    """The boards list is a 404 to someone who is neither the clerk nor a member of any board."""
    if not boards and not is_clerk(ctx):
        raise NotVisible("not a member of any board")


def require_member(ctx: PartnershipContext, board: Board, reason: str) -> None:
    """Only a current member keeps a register of interests and declares an interest (a 403)."""
    if not is_member(board, ctx.user_id):
        raise NotAllowed(reason)


def may_end_interest(ctx: PartnershipContext, interest: Interest) -> bool:
    """Only the member whose interest it is marks it as ended."""
    return interest.user_id == ctx.user_id


def require_own_interest(ctx: PartnershipContext, interest: Interest) -> None:
    if not may_end_interest(ctx, interest):
        raise NotAllowed("only the member ends their own interest")


def may_ask_to_record(ctx: PartnershipContext, meeting: Meeting, *, member: bool) -> bool:
    """Before the minutes are approved, a member or the clerk asks for a matter to be recorded
    (section 14.2); after, only the clerk records a correction, as an amendment."""
    if meeting.minutes_locked:
        return is_clerk(ctx)
    return is_clerk(ctx) or member


def require_asking_to_record(ctx: PartnershipContext, meeting: Meeting) -> None:
    if meeting.minutes_locked:
        require_clerk(ctx)
    elif not (is_clerk(ctx) or is_member(meeting.board, ctx.user_id)):
        raise NotAllowed("only members ask for a matter to be recorded")


@dataclass(frozen=True)
class BoardActions:
    """What this person may do on a board's page, so the page offers only those actions."""

    run: bool = False  # the clerk's actions: details, terms, balance, seats, members, meetings
    keep_register: bool = False  # add to their own register of interests


def board_actions(ctx: PartnershipContext, board: Board) -> BoardActions:
    return BoardActions(run=is_clerk(ctx), keep_register=is_member(board, ctx.user_id))


# --- Papers and recusal -------------------------------------------------------------------------


def recused_items(meeting: Meeting, user_id: int) -> set[int]:
    """The items of the meeting on which the person declared a prejudicial interest."""
    return set(
        Declaration.objects.filter(item__meeting=meeting, user_id=user_id, prejudicial=True).values_list(
            "item_id", flat=True
        )
    )


def item_closed(item: AgendaItem, recused: set[int]) -> bool:
    """A confidential item is closed to anyone recused from it, whatever their role: its papers, its
    minutes, the matters recorded and amendments, its decision and the votes. They see only its place
    on the agenda, its title and purpose, and the declarations made on it (their own among them)."""
    return item.confidential and item.pk in recused


def may_open_papers(ctx: PartnershipContext, item: AgendaItem) -> bool:
    """Anyone who declared a prejudicial interest in a confidential item does not open its papers,
    whatever their role; otherwise whoever sees the meeting (the clerk and members) does."""
    return not item_closed(item, recused_items(item.meeting, ctx.user_id))


def require_item_open(ctx: PartnershipContext, item: AgendaItem) -> None:
    """A page about one item's content (asking for a matter to be recorded in its minutes) is a 404
    to someone the item is closed to, as its papers are."""
    if item_closed(item, recused_items(item.meeting, ctx.user_id)):
        raise NotVisible("the item is closed to this person")


@dataclass(frozen=True)
class MeetingActions:
    """What this person may do on a meeting's page, so the page offers only those actions."""

    run: bool = False  # the clerk's actions: items, papers, the pack, attendance, decisions, minutes
    declare: bool = False  # declare an interest in an item
    ask_to_record: bool = False  # ask for a matter to be recorded, or (the clerk) an amendment
    closed_items: frozenset[int] = frozenset()  # items whose papers are not open to this person


def meeting_actions(
    ctx: PartnershipContext, meeting: Meeting, items: list[AgendaItem], recused: set[int] | None = None
) -> MeetingActions:
    """The same rules the services enforce. A query for the membership, and one for the recusals
    unless the page has them."""
    if recused is None:
        recused = recused_items(meeting, ctx.user_id)
    member = is_member(meeting.board, ctx.user_id)
    return MeetingActions(
        run=is_clerk(ctx),
        declare=member,
        ask_to_record=may_ask_to_record(ctx, meeting, member=member),
        closed_items=frozenset(item.pk for item in items if item_closed(item, recused)),
    )


# --- Decisions: who takes part ------------------------------------------------------------------


@dataclass(frozen=True)
class TakingPart:
    """Who takes part in the decision on an item: members on the day of the meeting recorded as
    present, less those who declared a prejudicial interest in it."""

    present: frozenset[int]
    recused: frozenset[int]

    @property
    def eligible(self) -> frozenset[int]:
        return self.present - self.recused


def taking_part(item: AgendaItem) -> TakingPart:
    meeting = item.meeting
    on = timezone.localtime(meeting.starts_at).date()
    members = set(
        Membership.objects.current(on=on).filter(seat__board=meeting.board).values_list("user_id", flat=True)
    )
    present = set(
        meeting.attendance.filter(status=AttendanceStatus.PRESENT).values_list("user_id", flat=True)
    )
    recused = Declaration.objects.filter(item=item, prejudicial=True).values_list("user_id", flat=True)
    return TakingPart(present=frozenset(members & present), recused=frozenset(recused))


def may_decide_a_tie(chair: Membership | None, part: TakingPart) -> bool:
    """The chair decides a tied vote only when present and not recused."""
    return chair is not None and chair.user_id in part.eligible


# --- What the public sees of meetings -----------------------------------------------------------


def public_meetings(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings the public may open: those whose agenda pack is published."""
    return meetings.filter(pack_published_at__isnull=False)


def public_may_open_meeting(meeting: Meeting) -> bool:
    return meeting.pack_published_at is not None


def public_may_see_item(item: AgendaItem) -> bool:
    """An embargoed item is left out of the public agenda until its date."""
    return not item.is_embargoed


def public_may_read_item(item: AgendaItem) -> bool:
    """A confidential item is never published (the public page shows a placeholder in its place,
    the public pack leaves it out); an embargoed one only after its date."""
    return not item.confidential and public_may_see_item(item)


def public_may_read_minutes(meeting: Meeting) -> bool:
    """The public reads the decisions, minutes and declarations once the minutes are approved."""
    return meeting.minutes_locked


def public_minutes(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings whose minutes the public reads: published, and their minutes approved. The same
    rules as public_may_open_meeting and public_may_read_minutes, for a query."""
    return public_meetings(meetings).filter(minutes_approved_at__isnull=False)


# --- The termly dashboard and the term dates ----------------------------------------------------


def dashboard_audience(ctx: PartnershipContext) -> str:
    """LA staff see every figure; board members the board's figures (decision 0017)."""
    return LA_AUDIENCE if is_clerk(ctx) else BOARD_AUDIENCE


def may_drill_down(ctx: PartnershipContext) -> bool:
    """The links from the dashboard to the schools and cases behind it, and the school-by-school
    table: the LA only."""
    return is_clerk(ctx)


def may_see_term_dates(ctx: PartnershipContext) -> bool:
    return is_clerk(ctx)


def may_change_term_dates(ctx: PartnershipContext) -> bool:
    """Only LA administrators change the term dates."""
    return ctx.has_any(TERM_DATES_ROLES)


def require_term_dates_editor(ctx: PartnershipContext) -> None:
    require_roles(ctx, TERM_DATES_ROLES, write=True)


# --- Scrutiny reports ---------------------------------------------------------------------------


def may_manage_reports(ctx: PartnershipContext) -> bool:
    """Make, try again, approve and publish reports, choose the case studies, and see why a report
    failed and who asked for it: the LA."""
    return is_clerk(ctx)


def require_report_manager(ctx: PartnershipContext) -> None:
    require_clerk(ctx)


def reports_seen(ctx: PartnershipContext, reports: QuerySet[Report]) -> QuerySet[Report]:
    """The partnership's reports the person sees: every one for the LA, the approved and published
    ones for board members; anyone else gets a 404."""
    reports = reports.filter(partnership=ctx.partnership)
    if may_manage_reports(ctx):
        return reports
    if ctx.has_any(BOARD_AUDIENCE_ROLES):
        return reports.filter(status__in=BOARD_REPORT_STATUSES)
    raise NotVisible("reports are for the LA and the board")


def may_open_document(report: Report) -> bool:
    """A report's page and PDF exist once it is made."""
    return report.status in MADE_STATUSES


def require_document(report: Report) -> None:
    if not may_open_document(report):
        raise NotVisible("the report has not been made yet")


def approvable(report: Report) -> bool:
    """Only a draft is approved."""
    return report.status == ReportStatus.DRAFT


def publishable(report: Report) -> bool:
    """Only an approved report is published."""
    return report.status == ReportStatus.APPROVED


def may_approve(ctx: PartnershipContext, report: Report) -> bool:
    return may_manage_reports(ctx) and approvable(report)


def may_publish(ctx: PartnershipContext, report: Report) -> bool:
    return may_manage_reports(ctx) and publishable(report)


def narrative_editable(report: Report) -> bool:
    """The narrative is written on the draft; once approved, what was approved is what is published."""
    return report.status == ReportStatus.DRAFT


def may_write_narrative(ctx: PartnershipContext, report: Report) -> bool:
    return may_manage_reports(ctx) and narrative_editable(report)


def require_narrative_writer(ctx: PartnershipContext, report: Report) -> None:
    require_report_manager(ctx)
    if not narrative_editable(report):
        raise NotVisible("only a draft's narrative is written")


# The parts of the narrative a report cannot be approved without, by field and by what the officer
# is told to write. A commentary on each section and the endorsement are optional: a report may go
# to the strategic group for endorsement after it is approved.
NARRATIVE_REQUIRED = (
    ("key_messages", "the key messages"),
    ("activity", "what the partnership did"),
    ("next_steps", "the next steps"),
)


def narrative_missing(report: Report) -> list[str]:
    """What the officer has still to write before the report can be approved, in the form's order."""
    return [called for field, called in NARRATIVE_REQUIRED if not getattr(report, field).strip()]


def narrative_unchecked(report: Report) -> bool:
    """Words carried over from an earlier version and not yet saved on this one: written about other
    figures, so not approved until an officer has read them against these and saved them."""
    return report.narrative_at is None and any(
        getattr(report, field).strip() for field, _called in NARRATIVE_REQUIRED
    )


def public_report_filter(today: dt.date | None = None) -> Q:
    """The reports the public reads: published, and their publication date has come."""
    return Q(status=ReportStatus.PUBLISHED, publish_on__lte=today or timezone.localdate())


def public_may_read_report(report: Report) -> bool:
    return (
        report.status == ReportStatus.PUBLISHED
        and report.publish_on is not None
        and report.publish_on <= timezone.localdate()
    )
