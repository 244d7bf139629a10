"""Governors and observers find what the partnership publishes: "Reports" and "Meetings" in their
navigation lead to the public reports and the calendar of meetings, and their home page says what
the latest report, the next meeting and the latest minutes are (issue 17, item 7)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation.models import Consultation
from consultation.models.consultations import ConsultationStatus
from governance.models import Board, Meeting, Report
from governance.models.reports import ReportKind, ReportStatus
from partnership.models import Role
from tests.factories import RoleFactory, UserFactory
from tests.helpers import pinned_queries, text_of

HOME = reverse("partnership:home", kwargs={"partnership_slug": "pa"})


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def at(day: dt.date, hour: int = 16) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture
def observer_a(partnership_a):
    user = UserFactory(full_name="Olive Observer")
    RoleFactory(user=user, partnership=partnership_a, role=Role.OBSERVER)
    return user


@pytest.fixture
def board(partnership_a, la_officer_a):
    return Board.objects.create(
        partnership=partnership_a, name="Strategic Group", clerk=la_officer_a, quorum=3, notice_days=5
    )


def report(partnership, *, year: int, publish_on: dt.date | None, status=ReportStatus.PUBLISHED) -> Report:
    return Report.objects.create(
        partnership=partnership,
        kind=ReportKind.ANNUAL,
        period=str(year),
        academic_year=year,
        status=status,
        html=f"<h1>Annual report {year}</h1>",
        pdf=b"%PDF-1.7",
        publish_on=publish_on,
    )


def read(response) -> str:
    """The page's text as a person reads it: no space left before a comma or full stop where a link
    ends."""
    return text_of(response).replace(" ,", ",").replace(" .", ".")


def navigation(response) -> dict[str, str]:
    return {item["label"]: item["href"] for item in response.context["navigation"]}


@pytest.mark.parametrize("persona", ["governor", "observer"])
def test_governors_and_observers_have_reports_and_meetings_that_open(
    persona, client_for, governor_x, observer_a, partnership_a
):
    client = client_for(governor_x if persona == "governor" else observer_a)
    items = navigation(client.get(HOME))
    assert items["Reports"] == reverse("public-reports-partnership", kwargs={"partnership_slug": "pa"})
    assert items["Meetings"] == reverse("public-meetings", kwargs={"partnership_slug": "pa"})
    for label in ("Reports", "Meetings"):
        page = client.get(items[label])
        assert page.status_code == 200, label
        # The public page keeps the person's navigation, with this item marked as the current one.
        current = [item["label"] for item in page.context["navigation"] if item["current"]]
        assert current == [label]


def test_other_roles_do_not_get_the_public_pages_in_their_navigation(
    client_for, head_x, board_member_a, la_officer_a
):
    for person in (head_x, board_member_a, la_officer_a):
        labels = set(navigation(client_for(person).get(HOME)))
        assert not labels & {"Reports", "Meetings"}, person


def test_the_public_pages_show_no_navigation_to_the_public_or_to_another_partnership(
    anonymous, client_for, la_officer_b, partnership_a
):
    for client in (anonymous, client_for(la_officer_b)):
        for name in ("public-reports-partnership", "public-meetings"):
            page = client.get(reverse(name, kwargs={"partnership_slug": "pa"}))
            assert page.status_code == 200 and page.context["navigation"] == []


def test_home_page_says_nothing_is_published_yet_when_nothing_is(
    client_for, governor_x, board, partnership_a
):
    # Not yet public: a draft, an approved report, and one published from next week.
    report(partnership_a, year=2024, publish_on=None, status=ReportStatus.DRAFT)
    report(partnership_a, year=2025, publish_on=None, status=ReportStatus.APPROVED)
    report(partnership_a, year=2026, publish_on=timezone.localdate() + dt.timedelta(days=7))
    # A past meeting whose pack was published but whose minutes are not approved yet.
    Meeting.objects.create(
        board=board,
        starts_at=at(timezone.localdate() - dt.timedelta(days=20)),
        pack_published_at=timezone.now(),
    )
    text = text_of(client_for(governor_x).get(HOME))
    assert "No report has been published yet." in text
    assert "No meeting is scheduled from today." in text
    assert "No minutes have been published yet." in text
    assert "See the published reports" in text and "See every meeting" in text


def test_home_page_names_the_latest_report_the_next_meeting_and_the_latest_minutes(
    client_for, governor_x, board, partnership_a
):
    today = timezone.localdate()
    report(partnership_a, year=2023, publish_on=today - dt.timedelta(days=300))
    latest = report(partnership_a, year=2024, publish_on=today - dt.timedelta(days=3))
    report(partnership_a, year=2025, publish_on=today + dt.timedelta(days=7))  # not yet public
    earlier = Meeting.objects.create(
        board=board, starts_at=at(today - dt.timedelta(days=90)), pack_published_at=timezone.now()
    )
    minuted = Meeting.objects.create(
        board=board, starts_at=at(today - dt.timedelta(days=30)), pack_published_at=timezone.now()
    )
    unpublished = Meeting.objects.create(board=board, starts_at=at(today - dt.timedelta(days=10)))
    Meeting.objects.filter(pk__in=[earlier.pk, minuted.pk, unpublished.pk]).update(
        minutes_approved_at=Meeting.objects.create(board=board, starts_at=at(today - dt.timedelta(days=5)))
    )
    soon = today + dt.timedelta(days=12)
    Meeting.objects.create(board=board, starts_at=at(today + dt.timedelta(days=40)))
    next_one = Meeting.objects.create(board=board, starts_at=at(soon))

    client = client_for(governor_x)
    response = client.get(HOME)
    text = read(response)
    assert (
        f"The latest published report is Annual report 2024 to 2025, published on {long_date(latest.publish_on)}."
        in text
    )
    assert (
        f"The next meeting is of the Strategic Group, on {long_date(soon)} at 16:00. "
        "Its agenda has not been published yet." in text
    )
    assert (
        f"The latest minutes published are of the Strategic Group meeting on "
        f"{long_date(today - dt.timedelta(days=30))}" in text
    )
    html = response.content.decode()
    report_link = reverse("public-report", kwargs={"partnership_slug": "pa", "report_id": latest.pk})
    minutes_link = reverse("public-meeting", kwargs={"partnership_slug": "pa", "meeting_id": minuted.pk})
    assert f'href="{report_link}"' in html and f'href="{minutes_link}"' in html
    for link in (report_link, minutes_link):
        assert client.get(link).status_code == 200, link

    # Once its agenda pack is published, the home page links to the next meeting's agenda.
    next_one.pack_published_at = timezone.now()
    next_one.save()
    response = client.get(HOME)
    agenda = reverse("public-meeting", kwargs={"partnership_slug": "pa", "meeting_id": next_one.pk})
    assert "Read its agenda" in read(response) and f'href="{agenda}"' in response.content.decode()
    assert client.get(agenda).status_code == 200


def test_an_observer_reads_the_same_sentences_as_a_governor(
    client_for, governor_x, observer_a, partnership_a
):
    report(partnership_a, year=2024, publish_on=timezone.localdate())
    governor = text_of(client_for(governor_x).get(HOME))
    observer = text_of(client_for(observer_a).get(HOME))
    for sentence in ("The latest published report is Annual report 2024 to 2025", "No meeting is scheduled"):
        assert sentence in governor and sentence in observer


@pytest.mark.parametrize("persona", ["governor", "observer"])
def test_the_home_page_has_a_pinned_query_count_whatever_is_published(
    persona, client_for, governor_x, observer_a, board, partnership_a, la_officer_a
):
    client = client_for(governor_x if persona == "governor" else observer_a)
    client.get(HOME)
    # session, user, context, messages, (a governor's school and the agreement, the briefs of their
    # school's support), the next meeting, the latest public report, the latest public minutes, the
    # consultations open and published, chooser
    expected = 12 if persona == "governor" else 9
    with pinned_queries(expected):
        client.get(HOME)
    today = timezone.localdate()
    for n in range(3):
        report(partnership_a, year=2020 + n, publish_on=today - dt.timedelta(days=n))
        Meeting.objects.create(
            board=board,
            starts_at=at(today - dt.timedelta(days=30 + n)),
            pack_published_at=timezone.now(),
            minutes_approved_at=Meeting.objects.create(
                board=board, starts_at=at(today - dt.timedelta(days=n))
            ),
        )
        Meeting.objects.create(board=board, starts_at=at(today + dt.timedelta(days=10 + n)))
        Consultation.objects.create(
            partnership=partnership_a,
            title=f"Consultation {n}",
            purpose="Your views.",
            opens_on=today,
            closes_on=today,
            retain_until=today + dt.timedelta(days=365),
            status=ConsultationStatus.OPEN if n else ConsultationStatus.CLOSED,
            published_on=None if n else today,
            created_by=la_officer_a,
        )
    with pinned_queries(expected):
        text = read(client.get(HOME))
    assert "The latest published report is Annual report 2020 to 2021" in text
    assert "2 consultations are open to everyone" in text
