"""The production-shape check: the portal built and run as docker-compose.yml deploys it, and used
through its reverse proxy over HTTPS in a real browser (decision 0023).

The front-end assets are built and collected with the production storage, as the Dockerfile does.
Then, as separate processes on PostgreSQL and Redis, with the commands and environment read from
docker-compose.yml (tests/production_shape.py): the migrations, two gunicorn web processes in
production mode, a Celery worker and beat, and nginx with the compose file's configuration and a
certificate made now with openssl. Each portal process has a MEDIA_ROOT of its own, so anything kept
on one process's disk would be lost to the others. Chromium then signs in with two-factor sign-in,
uploads a paper and a school register, makes a termly report through the worker, approves and
publishes it, and downloads the PDF from the public page. The proxy's access log shows which web
process answered each request: the session, the uploaded paper and the report must work whichever
answered. A static file missing from the build, or a setting that breaks only in production, fails.

Without PostgreSQL, Redis, nginx, openssl, npm or Chromium this is skipped on a laptop and fails
under CI=true. It takes about a minute.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest
from django.db import connection
from playwright.sync_api import expect

from conftest import require_service
from tests.browser.conftest import sign_in, watch_csp
from tests.celery_processes import database_url_for, wait_for
from tests.factories import TEST_PASSWORD, totp_code
from tests.production_shape import (
    Process,
    access_log,
    base_environment,
    executable,
    free_port,
    nginx_main_config,
    nginx_template,
    plan,
    proxy_variables,
    render_template,
    self_signed_certificate,
    web_replicas,
)
from tests.test_celery_worker import redis_is_up

pytestmark = [pytest.mark.browser, pytest.mark.production_shape]

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
PAPER = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The check's own Redis database, so that its worker takes no one else's tasks.
REDIS_DB = int(os.environ.get("PRODUCTION_SHAPE_REDIS_DB", "11"))
SPOOFED = "203.0.113.9"


def build_environment(**extra) -> dict[str, str]:
    """What the Dockerfile's collectstatic step has: the image's DJANGO_ENV and build-only values."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "DJANGO_ENV=production" in dockerfile
    assert "SECRET_KEY=build-only ALLOWED_HOSTS=build.invalid python manage.py collectstatic" in dockerfile
    return {
        **base_environment(),
        "DJANGO_ENV": "production",
        "SECRET_KEY": "build-only",
        "ALLOWED_HOSTS": "build.invalid",
        **extra,
    }


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """The Dockerfile's asset steps: `npm run build`, then collectstatic with the production storage."""
    npm = shutil.which("npm")
    require_service(npm is not None and (ROOT / "node_modules" / "sass").exists(), "npm with node_modules")
    build = subprocess.run(
        [npm, "run", "--silent", "build"], cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert build.returncode == 0, build.stdout + build.stderr
    root = tmp_path_factory.mktemp("staticfiles")
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=build_environment(STATIC_ROOT=str(root)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collect.returncode == 0, collect.stdout + collect.stderr
    return root


def test_the_built_stylesheets_name_only_files_that_were_collected(static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    for name in ("dist/app.css", "dist/govuk-frontend.min.js", "dist/app.mjs", "dist/favicon.svg"):
        assert (static_root / manifest[name]).exists(), name
    css = (static_root / manifest["dist/app.css"]).read_text()
    urls = set(re.findall(r"url\(\s*['\"]?([^'\")]+)", css))
    assert urls, "app.css names no files: has the build changed?"
    for url in urls:
        if url.startswith("data:"):
            continue
        assert url.startswith("/static/") and (static_root / url.removeprefix("/static/")).exists(), url


# --- The deployment ------------------------------------------------------------------------------


class Deployment:
    def __init__(self, tmp: Path, static: Path):
        self.tmp = tmp
        self.static = static
        self.processes: list[Process] = []
        self.web_ports = []
        self.https_port = free_port()
        self.http_port = free_port()
        self.url = f"https://127.0.0.1:{self.https_port}"
        self.access_log = tmp / "proxy" / "access.log"

    def start(self, database_url: str, redis_url: str) -> None:
        self.web_ports = [free_port() for _ in range(web_replicas())]
        variables = {
            # The values a deployer sets in the environment or a .env file.
            "SECRET_KEY": "production-shape-" + os.urandom(24).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": self.url,
        }
        addresses = {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "TRUSTED_PROXIES": "127.0.0.1"}
        self.planned = plan(
            variables=variables,
            addresses=addresses,
            web_ports=self.web_ports,
            schedule=self.tmp / "celerybeat-schedule",
            static_root=self.static,
            media_root=self.tmp / "media",
        )
        logs = self.tmp / "logs"
        logs.mkdir()
        for planned in self.planned:
            # Each container has a home of its own (gunicorn keeps its control socket there).
            home = self.tmp / "home" / planned.name
            home.mkdir(parents=True)
            env = {**base_environment(), **planned.env, "HOME": str(home)}
            if planned.service == "migrate":
                # compose starts the others only once migrate has finished without error.
                done = subprocess.run(
                    executable(planned.argv), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
                )
                assert done.returncode == 0, done.stdout + done.stderr
                continue
            process = Process(
                planned.name, executable(planned.argv), env=env, log=logs / f"{planned.name}.log"
            )
            self.processes.append(process)
        for process, planned in zip(self.processes, self.planned[1:], strict=True):
            if planned.service == "web":
                port = int(planned.argv[planned.argv.index("--bind") + 1].rsplit(":", 1)[1])
                process.wait_until(
                    lambda port=port: http_status(port, "/health/") == 200, what=f"{process.name}"
                )
            elif planned.service == "worker":
                process.wait_for_output("ready.")
            else:
                process.wait_for_output("beat: Starting...")
        self.start_proxy()

    def start_proxy(self) -> None:
        proxy = self.tmp / "proxy"
        proxy.mkdir()
        self.certificate, key = self_signed_certificate(proxy)
        site = proxy / "default.conf"
        site.write_text(
            render_template(
                nginx_template().read_text(),
                proxy_variables(
                    web_ports=self.web_ports,
                    http_port=self.http_port,
                    https_port=self.https_port,
                    certificate=self.certificate,
                    key=key,
                    access_log=self.access_log,
                ),
            )
        )
        main = proxy / "nginx.conf"
        main.write_text(nginx_main_config(site=site, prefix=proxy))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        test = subprocess.run(
            [nginx, "-t", "-q", "-p", str(proxy), "-e", str(proxy / "error.log"), "-c", str(main)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert test.returncode == 0, test.stderr
        process = Process(
            "proxy",
            [nginx, "-p", str(proxy), "-e", str(proxy / "error.log"), "-c", str(main), "-g", "daemon off;"],
            env=base_environment(),
            log=self.tmp / "logs" / "proxy.log",
        )
        self.processes.append(process)
        process.wait_until(lambda: self.https("GET", "/health/")[0] == 200, what="nginx to serve HTTPS")

    def tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.certificate))

    def https(self, method: str, path: str, *, headers=None, body=None) -> tuple[int, dict, bytes]:
        """A request through the proxy, checking its certificate."""
        try:
            conn = http.client.HTTPSConnection("127.0.0.1", self.https_port, context=self.tls(), timeout=30)
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        except OSError:
            return 0, {}, b""

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in reversed(self.processes):
            process.stop()

    def logs(self) -> str:
        return "\n".join(f"--- {p.name} ---\n{p.output()[-4000:]}" for p in self.processes)


def http_status(port: int, path: str, *, source: str = "127.0.0.1", headers=None) -> int:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
        conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        return conn.getresponse().status
    except OSError:
        return 0


def direct(port: int, path: str, *, source: str, headers: dict) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
    return conn.getresponse()


@pytest.fixture(scope="module")
def services():
    """What the deployment runs on, looked for before anything is built."""
    require_service(connection.vendor == "postgresql", "PostgreSQL at DATABASE_URL")
    redis_url = os.environ.get("REDIS_URL", "")
    require_service(redis_is_up(redis_url), f"Redis at REDIS_URL ({redis_url or 'unset'})")
    require_service(bool(shutil.which("nginx") or Path("/usr/sbin/nginx").exists()), "nginx")
    require_service(bool(shutil.which("openssl")), "openssl")
    return redis_url


@pytest.fixture
def deployment(services, static_root, transactional_db, tmp_path):
    import redis

    redis_url = urlunparse(urlparse(services)._replace(path=f"/{REDIS_DB}"))
    redis.Redis.from_url(redis_url).flushdb()
    started = Deployment(tmp_path, static_root)
    try:
        started.start(database_url_for(connection.settings_dict["NAME"]), redis_url)
        yield started
        for process in started.processes:
            assert process.alive(), f"{process.name} stopped:\n{process.output()[-3000:]}"
        # The beat read its schedule and keeps it in its file, in production mode; its entries are
        # hourly and daily, so none fires while the check runs (test_report_worker sees them fire).
        assert list(tmp_path.glob("celerybeat-schedule*")), "the beat wrote no schedule"
        # Nothing any process kept on its own disk: files are in the database.
        kept = [str(path) for path in (tmp_path / "media").rglob("*") if path.is_file()]
        assert kept == [], f"Files kept on a process's own disk: {kept}"
    finally:
        # Shown by pytest only if the test failed.
        print(started.logs())
        started.stop()
        redis.Redis.from_url(redis_url).flushdb()


# --- The journey ---------------------------------------------------------------------------------


@pytest.fixture
def people(transactional_db):
    """An LA officer who must use two-factor sign-in, in a partnership with schools, support and a
    board meeting with an agenda item; passwords hashed as production hashes them."""
    import datetime as dt

    from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
    from django.utils import timezone

    from governance.models import AgendaItem, Board, Meeting
    from tests.factories import two_factor_device
    from tests.test_report_worker import partnership_with_support

    partnership, officer = partnership_with_support("shape", "938")
    officer.password = make_password(TEST_PASSWORD, hasher=PBKDF2PasswordHasher())
    officer.save(update_fields=["password"])
    device = two_factor_device(officer)
    board = Board.objects.create(partnership=partnership, name="Strategic Group", clerk=officer)
    meeting = Meeting.objects.create(board=board, starts_at=timezone.now() + dt.timedelta(days=21))
    item = AgendaItem.objects.create(meeting=meeting, title="Reading projects")
    return {
        "partnership": partnership,
        "officer": officer,
        "device": device,
        "meeting": meeting,
        "item": item,
    }


def test_the_portal_as_deployed(deployment, people, browser, tmp_path):
    from governance.models import Paper, Report
    from leep.filestore.models import StoredFile
    from partnership.models import SecurityEvent
    from schools.models import ImportRun

    partnership, officer, item = people["partnership"], people["officer"], people["item"]
    slug, meeting = partnership.slug, people["meeting"]
    url = deployment.url

    # Plain HTTP is sent to HTTPS, and HTTPS carries production's headers and secure cookies.
    plain = http.client.HTTPConnection("127.0.0.1", deployment.http_port, timeout=10)
    plain.request("GET", "/sign-in/")
    redirect = plain.getresponse()
    assert redirect.status == 301 and redirect.getheader("Location").startswith("https://")
    status, headers, body = deployment.https("GET", "/sign-in/")
    assert status == 200, body[:2000]
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "; Secure" in headers["Set-Cookie"], headers["Set-Cookie"]
    stylesheet = re.search(rb'href="(/static/dist/app\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the sign-in page links the hashed stylesheet from the manifest"
    # Ready: the database, Redis and the real worker's heartbeat, through the proxy; the metrics are
    # never passed on; the proxy's request id comes back from the portal.
    status, headers, body = deployment.https("GET", "/health/ready/")
    assert (status, body) == (200, b"ok"), body[:500]
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    assert deployment.https("GET", "/metrics")[0] == 404
    status, headers, css = deployment.https("GET", stylesheet[1].decode())
    assert status == 200 and "immutable" in headers.get("Cache-Control", "")
    for named in set(re.findall(rb'url\("?(/static/[^")]+)', css)):
        assert deployment.https("GET", named.decode())[0] == 200, named

    context = browser.new_context(base_url=url, locale="en-GB", ignore_https_errors=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    violations = watch_csp(page)

    # Sign in with a password and the authenticator app's code.
    sign_in(page, officer, code=lambda: totp_code(people["device"]))
    assert page.url == f"{url}/p/{slug}/", page.url
    font = page.locator("h1").first.evaluate("element => getComputedStyle(element).fontFamily")
    assert "Helvetica" in font, "the stylesheet was not applied"

    # A paper uploaded through one web process, downloaded through each.
    paper = tmp_path / "reading-projects.pdf"
    paper.write_bytes(PAPER)
    page.goto(f"/p/{slug}/boards/meetings/{meeting.pk}/items/{item.pk}/papers/new/")
    page.get_by_label("Title").fill("Reading projects: costs")
    page.get_by_label("File").set_input_files(str(paper))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The paper has been added.")).to_be_visible()
    saved = Paper.objects.get(item=item)
    assert StoredFile.objects.filter(name=saved.file.name, size=len(PAPER)).exists()
    paper_url = f"/p/{slug}/boards/meetings/{meeting.pk}/papers/{saved.pk}/"
    for _ in range(4):
        download = page.request.get(paper_url)
        assert download.status == 200 and download.body() == PAPER

    # A school register uploaded through a web process is read by the worker.
    register = tmp_path / "register.csv"
    rows = (ROOT / "data" / "rotherham" / "gias_establishments.csv").read_bytes().splitlines(keepends=True)
    register.write_bytes(b"".join(rows[:6]))
    page.goto(f"/p/{slug}/imports/")
    page.get_by_label("School register (GIAS establishment extract)").check()
    page.get_by_label("CSV file").set_input_files(str(register))
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    run = ImportRun.objects.get(partnership=partnership)
    wait_for(lambda: ImportRun.objects.get(pk=run.pk).is_finished, timeout=60, what="the worker to import")
    run.refresh_from_db()
    assert (run.status, run.created, run.error) == ("done", 5, "")

    # A termly report made by the worker, approved and published.
    page.goto(f"/p/{slug}/reports/new/")
    page.get_by_label("Reason").fill("Strategic Group meets next week")
    page.get_by_role("button", name="Make the report").click()
    report = wait_for(
        lambda: Report.objects.filter(partnership=partnership).first(),
        timeout=30,
        what="the report to be queued",
    )
    wait_for(
        lambda: Report.objects.get(pk=report.pk).status in {"draft", "failed"},
        timeout=150,
        interval=0.5,
        what="the worker to make the report",
    )
    report.refresh_from_db()
    assert report.status == "draft", report.error
    page.reload()
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()
    page.get_by_role("link", name="Write the narrative").click()
    page.get_by_label("Key messages").fill("The partnership's figures for the term.")
    page.get_by_label("What the partnership did this term").fill("The group met.")
    page.get_by_label("Next steps").fill("Meet again next term.")
    page.get_by_role("button", name="Save the narrative").click()
    expect(page.get_by_text("The narrative is saved")).to_be_visible()
    page.get_by_role("link", name="Approve").click()
    page.get_by_label("I have read the draft report").check()
    page.get_by_label("Reason").fill("Read and checked")
    page.get_by_role("button", name="Approve the report").click()
    expect(page.get_by_text("The report is approved")).to_be_visible()
    page.get_by_role("link", name="Publish").click()
    page.get_by_label("Reason").fill("Agreed by the group")
    page.get_by_role("button", name="Publish the report").click()
    expect(page.get_by_text("The report is published")).to_be_visible()
    assert "/sign-in/" not in page.url
    context.close()

    # Anyone reads the public page and downloads the PDF.
    visitor_context = browser.new_context(base_url=url, locale="en-GB", ignore_https_errors=True)
    visitor = visitor_context.new_page()
    visitor_violations = watch_csp(visitor)
    visitor.goto("/reports/")
    visitor.get_by_role("link", name=partnership.name).click()
    link = visitor.get_by_role("link", name="download the PDF")
    pdf = visitor.request.get(url + link.get_attribute("href"))
    report.refresh_from_db()
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body() == bytes(report.pdf) and pdf.body().startswith(b"%PDF")
    visitor.get_by_role("link", name="read it").click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Termly scrutiny report")
    visitor_context.close()
    assert violations == [] and visitor_violations == []

    # The forwarding headers are believed from the proxy only. Through the proxy, a client's own
    # X-Forwarded-For is not taken for its address...
    spoofer = browser.new_context(
        base_url=url, ignore_https_errors=True, extra_http_headers={"X-Forwarded-For": SPOOFED}
    )
    attempt = spoofer.new_page()
    attempt.goto("/sign-in/")
    attempt.get_by_label("Email address").fill("nobody@example.org")
    attempt.get_by_label("Password").fill("not the password")
    attempt.get_by_role("button", name="Sign in").click()
    attempt.wait_for_load_state()
    spoofer.close()
    failed = wait_for(
        lambda: SecurityEvent.objects.filter(
            kind=SecurityEvent.Kind.SIGN_IN_FAILED, email="nobody@example.org"
        ).first(),
        timeout=10,
        what="the failed sign-in to be logged",
    )
    assert failed.ip_address == "127.0.0.1"
    # ...and a client that reaches a web process directly cannot pass itself off as HTTPS, while the
    # proxy's own address can.
    web = deployment.web_ports[0]
    forged = {"X-Forwarded-Proto": "https", "X-Forwarded-For": SPOOFED}
    refused = direct(web, "/sign-in/", source="127.0.0.3", headers=forged)
    assert refused.status == 301 and refused.getheader("Location").startswith("https://127.0.0.1/")
    assert direct(web, "/sign-in/", source="127.0.0.1", headers=forged).status == 200

    # A body larger than the largest upload is refused by the proxy before any of it is sent.
    conn = http.client.HTTPSConnection(
        "127.0.0.1", deployment.https_port, context=deployment.tls(), timeout=30
    )
    conn.putrequest("POST", "/sign-in/")
    conn.putheader("Content-Type", "application/octet-stream")
    conn.putheader("Content-Length", str(60 * MB))
    conn.endheaders()
    assert conn.getresponse().status == 413

    # What the proxy saw: both web processes served the signed-in session, the paper uploaded
    # through one was downloaded through the other, and nothing failed.
    time.sleep(0.5)  # nginx writes each line when the response has been sent
    log = access_log(deployment.access_log)
    assert all(entry.request_id for entry in log)
    upstreams = {f"127.0.0.1:{port}" for port in deployment.web_ports}
    signed_in = {e.upstream for e in log if e.path.startswith(f"/p/{slug}/") and e.status == 200}
    assert signed_in == upstreams, signed_in
    (upload,) = [e for e in log if e.method == "POST" and e.path.endswith("/papers/new/")]
    assert upload.status == 302
    served = {e.upstream for e in log if e.path == paper_url and e.status == 200}
    assert served == upstreams and served - {upload.upstream}
    assert [e for e in log if e.status >= 500] == []
    # 499: the browser gave up on a file it no longer needed, as it left the page.
    assert [e for e in log if e.path.startswith("/static/") and e.status not in {200, 304, 499}] == []
    assert all(e.client == "127.0.0.1" for e in log)
