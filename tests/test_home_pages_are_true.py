"""Every demo role's home page says only what is so: no sentence on it is contradicted by a list on
the same page. One test per demo login, on the demo as `make run` loads it."""

import re

import pytest
from django.urls import reverse

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
