"""Meetings, their agenda and papers, recusal, actions, and what the public sees."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from governance import rules
from governance.models import (
    AgendaItem,
    Attendance,
    BalanceRule,
    Board,
    Declaration,
    Interest,
    Meeting,
    MeetingAction,
    Membership,
    Paper,
    Seat,
)
from governance.models.boards import BalanceKind, Constituency
from governance.models.meetings import ActionStatus
from governance.selectors.boards import board_for, boards_for, current_members, terms_without_meeting
from partnership.access import NotVisible, PartnershipContext
from partnership.models import Partnership, User
from partnership.selectors.people import people_with_role


def voters(board: Board) -> QuerySet[User]:
    """The board's current members, by name: whose votes the clerk records."""
    return User.objects.filter(pk__in=[m.user_id for m in current_members(board)]).order_by("full_name")


def partnership_people(ctx: PartnershipContext) -> QuerySet[User]:
    """Everyone with a role in the partnership today: who may be given a seat."""
    return User.objects.filter(pk__in=people_with_role(ctx.partnership).values("user_id")).order_by(
        "full_name"
    )


def clerk_candidates(ctx: PartnershipContext) -> QuerySet[User]:
    """The partnership's LA officers and administrators today: who may clerk a board."""
    return User.objects.filter(
        pk__in=people_with_role(ctx.partnership, *rules.CLERK_ROLES).values("user_id")
    ).order_by("full_name")


def balance_warnings(board: Board) -> list[str]:
    """Each balance rule the current membership breaks, in words that explain it."""
    members = current_members(board)
    warnings = []
    for rule in board.balance_rules.all():
        if rule.kind == BalanceKind.LA_SHARE and rule.max_percent is not None:
            core = [m for m in members if m.seat.is_core]
            la = [m for m in core if m.seat.constituency == Constituency.LA]
            if core and 100 * len(la) > rule.max_percent * len(core):
                share = round(100 * len(la) / len(core))
                warnings.append(
                    f"The LA holds {len(la)} of {len(core)} core seats ({share}%), more than the board's limit of {rule.max_percent}%."
                )
        if rule.kind == BalanceKind.CHAIR_SCHOOL_LEADER:
            chair = next((m for m in members if m.is_chair), None)
            if chair is not None and not chair.seat.is_school_leader:
                warnings.append(
                    f"The chair, {chair.user}, holds the seat \u201c{chair.seat}\u201d, which is not a school leader's seat; the board's rule is that the chair is a school leader."
                )
    return warnings


def balance_rules(board: Board) -> dict[str, BalanceRule]:
    return {rule.kind: rule for rule in board.balance_rules.all()}


def board_page(ctx: PartnershipContext, board_id: int) -> dict:
    """Everything a board's page shows, for someone who sees the board."""
    board = board_for(ctx, board_id)
    terms = list(board.terms.all())
    today = timezone.localdate()
    return {
        "board": board,
        "seats": list(board.seats.prefetch_related("memberships__user")),
        "terms": terms,
        "review_due": terms and terms[0].review_due_on <= today,
        "warnings": balance_warnings(board),
        "rules": list(board.balance_rules.all()),
        "missing_terms": terms_without_meeting(board),
        "meetings": list(board.meetings.all()),
        "interests": list(board.interests.filter(ended_on__isnull=True).select_related("user")),
        "today": today,
    }


def seat_for(board: Board, seat_id: int) -> Seat:
    seat = board.seats.filter(pk=seat_id).first()
    if seat is None:
        raise NotVisible("no such seat")
    return seat


def membership_for(board: Board, membership_id: int) -> Membership:
    membership = (
        Membership.objects.filter(pk=membership_id, seat__board=board).select_related("seat", "user").first()
    )
    if membership is None:
        raise NotVisible("no such membership")
    return membership


def own_interest_for(ctx: PartnershipContext, board: Board, interest_id: int) -> Interest:
    """One of the board's interests that this person may end (rules.may_end_interest): their own."""
    interest = board.interests.filter(pk=interest_id).first()
    if interest is None or not rules.may_end_interest(ctx, interest):
        raise NotVisible("no such interest of this person")
    return interest


def meeting_for(ctx: PartnershipContext, meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.filter(pk=meeting_id, board__in=boards_for(ctx))
        .select_related("board__clerk")
        .first()
    )
    if meeting is None:
        raise NotVisible(f"meeting {meeting_id} is not visible in {ctx.partnership.slug}")
    return meeting


def item_for(meeting: Meeting, item_id: int) -> AgendaItem:
    item = meeting.items.filter(pk=item_id).first()
    if item is None:
        raise NotVisible(f"item {item_id} is not on meeting {meeting.pk}")
    return item


def next_item_position(meeting: Meeting) -> int:
    return meeting.items.count() + 1


def paper_for(ctx: PartnershipContext, meeting: Meeting, paper_id: int) -> Paper:
    """A paper of the meeting whose papers this person may open (rules.may_open_papers)."""
    paper = Paper.objects.filter(pk=paper_id, item__meeting=meeting).select_related("item__meeting").first()
    if paper is None or not rules.may_open_papers(ctx, paper.item):
        # A recused member gets the same answer as for a paper that does not exist.
        raise NotVisible(f"paper {paper_id} is not open to this person")
    return paper


def attendance(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.select_related("user"))


def action_for(meeting: Meeting, action_id: int) -> MeetingAction:
    """An action of any meeting of the same board (actions are carried forward)."""
    action = MeetingAction.objects.filter(pk=action_id, meeting__board=meeting.board).first()
    if action is None:
        raise NotVisible("no such action")
    return action


class _Nothing:
    """In place of a closed item's papers or matters recorded: a related manager with nothing in it."""

    def all(self) -> list:
        return []

    def exists(self) -> bool:
        return False

    def count(self) -> int:
        return 0


class ClosedItem:
    """An agenda item as someone it is closed to sees it (rules.item_closed): its place on the agenda,
    its title and purpose, and the declarations made on it. Nothing else can be read from it, so a
    template or a later change cannot show its papers, minutes, matters recorded, amendments,
    decision or votes by mistake: any other attribute is missing."""

    closed = True
    minutes = ""
    decision = None
    papers = _Nothing()
    minute_requests = _Nothing()
    SHOWN = frozenset(
        {
            "pk",
            "id",
            "meeting",
            "meeting_id",
            "position",
            "title",
            "confidential",
            "purpose",
            "get_purpose_display",
            "rule",
            "get_rule_display",
            "presenter",
            "standing",
            "is_embargoed",
            "embargo_until",
            "declarations",
        }
    )

    def __init__(self, item: AgendaItem):
        self._item = item

    def __getattr__(self, name: str):
        if name in ClosedItem.SHOWN:
            return getattr(self._item, name)
        raise AttributeError(f"{name} of a closed item is not shown")

    def __str__(self) -> str:
        return self._item.title


def agenda_seen_by(meeting: Meeting, user_id: int) -> tuple[list[AgendaItem | ClosedItem], set[int]]:
    """The meeting's agenda as this person may read it, each item closed to them in its place, and the
    items they are recused from. The one place that decides what of an item a member reads."""
    recused = rules.recused_items(meeting, user_id)
    return [
        ClosedItem(item) if rules.item_closed(item, recused) else item for item in agenda(meeting)
    ], recused


def meeting_page(ctx: PartnershipContext, meeting_id: int) -> dict:
    """Everything a meeting's page shows, for someone who sees the meeting."""
    meeting = meeting_for(ctx, meeting_id)
    items, recused = agenda_seen_by(meeting, ctx.user_id)
    circulated_days = None
    if meeting.minutes_circulated_at:
        circulated_days = (
            timezone.localtime(meeting.minutes_circulated_at).date()
            - timezone.localtime(meeting.starts_at).date()
        ).days
    return {
        "meeting": meeting,
        "board": meeting.board,
        "items": items,
        "attendance": attendance(meeting),
        "actions": list(meeting.actions.all()),
        "carried": list(open_actions(meeting.board, before=meeting)),
        "circulated_days": circulated_days,
        "recused": recused,
    }


def agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.prefetch_related(
            "papers",
            Prefetch("declarations", queryset=Declaration.objects.select_related("user")),
            "minute_requests__user",
        ).select_related("decision")
    )


def open_actions(board: Board, before: Meeting | None = None) -> QuerySet[MeetingAction]:
    actions = MeetingAction.objects.filter(meeting__board=board, status=ActionStatus.OPEN)
    if before is not None:
        actions = actions.filter(meeting__starts_at__lt=before.starts_at)
    return actions.select_related("meeting").order_by("due_on")


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(board=meeting.board, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )


def public_partnership(slug: str) -> Partnership:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise Http404("No such partnership")
    return partnership


def calendar(partnership) -> QuerySet[Meeting]:
    """Every meeting of the partnership's boards, soonest first: the public calendar."""
    return (
        Meeting.objects.filter(board__partnership=partnership).select_related("board").order_by("starts_at")
    )


def published_meeting(partnership, meeting_id: int) -> Meeting:
    meeting = published_meetings(partnership).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("No published meeting")
    return meeting


def published_meetings(partnership) -> QuerySet[Meeting]:
    return rules.public_meetings(
        Meeting.objects.filter(board__partnership=partnership).select_related("board").order_by("-starts_at")
    )


def next_meeting(partnership) -> Meeting | None:
    """The partnership's next meeting from now, on the public calendar: for governors' and observers'
    home page. One query."""
    return calendar(partnership).filter(starts_at__gte=timezone.now()).first()


def latest_published_minutes(partnership) -> Meeting | None:
    """The latest meeting whose minutes the public reads (rules.public_minutes). One query."""
    return rules.public_minutes(
        Meeting.objects.filter(board__partnership=partnership).select_related("board").order_by("-starts_at")
    ).first()


def public_items(meeting: Meeting) -> list[AgendaItem]:
    """The items of the public pack (rules.public_may_read_item)."""
    return [item for item in agenda(meeting) if rules.public_may_read_item(item)]
