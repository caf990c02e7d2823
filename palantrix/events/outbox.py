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

Not only for domain events: any post-commit work can be put here under a topic of its own.
"""

import logging
from datetime import datetime, timedelta
from typing import Any

from celery import current_app
from django.db import transaction
from django.db.models import Q
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
    current_app.send_task(DISPATCH_TASK, kwargs={"message_id": message_id})


def _claim(message_id: int) -> datetime | None:
    now = timezone.now()
    claimed = (
        OutboxMessage.objects.filter(
            pk=message_id, dispatched_at__isnull=True, available_at__lte=now
        )
        .filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - timedelta(seconds=CLAIM_SECONDS))
        )
        .update(claimed_at=now)
    )
    return now if claimed else None


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
    """Beat: dispatch every row still waiting whose pause is over (lost tasks, retries).
    Returns how many were dispatched in full."""
    now = timezone.now()
    waiting = list(
        OutboxMessage.objects.filter(dispatched_at__isnull=True, available_at__lte=now)
        .filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - timedelta(seconds=CLAIM_SECONDS))
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(outbox_dispatch(message_id=pk) for pk in waiting)


def outbox_purge(*, now: datetime | None = None) -> int:
    """Forget rows dispatched more than KEEP_DAYS ago."""
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_DAYS)
    deleted, _ = OutboxMessage.objects.filter(dispatched_at__lt=cutoff).delete()
    return deleted
