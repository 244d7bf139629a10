"""Writes of governance. The clerk (an LA officer) runs the board's business; members declare
interests and ask for matters to be recorded. Every write is atomic and keeps its history."""

from .agenda import declare_for_member, declare_interest, item_save
from .boards import board_save, seat_save, terms_adopt, terms_review_reminders
from .decisions import decision_record
from .meetings import action_add, action_update, attendance_record, meeting_create
from .membership import balance_rule_save, interest_add, interest_end, membership_add, membership_end
from .minutes import minute_request, minutes_circulate, minutes_save
from .papers import PAPER_MAX_BYTES, PAPER_TYPES, pack_deadline, pack_publish, paper_add

__all__ = [
    "PAPER_MAX_BYTES",
    "PAPER_TYPES",
    "action_add",
    "action_update",
    "attendance_record",
    "balance_rule_save",
    "board_save",
    "decision_record",
    "declare_for_member",
    "declare_interest",
    "interest_add",
    "interest_end",
    "item_save",
    "meeting_create",
    "membership_add",
    "membership_end",
    "minute_request",
    "minutes_circulate",
    "minutes_save",
    "pack_deadline",
    "pack_publish",
    "paper_add",
    "seat_save",
    "terms_adopt",
    "terms_review_reminders",
]
