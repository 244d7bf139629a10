"""Governance forms, split by concept, re-exported here."""

from .agenda import DeclarationForm, DeclarationForMemberForm, ItemForm
from .boards import BoardForm, SeatForm, TermsForm
from .decisions import DecisionForm
from .meetings import ActionForm, AttendanceForm, MeetingForm
from .membership import BalanceForm, InterestForm, MembershipEndForm, MembershipForm
from .minutes import MinuteRequestForm, MinutesForm
from .papers import PaperForm, PublishForm

__all__ = [
    "ActionForm",
    "AttendanceForm",
    "BalanceForm",
    "BoardForm",
    "DecisionForm",
    "DeclarationForm",
    "DeclarationForMemberForm",
    "InterestForm",
    "ItemForm",
    "MeetingForm",
    "MembershipEndForm",
    "MembershipForm",
    "MinuteRequestForm",
    "MinutesForm",
    "PaperForm",
    "PublishForm",
    "SeatForm",
    "TermsForm",
]
