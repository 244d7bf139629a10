"""The record of processing (UK GDPR article 30), shown on the privacy page.

One list of activities. Where a retention rule applies, the period is read from that rule in
partnership.retention, which reads settings, so the page says what the retention task does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .retention import rule

PUBLIC_TASK = (
    "Public task (UK GDPR article 6(1)(e)): the local authority's duties to promote high standards in "
    "its schools and to support schools causing concern."
)
SECURITY_COMMON = (
    "Signing in with a password and a second factor, pages limited to the people whose role needs them, "
    "encrypted connections, and a record of who changed what and why."
)


@dataclass(frozen=True)
class ProcessingActivity:
    name: str
    purpose: str
    people: str
    data: str
    recipients: str
    lawful_basis: str
    kept: Callable[[], str]
    security: str


def _fixed(text: str) -> Callable[[], str]:
    return lambda: text


def _by_rule(key: str, before: str = "", after: str = "") -> Callable[[], str]:
    return lambda: f"{before}{rule(key).period()}{after}"


ACTIVITIES: tuple[ProcessingActivity, ...] = (
    ProcessingActivity(
        name="Accounts and roles",
        purpose="To let people sign in and do the work of their role in the partnership.",
        people="LA officers, headteachers, school staff, governors, board members and partner organisations.",
        data="Name, email address, roles and schools, when the account was made and last used.",
        recipients="The partnership's LA administrators. The platform's operators, to run the service.",
        lawful_basis=PUBLIC_TASK,
        kept=_fixed(
            "While the person has a role. Accounts are then disabled, not deleted, so that the history "
            "of changes and the access log stay whole."
        ),
        security=SECURITY_COMMON,
    ),
    ProcessingActivity(
        name="Sign-in and security log",
        purpose="To keep accounts secure and to find out what happened after a security incident.",
        people="Everyone who signs in or tries to.",
        data="Sign-ins, sign-outs, failed sign-ins, refused access, with the time, internet address and "
        "browser.",
        recipients="The platform's operators and, for their partnership, LA administrators.",
        lawful_basis="Legitimate interests and public task: keeping the service and its information secure.",
        kept=_by_rule("security_events", after=", then deleted."),
        security="Written once and never changed.",
    ),
    ProcessingActivity(
        name="Access log of confidential records",
        purpose="To show who viewed, exported or downloaded schools' confidential records, and why.",
        people="Everyone who opens a confidential record.",
        data="Name, email address, roles, the record, the time, internet address and the reason given.",
        recipients="The partnership's LA administrators; a school's headteacher, for their school.",
        lawful_basis=PUBLIC_TASK,
        kept=_by_rule("access_log", after=", then deleted."),
        security="Nobody, the portal included, can change it; the database refuses to delete entries "
        "under a year old.",
    ),
    ProcessingActivity(
        name="Support for schools",
        purpose="To agree, deliver and review support for schools that need it.",
        people="Headteachers, school staff, governors, LA officers, system leaders and other providers.",
        data="Needs analysis, evidence, the school's view, support agreements, visits, action logs, "
        "reviews and escalations, which can name people and give professional opinions.",
        recipients="LA officers; the school; the providers of its support; partners such as dioceses and "
        "trusts only where the school has consented under the data-sharing agreement.",
        lawful_basis=PUBLIC_TASK,
        kept=_by_rule(
            "closed_support_cases",
            before="The written notes are removed ",
            after="; dates, statuses and numbers are kept for statistics.",
        ),
        security=SECURITY_COMMON,
    ),
    ProcessingActivity(
        name="Partnership board",
        purpose="To run the board's meetings and keep its decisions, with declarations of interest.",
        people="Board members, people who attend meetings, and the clerk.",
        data="Membership, attendance, declarations of interest, votes and minutes.",
        recipients="Board members. Approved minutes and the meeting calendar are published.",
        lawful_basis=PUBLIC_TASK,
        kept=_fixed("As the board's record, while the partnership runs. No automatic rule removes them."),
        security=SECURITY_COMMON,
    ),
    ProcessingActivity(
        name="Consultations",
        purpose="To ask schools, staff, parents and partners for their views and report what was said.",
        people="People who respond.",
        data="Name, email address and organisation where the consultation is not anonymous, and answers.",
        recipients="The officers running the consultation. The published summary names nobody.",
        lawful_basis=PUBLIC_TASK,
        kept=_by_rule("consultation_responses", before="Responses are deleted ", after="."),
        security=SECURITY_COMMON,
    ),
    ProcessingActivity(
        name="Notifications",
        purpose="To tell people on their home page and by email when something needs them.",
        people="Everyone with an account.",
        data="The message, when it was sent and when it was read.",
        recipients="Only the person it is for.",
        lawful_basis=PUBLIC_TASK,
        kept=_by_rule("read_notifications", before="Deleted "),
        security=SECURITY_COMMON,
    ),
)


def processing_record() -> list[dict[str, str]]:
    """The activities as the privacy page shows them, with today's retention periods."""
    return [
        {
            "name": a.name,
            "rows": [
                ("Purpose", a.purpose),
                ("People the data is about", a.people),
                ("Kinds of personal data", a.data),
                ("Who receives it", a.recipients),
                ("Lawful basis", a.lawful_basis),
                ("How long it is kept", a.kept()),
                ("Security", a.security),
            ],
        }
        for a in ACTIVITIES
    ]
