"""Playwright driving Debian's Chromium against the live test server (SQLite or PostgreSQL)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import require_service
from tests.factories import TEST_PASSWORD

# Playwright's sync API runs an event loop in the test's thread; the live server's database work is
# still synchronous, so Django's guard against async use does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="session")
def browser():
    require_service(Path(CHROMIUM).exists(), f"Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
    )
    yield browser
    browser.close()
    playwright.stop()


def _new_page(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def page_without_javascript(browser, live_server):
    context, page = _new_page(browser, live_server, java_script_enabled=False)
    yield page
    context.close()


def sign_in(page, user, password: str = TEST_PASSWORD, *, code=None) -> None:
    """Sign in with a password, and then, if the code page appears, with `code`: a code, or a
    callable that makes one when the page is there (e.g. lambda: totp_code(device, steps_ahead=1))."""
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if code is not None and "/account/two-factor/code/" in page.url:
        page.get_by_label("Code", exact=True).fill(code() if callable(code) else code)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def watch_csp(page) -> list[str]:
    """Collect every content security policy violation the page reports, from now on."""
    violations: list[str] = []

    def note(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", note)
    return violations


def assert_accessible(page) -> None:
    """Run axe-core on the page and fail on any violation, saying what and where."""
    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is missing: run `npm ci`")
    # A click that follows a link returns once the navigation has begun: check the page that came,
    # not the one it replaced half way through.
    page.wait_for_load_state("load")
    # Evaluated through the browser's debugging channel, which the content security policy does not
    # govern: a <script> tag added to the page would be refused as inline script.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert not violations, f"axe-core found violations on {page.url}:\n" + json.dumps(violations, indent=2)
