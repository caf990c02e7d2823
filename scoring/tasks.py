from botocore.exceptions import BotoCoreError, ClientError
from celery import shared_task

from . import services


@shared_task(
    name="scoring.process_answer",
    acks_late=True,
    autoretry_for=(BotoCoreError, ClientError, OSError),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=900,
    time_limit=1200,
)
def process_answer_task(answer_id: int) -> None:
    """Safe to run again: a checked answer is not checked twice into a second outcome."""
    services.answer_check_media(answer_id=answer_id)
