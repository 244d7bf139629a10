"""Two-factor sign-in: who must use it, setting it up, codes, throttling, recovery codes and resets."""

import datetime as dt
import re
from base64 import b32encode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.models import Role, SecurityEvent, SignInSession
from partnership.rules import TWO_FACTOR_ROLES
from tests.factories import RoleFactory, UserFactory, totp_code, two_factor_device
from tests.helpers import text_of

pytestmark = pytest.mark.two_factor

SET_UP = reverse("account:two-factor-set-up")
CODE = reverse("account:two-factor-code")


def home_url(partnership) -> str:
    return reverse("partnership:home", kwargs={"partnership_slug": partnership.slug})


def person_with(role, partnership, school=None):
    user = UserFactory()
    RoleFactory(user=user, partnership=partnership, role=role, school=school)
    return user


def give_code(client, code, next_url=""):
    return client.post(CODE, {"code": code, "next": next_url})


@pytest.mark.parametrize("role", sorted(TWO_FACTOR_ROLES))
def test_every_role_that_sees_confidential_data_must_use_two_factor(
    role, partnership_a, school_x, client_for
):
    person = person_with(
        role, partnership_a, school_x if role in {"headteacher", "school_staff", "governor"} else None
    )
    home = home_url(partnership_a)

    client = client_for(person)
    without_device = client.get(home)
    assert without_device.status_code == 302 and without_device["Location"].startswith(SET_UP)

    device = two_factor_device(person)
    unverified = client.get(home)
    assert unverified.status_code == 302 and unverified["Location"].startswith(CODE)

    verified = give_code(client, totp_code(device), home)
    assert verified.status_code == 302 and verified["Location"] == home
    assert client.get(home).status_code == 200


def test_an_observer_need_not_use_two_factor(partnership_a, client_for):
    observer = person_with(Role.OBSERVER, partnership_a)
    assert client_for(observer).get(home_url(partnership_a)).status_code == 200


def test_an_observer_who_has_set_it_up_is_asked_for_a_code(partnership_a):
    observer = person_with(Role.OBSERVER, partnership_a)
    two_factor_device(observer)
    client = Client()
    client.post(reverse("sign-in"), {"username": observer.email, "password": "a-long-test-password"})
    response = client.get(home_url(partnership_a))
    assert response.status_code == 302 and response["Location"].startswith(CODE)


def test_a_platform_operator_must_use_two_factor_for_the_django_admin(db, client_for):
    operator = UserFactory(is_staff=True, is_superuser=True)
    response = client_for(operator).get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(SET_UP)


def test_only_sign_out_and_public_pages_are_open_before_the_code(head_x, client_for):
    two_factor_device(head_x)
    client = client_for(head_x)
    assert client.get(reverse("privacy")).status_code == 200
    assert client.get(reverse("account:sessions")).status_code == 302
    assert client.post(reverse("sign-out")).status_code == 302
    assert client.get(reverse("partnership-choose")).status_code == 302  # signed out: to sign-in


def test_with_the_setting_off_a_person_with_a_device_is_still_asked(head_x, partnership_a, settings):
    settings.TWO_FACTOR_REQUIRED = False
    two_factor_device(head_x)
    client = Client()
    client.post(reverse("sign-in"), {"username": head_x.email, "password": "a-long-test-password"})
    response = client.get(home_url(partnership_a))
    assert response.status_code == 302 and response["Location"].startswith(CODE)


def test_with_the_setting_off_a_headteacher_without_a_device_goes_straight_in(
    head_x, partnership_a, client_for, settings
):
    settings.TWO_FACTOR_REQUIRED = False
    assert client_for(head_x).get(home_url(partnership_a)).status_code == 200


def test_setting_up_shows_a_qr_code_and_the_key_then_recovery_codes_once(head_x, partnership_a, client_for):
    client = client_for(head_x)
    page = client.get(SET_UP)
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "<svg" in html and "<script" not in html.split("<main")[1].split("</main>")[0]
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', html).group(1)
    device = TOTPDevice.objects.get(user=head_x, confirmed=False)
    assert secret.replace(" ", "") == b32encode(device.bin_key).decode()

    wrong = client.post(SET_UP, {"code": "12345"})
    assert "Enter the 6-digit code from your authenticator app" in text_of(wrong)

    done = client.post(SET_UP, {"code": totp_code(device), "next": home_url(partnership_a)})
    assert done.status_code == 302 and done["Location"].startswith(reverse("account:recovery-codes"))
    codes_page = client.get(done["Location"])
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", codes_page.content.decode())
    assert len(codes) == 10 and "no-store" in codes_page["Cache-Control"]
    assert "I have saved my recovery codes" in text_of(codes_page)
    again = client.get(reverse("account:recovery-codes"))
    assert not re.findall(r"<li><code>", again.content.decode())
    assert "You have 10 recovery codes left" in text_of(again)
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TWO_FACTOR_SET_UP, user=head_x).exists()
    assert client.get(home_url(partnership_a)).status_code == 200  # verified for this session


def test_new_recovery_codes_replace_the_old_ones(head_x, client_for):
    device = two_factor_device(head_x, recovery_codes=["oldcode1"])
    client = client_for(head_x)
    give_code(client, totp_code(device))
    client.post(reverse("account:recovery-codes"))
    page = client.get(reverse("account:recovery-codes"))
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page.content.decode())
    assert len(codes) == 10
    assert set(StaticDevice.objects.get(user=head_x).token_set.values_list("token", flat=True)) == set(codes)


def test_a_wrong_code_is_refused_logged_and_makes_the_next_try_wait(head_x, partnership_a, client_for):
    device = two_factor_device(head_x)
    client = client_for(head_x)
    wrong = give_code(client, "000000" if totp_code(device) != "000000" else "111111")
    assert wrong.status_code == 200 and "The code is not right" in text_of(wrong)
    assert "govuk-error-summary" in wrong.content.decode()
    # Straight after a wrong code, even the right one waits.
    locked = give_code(client, totp_code(device))
    assert "You have entered too many wrong codes. Wait" in text_of(locked)
    assert client.get(home_url(partnership_a)).status_code == 302
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TWO_FACTOR_FAILED, user=head_x).count() == 2


def test_five_wrong_codes_lock_the_codes_for_a_while(head_x, client_for):
    device = two_factor_device(head_x, recovery_codes=["recover1"])
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )
    client = client_for(head_x)
    for code in (totp_code(device), "recover1"):
        response = give_code(client, code)
        assert "too many wrong codes. Wait 32 seconds, then try again" in text_of(response)
    # Once the wait is over the right code works again.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(minutes=1)
    )
    assert give_code(client, totp_code(device)).status_code == 302


def test_each_recovery_code_works_once(head_x, partnership_a):
    two_factor_device(head_x, recovery_codes=["abcd2345", "efgh2345"])
    for attempt, expected in [("ABCD 2345", 302), ("abcd2345", 200)]:
        client = Client()
        client.post(reverse("sign-in"), {"username": head_x.email, "password": "a-long-test-password"})
        StaticDevice.objects.filter(user=head_x).update(throttling_failure_count=0)
        response = give_code(client, attempt, home_url(partnership_a))
        assert response.status_code == expected, text_of(response)
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.TWO_FACTOR_RECOVERY_USED, user=head_x)
    assert event.detail == "1 left"


def test_a_verified_person_costs_one_query_more_and_an_unrequired_one_none(
    head_x, partnership_a, client_for, settings
):
    url = reverse("account:sessions")
    settings.TWO_FACTOR_REQUIRED = False
    plain = client_for(head_x)
    plain.get(url)
    with CaptureQueriesContext(connection) as off:
        plain.get(url)

    settings.TWO_FACTOR_REQUIRED = True
    device = two_factor_device(head_x)
    verified = client_for(head_x)
    give_code(verified, totp_code(device))
    verified.get(url)
    with CaptureQueriesContext(connection) as on:
        assert verified.get(url).status_code == 200
    assert len(on.captured_queries) == len(off.captured_queries) + 1


def reset_url(partnership, person):
    return reverse(
        "partnership:two-factor-reset", kwargs={"partnership_slug": partnership.slug, "user_id": person.pk}
    )


def test_an_la_administrator_resets_a_second_factor_with_a_reason(la_admin_a, head_x, partnership_a):
    two_factor_device(head_x, recovery_codes=["abcd2345"])
    head = Client()
    head.post(reverse("sign-in"), {"username": head_x.email, "password": "a-long-test-password"})
    assert SignInSession.objects.filter(user=head_x).exists()

    admin = Client()
    admin.force_login(la_admin_a)
    admin.post(CODE, {"code": totp_code(two_factor_device(la_admin_a))})
    person_page = admin.get(
        reverse("partnership:person", kwargs={"partnership_slug": partnership_a.slug, "user_id": head_x.pk})
    )
    assert "Reset two-factor sign-in" in text_of(person_page)
    assert "Enter a reason" in text_of(admin.post(reset_url(partnership_a, head_x), {"reason": ""}))
    response = admin.post(reset_url(partnership_a, head_x), {"reason": "Lost phone, checked by call"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=head_x).exists()
    assert not StaticDevice.objects.filter(user=head_x).exists()
    assert not SignInSession.objects.filter(user=head_x).exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.TWO_FACTOR_RESET, user=head_x)
    assert la_admin_a.email in event.detail and "Lost phone, checked by call" in event.detail
    assert event.partnership == partnership_a
    signed_out = head.get(home_url(partnership_a))
    assert signed_out.status_code == 302 and signed_out["Location"].startswith(reverse("sign-in"))


def test_only_la_administrators_reset_and_only_for_their_own_people(
    la_officer_a, la_admin_a, head_x, la_officer_b, partnership_a, settings, client_for
):
    settings.TWO_FACTOR_REQUIRED = False
    assert client_for(la_officer_a).get(reset_url(partnership_a, head_x)).status_code == 404
    assert client_for(la_admin_a).get(reset_url(partnership_a, la_officer_b)).status_code == 404
    head_x.roles.update(ends_on=dt.date.today(), starts_on=dt.date.today() - dt.timedelta(days=1))
    assert client_for(la_admin_a).get(reset_url(partnership_a, head_x)).status_code == 404
    refused = client_for(la_admin_a).post(reset_url(partnership_a, la_admin_a), {"reason": "mine"})
    assert "You cannot reset two-factor sign-in for yourself" in text_of(refused)


def test_a_right_code_clears_every_count_of_wrong_ones(head_x, client_for):
    """Old typos never add up: after a right code, one new typo costs the first wait, not a longer one."""
    device = two_factor_device(head_x, recovery_codes=["recover1"])
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=head_x).update(
            throttling_failure_count=12, throttling_failure_timestamp=timezone.now() - dt.timedelta(days=30)
        )
    assert give_code(client_for(head_x), totp_code(device)).status_code == 302
    assert set(TOTPDevice.objects.filter(user=head_x).values_list("throttling_failure_count", flat=True)) == {
        0
    }
    assert set(
        StaticDevice.objects.filter(user=head_x).values_list("throttling_failure_count", flat=True)
    ) == {0}


def test_an_administrator_may_not_reset_someone_who_also_works_in_another_partnership(
    la_admin_a, head_x, partnership_a, partnership_b, settings, client_for
):
    settings.TWO_FACTOR_REQUIRED = False
    RoleFactory(user=head_x, partnership=partnership_b, role=Role.BOARD_MEMBER)
    two_factor_device(head_x)
    refused = client_for(la_admin_a).post(reset_url(partnership_a, head_x), {"reason": "Lost phone"})
    assert "also works in another partnership" in text_of(refused)
    assert TOTPDevice.objects.filter(user=head_x).exists()


def test_a_former_members_sign_in_details_are_not_shown(
    la_admin_a, head_x, partnership_a, settings, client_for
):
    settings.TWO_FACTOR_REQUIRED = False
    head_client = client_for(head_x)
    SignInSession.objects.create(
        user=head_x,
        session_key=head_client.session.session_key,
        ip_address="203.0.113.77",
        user_agent="Chrome",
    )
    person = reverse(
        "partnership:person", kwargs={"partnership_slug": partnership_a.slug, "user_id": head_x.pk}
    )
    assert "203.0.113.77" in text_of(client_for(la_admin_a).get(person))
    head_x.roles.update(ends_on=dt.date.today(), starts_on=dt.date.today() - dt.timedelta(days=1))
    page = client_for(la_admin_a).get(person)
    assert page.status_code == 200 and "203.0.113.77" not in text_of(page)


def test_a_public_page_shows_no_navigation_before_the_code(partnership_a, client_for):
    """The calendar of meetings is public; a signed-in member sees it with their navigation, but
    only once they have finished signing in."""
    observer = person_with(Role.OBSERVER, partnership_a)
    calendar = reverse("public-meetings", kwargs={"partnership_slug": partnership_a.slug})
    signed_in = client_for(observer).get(calendar).content.decode()
    assert "govuk-service-navigation__link" in signed_in
    two_factor_device(observer)
    halfway = client_for(observer)
    page = halfway.get(calendar)
    assert page.status_code == 200
    assert "govuk-service-navigation__link" not in page.content.decode()
