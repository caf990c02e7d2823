from celery import shared_task

from . import idempotency, webhooks


@shared_task(
    name="api.deliver_webhook",
    acks_late=True,
    soft_time_limit=webhooks.TASK_SOFT_TIME_LIMIT,
    time_limit=webhooks.TASK_TIME_LIMIT,
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
