"""Walk every URL pattern and check what an anonymous visitor and an outsider get.

Every named URL must have an entry in ACCESS, so a new URL without an access decision fails here.
The outsider is the LA officer of partnership B; every URL of partnership A must be a 404 to them,
for reading and for writing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.sweep_samples import sweep_samples, url_for


@dataclass(frozen=True)
class Access:
    anonymous: int | str
    outsider: int | str
    outsider_post: int | str | None = None


SIGN_IN = "redirect to sign-in"
ADMIN_SIGN_IN = "redirect to admin sign-in"
ANY_REDIRECT = "redirect"
EITHER_SIGN_IN = "redirect to a sign-in page"

PUBLIC = Access(200, 200)
SIGNED_IN = Access(SIGN_IN, 200)
PARTNERSHIP_ONLY = Access(SIGN_IN, 404, outsider_post=404)
# Reached without signing in, but only with a token or a published date: made-up ones find nothing.
PUBLIC_404 = Access(404, 404)

ACCESS: dict[str, Access] = {
    "home": Access(SIGN_IN, ANY_REDIRECT),
    "partnership-choose": SIGNED_IN,
    "sign-in": Access(200, ANY_REDIRECT),
    "sign-out": Access(SIGN_IN, 405),
    "signed-out": PUBLIC,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    "accessibility": PUBLIC,
    "privacy": PUBLIC,
    "health": PUBLIC,
    # Ready in the tests (tasks run in-process, so no worker's heartbeat is asked for); what it says
    # when something fails is tested in tests/test_health_and_metrics.py.
    "health-ready": PUBLIC,
    # The sweep's client is on the scraper's network (127.0.0.1); through the proxy or from anywhere
    # else it is a 404 (tests/test_health_and_metrics.py).
    "metrics": PUBLIC,
    "partnership:home": PARTNERSHIP_ONLY,
    "partnership:messages": PARTNERSHIP_ONLY,
    "partnership:messages-read": PARTNERSHIP_ONLY,
    "partnership:people": PARTNERSHIP_ONLY,
    "partnership:person": PARTNERSHIP_ONLY,
    "partnership:person-add": PARTNERSHIP_ONLY,
    "partnership:role-add": PARTNERSHIP_ONLY,
    "partnership:role-end": PARTNERSHIP_ONLY,
    "partnership:person-disable": PARTNERSHIP_ONLY,
    "partnership:history": PARTNERSHIP_ONLY,
    "schools:school": PARTNERSHIP_ONLY,
    "schools:list": PARTNERSHIP_ONLY,
    "schools:export": PARTNERSHIP_ONLY,
    "schools:needs": PARTNERSHIP_ONLY,
    "schools:triggers": PARTNERSHIP_ONLY,
    "schools:flag-dismiss": PARTNERSHIP_ONLY,
    "schools:networks": PARTNERSHIP_ONLY,
    "schools:network-add": PARTNERSHIP_ONLY,
    "schools:network": PARTNERSHIP_ONLY,
    "schools:network-edit": PARTNERSHIP_ONLY,
    "schools:membership-add": PARTNERSHIP_ONLY,
    "schools:membership-end": PARTNERSHIP_ONLY,
    "schools:leaders": PARTNERSHIP_ONLY,
    "schools:leader-add": PARTNERSHIP_ONLY,
    "schools:leader": PARTNERSHIP_ONLY,
    "schools:leader-edit": PARTNERSHIP_ONLY,
    "schools:imports": PARTNERSHIP_ONLY,
    "schools:import": PARTNERSHIP_ONLY,
    "partnership:priorities": PARTNERSHIP_ONLY,
    "consultation:list": PARTNERSHIP_ONLY,
    "consultation:new": PARTNERSHIP_ONLY,
    # Governors' and observers' page of the open consultations and published summaries.
    "consultation:open-and-published": PARTNERSHIP_ONLY,
    "consultation:detail": PARTNERSHIP_ONLY,
    "consultation:edit": PARTNERSHIP_ONLY,
    "consultation:preview": PARTNERSHIP_ONLY,
    "consultation:section-new": PARTNERSHIP_ONLY,
    "consultation:section-edit": PARTNERSHIP_ONLY,
    "consultation:question-new": PARTNERSHIP_ONLY,
    "consultation:question-edit": PARTNERSHIP_ONLY,
    "consultation:question-delete": PARTNERSHIP_ONLY,
    "consultation:open": PARTNERSHIP_ONLY,
    "consultation:close": PARTNERSHIP_ONLY,
    "consultation:invitations": PARTNERSHIP_ONLY,
    "consultation:offline": PARTNERSHIP_ONLY,
    "consultation:analysis": PARTNERSHIP_ONLY,
    "consultation:export-analysis": PARTNERSHIP_ONLY,
    "consultation:export-responses": PARTNERSHIP_ONLY,
    "consultation:comments": PARTNERSHIP_ONLY,
    "consultation:answer": PARTNERSHIP_ONLY,
    "consultation:theme-merge": PARTNERSHIP_ONLY,
    "consultation:theme-responses": PARTNERSHIP_ONLY,
    "consultation:theme-response-new": PARTNERSHIP_ONLY,
    "consultation:theme-response-edit": PARTNERSHIP_ONLY,
    "consultation:theme-response-approve": PARTNERSHIP_ONLY,
    "consultation:publish": PARTNERSHIP_ONLY,
    "respond-link": PUBLIC_404,
    "respond-invited": PUBLIC_404,
    "respond-step": PUBLIC_404,
    "respond-saved": PUBLIC_404,
    "respond-check": PUBLIC_404,
    "respond-sent": PUBLIC_404,
    "consultation-summary": PUBLIC_404,
    "consultation-summary-pdf": PUBLIC_404,
    "governance:boards": PARTNERSHIP_ONLY,
    "governance:board-new": PARTNERSHIP_ONLY,
    "governance:board": PARTNERSHIP_ONLY,
    "governance:board-edit": PARTNERSHIP_ONLY,
    "governance:terms": PARTNERSHIP_ONLY,
    "governance:seat-new": PARTNERSHIP_ONLY,
    "governance:membership-new": PARTNERSHIP_ONLY,
    "governance:membership-end": PARTNERSHIP_ONLY,
    "governance:balance": PARTNERSHIP_ONLY,
    "governance:interest-new": PARTNERSHIP_ONLY,
    "governance:interest-end": PARTNERSHIP_ONLY,
    "governance:meeting-new": PARTNERSHIP_ONLY,
    "governance:meeting": PARTNERSHIP_ONLY,
    "governance:item-new": PARTNERSHIP_ONLY,
    "governance:item-edit": PARTNERSHIP_ONLY,
    "governance:paper-new": PARTNERSHIP_ONLY,
    "governance:paper": PARTNERSHIP_ONLY,
    "governance:publish": PARTNERSHIP_ONLY,
    "governance:pack": PARTNERSHIP_ONLY,
    "governance:pack-pdf": PARTNERSHIP_ONLY,
    "governance:declare": PARTNERSHIP_ONLY,
    "governance:declare-for": PARTNERSHIP_ONLY,
    "governance:attendance": PARTNERSHIP_ONLY,
    "governance:decision": PARTNERSHIP_ONLY,
    "governance:minutes": PARTNERSHIP_ONLY,
    "governance:minute-request": PARTNERSHIP_ONLY,
    "governance:circulate": PARTNERSHIP_ONLY,
    "governance:action-new": PARTNERSHIP_ONLY,
    "governance:action-done": PARTNERSHIP_ONLY,
    "governance:dashboard": PARTNERSHIP_ONLY,
    "governance:dashboard-schools": PARTNERSHIP_ONLY,
    "governance:term-dates": PARTNERSHIP_ONLY,
    "governance:term-date-edit": PARTNERSHIP_ONLY,
    "governance:reports": PARTNERSHIP_ONLY,
    "governance:report-new": PARTNERSHIP_ONLY,
    "governance:report": PARTNERSHIP_ONLY,
    "governance:report-document": PARTNERSHIP_ONLY,
    "governance:report-pdf": PARTNERSHIP_ONLY,
    "governance:report-progress": PARTNERSHIP_ONLY,
    "governance:report-narrative": PARTNERSHIP_ONLY,
    "governance:report-approve": PARTNERSHIP_ONLY,
    "governance:report-publish": PARTNERSHIP_ONLY,
    "governance:report-retry": PARTNERSHIP_ONLY,
    "governance:case-studies": PARTNERSHIP_ONLY,
    "governance:case-study-add": PARTNERSHIP_ONLY,
    "governance:case-study-edit": PARTNERSHIP_ONLY,
    "governance:case-study-remove": PARTNERSHIP_ONLY,
    # The sample report is published and due, so anyone reads it; an unknown token finds nothing.
    "public-reports": PUBLIC,
    "public-reports-partnership": PUBLIC,
    "public-report": PUBLIC,
    "public-report-pdf": PUBLIC,
    "public-reports-unsubscribe": PUBLIC_404,
    "public-meetings": Access(200, 200),
    "public-meeting": PUBLIC_404,
    "public-meeting-pack": PUBLIC_404,
    "support:cases": PARTNERSHIP_ONLY,
    "support:export": PARTNERSHIP_ONLY,
    "support:team": PARTNERSHIP_ONLY,
    "support:case-open": PARTNERSHIP_ONLY,
    "support:case": PARTNERSHIP_ONLY,
    "support:needs": PARTNERSHIP_ONLY,
    "support:escalate": PARTNERSHIP_ONLY,
    "support:close": PARTNERSHIP_ONLY,
    "support:watch": PARTNERSHIP_ONLY,
    "support:share": PARTNERSHIP_ONLY,
    "support:agreement-new": PARTNERSHIP_ONLY,
    # The termly brief for governors (decision 0036): a draft is a 404 to governors too.
    "support:brief-prepare": PARTNERSHIP_ONLY,
    "support:brief": PARTNERSHIP_ONLY,
    "support:brief-approve": PARTNERSHIP_ONLY,
    "support:brief-approval-record": PARTNERSHIP_ONLY,
    "support:agreements": PARTNERSHIP_ONLY,
    "support:link-declare": PARTNERSHIP_ONLY,
    "support:agreement": PARTNERSHIP_ONLY,
    "support:agree": PARTNERSHIP_ONLY,
    "support:answer-record": PARTNERSHIP_ONLY,
    "support:answer-document": PARTNERSHIP_ONLY,
    "support:objective-new": PARTNERSHIP_ONLY,
    "support:action-new": PARTNERSHIP_ONLY,
    "support:action-done": PARTNERSHIP_ONLY,
    "support:visit-new": PARTNERSHIP_ONLY,
    "support:visit-answer": PARTNERSHIP_ONLY,
    "support:visit-log": PARTNERSHIP_ONLY,
    "support:log-new": PARTNERSHIP_ONLY,
    "support:review-new": PARTNERSHIP_ONLY,
    "support:review-rate": PARTNERSHIP_ONLY,
    "support:review-comment": PARTNERSHIP_ONLY,
    "support:review-qa": PARTNERSHIP_ONLY,
    "partnership:priority-add": PARTNERSHIP_ONLY,
    "partnership:priority-edit": PARTNERSHIP_ONLY,
    "schools:records-grant-add": PARTNERSHIP_ONLY,
    "schools:records-grant-revoke": PARTNERSHIP_ONLY,
    # The access log: LA administrators search it; a school's page is for its head and the LA.
    "partnership:access-log": PARTNERSHIP_ONLY,
    "partnership:access-log-export": PARTNERSHIP_ONLY,
    "schools:access-log": PARTNERSHIP_ONLY,
    "partnership:subject-access": PARTNERSHIP_ONLY,
    "partnership:retention": PARTNERSHIP_ONLY,
    "my-data": SIGNED_IN,
    # The data-sharing agreement and schools' consent to it.
    "partnership:sharing": PARTNERSHIP_ONLY,
    "partnership:sharing-new": PARTNERSHIP_ONLY,
    "partnership:sharing-version": PARTNERSHIP_ONLY,
    "partnership:sharing-edit": PARTNERSHIP_ONLY,
    "partnership:sharing-publish": PARTNERSHIP_ONLY,
    "schools:consents": PARTNERSHIP_ONLY,
    "schools:consents-remind": PARTNERSHIP_ONLY,
    "schools:consent": PARTNERSHIP_ONLY,
    "schools:consent-sign": PARTNERSHIP_ONLY,
    "schools:consent-withdraw": PARTNERSHIP_ONLY,
    "schools:consent-chair": PARTNERSHIP_ONLY,
    "partnership:two-factor-reset": PARTNERSHIP_ONLY,
    "partnership:person-sessions-end": PARTNERSHIP_ONLY,
    # A person's own account: anyone signed in, about themselves only.
    "account:account": SIGNED_IN,
    "account:email-choices": SIGNED_IN,
    "account:two-factor-set-up": SIGNED_IN,
    "account:two-factor-code": Access(SIGN_IN, ANY_REDIRECT),  # no app yet: on to set-up
    "account:recovery-codes": Access(SIGN_IN, ANY_REDIRECT),  # not verified with a code
    "account:sessions": SIGNED_IN,
    "account:session-end": Access(SIGN_IN, 404),  # someone else's session
    "account:sessions-end-others": SIGNED_IN,
}
# The Django admin is for platform operators only: anyone else signed in goes to its sign-in page.
ADMIN_ACCESS = {
    "admin:login": Access(200, 200),
    "admin:logout": Access(EITHER_SIGN_IN, ANY_REDIRECT),
}
ADMIN_DEFAULT = Access(EITHER_SIGN_IN, ADMIN_SIGN_IN)


def all_url_names(resolver=None, namespace: str | None = None) -> list[str]:
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            names += all_url_names(pattern, full)
        elif isinstance(pattern, URLPattern):
            if pattern.name is None and namespace == "admin":
                continue  # the admin's unnamed patterns only redirect to its named ones
            if pattern.name is None:
                raise AssertionError(f"URL pattern {pattern.pattern} has no name, so it cannot be swept")
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return sorted(set(names))


@pytest.fixture
def sample_kwargs(partnership_a, school_x, head_x, la_admin_a, board_member_a):
    return sweep_samples(partnership_a, school_x, head_x, la_admin_a, board_member_a)


# Whole namespaces with one rule. Every inclusion page is for signed-in members of the partnership
# alone: pupil-level records, and the aggregates built from them (decision 0020). Who within the
# partnership sees what is tested page by page in inclusion/tests/.
NAMESPACE_ACCESS = {"inclusion": PARTNERSHIP_ONLY}


def access_for(name: str) -> Access:
    if name in ACCESS:
        return ACCESS[name]
    if name.partition(":")[0] in NAMESPACE_ACCESS:
        return NAMESPACE_ACCESS[name.partition(":")[0]]
    if name.startswith("admin:"):
        return ADMIN_ACCESS.get(name, ADMIN_DEFAULT)
    raise AssertionError(f"URL {name!r} has no access decision in the sweep: add it to ACCESS")


def check(response, expected, name: str, who: str) -> None:
    status = response.status_code
    if expected == SIGN_IN:
        assert status == 302 and response["Location"].startswith(reverse("sign-in")), (
            name,
            who,
            status,
        )
    elif expected == ADMIN_SIGN_IN:
        assert status == 302 and response["Location"].startswith(reverse("admin:login")), (
            name,
            who,
            status,
        )
    elif expected == EITHER_SIGN_IN:
        location = response.get("Location", "")
        assert status == 302 and location.startswith((reverse("sign-in"), reverse("admin:login"))), (
            name,
            who,
            status,
        )
    elif expected == ANY_REDIRECT:
        assert status == 302, (name, who, status)
    else:
        assert status == expected, (name, who, status, response.get("Location"))


def test_every_url_has_an_access_decision():
    for name in all_url_names():
        access_for(name)


def test_sweep_knows_no_url_that_is_gone():
    names = set(all_url_names())
    assert set(ACCESS) <= names, set(ACCESS) - names


@pytest.mark.django_db
def test_anonymous_visitor_gets_only_public_pages(anonymous, sample_kwargs):
    for name in all_url_names():
        url = url_for(name, sample_kwargs)
        check(anonymous.get(url), access_for(name).anonymous, name, "anonymous")


@pytest.mark.django_db
def test_outsider_from_partnership_b_reaches_nothing_of_partnership_a(
    client_for, la_officer_b, sample_kwargs
):
    client = client_for(la_officer_b)
    for name in all_url_names():
        url = url_for(name, sample_kwargs)
        access = access_for(name)
        check(client.get(url), access.outsider, name, "outsider")
        if access.outsider_post is not None:
            check(
                client.post(url, {"reason": "x", "role": "observer"}),
                access.outsider_post,
                name,
                "outsider POST",
            )


@pytest.mark.django_db
def test_outsider_cannot_see_that_partnership_a_records_exist(client_for, la_officer_b, sample_kwargs):
    """A record that exists and one that does not give the same page."""
    client = client_for(la_officer_b)
    real = client.get(
        reverse("schools:school", kwargs={"partnership_slug": "pa", "urn": sample_kwargs["urn"]})
    )
    made_up = client.get(reverse("schools:school", kwargs={"partnership_slug": "pa", "urn": 999999}))
    assert real.status_code == made_up.status_code == 404

    def without_csrf(response):
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)

    assert without_csrf(real) == without_csrf(made_up)


@pytest.mark.django_db
def test_partnership_b_urls_with_partnership_a_ids_find_nothing(client_for, la_officer_b, sample_kwargs):
    """The real risk: a member of B asking B's own pages for A's records by their ids."""
    client = client_for(la_officer_b)
    own = {**sample_kwargs, "partnership_slug": "pb"}
    for name in all_url_names():
        if not name.startswith(
            ("partnership:", "schools:", "support:", "consultation:", "governance:", "inclusion:")
        ):
            continue
        url = url_for(name, own)
        keys = {k for k in own if k != "partnership_slug" and _takes(name, k)}
        if not keys:
            continue  # a list page: it shows B's own records, tested elsewhere
        # A page that only takes a POST answers a GET with 405 before it looks anything up.
        assert client.get(url).status_code in {404, 405}, (name, url)
        assert client.post(url, {"reason": "x"}).status_code == 404 or (
            client.get(url).status_code == 404 and client.post(url, {"reason": "x"}).status_code == 405
        ), (name, url)


def _takes(name: str, key: str) -> bool:
    """Whether the URL pattern takes this argument, with or without a converter (<int:key>)."""
    return re.search(rf"<(?:\w+:)?{key}>", str(_pattern_of(name))) is not None


def _pattern_of(name: str):
    from django.urls import get_resolver

    namespace, _, short = name.partition(":")
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == namespace:
            for inner in _flattened(pattern.url_patterns):
                if getattr(inner, "name", None) == short:
                    return inner.pattern
    return ""


def _flattened(patterns):
    """An app's patterns, with those it includes under a prefix (governance's boards/ and reports/)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace is None:
            yield from _flattened(pattern.url_patterns)
        else:
            yield pattern


@pytest.mark.django_db
def test_inclusion_officer_of_b_finds_none_of_a_s_pupil_records(client_for, partnership_b, sample_kwargs):
    """An LA inclusion officer sees every pupil in their own partnership, so they are the person to
    try: B's inclusion pages asked for A's records by their ids find nothing."""
    from partnership.models import Role
    from tests.factories import RoleFactory, UserFactory

    officer_b = UserFactory(full_name="Bryn Inclusion", email="bryn@b.test")
    RoleFactory(user=officer_b, partnership=partnership_b, role=Role.INCLUSION_OFFICER)
    client = client_for(officer_b)
    own = {**sample_kwargs, "partnership_slug": "pb"}
    tried = 0
    for name in all_url_names():
        if not name.startswith("inclusion:"):
            continue
        url = url_for(name, own)
        keys = {k for k in own if k != "partnership_slug" and _takes(name, k)}
        if not keys:
            continue
        tried += 1
        assert client.get(url).status_code == 404, (name, url)
        assert client.post(url, {"reason": "x"}).status_code in {404, 405}, (name, url)
    assert tried > 10, tried
