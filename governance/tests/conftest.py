import datetime as dt

import pytest
from django.utils import timezone

from governance.models import Board, Meeting, Membership, Seat
from governance.models.boards import Constituency
from partnership.models import Role
from tests.factories import RoleFactory, UserFactory


@pytest.fixture
def board(partnership_a, la_officer_a):
    return Board.objects.create(
        partnership=partnership_a, name="Strategic Group", clerk=la_officer_a, quorum=3, notice_days=5
    )


def member(board, name, constituency=Constituency.PRIMARY_HEADS, core=True):
    user = UserFactory(full_name=name)
    RoleFactory(user=user, partnership=board.partnership, role=Role.BOARD_MEMBER)
    seat = Seat.objects.create(board=board, title=f"{name}'s seat", constituency=constituency, is_core=core)
    Membership.objects.create(seat=seat, user=user, starts_on=dt.date(2026, 1, 1))
    return user


@pytest.fixture
def members(board, board_member_a):
    seat = Seat.objects.create(board=board, title="Primary heads", constituency=Constituency.PRIMARY_HEADS)
    Membership.objects.create(seat=seat, user=board_member_a, starts_on=dt.date(2026, 1, 1), is_chair=True)
    return [board_member_a] + [member(board, n) for n in ("Ada", "Ben", "Cy", "Di")]


@pytest.fixture
def meeting(board, members):
    from governance.services.meetings import meeting_create
    from partnership.access import partnership_context_for

    officer = board.clerk
    ctx = partnership_context_for(officer, board.partnership.slug)
    return meeting_create(
        actor=officer,
        ctx=ctx,
        board=board,
        meeting=Meeting(starts_at=timezone.now() + dt.timedelta(days=14), place="County Hall"),
        reason="Termly",
    )
