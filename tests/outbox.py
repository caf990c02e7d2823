"""The outbox's task rows, run in the test's own process as a worker runs them.

A test without a worker that needs the work done after commit (an email, an export) runs
the rows' tasks here: each under the id a send of its row carries, so `events.once` and
the done-marking act exactly as in a worker. `again=True` delivers rows already done once
more, as the relay's resend or a redelivery would."""

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
    """Run the task of each task row not done yet (`again`: of each row), and of the rows
    those tasks write in turn (`task` names the first round's only). Returns how many ran."""
    current_app.loader.import_default_modules()  # every app's tasks, as a worker has them
    ran, seen = 0, set()
    rows = task_rows(task)
    while True:
        waiting = rows if again and not seen else rows.filter(dispatched_at__isnull=True)
        batch = [row for row in waiting if row.pk not in seen]
        if not batch:
            return ran
        for row in batch:
            seen.add(row.pk)
            name = row.topic.removeprefix(outbox.TASK_TOPIC)
            send = FIRST_SEND + len(seen) + (FIRST_SEND if again else 0)
            current_app.tasks[name].apply(
                kwargs=row.payload, task_id=outbox.task_id_for(row.pk, send)
            ).get()
            ran += 1
        rows = task_rows()
