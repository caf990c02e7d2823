"""Claims, retries and hand-overs to people: what every stage of the processing shares."""

import logging
from datetime import datetime, timedelta
from pathlib import Path

from botocore.exceptions import ClientError
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from interviews.models import (
    Answer,
    AnswerStatus,
)
from palantrix import audit, events
from palantrix.storage import s3_client

logger = logging.getLogger(__name__)


WORKER = audit.SystemActor("scoring.worker")
# Below this mean log-probability Whisper is guessing: people should listen instead.
MIN_AVG_LOGPROB = -1.0


# Where an answer waits for a worker; anything else is done with, or waits for people.
PROCESSING_STATUSES = (AnswerStatus.UPLOADED, AnswerStatus.TRANSCRIBING, AnswerStatus.SCORING)


@transaction.atomic
def answer_mark_needs_review(
    *, answer_id: int, code: str, reason: str, only_from: tuple[str, ...] | None = None
) -> bool:
    """Send the answer to people: never a low score for a recording the AI cannot use.
    With `only_from`, only an answer in one of those statuses moves."""
    answers = Answer.objects.filter(pk=answer_id).exclude(status=AnswerStatus.NEEDS_REVIEW)
    if only_from is not None:
        answers = answers.filter(status__in=only_from)
    updated = answers.update(
        status=AnswerStatus.NEEDS_REVIEW, review_reason=reason[:300], claimed_by=""
    )
    if updated:
        answer = Answer.objects.select_related("organization").get(pk=answer_id)
        events.publish(
            events.Event(
                organization=answer.organization,
                actor=WORKER,
                action="scoring.answer.needs_review",
                target=answer,
                data={"reason": code},
                payload={
                    "interview": str(answer.invitation.public_id),
                    "answer": str(answer.public_id),
                    "reason": code,
                },
            )
        )
    return bool(updated)


def answer_failed(*, answer_id: int, error: BaseException) -> bool:
    """A processing task failed for good (a time limit included): people take over, with
    the reason. An answer no longer being processed (scored, say) stays as it is."""
    if isinstance(error, SoftTimeLimitExceeded | TimeLimitExceeded):
        code = "time_limit"
        reason = "Processing took longer than its time limit: a person should review it."
    else:
        code = "processing_failed"
        reason = f"Processing failed ({type(error).__name__}): a person should review it."
    logger.warning("answer=%s failed for good: %r", answer_id, error)
    return answer_mark_needs_review(
        answer_id=answer_id, code=code, reason=reason, only_from=PROCESSING_STATUSES
    )


RETRY_LATER = "retry-later"  # claimed_by of an answer waiting for the sweeper's next try


def answer_retry_later(*, answer_id: int, error: BaseException) -> bool:
    """A step ran out of retries on a transient fault (storage, database or broker away):
    the answer shows "processing failed — will retry", with an audit event, and the
    sweeper queues it again after ANSWER_RETRY_LATER_SECONDS. Once it has been tried
    ANSWER_MAX_ATTEMPTS times, people take over instead, with the reason."""
    fault = type(error).__name__
    with transaction.atomic():
        answer = (
            Answer.objects.select_for_update()
            .select_related("organization")
            .filter(pk=answer_id, status__in=PROCESSING_STATUSES)
            .first()
        )
        if answer is None:
            return False
        if answer.attempts >= settings.ANSWER_MAX_ATTEMPTS:
            return answer_mark_needs_review(
                answer_id=answer_id,
                code="transient_fault",
                reason=(
                    f"Processing failed {answer.attempts} times ({fault}: a service it needs "
                    "was unreachable): a person should review it."
                ),
                only_from=PROCESSING_STATUSES,
            )
        Answer.objects.filter(pk=answer_id).update(
            claimed_by=RETRY_LATER,
            claimed_at=timezone.now(),
            review_reason=f"Processing failed ({fault}) — will retry."[:300],
        )
        audit.record(
            organization=answer.organization,
            actor=WORKER,
            action="scoring.answer.retry_later",
            target=answer,
            data={"status": answer.status, "error": fault, "attempts": answer.attempts},
        )
    logger.warning("answer=%s out of retries on %s: the sweeper tries again", answer_id, fault)
    return True


def _too_many_attempts(answer_id: int) -> bool:
    """Past `ANSWER_MAX_ATTEMPTS` deliveries the answer goes to people (True)."""
    attempts = Answer.objects.filter(pk=answer_id).values_list("attempts", flat=True).first()
    if attempts is None or attempts <= settings.ANSWER_MAX_ATTEMPTS:
        return False
    return answer_mark_needs_review(
        answer_id=answer_id,
        code="too_many_attempts",
        reason=(
            f"Processing stopped without finishing {attempts - 1} times (the worker was "
            "stopped, or a service it needs was unreachable): a person should review it."
        ),
        only_from=PROCESSING_STATUSES,
    )


def _claim(
    answer_id: int, *, expected: str, working: str, task_id: str, counts: bool = True
) -> bool:
    """Move expected → working for this task; a redelivery of the same task may resume,
    and a claim older than the lease (a worker that died) may be taken over. `counts`:
    this is a delivery (not a retry after a transient fault), counted against the cap."""
    lease = timezone.now() - timedelta(seconds=settings.PROCESSING_LEASE_SECONDS)
    # Scoring waits and works in one status: only an unclaimed answer is free to take (a
    # second delivery, the outbox's resend say, must not score it alongside the first).
    free = Q(status=expected, claimed_by="") if expected == working else Q(status=expected)
    # The sweeper's requeue claims the answer for its outbox row: a delivery of it takes over.
    reserved = events.outbox.row_claim_of(task_id)
    if reserved is not None:
        free |= Q(status__in=(expected, working), claimed_by=reserved)
    claimed = bool(
        Answer.objects.filter(pk=answer_id)
        .filter(
            free | Q(status=working, claimed_by=task_id) | Q(status=working, claimed_at__lt=lease)
        )
        .update(
            status=working,
            claimed_by=task_id,
            claimed_at=timezone.now(),
            attempts=F("attempts") + int(counts),
        )
    )
    return claimed and not _too_many_attempts(answer_id)


def answers_requeue_stuck() -> int:
    """Queue again every answer whose processing task is gone: waiting in uploaded,
    transcribing or scoring with a claim older than `ANSWER_STUCK_SECONDS` (a broker
    restart, a lost message, retries exhausted on a transient fault). Each is claimed by a
    conditional UPDATE naming the new task, so concurrent or repeated sweeps queue it once
    and any older delivery of it that turns up later finds the claim taken."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.ANSWER_STUCK_SECONDS)
    retry = now - timedelta(seconds=settings.ANSWER_RETRY_LATER_SECONDS)
    stuck = (
        Answer.objects.filter(status__in=PROCESSING_STATUSES)
        .filter(
            Q(claimed_at__lt=cutoff)
            | Q(claimed_at__isnull=True, submitted_at__lt=cutoff)
            | Q(claimed_by=RETRY_LATER, claimed_at__lt=retry)
        )
        .order_by("claimed_at", "submitted_at")
        .values_list("pk", "status", "claimed_at")[:500]
    )
    queued = 0
    for answer_id, status, claimed_at in stuck:
        queued += _requeue(answer_id, status=status, claimed_at=claimed_at)
    return queued


@transaction.atomic
def _requeue(answer_id: int, *, status: str, claimed_at: datetime | None) -> bool:
    """Queue the answer's step again, through the outbox (a broker away at commit delays
    it). The answer is claimed for the row (`outbox-<row>`): whichever delivery of it comes
    first takes the claim over; any other, older task that turns up finds it taken."""
    if not Answer.objects.filter(pk=answer_id, status=status, claimed_at=claimed_at).update(
        claimed_at=timezone.now(), review_reason=""
    ):
        return False  # another sweep took it, or a worker did
    answer = Answer.objects.select_related("organization").get(pk=answer_id)
    audit.record(
        organization=answer.organization,
        actor=WORKER,
        action="scoring.answer.requeued",
        target=answer,
        data={"status": status, "attempts": answer.attempts},
    )
    tasks: dict[str, str] = {
        AnswerStatus.UPLOADED: "scoring.process_answer",
        AnswerStatus.TRANSCRIBING: "scoring.transcribe_answer",
        AnswerStatus.SCORING: "scoring.score_answer",
    }
    task = tasks[status]
    row = events.later(task, organization=answer.organization, answer_id=answer_id)
    Answer.objects.filter(pk=answer_id).update(claimed_by=events.outbox.row_claim(row.pk))
    logger.info(
        "answer=%s was stuck in %s: queued again as outbox row %s", answer_id, status, row.pk
    )
    return True


def _download(answer: Answer, folder: Path) -> Path | None:
    source = folder / Path(answer.object_key).name
    try:
        s3_client().download_file(settings.S3_BUCKET, answer.object_key, str(source))
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in {"404", "NoSuchKey"}:
            raise  # storage unavailable: the task retries
        answer_mark_needs_review(
            answer_id=answer.pk, code="missing", reason="The recording is missing from storage."
        )
        return None
    return source
