"""The processing chain of a submitted answer: check → transcribe → score.

Tasks take ids, acknowledge late (a worker that dies mid-task leaves the message to be
delivered again) and retry only transient faults; any other failure, a time limit
included, sends the answer to human review with the reason. A task that runs out of
retries on a transient fault leaves the answer for the sweeper to queue again. Time
limits stay well below the broker's visibility timeout.
"""

from botocore.exceptions import BotoCoreError, ClientError
from celery import Task, shared_task
from celery.signals import worker_init
from django.db import OperationalError

from . import services

TRANSIENT = (BotoCoreError, ClientError, OperationalError, ConnectionError, TimeoutError)


class AnswerTask(Task):
    """A step of an answer's processing: failing for good sends the answer to people."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Also called in the worker's main process when a hard time limit killed the child.
        answer_id = kwargs.get("answer_id", args[0] if args else None)
        if answer_id is None or isinstance(exc, TRANSIENT):
            return  # out of retries on a transient fault: the sweeper queues it again
        services.answer_failed(answer_id=answer_id, error=exc)


def _counts(task: Task) -> bool:
    """A delivery to count against the answer's cap: a first delivery, or one again after
    its worker died; not a retry that follows a transient fault."""
    return not task.request.retries or bool((task.request.delivery_info or {}).get("redelivered"))


COMMON = {
    "base": AnswerTask,
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 8,
}


@shared_task(name="scoring.process_answer", soft_time_limit=600, time_limit=900, **COMMON)
def process_answer_task(self, answer_id: int) -> None:
    if services.answer_check_media(answer_id=answer_id, counts=_counts(self)):
        transcribe_answer_task.delay(answer_id=answer_id)
        make_playback_task.delay(answer_id=answer_id)


# Beside the chain, not in it: its failure leaves the original recording playable and
# the answer's processing as it is (no AnswerTask base).
@shared_task(
    name="scoring.make_playback",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=8,
    soft_time_limit=1200,
    time_limit=1500,
)
def make_playback_task(self, answer_id: int) -> bool:
    return services.answer_make_playback(answer_id=answer_id, task_id=self.request.id)


@shared_task(name="scoring.transcribe_answer", soft_time_limit=1200, time_limit=1500, **COMMON)
def transcribe_answer_task(self, answer_id: int) -> None:
    if services.answer_transcribe(
        answer_id=answer_id, task_id=self.request.id, counts=_counts(self)
    ):
        score_answer_task.delay(answer_id=answer_id)


@shared_task(name="scoring.score_answer", soft_time_limit=600, time_limit=900, **COMMON)
def score_answer_task(self, answer_id: int, profile_version_id: int | None = None) -> int:
    return services.answer_score(
        answer_id=answer_id,
        task_id=self.request.id,
        profile_version_id=profile_version_id,
        counts=_counts(self),
    )


@shared_task(name="scoring.requeue_stuck_answers")
def requeue_stuck_answers_task() -> int:
    return services.answers_requeue_stuck()


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
