from celery import shared_task

from . import webhooks


@shared_task(name="api.deliver_webhook", acks_late=True)
def deliver_webhook_task(delivery_id: int) -> None:
    """One try of one delivery; the service schedules the next try itself."""
    webhooks.webhook_deliver(delivery_id=delivery_id)


@shared_task(name="api.enqueue_due_webhooks")
def enqueue_due_webhooks_task() -> int:
    return webhooks.webhooks_enqueue_due()
