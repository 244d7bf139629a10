"""The portal run as docker-compose.yml runs it, as processes on one machine, for the production-shape
check (tests/test_production_shape.py, decision 0023).

Everything is read from docker-compose.yml: each portal service's command and environment, how many
web processes there are, and the nginx configuration the proxy mounts. On this machine the only
changes are where things are: the services' addresses (PostgreSQL, Redis, the proxy's own address),
the ports the web processes and the proxy listen on, the certificate's files and the beat's schedule
file. ALLOWED_CHANGES names them, and tests/test_compose_and_the_check.py holds the plan to them.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tests.celery_processes import wait_for

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
BIN = Path(sys.executable).parent

# The portal's services, in the order compose starts them (migrate must finish first).
PORTAL_SERVICES = ("migrate", "web", "worker", "beat")
NGINX_TEMPLATE_TARGET = "/etc/nginx/templates/default.conf.template"

# What the check may change, and nothing else.
ALLOWED_CHANGES = {
    # Environment variables: the services' addresses on this machine.
    "environment": {"DATABASE_URL", "REDIS_URL", "TRUSTED_PROXIES"},
    # Environment variables the check adds: the image's collected static files (built into the image
    # by compose), a MEDIA_ROOT of each process's own, which nothing may use, and a home of its own,
    # as each container has.
    "added": {"STATIC_ROOT", "MEDIA_ROOT", "PYTHONUNBUFFERED", "HOME"},
    # Command-line options: where a web process listens, where beat keeps its schedule.
    "options": {"--bind", "--schedule"},
    # nginx: every PORTAL_ variable is a place (upstreams, ports, files).
    "proxy": {
        "PORTAL_UPSTREAM_SERVERS",
        "PORTAL_HTTP_LISTEN",
        "PORTAL_HTTPS_LISTEN",
        "PORTAL_TLS_CERTIFICATE",
        "PORTAL_TLS_KEY",
        "PORTAL_ACCESS_LOG",
    },
}


def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


_VARIABLE = re.compile(r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's interpolation of ${NAME}, ${NAME:-default}, ${NAME:?error} and $$."""

    def replace(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name", "op", "arg")
        value = variables.get(name)
        # With a colon, an empty value counts as unset, as in compose and the shell.
        missing = value is None or (op is not None and op.startswith(":") and value == "")
        if op in (":-", "-"):
            return arg if missing else value
        if op in (":?", "?") and missing:
            raise KeyError(f"docker-compose.yml needs {name}: {arg}")
        return value or ""

    return _VARIABLE.sub(replace, str(value))


def compose_environment(service: str, variables: dict[str, str]) -> dict[str, str]:
    environment = compose()["services"][service].get("environment", {})
    return {
        name: interpolate("" if value is None else value, variables) for name, value in environment.items()
    }


def compose_argv(service: str) -> list[str]:
    command = compose()["services"][service]["command"]
    return shlex.split(command) if isinstance(command, str) else [str(word) for word in command]


def web_replicas() -> int:
    return int(compose()["services"]["web"].get("deploy", {}).get("replicas", 1))


def with_option(argv: list[str], option: str, value: str) -> list[str]:
    """argv with the value after `option` replaced; the option must be there."""
    index = argv.index(option)
    return [*argv[: index + 1], value, *argv[index + 2 :]]


@dataclass
class Planned:
    """One process of the deployment: which compose service it is, its command and environment."""

    service: str
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)


def plan(
    *,
    variables: dict[str, str],
    addresses: dict[str, str],
    web_ports: list[int],
    schedule: Path,
    static_root: Path,
    media_root: Path,
) -> list[Planned]:
    """The portal's processes: migrate, then each web process, the worker and the beat."""
    assert set(addresses) == ALLOWED_CHANGES["environment"], addresses
    planned = []
    for service in PORTAL_SERVICES:
        environment = {
            **compose_environment(service, variables),
            **addresses,
            "STATIC_ROOT": str(static_root),
            "PYTHONUNBUFFERED": "1",
        }
        argv = compose_argv(service)
        if service == "web":
            assert len(web_ports) == web_replicas(), "one port for each web process compose runs"
            for number, port in enumerate(web_ports, start=1):
                name = f"web-{number}"
                planned.append(
                    Planned(
                        service,
                        name,
                        with_option(argv, "--bind", f"127.0.0.1:{port}"),
                        {**environment, "MEDIA_ROOT": str(media_root / name)},
                    )
                )
            continue
        if service == "beat":
            argv = with_option(argv, "--schedule", str(schedule))
        planned.append(
            Planned(service, service, argv, {**environment, "MEDIA_ROOT": str(media_root / service)})
        )
    return planned


def executable(argv: list[str]) -> list[str]:
    """The compose command with its program taken from this virtualenv, as the image's PATH would."""
    program = "python" if argv[0] == "python" else argv[0]
    path = Path(sys.executable) if program == "python" else BIN / program
    return [str(path), *argv[1:]]


# --- The proxy ---------------------------------------------------------------------------------


def nginx_template() -> Path:
    """The file compose mounts as the nginx image's template."""
    for volume in compose()["services"]["proxy"]["volumes"]:
        source, target, *_ = volume.split(":")
        if target == NGINX_TEMPLATE_TARGET:
            return (COMPOSE_FILE.parent / source).resolve()
    raise AssertionError(f"docker-compose.yml mounts no nginx template at {NGINX_TEMPLATE_TARGET}")


def render_template(text: str, variables: dict[str, str]) -> str:
    """What the nginx image's envsubst does with NGINX_ENVSUBST_FILTER=PORTAL_: put in each
    ${PORTAL_...}, and leave nginx's own $variables alone. A variable not given is an error here."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in variables:
            raise KeyError(f"{name} is not given")
        return variables[name]

    return re.sub(r"\$\{(PORTAL_[A-Z0-9_]*)\}", replace, text)


def proxy_variables(
    *, web_ports: list[int], http_port: int, https_port: int, certificate: Path, key: Path, access_log: Path
) -> dict[str, str]:
    return {
        "PORTAL_UPSTREAM_SERVERS": " ".join(f"server 127.0.0.1:{port};" for port in web_ports),
        "PORTAL_HTTP_LISTEN": f"127.0.0.1:{http_port}",
        "PORTAL_HTTPS_LISTEN": f"127.0.0.1:{https_port}",
        "PORTAL_TLS_CERTIFICATE": str(certificate),
        "PORTAL_TLS_KEY": str(key),
        "PORTAL_ACCESS_LOG": str(access_log),
    }


def nginx_main_config(*, site: Path, prefix: Path) -> str:
    """What the nginx image's own nginx.conf holds around conf.d, with this run's files in `prefix`."""
    temp = {kind: prefix / f"{kind}-temp" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(parents=True, exist_ok=True)
    # As root, nginx's workers would otherwise run as nobody, who cannot reach this run's files.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 1;\n"
        f"pid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} notice;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n"
        "    sendfile on;\n"
        "    keepalive_timeout 65;\n"
        + "".join(f"    {kind}_temp_path {path};\n" for kind, path in temp.items())
        + f"    include {site};\n"
        "}\n"
    )


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that lasts a day, made with openssl."""
    certificate, key = directory / "fullchain.pem", directory / "privkey.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return certificate, key


# --- Processes ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Process:
    """A command in its own process group, logging to a file; stopped with its children."""

    def __init__(self, name: str, argv: list[str], *, env: dict[str, str], log: Path):
        self.name, self.log = name, log
        self._log_file = log.open("ab")
        self.process = subprocess.Popen(  # a fixed argv from docker-compose.yml, no shell
            argv,
            cwd=ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_for_output(self, marker: str, timeout: float = 90) -> None:
        def ready():
            if not self.alive():
                raise AssertionError(f"{self.name} exited early:\n{self.output()[-3000:]}")
            return marker in self.output()

        wait_for(ready, timeout=timeout, what=f"{self.name} to start")

    def wait_until(self, condition, *, timeout: float = 90, what: str) -> None:
        def ready():
            if not self.alive():
                raise AssertionError(f"{self.name} exited early:\n{self.output()[-3000:]}")
            return condition()

        wait_for(ready, timeout=timeout, interval=0.3, what=what)

    def terminate(self) -> None:
        """SIGTERM to the whole group: the shutdown docker compose stop asks for."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM to the group, then SIGKILL if anything is left after `timeout` seconds."""
        self.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self._log_file.close()


def base_environment() -> dict[str, str]:
    """What a container starts with: PATH and locale, none of the test run's settings."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TZ")
    return {name: os.environ[name] for name in keep if name in os.environ}


# --- The proxy's access log ----------------------------------------------------------------------

_LOG_LINE = re.compile(
    r'^(?P<client>\S+) \[[^\]]+\] "(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" (?P<status>\d{3}) \d+ '
    r'"[^"]*" upstream=(?P<upstream>\S+) time=\S+ request_id=(?P<request_id>[0-9a-f]+)$'
)


@dataclass(frozen=True)
class Logged:
    client: str
    method: str
    path: str
    status: int
    upstream: str
    request_id: str = ""


def access_log(path: Path) -> list[Logged]:
    entries = []
    for line in path.read_text().splitlines():
        match = _LOG_LINE.match(line)
        assert match, f"An access log line in an unexpected format: {line}"
        entries.append(
            Logged(
                match["client"],
                match["method"],
                match["path"],
                int(match["status"]),
                match["upstream"],
                match["request_id"],
            )
        )
    return entries
