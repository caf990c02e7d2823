"""The outbox's task rows, run in the test's own process as a worker runs them.

A test without a worker that needs the work done after commit (an email, an export) runs
the rows' tasks here: each under the id a send of its row carries, so `events.once` and
the done-marking act exactly as in a worker. `again=True` delivers rows already done once
more, as the relay's resend or a redelivery would."""

import socket
from contextlib import contextmanager

from celery import current_app

from palantrix.events import outbox
from palantrix.models import OutboxMessage

# Send numbers of this helper's deliveries: past any the relay uses in a test.
FIRST_SEND = 100


def task_rows(task: str | None = None):
    rows = OutboxMessage.objects.filter(topic__startswith=outbox.TASK_TOPIC)
    if task is not None:
        rows = rows.filter(topic=outbox.TASK_TOPIC + task)
    return rows.order_by("pk")


def deliver(task: str | None = None, *, again: bool = False) -> int:
    """Run the task of each row of `task` not done yet (`again`: of each row of it, done
    or not). Without `task`, every waiting task row, and those their tasks write in turn.
    Returns how many ran."""
    current_app.loader.import_default_modules()  # every app's tasks, as a worker has them
    ran = 0
    while True:
        rows = task_rows(task)
        if not again:
            rows = rows.filter(dispatched_at__isnull=True)
        batch = list(rows)
        for row in batch:
            ran += 1
            name = row.topic.removeprefix(outbox.TASK_TOPIC)
            send = FIRST_SEND + ran + (FIRST_SEND if again else 0)
            current_app.tasks[name].apply(
                kwargs=row.payload, task_id=outbox.task_id_for(row.pk, send)
            ).get()
        if task is not None or not batch:
            return ran


@contextmanager
def broker_refusing():
    """Meanwhile the broker refuses connections (a port nothing listens on): the sends at
    commit fail, as in an outage, and no worker can take them."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    saved = current_app.conf.broker_url
    current_app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    try:
        yield
    finally:
        current_app.conf.broker_url = saved
