"""An email is never sent twice, even when its worker is killed after the mail server took it and
before the outbox recorded it (decision 0019). A real worker process, a real fault."""

from __future__ import annotations

import time

import pytest

from partnership.models import OutboundEmail
from tests.celery_processes import start_worker, unacked_count, wait_for
from tests.test_report_worker import broker, environment, processes  # noqa: F401  (fixtures)

pytestmark = pytest.mark.celery_worker

VISIBILITY = 5


def emails_written(folder) -> int:
    return len([path for path in folder.iterdir() if path.is_file()]) if folder.exists() else 0


def test_a_worker_killed_after_sending_never_sends_the_email_again(broker, processes, tmp_path):  # noqa: F811
    from partnership.outbox import email_later, requeue_outbound

    folder = tmp_path / "mail"
    folder.mkdir()
    mail_env = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(folder),
        "REPORT_VISIBILITY_TIMEOUT": VISIBILITY,
    }
    faulty = start_worker(
        "faulty", log_dir=tmp_path, env=environment(broker, EMAIL_TEST_KILL_AFTER_SEND="true", **mail_env)
    )
    processes.append(faulty)
    email = email_later(subject="Agenda published", body="The agenda is ready.", to=["member@a.test"])
    # email_later queues after commit; this test runs outside a transaction, so it is queued now.
    wait_for(lambda: emails_written(folder) == 1, timeout=60, what="the mail server to take the email")
    wait_for(
        lambda: OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.SENDING,
        timeout=10,
        what="the row to be left sending",
    )
    faulty.kill()
    killed_at = time.monotonic()
    # The message was never acknowledged (or was put back when the pool child died): it is taken
    # again, by the faulty worker's next child or by a healthy worker, and finds the row sending.
    # Redis hands a message unacknowledged for longer than the visibility timeout to the next worker
    # that starts, by that worker's own visibility timeout: the healthy worker has the same short one,
    # so the message is old enough for it as soon as it starts (with a long one it would wait for
    # that long instead, and the test would race the clock).
    time.sleep(max(0.0, VISIBILITY + 1 - (time.monotonic() - killed_at)))
    healthy = start_worker("healthy", log_dir=tmp_path, env=environment(broker, **mail_env))
    processes.append(healthy)
    wait_for(
        lambda: unacked_count(broker) == 0, timeout=60, what="the message to be taken again and acknowledged"
    )
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENDING and email.attempts == 1
    assert emails_written(folder) == 1, "the email went twice"
    # Later the beat marks it in doubt; it is still never sent again by itself.
    OutboundEmail.objects.filter(pk=email.pk).update(sending_since=email.sending_since.replace(year=2000))
    assert requeue_outbound()["in_doubt"] == 1
    assert emails_written(folder) == 1
