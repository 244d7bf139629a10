from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Boards, meetings and reports"

    def ready(self) -> None:
        from partnership.history import history_registry
        from partnership.home_sections import home_registry
        from partnership.navigation import nav_registry

        from . import rules, selectors
        from .models import Board, Meeting
        from .reporting import selectors as report_selectors

        home_registry.register(
            "meetings",
            roles=rules.READER_ROLES,
            template="home/meetings.html",
            context=lambda ctx, user: {"meetings": selectors.upcoming_meetings(ctx)},
            order=50,
        )

        def published(ctx, user) -> dict:
            """Three queries: the latest public report, the next meeting, the latest public minutes."""
            next_meeting = selectors.next_meeting(ctx.partnership)
            return {
                "report": report_selectors.latest_public_report(ctx.partnership),
                "next_meeting": next_meeting,
                "agenda_published": next_meeting is not None and rules.public_may_open_meeting(next_meeting),
                "minutes": selectors.latest_published_minutes(ctx.partnership),
            }

        # Governors and observers: what the partnership publishes, on the public pages.
        home_registry.register(
            "published",
            roles=rules.PUBLISHED_READER_ROLES,
            template="home/published.html",
            context=published,
            order=60,
        )
        nav_registry.register(
            "Reports",
            roles=rules.PUBLISHED_READER_ROLES,
            href="public-reports-partnership",
            order=56,
        )
        nav_registry.register(
            "Meetings",
            roles=rules.PUBLISHED_READER_ROLES,
            href="public-meetings",
            sections={"public-meeting"},
            order=57,
        )
        nav_registry.register(
            "Dashboard",
            roles=rules.READER_ROLES,
            href="governance:dashboard",
            # The reports are reached from the dashboard, so they count as in its section.
            sections={
                f"governance:{n}"
                for n in (
                    "dashboard-schools",
                    "term-dates",
                    "term-date-edit",
                    "reports",
                    "report-new",
                    "report",
                    "report-document",
                    "report-narrative",
                    "report-approve",
                    "report-publish",
                    "report-retry",
                    "case-studies",
                    "case-study-add",
                    "case-study-edit",
                    "case-study-remove",
                )
            },
            order=54,
        )
        nav_registry.register(
            "Boards",
            roles=rules.READER_ROLES,
            href="governance:boards",
            sections={
                f"governance:{n}"
                for n in (
                    "board",
                    "board-new",
                    "board-edit",
                    "terms",
                    "seat-new",
                    "membership-new",
                    "membership-end",
                    "balance",
                    "meeting-new",
                    "meeting",
                    "item-new",
                    "item-edit",
                    "paper-new",
                    "publish",
                    "declare",
                    "declare-for",
                    "attendance",
                    "decision",
                    "minutes",
                    "minute-request",
                    "circulate",
                    "action-new",
                )
            },
            order=55,
        )

        def board_history(ctx, pk):
            rules.require_clerk_sight(ctx)
            return selectors.board_for(ctx, pk)

        def meeting_history(ctx, pk):
            rules.require_clerk_sight(ctx)
            return selectors.meeting_for(ctx, pk)

        from schools.demo import demo_hooks

        from .demo import add_demo_board, add_demo_report

        for hook in (add_demo_board, add_demo_report):
            if hook not in demo_hooks:
                demo_hooks.append(hook)
        # A brief for a school's governors belongs to a term by the partnership's own dates.
        from support import terms as support_terms

        from .terms import term_on

        def term_of(partnership, day):
            term = term_on(partnership, day)
            return support_terms.SchoolTerm(term.academic_year, term.kind, term.starts_on, term.ends_on)

        support_terms.use_term_dates(term_of)
        history_registry.register("board", Board, find=board_history, describe=str)
        history_registry.register("meeting", Meeting, find=meeting_history, describe=str)
