"""The processing chain of a submitted answer: check → transcribe → score.

Tasks take ids, acknowledge late (a worker that dies mid-task leaves the message to be
delivered again) and retry only transient faults; permanent ones send the answer to
human review. Time limits stay well below the broker's visibility timeout.
"""

from botocore.exceptions import BotoCoreError, ClientError
from celery import shared_task
from celery.signals import worker_init
from django.db import OperationalError

from . import services

TRANSIENT = (BotoCoreError, ClientError, OperationalError, ConnectionError, TimeoutError)
COMMON = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 8,
}


@shared_task(name="scoring.process_answer", soft_time_limit=600, time_limit=900, **COMMON)
def process_answer_task(answer_id: int) -> None:
    if services.answer_check_media(answer_id=answer_id):
        transcribe_answer_task.delay(answer_id=answer_id)


@shared_task(
    name="scoring.transcribe_answer", bind=True, soft_time_limit=1200, time_limit=1500, **COMMON
)
def transcribe_answer_task(self, answer_id: int) -> None:
    if services.answer_transcribe(answer_id=answer_id, task_id=self.request.id):
        score_answer_task.delay(answer_id=answer_id)


@shared_task(name="scoring.score_answer", bind=True, soft_time_limit=600, time_limit=900, **COMMON)
def score_answer_task(self, answer_id: int, profile_version_id: int | None = None) -> int:
    return services.answer_score(
        answer_id=answer_id, task_id=self.request.id, profile_version_id=profile_version_id
    )


@worker_init.connect
def check_models_at_start(**_) -> None:
    """A worker without its models stops at once, saying which command provisions them."""
    from .transcription import ModelMissing, check_models

    try:
        check_models()
    except ModelMissing as missing:  # Celery logs and ignores exceptions from signals
        raise SystemExit(f"Palantrix worker cannot start: {missing}") from missing


@shared_task(name="scoring.rescore_job", bind=True, acks_late=True, reject_on_worker_lost=True)
def rescore_job_task(self, run_id: int) -> None:
    services.rescore_run_process(run_id=run_id, task_id=self.request.id)
