"""Writing the access log: every view, export or download of a confidential record, and every
refusal. One entry per access; entries are never changed (see AccessLogEntry)."""

from __future__ import annotations

from django.http import HttpRequest

from .client_ip import client_ip
from .models import AccessLogEntry


class RecordType:
    """What was seen. Kept as short codes in the log, with the words people read beside them."""

    SUPPORT_CASE = "support_case"
    SUPPORT_AGREEMENT = "support_agreement"
    SUPPORT_CASES = "support_cases"
    NEEDS_FLAGS = "needs_flags"
    SCHOOL_RECORDS = "school_records"
    GOVERNANCE_PAPER = "governance_paper"
    AGENDA_PACK = "agenda_pack"
    CONSULTATION_ANSWER = "consultation_answer"
    CONSULTATION_RESPONSES = "consultation_responses"
    ACCESS_LOG = "access_log"
    PAGE = "page"
    # Inclusion partnerships' pupil-level records (decision 0020).
    PUPIL = "pupil"
    PUPILS = "pupils"
    PUPIL_CASE = "pupil_case"
    PUPIL_CASES = "pupil_cases"
    PUPIL_PLACEMENT = "pupil_placement"
    PUPIL_PLACEMENTS = "pupil_placements"
    PUPIL_EXCLUSIONS = "pupil_exclusions"
    PUPIL_EXCLUSION = "pupil_exclusion"
    PUPIL_CONSULTATION = "pupil_consultation"
    PUPIL_CONSULTATIONS = "pupil_consultations"

    labels = {
        SUPPORT_CASE: "Support case",
        SUPPORT_AGREEMENT: "Support agreement",
        SUPPORT_CASES: "List of support cases",
        NEEDS_FLAGS: "Flags that a school may need support",
        SCHOOL_RECORDS: "A school's partnership records",
        GOVERNANCE_PAPER: "Confidential board paper",
        AGENDA_PACK: "Members' agenda pack",
        CONSULTATION_ANSWER: "Consultation response",
        CONSULTATION_RESPONSES: "Consultation responses",
        ACCESS_LOG: "Access log",
        PAGE: "Page",
        PUPIL: "Pupil record",
        PUPILS: "List of pupils",
        PUPIL_CASE: "A pupil's at-risk referral",
        PUPIL_CASES: "List of at-risk referrals",
        PUPIL_PLACEMENT: "A pupil's alternative provision placement",
        PUPIL_PLACEMENTS: "List of alternative provision placements",
        PUPIL_EXCLUSIONS: "List of permanent exclusions",
        PUPIL_EXCLUSION: "A pupil's permanent exclusion",
        PUPIL_CONSULTATION: "A consultation with the chair before an exclusion",
        PUPIL_CONSULTATIONS: "List of consultations with the chair before exclusion",
    }

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return sorted(cls.labels.items(), key=lambda item: item[1])

    @classmethod
    def label(cls, code: str) -> str:
        return cls.labels.get(code, code)


def record_access(
    request: HttpRequest | None,
    *,
    action: str,
    record_type: str,
    record_id: object = "",
    description: str = "",
    school=None,
    school_id: int | None = None,
    partnership=None,
    reason: str = "",
    user=None,
) -> AccessLogEntry:
    """Log one access. The person, partnership and roles come from the request where there is one."""
    ctx = getattr(request, "partnership_context", None) if request is not None else None
    if user is None and request is not None:
        user = request.user if request.user.is_authenticated else None
    roles = ", ".join(ctx.role_labels()) if ctx else ""
    return AccessLogEntry.objects.create(
        user=user,
        user_name=(user.full_name if user else "")[:200],
        user_email=(user.email if user else "")[:254],
        roles=roles[:200],
        partnership=partnership or (ctx.partnership if ctx else None),
        school_id=school.pk if school is not None else school_id,
        action=action,
        record_type=record_type[:60],
        record_id=str(record_id)[:40],
        description=description[:300],
        reason=reason[:500],
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
        path=(request.get_full_path()[:500] if request is not None else ""),
    )


def record_view(
    request, *, record_type: str, record_id="", description: str = "", school=None, school_id=None
):
    return record_access(
        request,
        action=AccessLogEntry.Action.VIEW,
        record_type=record_type,
        record_id=record_id,
        description=description,
        school=school,
        school_id=school_id,
    )
