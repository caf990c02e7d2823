from celery import shared_task

# Modules, not names: webhooks enqueues these tasks in turn (`from . import tasks`).
from . import idempotency, webhooks

# Below webhooks.CLAIM_SECONDS, so a delivery is never tried twice at once.
TASK_SOFT_TIME_LIMIT = 40
TASK_TIME_LIMIT = 50


@shared_task(
    name="api.deliver_webhook",
    acks_late=True,
    soft_time_limit=TASK_SOFT_TIME_LIMIT,
    time_limit=TASK_TIME_LIMIT,
)
def deliver_webhook_task(delivery_id: int) -> None:
    """One try of one delivery; the service schedules the next try itself. The time limits
    end before the claim does, so no second worker joins a try that hangs."""
    webhooks.webhook_deliver(delivery_id=delivery_id)


@shared_task(name="api.enqueue_due_webhooks")
def enqueue_due_webhooks_task() -> int:
    return webhooks.webhooks_enqueue_due()


@shared_task(name="api.purge_records")
def purge_records_task() -> dict[str, int]:
    """Nightly: stored API answers after a day, the webhook log after WEBHOOK_LOG_DAYS."""
    return {
        "idempotency_records": idempotency.idempotency_records_purge(),
        "webhook_events": webhooks.webhook_events_purge(),
    }
