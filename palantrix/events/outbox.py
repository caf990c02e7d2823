"""The transactional outbox: side effects stored with the change, run after it commits.

A row is written in the caller's transaction (`outbox_put`), so it exists exactly when the
change does; once that commits, a task runs the topic's subscribers (`outbox_dispatch`). The
beat relay (`outbox_relay_pending`) runs any row still waiting: its task was lost (a broker
outage at commit, a worker killed) or a subscriber failed and its pause is over.

Each subscriber runs in its own transaction, which also records its name on the row, so one
that succeeded is not run again when another fails; one whose work left the database (an
email, an HTTP call) may run twice after a crash, hence "at least once": subscribers
deduplicate by `message.public_id`. A row is claimed by a conditional UPDATE, so two workers
never run it at once; a claim older than CLAIM_SECONDS is taken to be a dead worker's.

Not only for domain events: any post-commit work that a Celery task does (an email, an
answer's next processing step, an export) is a row too, written with `outbox_task` (exported
as `events.later`). Its task is sent once the transaction commits, and again by the relay
every OUTBOX_RESEND_SECONDS until a delivery of it succeeded: a broker outage at commit, or
a Redis that lost its queue, only delays the work. The row's task ids name the row
(`outbox-<row>-<send>`), so a task can tell which row it works for; one whose work leaves
the database (an email) runs that part inside `outbox_once`, which claims the row, so a
repeated delivery does not send it again. Task arguments hold ids only (checked like audit
data): a secret such as a link token is rebuilt from the database by the task.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from celery import current_app
from celery.signals import task_success
from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from palantrix import audit
from palantrix.models import Organization, OutboxMessage

from .registry import subscribers

logger = logging.getLogger(__name__)

# Longer than the dispatch task's hard time limit: a claim this old belongs to no live try.
CLAIM_SECONDS = 300
TASK_SOFT_TIME_LIMIT = 120
TASK_TIME_LIMIT = 150
# Pauses after failed tries double from a minute up to an hour.
RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 3600
RELAY_BATCH = 500
DISPATCH_TASK = "palantrix.dispatch_outbox_message"
# Dispatched rows are kept this long, for looking into what happened.
KEEP_DAYS = 7


class ClaimLost(Exception):
    """The row was taken over by another worker while a subscriber ran."""


def outbox_put(
    *, organization: Organization | None, topic: str, payload: dict[str, Any]
) -> OutboxMessage:
    """Store one message in the caller's transaction; dispatch it once that commits."""
    audit.check_data(payload, "payload")
    message = OutboxMessage.objects.create(organization=organization, topic=topic, payload=payload)
    # robust: the change is committed whatever the broker says; the relay sends it later.
    transaction.on_commit(lambda: _enqueue(message.pk), robust=True)
    return message


def _enqueue(message_id: int) -> None:
    # By name: palantrix.tasks defines the task and imports this module.
    try:
        _send(DISPATCH_TASK, kwargs={"message_id": message_id})
    except Exception as error:  # the broker is away: the relay's next round runs it
        logger.warning("outbox message=%s not sent: %r", message_id, error)


def send_fast(
    name: str, *, kwargs: dict[str, Any], task_id: str | None = None, countdown: float = 0
) -> None:
    """Publish at once or raise: no retries, no result, a connection of its own that gives
    up on the first refusal. A broker outage costs a web request milliseconds (a beat
    task sends the work later: the relay, or the webhooks' sweep), not the seconds of
    kombu's reconnection loop."""
    options = {**current_app.conf.broker_transport_options, "max_retries": 0}
    with current_app.connection_for_write(transport_options=options) as connection:
        current_app.send_task(
            name,
            kwargs=kwargs,
            task_id=task_id,
            countdown=countdown or None,
            connection=connection,
            retry=False,
            ignore_result=True,
        )


_send = send_fast


# --- Rows that run one Celery task ----------------------------------------------------------

TASK_TOPIC = "task:"
TASK_ID_PREFIX = "outbox-"


def outbox_task(name: str, *, organization: Organization | None, **kwargs: Any) -> OutboxMessage:
    """Run the Celery task `name(**kwargs)` once the caller's transaction commits, at least
    once: the row stays until a delivery of the task succeeded. `kwargs` hold ids and
    numbers only; the task must be safe to repeat (see `outbox_once`)."""
    audit.check_data(kwargs, "kwargs")
    message = OutboxMessage.objects.create(
        organization=organization,
        topic=TASK_TOPIC + name,
        payload=kwargs,
        available_at=timezone.now() + timedelta(seconds=settings.OUTBOX_RESEND_SECONDS),
    )
    transaction.on_commit(lambda: _send_task_row(message.pk, name, kwargs, 0), robust=True)
    return message


def task_id_for(message_id: int, send: int) -> str:
    return f"{TASK_ID_PREFIX}{message_id}-{send}"


def message_id_of(task_id: str | None) -> int | None:
    """The outbox row a task id was sent for (None: not sent by the outbox)."""
    if not task_id or not task_id.startswith(TASK_ID_PREFIX):
        return None
    row, _, _ = task_id.removeprefix(TASK_ID_PREFIX).partition("-")
    return int(row) if row.isdigit() else None


def row_claim(message_id: int) -> str:
    """A claim of the caller's own state (a `claimed_by`) held for a task row: whichever
    delivery of the row comes first may take it over (see `row_claim_of`)."""
    return f"{TASK_ID_PREFIX}{message_id}"


def row_claim_of(task_id: str | None) -> str | None:
    """The `row_claim` a delivery with this task id may take over (None: not the outbox's)."""
    message_id = message_id_of(task_id)
    return None if message_id is None else row_claim(message_id)


def _send_task_row(message_id: int, name: str, kwargs: dict[str, Any], send: int) -> bool:
    try:
        _send(name, kwargs=kwargs, task_id=task_id_for(message_id, send))
    except Exception as error:  # the broker is away: the relay's next round sends it
        logger.warning("outbox message=%s task=%s not sent: %r", message_id, name, error)
        OutboxMessage.objects.filter(pk=message_id, dispatched_at__isnull=True).update(
            available_at=timezone.now(), last_error=f"send: {type(error).__name__}"[:300]
        )
        return False
    return True


def _resend(message_id: int) -> bool:
    """The relay: send a task row again whose task has not succeeded in time."""
    now = timezone.now()
    waiting = _waiting(now).filter(pk=message_id)
    if not waiting.update(
        available_at=now + timedelta(seconds=settings.OUTBOX_RESEND_SECONDS),
        attempts=F("attempts") + 1,
    ):
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    if message.attempts > settings.OUTBOX_MAX_SENDS:
        logger.error(
            "outbox message=%s topic=%s: sent %d times without success, given up",
            message.public_id,
            message.topic,
            message.attempts - 1,
        )
        OutboxMessage.objects.filter(pk=message_id).update(
            dispatched_at=now, given_up_at=now, last_error="given up: no delivery succeeded"
        )
        return False
    name = message.topic.removeprefix(TASK_TOPIC)
    return _send_task_row(message_id, name, message.payload, message.attempts)


@contextmanager
def outbox_once(task_id: str | None) -> Iterator[bool]:
    """Around the part of a task that leaves the database (an email): True when this
    delivery claimed the task's outbox row, which is marked done after the block; False
    when the work was done already or another delivery is doing it (skip it then).
    A task not sent by the outbox always gets True."""
    message_id = message_id_of(task_id)
    if message_id is None:
        yield True
        return
    now = timezone.now()
    claimed = _unclaimed(
        OutboxMessage.objects.filter(pk=message_id, dispatched_at__isnull=True), now
    )
    if not claimed.update(claimed_at=now):
        yield False
        return
    mine = OutboxMessage.objects.filter(pk=message_id, claimed_at=now)
    try:
        yield True
    except BaseException:
        mine.update(claimed_at=None)
        raise
    mine.update(claimed_at=None, dispatched_at=timezone.now())


@task_success.connect(weak=False)
def _task_succeeded(sender: Any = None, **_: Any) -> None:
    """A task sent for a row succeeded: the row is done (unless a delivery holds it)."""
    message_id = message_id_of(getattr(getattr(sender, "request", None), "id", None))
    if message_id is not None:
        OutboxMessage.objects.filter(
            pk=message_id, dispatched_at__isnull=True, claimed_at__isnull=True
        ).update(dispatched_at=timezone.now())


def _unclaimed(rows: QuerySet[OutboxMessage], now: datetime) -> QuerySet[OutboxMessage]:
    return rows.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - timedelta(seconds=CLAIM_SECONDS))
    )


def _waiting(now: datetime) -> QuerySet[OutboxMessage]:
    return _unclaimed(
        OutboxMessage.objects.filter(dispatched_at__isnull=True, available_at__lte=now), now
    )


def _claim(message_id: int) -> datetime | None:
    now = timezone.now()
    claimed = _waiting(now).filter(pk=message_id).exclude(topic__startswith=TASK_TOPIC)
    return now if claimed.update(claimed_at=now) else None


def retry_pause(attempts: int) -> timedelta:
    return timedelta(seconds=min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS))


def outbox_dispatch(*, message_id: int) -> bool:
    """Run the subscribers of one message that have not run yet; True once all have.

    Safe to repeat: a row that is done, paused after a failure or claimed by another worker
    is left alone."""
    claim = _claim(message_id)
    if claim is None:
        return False
    message = OutboxMessage.objects.select_related("organization").get(pk=message_id)
    mine = OutboxMessage.objects.filter(pk=message.pk, claimed_at=claim)
    for subscriber in subscribers(message.topic):
        if subscriber.name in message.handled:
            continue
        try:
            with transaction.atomic():
                subscriber.handler(message)
                handled = [*message.handled, subscriber.name]
                if not mine.update(handled=handled):
                    raise ClaimLost(message.pk)
            message.handled = handled
        except ClaimLost:
            logger.warning("outbox message=%s: another worker took it over", message.public_id)
            return False
        except Exception as error:  # any fault pauses the row for a retry; never a loop
            attempts = message.attempts + 1
            logger.exception(
                "outbox message=%s topic=%s subscriber=%s failed (try %d)",
                message.public_id,
                message.topic,
                subscriber.name,
                attempts,
            )
            mine.update(
                claimed_at=None,
                attempts=attempts,
                last_error=f"{subscriber.name}: {type(error).__name__}: {error}"[:300],
                available_at=timezone.now() + retry_pause(attempts),
            )
            return False
    mine.update(claimed_at=None, dispatched_at=timezone.now())
    return True


def outbox_relay_pending(*, limit: int = RELAY_BATCH) -> int:
    """Beat: dispatch every row still waiting whose pause is over (lost tasks, retries),
    and send again the task of every task row not done in time. Returns how many were
    dispatched in full or sent."""
    waiting = list(_waiting(timezone.now()).order_by("pk").values_list("pk", "topic")[:limit])
    return sum(
        _resend(pk) if topic.startswith(TASK_TOPIC) else outbox_dispatch(message_id=pk)
        for pk, topic in waiting
    )


def outbox_purge(*, now: datetime | None = None) -> int:
    """Forget rows dispatched more than KEEP_DAYS ago; rows given up stay for people."""
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_DAYS)
    done = OutboxMessage.objects.filter(dispatched_at__lt=cutoff, given_up_at__isnull=True)
    deleted, _ = done.delete()
    return deleted


# --- Rows given up: for people -------------------------------------------------------------


def given_up() -> QuerySet[OutboxMessage]:
    """Task rows the relay stopped sending (OUTBOX_MAX_SENDS reached): their work is not done."""
    return OutboxMessage.objects.filter(given_up_at__isnull=False)


def given_up_by_task() -> dict[str, int]:
    """How many rows are given up, by task name (for /metrics)."""
    counts = given_up().values_list("topic").annotate(rows=Count("pk")).order_by()
    return {topic.removeprefix(TASK_TOPIC): rows for topic, rows in counts}


def outbox_send_again(*, message_ids: list[int]) -> int:
    """A person's retry of rows given up (say, once the fault is fixed): the relay sends
    each at its next round, with OUTBOX_MAX_SENDS tries again. Returns how many."""
    return (
        given_up()
        .filter(pk__in=message_ids)
        .update(
            given_up_at=None,
            dispatched_at=None,
            claimed_at=None,
            attempts=0,
            available_at=timezone.now(),
            last_error="sent again by a person",
        )
    )
