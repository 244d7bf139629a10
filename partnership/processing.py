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
        name="Pupils supported by inclusion partnerships",
        purpose="To support secondary pupils at risk of permanent exclusion: the school's referral and the "
        "plan the partnership agrees, attendance and time out of mainstream lessons, the headteacher's "
        "consultation with the partnership's chair before a permanent exclusion, and alternative provision "
        "placements. Figures that name no pupil tell the LA and the strategic group how the partnerships work.",
        people="Pupils whom a school refers to its inclusion partnership as at risk of exclusion, or excludes.",
        data="Name, date of birth, unique pupil number, school, year group and special educational needs "
        "status; referrals, plans and reviews, attendance, consultations before exclusion, exclusions and "
        "placements, which can hold professional opinions about the pupil. No address, family, ethnicity, "
        "free school meals or medical details.",
        recipients="Only the pupil's headteacher and the designated inclusion leads the headteacher names, "
        "the staff and chair of the school's inclusion partnership, and the LA's inclusion officers; each "
        "time one of them opens a record it is written to the access log. Other LA officers, board members "
        "and readers of published reports see figures only, with small numbers of pupils hidden.",
        lawful_basis="Public task (UK GDPR article 6(1)(e)): the local authority's duty under section 19 of "
        "the Education Act 1996 to arrange suitable education for pupils who are excluded or otherwise out "
        "of school, and its high needs funding of that provision; and schools' duties on exclusion under "
        "the Education Act 2002. Where a pupil's special educational needs status says something about "
        "their health, article 9(2)(g) (substantial public interest) with the Data Protection Act 2018, "
        "schedule 1, paragraph 6 (statutory purposes).",
        kept=_by_rule(
            "inclusion_pupils",
            before="The pupil's name, UPN and the written notes are removed, and the date of birth kept as a "
            "year only, ",
            after="; dates, sessions, days and costs are kept for the figures over time.",
        ),
        security=SECURITY_COMMON + " LA inclusion officers and partnership staff must sign in with a second "
        "factor, and anyone else who asks for a pupil's record is told it is not found.",
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
