"""The Strategic Group of each demo partnership, with seats from the LEEP terms of reference and a
meeting next month."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from partnership.auditing import save_with_history
from partnership.models import User

from .models import AgendaItem, BalanceRule, Board, Meeting, Membership, Seat
from .models.boards import Constituency

SEATS = [
    ("Lead Member for Education", Constituency.LA, True),
    ("Director, Children and Family Services", Constituency.LA, True),
    ("All teaching schools", Constituency.TEACHING_SCHOOLS, True),
    ("Representative of the Primary Heads Association", Constituency.PRIMARY_HEADS, True),
    ("Representative of the Secondary Heads Association", Constituency.SECONDARY_HEADS, True),
    ("Representative of the Special School Heads Association", Constituency.SPECIAL_HEADS, True),
    ("School governor representative", Constituency.GOVERNORS, True),
    ("Representative of the Anglican Diocesan Board", Constituency.ANGLICAN_DIOCESE, True),
    ("Representative of the Roman Catholic Diocesan Board", Constituency.CATHOLIC_DIOCESE, True),
    ("Initial teacher training: university representatives", Constituency.UNIVERSITIES, False),
]


def add_demo_board(*, partnership, domain: str, schools) -> None:
    if Board.objects.filter(partnership=partnership).exists():
        return
    clerk = User.objects.get(email=f"officer@{domain}")
    board = save_with_history(
        Board(
            partnership=partnership,
            name=f"{partnership.short_name} Strategic Group",
            clerk=clerk,
            quorum=4,
            notice_days=5,
            reports_to_scrutiny=True,
        ),
        actor=None,
        reason="Demo data",
    )
    save_with_history(
        BalanceRule(board=board, kind="la_share", max_percent=30), actor=None, reason="Demo data"
    )
    save_with_history(BalanceRule(board=board, kind="chair_school_leader"), actor=None, reason="Demo data")
    holders = {
        "Representative of the Primary Heads Association": (f"board@{domain}", True),
        "Lead Member for Education": ("consultant@partnerships.example", False),
    }
    for title, constituency, core in SEATS:
        seat = save_with_history(
            Seat(board=board, title=title, constituency=constituency, is_core=core),
            actor=None,
            reason="Demo data",
        )
        if title in holders:
            email, chair = holders[title]
            save_with_history(
                Membership(
                    seat=seat, user=User.objects.get(email=email), starts_on=dt.date.today(), is_chair=chair
                ),
                actor=None,
                reason="Demo data",
            )
    start = timezone.make_aware(dt.datetime.combine(dt.date.today() + dt.timedelta(days=30), dt.time(16, 0)))
    meeting = save_with_history(
        Meeting(board=board, starts_at=start, place="County Hall"), actor=None, reason="Demo data"
    )
    for position, (title, purpose) in enumerate(
        [
            ("Termly review of school performance", "discussion"),
            ("Partnership priorities for next year", "decision"),
        ],
        start=1,
    ):
        save_with_history(
            AgendaItem(
                meeting=meeting,
                position=position,
                title=title,
                purpose=purpose,
                rule="consensus" if purpose == "decision" else "",
            ),
            actor=None,
            reason="Demo data",
        )


def _demo_narrative(sections: set[str]):
    """What the demo's officer wrote on the last term's report. It claims only what the demo holds
    whatever its figures come to (needs flags, system leaders' capacity, the group's next meeting and
    its agenda), and no count: the summer term it reports on had no support case."""
    from .reporting.narrative import Narrative

    commentary = {
        "needs": (
            "These flags were raised when the partnership began keeping them in the portal. The "
            "evidence behind each is on the LA's list of schools that may need support."
        )
    }
    return Narrative(
        key_messages=(
            "The needs triggers the partnership agreed flagged schools that may need support. Each "
            "flag is a prompt for an officer to talk to the school, not a judgement of it.\n\n"
            "The Strategic Group will look at the flagged schools, and at the partnership's priorities "
            "for next year, at its next meeting."
        ),
        activity=(
            "LA officers reviewed the needs flags and recorded the days the partnership's system "
            "leaders can give to supporting other schools."
        ),
        next_steps=(
            "At its next meeting the Strategic Group will review the school performance figures in this "
            "report and agree the partnership's priorities for next year. Officers will talk each flag "
            "through with the school's headteacher before any support is arranged."
        ),
        commentary={key: text for key, text in commentary.items() if key in sections},
    )


def add_demo_report(*, partnership, domain: str, schools) -> None:
    """The last term's scrutiny report, made, approved and published, so the public reports page and
    the dashboard's reports have something to show."""
    from partnership.access import partnership_context_for

    from .models import Report
    from .reporting.narrative import narrative_save
    from .reporting.pipeline import report_produce, report_request
    from .reporting.workflow import report_approve, report_publish
    from .terms import previous_term, term_on

    if Report.objects.filter(partnership=partnership).exists():
        return
    officer = User.objects.get(email=f"officer@{domain}")
    ctx = partnership_context_for(officer, partnership.slug)
    term = previous_term(term_on(partnership, timezone.localdate()))
    report = report_request(
        actor=officer, partnership=partnership, kind="termly", term=term, reason="Demo data"
    )
    # Made here and now, so that it can be approved and published; the queued task then finds it
    # made and does nothing (the task is idempotent).
    report = report_produce(report.pk)
    report = narrative_save(
        actor=officer,
        ctx=ctx,
        report=report,
        narrative=_demo_narrative({s["key"] for s in report.snapshot["sections"]}),
        seen="",
    )
    report = report_approve(actor=officer, ctx=ctx, report=report, reason="Demo data")
    report_publish(actor=officer, ctx=ctx, report=report, publish_on=timezone.localdate(), reason="Demo data")
