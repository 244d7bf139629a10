"""Boards, their seats and members, meetings, agendas, declarations, decisions and minutes."""

from .boards import BalanceRule, Board, Interest, Membership, Seat, TermsOfReference
from .meetings import (
    AgendaItem,
    Attendance,
    Decision,
    Declaration,
    Meeting,
    MeetingAction,
    MinuteRequest,
    Paper,
    Vote,
)
from .reports import (
    TERM_ORDER,
    CaseStudy,
    Report,
    ReportKind,
    ReportStatus,
    ReportSubscriber,
    Term,
    TermKind,
)

__all__ = [
    "TERM_ORDER",
    "CaseStudy",
    "Report",
    "ReportKind",
    "ReportStatus",
    "ReportSubscriber",
    "Term",
    "TermKind",
    "AgendaItem",
    "Attendance",
    "BalanceRule",
    "Board",
    "Declaration",
    "Decision",
    "Interest",
    "Meeting",
    "MeetingAction",
    "Membership",
    "MinuteRequest",
    "Paper",
    "Seat",
    "TermsOfReference",
    "Vote",
]
