"""The processing chain of a submitted answer: check → transcribe → score.

Tasks take ids, acknowledge late (a worker that dies mid-task leaves the message to be
delivered again) and retry only transient faults, with backoff over at least half an hour
(`retry_countdown`); any other failure, a time limit included, sends the answer to human
review with the reason. A task that runs out of retries on a transient fault marks the
answer "processing failed — will retry" (an audit event) and the sweeper queues it again.
Each step hands the answer to the next through the outbox (`events.later`), so a broker
outage between two steps delays the answer and loses nothing. Time limits stay well below
the broker's visibility timeout.
"""

import random
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from botocore.exceptions import BotoCoreError, ClientError
from celery import Task, shared_task
from celery.signals import worker_init
from django.conf import settings
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from palantrix import events

from . import services

T = TypeVar("T")

TRANSIENT = (
    BotoCoreError,
    ClientError,
    OperationalError,
    InterfaceError,
    BrokerError,
    ConnectionError,
    TimeoutError,
)


def retry_countdown(retries: int) -> float:
    """The pause before retry number `retries + 1`: doubling from ANSWER_RETRY_BASE_SECONDS
    up to ANSWER_RETRY_MAX_SECONDS, each drawn between half and all of that (so answers
    that failed together do not come back together). With the defaults (60 s, 600 s, 10
    retries) the retries span 37 to 75 minutes."""
    pause: float = min(
        settings.ANSWER_RETRY_BASE_SECONDS * 2**retries, settings.ANSWER_RETRY_MAX_SECONDS
    )
    return pause / 2 + random.uniform(0, pause / 2)


def _retrying_transient(run: Callable[..., T]) -> Callable[..., T]:
    """Retry a step's transient faults with `retry_countdown`, up to ANSWER_MAX_RETRIES."""

    @wraps(run)
    def step(self: Task, *args: Any, **kwargs: Any) -> T:
        try:
            return run(self, *args, **kwargs)
        except TRANSIENT as fault:
            if self.request.retries >= settings.ANSWER_MAX_RETRIES:
                raise
            raise self.retry(
                exc=fault,
                countdown=retry_countdown(self.request.retries),
                max_retries=settings.ANSWER_MAX_RETRIES,
            ) from fault

    return step


class AnswerTask(Task):
    """A step of an answer's processing: failing for good sends the answer to people."""

    def on_failure(
        self,
        exc: BaseException,
        task_id: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        einfo: Any,
    ) -> None:
        # Also called in the worker's main process when a hard time limit killed the child.
        answer_id = kwargs.get("answer_id", args[0] if args else None)
        if answer_id is None:
            return
        if isinstance(exc, TRANSIENT):  # out of retries: visible, and the sweeper's
            services.answer_retry_later(answer_id=answer_id, error=exc)
            return
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
}


@shared_task(name="scoring.process_answer", soft_time_limit=600, time_limit=900, **COMMON)
@_retrying_transient
def process_answer_task(self: Task, answer_id: int) -> None:
    if services.answer_check_media(answer_id=answer_id, counts=_counts(self)):
        events.later("scoring.transcribe_answer", organization=None, answer_id=answer_id)
        events.later("scoring.make_playback", organization=None, answer_id=answer_id)


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
def make_playback_task(self: Task, answer_id: int) -> bool:
    return services.answer_make_playback(answer_id=answer_id, task_id=self.request.id)


@shared_task(name="scoring.transcribe_answer", soft_time_limit=1200, time_limit=1500, **COMMON)
@_retrying_transient
def transcribe_answer_task(self: Task, answer_id: int) -> None:
    if services.answer_transcribe(
        answer_id=answer_id, task_id=self.request.id, counts=_counts(self)
    ):
        events.later("scoring.score_answer", organization=None, answer_id=answer_id)


@shared_task(name="scoring.score_answer", soft_time_limit=600, time_limit=900, **COMMON)
@_retrying_transient
def score_answer_task(self: Task, answer_id: int, profile_version_id: int | None = None) -> int:
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
def check_models_at_start(**_: Any) -> None:
    """A worker without its models stops at once, saying which command provisions them."""
    from .transcription import ModelMissing, check_models

    try:
        check_models()
    except ModelMissing as missing:  # Celery logs and ignores exceptions from signals
        raise SystemExit(f"Palantrix worker cannot start: {missing}") from missing


@shared_task(name="scoring.rescore_job", bind=True, acks_late=True, reject_on_worker_lost=True)
def rescore_job_task(self: Task, run_id: int) -> bool:
    """Sent through the outbox (`job_rescore`): safe to deliver twice, the run is claimed."""
    return services.rescore_run_process(run_id=run_id, task_id=self.request.id)
