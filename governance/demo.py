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
    """What the demo's officer wrote on the last term's report: nothing in it rests on a figure, so it
    stays true whatever the demo's figures come to."""
    from .reporting.narrative import Narrative

    commentary = {
        "needs": (
            "A flag is raised by one of the triggers the partnership agreed. It is a prompt to talk to the "
            "school, not a judgement of it."
        )
    }
    return Narrative(
        key_messages=(
            "This term the partnership arranged school-to-school support for schools that asked for it "
            "and for schools the needs triggers flagged. Most of the partnership's schools are good or "
            "outstanding.\n\nThe Strategic Group will look at the support cases still open, and at the "
            "partnership's priorities for next year, at its next meeting."
        ),
        activity=(
            "LA officers talked through each needs flag with the school's headteacher, agreed support "
            "with the schools that wanted it, and matched each with a provider from the partnership's "
            "system leaders. The school networks met and shared their priorities for the year."
        ),
        next_steps=(
            "At its next meeting the Strategic Group will review the school performance figures in this "
            "report and agree the partnership's priorities for next year. Officers will review each open "
            "support case with its school before its next review date."
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
