"""The rules of governance.rules, asked directly: who sees which report in which state, which
audience the dashboard is drawn for, and who opens a confidential item's papers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from governance import rules
from governance.models import AgendaItem, Declaration, Report, ReportKind, ReportStatus
from partnership.access import NotVisible, partnership_context_for
from partnership.models import Role


def ctx_of(user, partnership):
    return partnership_context_for(user, partnership.slug)


def test_each_role_set_is_defined_once():
    sets = {
        "PAGE_ROLES": rules.PAGE_ROLES,
        "CLERK_ROLES": rules.CLERK_ROLES,
        "BOARD_AUDIENCE_ROLES": rules.BOARD_AUDIENCE_ROLES,
        "READER_ROLES": rules.READER_ROLES,
        "TERM_DATES_ROLES": rules.TERM_DATES_ROLES,
    }
    assert len({frozenset(roles) for roles in sets.values()}) == len(sets)
    assert {Role.LA_ADMIN, Role.LA_OFFICER, Role.BOARD_MEMBER} == rules.READER_ROLES
    assert {Role.LA_ADMIN} == rules.TERM_DATES_ROLES


def test_the_la_sees_the_dashboard_whole_and_the_board_its_own_figures(
    partnership_a, la_admin_a, la_officer_a, board_member_a
):
    admin, officer, member = (ctx_of(u, partnership_a) for u in (la_admin_a, la_officer_a, board_member_a))
    assert rules.dashboard_audience(officer) == rules.LA_AUDIENCE
    assert rules.dashboard_audience(member) == rules.BOARD_AUDIENCE
    assert rules.may_drill_down(officer) and not rules.may_drill_down(member)
    assert rules.may_change_term_dates(admin) and not rules.may_change_term_dates(officer)
    assert rules.REPORT_AUDIENCE == rules.BOARD_AUDIENCE


@pytest.fixture
def reports(partnership_a):
    today = timezone.localdate()
    states = {
        "queued": (ReportStatus.QUEUED, None),
        "failed": (ReportStatus.FAILED, None),
        "draft": (ReportStatus.DRAFT, None),
        "approved": (ReportStatus.APPROVED, None),
        "published": (ReportStatus.PUBLISHED, today),
        "due_later": (ReportStatus.PUBLISHED, today + dt.timedelta(days=7)),
    }
    return {
        name: Report.objects.create(
            partnership=partnership_a,
            kind=ReportKind.ANNUAL,
            period="2025",
            academic_year=2025,
            version=version,
            status=status,
            publish_on=publish_on,
        )
        for version, (name, (status, publish_on)) in enumerate(states.items(), 1)
    }


def test_who_sees_a_report_in_which_state(partnership_a, la_officer_a, board_member_a, head_x, reports):
    def seen(user):
        ids = set(
            rules.reports_seen(ctx_of(user, partnership_a), Report.objects.all()).values_list("pk", flat=True)
        )
        return {name for name, report in reports.items() if report.pk in ids}

    assert seen(la_officer_a) == set(reports)
    assert seen(board_member_a) == {"approved", "published", "due_later"}
    with pytest.raises(NotVisible):
        rules.reports_seen(ctx_of(head_x, partnership_a), Report.objects.all())
    public = set(Report.objects.filter(rules.public_report_filter()).values_list("pk", flat=True))
    assert public == {reports["published"].pk}
    assert [name for name, report in reports.items() if rules.public_may_read_report(report)] == ["published"]
    assert {name for name, report in reports.items() if rules.may_open_document(report)} == {
        "draft",
        "approved",
        "published",
        "due_later",
    }


def test_only_the_la_approves_a_draft_and_publishes_an_approved_report(
    partnership_a, la_officer_a, board_member_a, reports
):
    officer, member = ctx_of(la_officer_a, partnership_a), ctx_of(board_member_a, partnership_a)
    assert [name for name, r in reports.items() if rules.may_approve(officer, r)] == ["draft"]
    assert [name for name, r in reports.items() if rules.may_publish(officer, r)] == ["approved"]
    assert not any(rules.may_approve(member, r) or rules.may_publish(member, r) for r in reports.values())


def test_recusal_closes_a_confidential_items_papers_to_anyone_the_clerk_included(
    partnership_a, board, members, meeting
):
    clerk = ctx_of(board.clerk, partnership_a)
    confidential = AgendaItem.objects.create(meeting=meeting, title="A school", confidential=True, position=5)
    open_item = AgendaItem.objects.create(meeting=meeting, title="Budget", position=6)
    for item in (confidential, open_item):
        Declaration.objects.create(item=item, user=board.clerk, nature="Governor there", prejudicial=True)
    assert not rules.may_open_papers(clerk, confidential)
    assert rules.may_open_papers(clerk, open_item)
    assert rules.meeting_actions(clerk, meeting, [confidential, open_item]).closed_items == {confidential.pk}


def test_after_approval_only_the_clerk_adds_to_the_minutes(partnership_a, board, members, meeting):
    member, clerk = ctx_of(members[1], partnership_a), ctx_of(board.clerk, partnership_a)
    assert rules.may_ask_to_record(member, meeting, member=True)
    meeting.minutes_approved_at = meeting
    assert not rules.may_ask_to_record(member, meeting, member=True)
    assert rules.may_ask_to_record(clerk, meeting, member=False)
