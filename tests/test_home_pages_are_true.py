"""Every demo role's home page says only what is so: no sentence on it is contradicted by a list on
the same page. One test per demo login, on the demo as `make run` loads it."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation.models import Consultation
from consultation.rules import open_to_readers, public_summaries
from governance.models import Meeting, Report
from governance.rules import public_report_filter
from partnership.models import User
from schools.demo import PEOPLE, seed_demo
from support.models import SupportCase
from support.models.cases import OPEN_STATUSES
from tests.helpers import text_of

# A sentence that says a list is empty, and how to find that list's entries on the page.
EMPTY_BUT_LISTED = [
    ("No meeting of the boards you can see is scheduled from today", r"/governance/meetings/\d+/"),
    ("You are not giving support to any school at the moment", r"/support/agreements/\d+/\">"),
    ("No reviews are due and no actions are overdue on your cases", r"govuk-tag--red\">Overdue"),
    ("You have no messages", r"govuk-notification-banner__link"),
    ("No brief has been shared with you.", r"/support/briefs/\d+/"),
]
RETIRED = [
    "Nothing needs your attention yet",
    "You have no support to log yet",
    "No meetings are scheduled yet",
]


@pytest.mark.parametrize("local", [local for local, *_ in PEOPLE])
def test_a_demo_home_page_says_only_what_is_so(local, db, client):
    seed_demo()
    user = User.objects.get(email=f"{local}@leep.example")
    client.force_login(user)
    page = client.get(reverse("partnership:home", kwargs={"partnership_slug": "leep"}))
    assert page.status_code == 200
    html, text = page.content.decode(), text_of(page)
    for sentence, listed in EMPTY_BUT_LISTED:
        assert not (sentence in text and re.search(listed, html)), (local, sentence)
    for sentence in RETIRED:
        assert sentence not in text, (local, sentence)
    led = re.search(r"You lead (\d+) open case", text)
    if led:
        assert (
            int(led.group(1))
            == SupportCase.objects.filter(
                lead_officer=user, status__in=OPEN_STATUSES, partnership__slug="leep"
            ).count()
        )
    # A message whose action has been taken is not on the page.
    for note in user.notifications.filter(done_at__isnull=False):
        assert note.text not in text, (local, note.text)
    _what_is_published_is_so(local, text.replace(" ,", ",").replace(" .", "."))


def _long(value) -> str:
    return f"{value.day} {value:%B %Y}"


def _what_is_published_is_so(local: str, text: str) -> None:
    """Governors' and observers' sentences about the partnership's reports, meetings and
    consultations, each against the records."""
    reports = Report.objects.filter(public_report_filter(), partnership__slug="leep").order_by(
        "-publish_on", "-pk"
    )
    meetings = Meeting.objects.filter(board__partnership__slug="leep")
    upcoming = meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at")
    minuted = meetings.filter(pack_published_at__isnull=False, minutes_approved_at__isnull=False)
    consultations = Consultation.objects.filter(partnership__slug="leep")
    if "No report has been published yet." in text:
        assert not reports.exists(), local
    latest = re.search(r"The latest published report is (.+?), published on (\d+ \w+ \d{4})\.", text)
    if latest:
        assert latest.groups() == (reports[0].title, _long(reports[0].publish_on)), local
    if "No meeting is scheduled from today." in text:
        assert not upcoming.exists(), local
    following = re.search(r"The next meeting is of the (.+?), on (\d+ \w+ \d{4}) at (\d\d:\d\d)\.", text)
    if following:
        starts = timezone.localtime(upcoming[0].starts_at)
        assert following.groups() == (upcoming[0].board.name, _long(starts), f"{starts:%H:%M}"), local
    if "No minutes have been published yet." in text:
        assert not minuted.exists(), local
    if "No consultation is open to everyone at the moment." in text:
        assert not consultations.filter(open_to_readers()).exists(), local
    open_now = re.search(r"(\d+) consultations? (?:is|are) open to everyone", text)
    if open_now:
        assert int(open_now.group(1)) == consultations.filter(open_to_readers()).count(), local
    if "No consultation summary has been published yet." in text:
        assert not consultations.filter(public_summaries()).exists(), local
    summaries = re.search(r"(\d+) consultation summar(?:y has|ies have) been published", text)
    if summaries:
        assert int(summaries.group(1)) == consultations.filter(public_summaries()).count(), local


@pytest.mark.parametrize("local", ["governor", "observer"])
def test_each_link_on_a_governors_and_an_observers_home_page_opens(local, db, client):
    """What they may open, from their navigation and their home page: never a 404 or a 403."""
    seed_demo()
    client.force_login(User.objects.get(email=f"{local}@leep.example"))
    page = client.get(reverse("partnership:home", kwargs={"partnership_slug": "leep"}))
    text = text_of(page)
    for sentence in ("Published reports", "Meetings and minutes", "Consultations"):
        assert sentence in text, (local, sentence)
    main = page.content.decode().split('id="main-content"', 1)[1]
    links = {link for link in re.findall(r'href="(/[^"]*)"', main)}
    links |= {item["href"] for item in page.context["navigation"]}
    assert len(links) >= 5, links
    for link in sorted(links):
        assert client.get(link).status_code == 200, (local, link)
