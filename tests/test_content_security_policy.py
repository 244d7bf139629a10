"""The content security policy: every page says where its scripts, styles and images may come from
(the portal itself), and no template holds anything the policy would block."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy_of(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def test_a_public_page_carries_the_policy(client):
    assert policy_of(client.get(reverse("sign-in"))) == POLICY


def test_a_signed_in_page_carries_the_policy(client_for, la_officer_a):
    client = client_for(la_officer_a)
    response = client.get(reverse("partnership:home", kwargs={"partnership_slug": "pa"}))
    assert response.status_code == 200
    assert policy_of(response) == POLICY


def test_the_admin_carries_the_same_policy_with_no_exception(client_for, la_admin_a):
    la_admin_a.is_staff = la_admin_a.is_superuser = True
    la_admin_a.save()
    response = client_for(la_admin_a).get(reverse("admin:index"))
    assert response.status_code == 200
    assert policy_of(response) == POLICY


def template_files() -> list[Path]:
    """Every template the portal can render: the project's and each of its own apps'."""
    apps = ["partnership", "schools", "consultation", "inclusion", "support", "governance"]
    folders = [ROOT / "templates", *(ROOT / app / "templates" for app in apps)]
    return sorted(path for folder in folders if folder.exists() for path in folder.rglob("*.html"))


# An inline script: a <script> element with anything but white space inside it.
INLINE_SCRIPT = re.compile(r"<script\b[^>]*>\s*[^<\s]", re.I)
# An event handler attribute: onclick=, onload=, onsubmit= and the rest.
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I | re.S)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I | re.S)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
JAVASCRIPT_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.I)


def test_the_scan_finds_templates_and_would_catch_each_kind_of_inline_code():
    assert len(template_files()) > 100
    assert INLINE_SCRIPT.search('<script nonce="x">\n  alert(1)</script>')
    assert not INLINE_SCRIPT.search('<script type="module" src="/static/dist/app.mjs"></script>')
    assert EVENT_HANDLER.search('<button class="govuk-button"\n  onclick="go()">')
    assert not EVENT_HANDLER.search('<a href="/" class="button-online">')
    assert STYLE_ATTRIBUTE.search('<span style="color: red">')
    assert not STYLE_ATTRIBUTE.search('<link rel="stylesheet" href="/x.css">')
    assert JAVASCRIPT_URL.search('<a href="javascript:void(0)">')


@pytest.mark.parametrize(
    "rule, pattern",
    [
        ("an inline <script>", INLINE_SCRIPT),
        ("an on… event handler attribute", EVENT_HANDLER),
        ("a style attribute", STYLE_ATTRIBUTE),
        ("a <style> block", STYLE_ELEMENT),
        ("a javascript: URL", JAVASCRIPT_URL),
    ],
)
def test_no_template_holds_inline_code_the_policy_would_block(rule, pattern):
    found = [
        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}"
        for path in template_files()
        for text in [path.read_text(encoding="utf-8")]
        for match in pattern.finditer(text)
    ]
    assert not found, f"Templates with {rule}, which the content security policy blocks: {found}"
