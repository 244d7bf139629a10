"""Writes of partnership data. Each takes the acting person and a reason, and is atomic."""

from .errors import ServiceError
from .notifications import (
    digests_send,
    email_choices_save,
    email_queue,
    messages_done,
    messages_read,
    notify,
)
from .people import (
    chair_of_governors_set,
    person_disable,
    person_invite,
    person_left_handlers,
    role_assign,
    role_end,
)
from .priorities import priority_save
from .security import security_event_record, sessions_end, sign_in_session_forget, sign_in_session_record
from .sharing import agreement_draft_save, agreement_publish

__all__ = [
    "ServiceError",
    "agreement_draft_save",
    "agreement_publish",
    "chair_of_governors_set",
    "digests_send",
    "email_choices_save",
    "email_queue",
    "messages_done",
    "messages_read",
    "notify",
    "person_disable",
    "person_invite",
    "person_left_handlers",
    "priority_save",
    "role_assign",
    "role_end",
    "security_event_record",
    "sessions_end",
    "sign_in_session_forget",
    "sign_in_session_record",
]
