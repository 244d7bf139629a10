"""The soak's short version, in CI (issue 21): 20 reports and 20 emails on two real workers, while a
worker is killed twice, Redis is restarted once, the workers' database connections are terminated
and a second beat starts. Exactly 20 reports, none twice, none lost; every email once. `make soak`
runs the full size (bench/soak.py)."""

from __future__ import annotations

import pytest
from django.db import connection

from conftest import require_service
from tests.celery_processes import database_url_for
from tests.soak import SoakRedis, run_soak

pytestmark = pytest.mark.celery_worker


def test_twenty_reports_and_emails_survive_kills_a_redis_restart_and_a_second_beat(
    transactional_db, tmp_path
):
    require_service(SoakRedis.available(), "redis-server, which the soak starts and restarts itself")
    result = run_soak(
        tasks=20,
        worker_kills=2,
        redis_restarts=1,
        connection_terminations=1,
        second_beat=True,
        folder=tmp_path,
        database_url=database_url_for(connection.settings_dict["NAME"]),
        time_limit=300,
    )
    print("\n".join(result.lines()))
    assert result.faults == {
        "kill a worker": 2,
        "restart Redis": 1,
        "terminate database connections": 1,
        "start a second beat": 1,
    }
    assert (result.reports_made, result.duplicates, result.lost) == (20, 0, 0)
    assert (result.emails_sent, result.emails_twice, result.emails_lost) == (20, 0, 0)
