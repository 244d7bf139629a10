"""Real Celery worker and beat processes for the fault tests and the national benchmark.

Each process runs in its own session (process group), so that a test can kill a worker and all its
pool children at once with SIGKILL, as a crash or an out-of-memory kill would, and so that nothing
is left running afterwards. Every wait is bounded.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent

# Keys the Redis transport keeps: the default queue, and the messages delivered but not yet acknowledged.
BROKER_KEYS = ("celery", "unacked", "unacked_index", "unacked_mutex")


def wait_for(condition: Callable[[], object], *, timeout: float, interval: float = 0.25, what: str) -> object:
    """Poll until condition() is truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def database_url_for(name: str) -> str:
    """DATABASE_URL with its database swapped for `name` (the test or benchmark database)."""
    url = os.environ.get("DATABASE_URL", "")
    return urlunparse(urlparse(url)._replace(path=f"/{name}"))


def clear_broker(redis_url: str) -> None:
    """Empty the default queue and the unacknowledged set, so one run's messages cannot reach the next."""
    import redis

    redis.Redis.from_url(redis_url).delete(*BROKER_KEYS)


def unacked_count(redis_url: str) -> int:
    import redis

    return int(redis.Redis.from_url(redis_url).hlen("unacked"))


def children_of(pid: int) -> list[int]:
    """Every descendant of a process, read from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def peak_rss_kib(pid: int) -> int:
    """VmHWM, the process's peak resident memory so far, in KiB (0 if it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class CeleryProcess:
    """`celery -A leep worker|beat ...` in its own process group, logging to a file."""

    def __init__(self, role: str, *, log: Path, env: dict[str, str], args: list[str] | None = None):
        self.role = role
        self.log = log
        environment = {**os.environ, **env}
        self._log_file = log.open("ab")
        argv = [sys.executable, "-m", "celery", "-A", "leep", role, "--loglevel", "INFO", *(args or [])]
        self.process = subprocess.Popen(  # a fixed argv, no shell
            argv,
            cwd=ROOT,
            env=environment,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_ready(self, timeout: float = 90) -> None:
        marker = "ready." if self.role == "worker" else "beat: Starting..."

        def ready():
            if not self.alive():
                raise AssertionError(f"celery {self.role} exited early:\n{self.output()[-3000:]}")
            return marker in self.output()

        wait_for(ready, timeout=timeout, what=f"celery {self.role} to start")

    def kill(self) -> None:
        """SIGKILL the whole process group: no clean-up, no acknowledgement, as in a crash."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self._log_file.close()

    def stop(self, timeout: float = 20) -> None:
        """A warm shutdown (SIGTERM), then SIGKILL if it has not gone within `timeout` seconds."""
        if self.alive():
            try:
                os.killpg(self.pid, signal.SIGTERM)
                self.process.wait(timeout=timeout)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        self.kill()

    def peak_rss_kib(self) -> int:
        """The largest peak resident memory among this process and its pool children now alive."""
        return max([peak_rss_kib(self.pid), *(peak_rss_kib(c) for c in children_of(self.pid))])


def start_worker(name: str, *, log_dir: Path, env: dict[str, str], concurrency: int = 1) -> CeleryProcess:
    worker = CeleryProcess(
        "worker",
        log=log_dir / f"{name}.log",
        env=env,
        args=[
            "--pool",
            "prefork",
            "--concurrency",
            str(concurrency),
            "--hostname",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
        ],
    )
    worker.wait_ready()
    return worker


def start_beat(name: str, *, log_dir: Path, env: dict[str, str]) -> CeleryProcess:
    beat = CeleryProcess(
        "beat",
        log=log_dir / f"{name}.log",
        env=env,
        args=["--schedule", str(log_dir / f"{name}-schedule"), "--max-interval", "1"],
    )
    beat.wait_ready()
    return beat
