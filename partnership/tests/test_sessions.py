"""Session lists: seeing and ending my sessions, an administrator ending someone's, and disabled accounts."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from partnership.models import SecurityEvent, SignInSession
from partnership.sign_in_sessions import browser_in_words
from tests.factories import TEST_PASSWORD
from tests.helpers import pinned_queries, text_of

CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)


def signed_in(user, user_agent=CHROME_WINDOWS, address="203.0.113.7") -> Client:
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    response = client.post(reverse("sign-in"), {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def session_ids(response) -> set[int]:
    return {row.id for row in response.context["sessions"]}


@pytest.mark.parametrize(
    "agent, words",
    [
        (CHROME_WINDOWS, "Chrome on Windows"),
        (SAFARI_IPHONE, "Safari on an iPhone"),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox on a Mac",
        ),
        (CHROME_WINDOWS + " Edg/131.0.0.0", "Edge on Windows"),
        ("", "An unknown browser"),
        ("curl/8.5.0", "An unknown browser"),
    ],
)
def test_browsers_are_described_in_plain_words(agent, words):
    assert browser_in_words(agent) == words


def test_sign_in_records_the_address_and_browser(head_x):
    signed_in(head_x)
    row = SignInSession.objects.get(user=head_x)
    assert row.ip_address == "203.0.113.7" and "Chrome/131" in row.user_agent


def test_my_sessions_lists_only_mine_and_marks_this_one(head_x, head_y):
    laptop = signed_in(head_x)
    signed_in(head_x, SAFARI_IPHONE)
    signed_in(head_y)
    response = laptop.get(reverse("account:sessions"))
    assert session_ids(response) == set(
        SignInSession.objects.filter(user=head_x).values_list("pk", flat=True)
    )
    page = text_of(response)
    assert "Chrome on Windows This session" in page and "Safari on an iPhone" in page
    assert page.count("End this session") == 1


def test_sessions_page_has_a_pinned_query_count(head_x):
    client = signed_in(head_x)
    for _ in range(3):
        signed_in(head_x)
    client.get(reverse("account:sessions"))
    # session, user, the sessions, partnership chooser
    with pinned_queries(4):
        client.get(reverse("account:sessions"))


def test_a_signed_out_or_expired_session_is_not_listed(head_x):
    client = signed_in(head_x)
    other = signed_in(head_x, SAFARI_IPHONE)
    other.post(reverse("sign-out"))
    SignInSession.objects.create(user=head_x, session_key="long-gone")
    assert len(client.get(reverse("account:sessions")).context["sessions"]) == 1


def test_ending_another_session_signs_it_out_at_once(head_x, partnership_a):
    laptop = signed_in(head_x)
    phone = signed_in(head_x, SAFARI_IPHONE)
    phone_session = SignInSession.objects.get(user=head_x, user_agent=SAFARI_IPHONE)
    url = reverse("account:session-end", kwargs={"session_id": phone_session.pk})
    confirm = laptop.get(url)
    assert "Are you sure you want to end this session?" in text_of(confirm)
    assert "Safari on an iPhone" in text_of(confirm)
    response = laptop.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("account:sessions")
    after = phone.get(reverse("partnership:home", kwargs={"partnership_slug": partnership_a.slug}))
    assert after.status_code == 302 and after["Location"].startswith(reverse("sign-in"))
    assert laptop.get(reverse("account:sessions")).status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SESSION_ENDED, user=head_x).exists()


def test_this_session_cannot_be_ended_from_the_list(head_x):
    laptop = signed_in(head_x)
    mine = SignInSession.objects.get(user=head_x)
    response = laptop.post(reverse("account:session-end", kwargs={"session_id": mine.pk}))
    assert "This is the session you are using. Sign out instead" in text_of(response)


def test_nobody_can_end_someone_elses_session(head_x, head_y):
    signed_in(head_y)
    theirs = SignInSession.objects.get(user=head_y)
    client = signed_in(head_x)
    url = reverse("account:session-end", kwargs={"session_id": theirs.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert SignInSession.objects.filter(pk=theirs.pk).exists()


def test_signing_out_of_every_other_session(head_x, partnership_a):
    laptop = signed_in(head_x)
    others = [signed_in(head_x, SAFARI_IPHONE), signed_in(head_x)]
    response = laptop.post(reverse("account:sessions-end-others"), follow=True)
    assert "You have been signed out of 2 other sessions." in text_of(response)
    home = reverse("partnership:home", kwargs={"partnership_slug": partnership_a.slug})
    for other in others:
        assert other.get(home)["Location"].startswith(reverse("sign-in"))
    assert laptop.get(home).status_code == 200


def person_sessions_end_url(partnership, person):
    return reverse(
        "partnership:person-sessions-end", kwargs={"partnership_slug": partnership.slug, "user_id": person.pk}
    )


def test_an_la_administrator_sees_and_ends_a_persons_sessions(la_admin_a, head_x, partnership_a, client_for):
    head = signed_in(head_x)
    admin = client_for(la_admin_a)
    person_page = admin.get(
        reverse("partnership:person", kwargs={"partnership_slug": partnership_a.slug, "user_id": head_x.pk})
    )
    assert "Chrome on Windows" in text_of(person_page) and "203.0.113.7" in text_of(person_page)
    url = person_sessions_end_url(partnership_a, head_x)
    assert "Enter a reason" in text_of(admin.post(url, {"reason": ""}))
    response = admin.post(url, {"reason": "Shared a laptop at the conference"})
    assert response.status_code == 302
    home = reverse("partnership:home", kwargs={"partnership_slug": partnership_a.slug})
    assert head.get(home)["Location"].startswith(reverse("sign-in"))
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SESSION_ENDED, user=head_x)
    assert la_admin_a.email in event.detail and "Shared a laptop" in event.detail


def test_officers_and_outsiders_cannot_end_a_persons_sessions(
    la_officer_a, la_admin_a, head_x, la_officer_b, partnership_a, client_for
):
    url = person_sessions_end_url(partnership_a, head_x)
    assert client_for(la_officer_a).post(url, {"reason": "x"}).status_code == 404
    assert client_for(la_officer_b).post(url, {"reason": "x"}).status_code == 404
    assert client_for(la_admin_a).get(person_sessions_end_url(partnership_a, la_officer_b)).status_code == 404
    officer_view = client_for(la_officer_a).get(
        reverse("partnership:person", kwargs={"partnership_slug": partnership_a.slug, "user_id": head_x.pk})
    )
    assert "End all sessions" not in text_of(officer_view)


def test_a_disabled_persons_very_next_request_is_signed_out(la_admin_a, head_x, partnership_a, client_for):
    head = signed_in(head_x)
    home = reverse("partnership:home", kwargs={"partnership_slug": partnership_a.slug})
    assert head.get(home).status_code == 200
    client_for(la_admin_a).post(
        reverse(
            "partnership:person-disable",
            kwargs={"partnership_slug": partnership_a.slug, "user_id": head_x.pk},
        ),
        {"reason": "Left the school"},
    )
    response = head.get(home)
    assert response.status_code == 302 and response["Location"].startswith(reverse("sign-in"))
    assert not SignInSession.objects.filter(user=head_x).exists()


def test_an_account_disabled_any_other_way_loses_its_sessions_at_once(head_x, partnership_a):
    head = signed_in(head_x)
    session_key = head.session.session_key
    head_x.is_active = False
    head_x.save()  # as the Django admin or a script would
    assert not Session.objects.filter(session_key=session_key).exists()
    response = head.get(reverse("partnership:home", kwargs={"partnership_slug": partnership_a.slug}))
    assert response.status_code == 302 and response["Location"].startswith(reverse("sign-in"))
