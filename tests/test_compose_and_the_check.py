"""docker-compose.yml and the production-shape check run the same portal (decision 0023).

The check (tests/browser/test_production_shape.py) reads its commands, environment and nginx
configuration from docker-compose.yml; these tests hold what it may change to where things are on
one machine, and hold compose to what the check proves: one proxy in front, ending TLS, the only
published service, the only address whose forwarding headers are believed, and the same request
size limit as the portal's.
"""

import ipaddress
import re
from pathlib import Path

import pytest

from tests.production_shape import (
    ALLOWED_CHANGES,
    NGINX_TEMPLATE_TARGET,
    PORTAL_SERVICES,
    compose,
    compose_argv,
    compose_environment,
    interpolate,
    nginx_template,
    plan,
    proxy_variables,
    render_template,
    web_replicas,
)

ROOT = Path(__file__).resolve().parent.parent
SERVICES = compose()["services"]
VARIABLES = {
    "SECRET_KEY": "k",
    "ALLOWED_HOSTS": "portal.example.org",
    "SITE_URL": "https://portal.example.org",
}
ADDRESSES = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
    "REDIS_URL": "redis://127.0.0.1:6379/11",
    "TRUSTED_PROXIES": "127.0.0.1",
}


@pytest.fixture
def planned(tmp_path):
    return plan(
        variables=VARIABLES,
        addresses=ADDRESSES,
        web_ports=[18001 + n for n in range(web_replicas())],
        schedule=tmp_path / "schedule",
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
    )


def template_text() -> str:
    return nginx_template().read_text()


def test_the_check_runs_every_service_compose_builds_and_nothing_else():
    built = {name for name, service in SERVICES.items() if "build" in service}
    assert built == set(PORTAL_SERVICES)
    assert set(SERVICES) == built | {"proxy", "postgres", "redis", "backup"}


def test_the_check_runs_two_web_processes_as_compose_does(planned):
    assert web_replicas() == 2
    assert [p.name for p in planned] == ["migrate", "web-1", "web-2", "worker", "beat"]


def test_the_check_runs_composes_commands_changing_only_where_things_are(planned):
    for process in planned:
        expected = compose_argv(process.service)
        assert len(process.argv) == len(expected), process.name
        for position, (ran, composed) in enumerate(zip(process.argv, expected, strict=True)):
            if ran != composed:
                assert expected[position - 1] in ALLOWED_CHANGES["options"], (process.name, composed, ran)
    web = [p for p in planned if p.service == "web"]
    assert [p.argv[p.argv.index("--bind") + 1] for p in web] == ["127.0.0.1:18001", "127.0.0.1:18002"]


def test_the_check_runs_composes_environment_changing_only_addresses(planned):
    for process in planned:
        expected = compose_environment(process.service, VARIABLES)
        assert set(process.env) == set(expected) | ALLOWED_CHANGES["added"] - {"HOME"}, process.name
        changed = {name for name in expected if process.env[name] != expected[name]}
        assert changed <= ALLOWED_CHANGES["environment"], (process.name, changed)
    # Each process has a disk of its own, as each container has.
    assert len({p.env["MEDIA_ROOT"] for p in planned}) == len(planned)


def test_compose_needs_the_deployers_values():
    for name in VARIABLES:
        with pytest.raises(KeyError, match=name):
            compose_environment("web", {k: v for k, v in VARIABLES.items() if k != name})


@pytest.mark.parametrize(
    "value, expected",
    [
        ("${A}", "a"),
        ("${UNSET:-default}", "default"),
        ("${EMPTY:-default}", "default"),
        ("${EMPTY-default}", ""),
        ("$${A}", "${A}"),
        ("x${A}y", "xay"),
    ],
)
def test_interpolation_is_composes(value, expected):
    assert interpolate(value, {"A": "a", "EMPTY": ""}) == expected


def test_the_proxy_uses_the_one_nginx_configuration():
    assert nginx_template() == ROOT / "deploy" / "nginx" / "portal.conf.template"
    proxy = SERVICES["proxy"]
    # The nginx image renders /etc/nginx/templates/X.template to conf.d/X; default.conf replaces
    # the image's own welcome page.
    assert NGINX_TEMPLATE_TARGET.endswith("/default.conf.template")
    assert proxy["environment"]["NGINX_ENVSUBST_FILTER"] == "PORTAL_"
    given = {name for name in proxy["environment"] if name.startswith("PORTAL_")}
    used = set(re.findall(r"\$\{(PORTAL_[A-Z0-9_]*)\}", template_text()))
    assert given == used == ALLOWED_CHANGES["proxy"]
    assert (
        set(
            proxy_variables(
                web_ports=[1],
                http_port=2,
                https_port=3,
                certificate=Path("c"),
                key=Path("k"),
                access_log=Path("l"),
            )
        )
        == used
    )


def test_rendering_puts_in_only_the_portals_variables():
    rendered = render_template(template_text(), dict.fromkeys(ALLOWED_CHANGES["proxy"], "X"))
    assert "${" not in rendered
    assert "$host$request_uri" in rendered and "$proxy_add_x_forwarded_for" in rendered
    with pytest.raises(KeyError):
        render_template(template_text(), {})


def test_only_the_proxy_is_published_and_it_serves_https():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    assert "443:443" in SERVICES["proxy"]["ports"]
    assert SERVICES["proxy"]["environment"]["PORTAL_HTTPS_LISTEN"] == "443"
    assert SERVICES["web"]["expose"] == ["8000"]
    assert (
        "--bind" in compose_argv("web")
        and compose_argv("web")[compose_argv("web").index("--bind") + 1] == "0.0.0.0:8000"
    )
    assert SERVICES["proxy"]["environment"]["PORTAL_UPSTREAM_SERVERS"] == "server web:8000;"
    text = template_text()
    assert re.search(r"listen \$\{PORTAL_HTTPS_LISTEN\} ssl", text)
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in text
    assert "return 301 https://$host$request_uri;" in text


def test_only_the_proxys_forwarding_headers_are_believed():
    environment = compose_environment("web", VARIABLES)
    proxy_address = SERVICES["proxy"]["networks"]["portal"]["ipv4_address"]
    subnet = compose()["networks"]["portal"]["ipam"]["config"][0]["subnet"]
    assert environment["TRUSTED_PROXIES"] == proxy_address
    assert ipaddress.ip_address(proxy_address) in ipaddress.ip_network(subnet)
    assert environment["TRUSTED_PROXY_COUNT"] == "1"
    # gunicorn believes no one; the portal alone decides, from TRUSTED_PROXIES.
    assert environment["FORWARDED_ALLOW_IPS"] == ""
    for service in ("web", "worker", "beat", "postgres", "redis"):
        assert SERVICES[service]["networks"] == ["portal"], service
    text = template_text()
    assert "proxy_set_header X-Forwarded-Proto https;" in text
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text
    for header in ("X-Forwarded-Host", "X-Forwarded-Port", "X-Real-IP", "Forwarded"):
        assert f'proxy_set_header {header} "";' in text


def test_the_proxy_and_the_portal_refuse_the_same_request_size(settings):
    (size,) = re.findall(r"client_max_body_size (\d+)m;", template_text())
    assert int(size) * 1024 * 1024 == settings.REQUEST_BODY_MAX_BYTES


def test_the_certificate_is_mounted_read_only_and_kept_out_of_the_image_and_git():
    volumes = SERVICES["proxy"]["volumes"]
    assert "${TLS_CERTIFICATE_DIR:-./certs}:/etc/nginx/certs:ro" in volumes
    assert "certs" in (ROOT / ".dockerignore").read_text().split()
    assert "certs/" in (ROOT / ".gitignore").read_text().split()


def test_the_lock_files_install_from_the_index_alone():
    for name in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / name).read_text()
        options = [line for line in text.splitlines() if line.startswith("-")]
        assert options == [], f"{name} names {options}"
        assert "--no-emit-find-links" in text, f"{name} was not compiled with --no-emit-find-links"
    makefile = (ROOT / "Makefile").read_text()
    assert makefile.count("pip-compile") == makefile.count("--no-emit-find-links") == 2
