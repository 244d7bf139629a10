"""Backups that restore: scripts/backup.sh dumps the database as compose's backup service does, and
scripts/restore.sh puts it into a fresh database, where every table has every row, the access log's
last entry is the same, and the access log is still append-only (its trigger came back too).

PostgreSQL only, with pg_dump and pg_restore of the server's version on the PATH: in CI a missing
one fails the test, elsewhere it is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess  # noqa: S404
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from conftest import require_service
from partnership.access_log import RecordType, record_access
from partnership.models import AccessLogEntry
from tests.celery_processes import database_url_for
from tests.factories import CaseFactory

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608  (names from the catalogue)
        counts[table] = cursor.fetchone()[0]
    return counts


def _last_access(cursor) -> tuple:
    cursor.execute(
        "SELECT id, user_id, action, record_type, record_id, reason FROM partnership_accesslogentry "
        "ORDER BY id DESC LIMIT 1"
    )
    return cursor.fetchone()


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_every_row_and_the_append_only_log(
    tmp_path, la_officer_a, school_x, partnership_a
):
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    require_service(bool(shutil.which("pg_dump") and shutil.which("pg_restore")), "pg_dump and pg_restore")
    case = CaseFactory(partnership=partnership_a, school=school_x, lead_officer=la_officer_a)
    for reason in ("Preparing the review", "Checking the agreement"):
        record_access(
            None,
            user=la_officer_a,
            partnership=partnership_a,
            action=AccessLogEntry.Action.VIEW,
            record_type=RecordType.SUPPORT_CASE,
            record_id=case.pk,
            school=school_x,
            reason=reason,
        )
    assert AccessLogEntry.objects.count() >= 2
    source_url = database_url_for(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        counts = _counts(cursor)
        last = _last_access(cursor)
    assert counts["partnership_accesslogentry"] >= 2 and counts["support_supportcase"] == 1

    env = {**os.environ, "DATABASE_URL": source_url, "BACKUP_DIR": str(tmp_path / "backups")}
    made = subprocess.run(  # noqa: S603
        ["sh", str(SCRIPTS / "backup.sh")], env=env, capture_output=True, text=True, check=True
    )
    dump = Path(made.stdout.strip().splitlines()[-1])
    assert dump.is_file() and dump.name.startswith("portal-") and dump.suffix == ".dump"

    fresh = f"restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        target = database_url_for(fresh)
        subprocess.run(
            ["sh", str(SCRIPTS / "restore.sh"), str(dump), target], check=True, capture_output=True
        )  # noqa: S603
        restored = psycopg2.connect(target)
        try:
            with restored.cursor() as cursor:
                assert _counts(cursor) == counts
                assert _last_access(cursor) == last
                with pytest.raises(psycopg2.Error, match="never changed"):
                    cursor.execute("UPDATE partnership_accesslogentry SET reason = 'changed'")
            restored.rollback()
            with restored.cursor() as cursor, pytest.raises(psycopg2.Error, match="kept for at least a year"):
                cursor.execute("DELETE FROM partnership_accesslogentry")
            restored.rollback()
        finally:
            restored.close()
        again = subprocess.run(
            ["sh", str(SCRIPTS / "restore.sh"), str(dump), target], capture_output=True, text=True
        )  # noqa: S603
        assert again.returncode == 2 and "not empty" in again.stderr
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
