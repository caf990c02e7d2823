"""No answer is left processing for ever: failures, time limits, endless redeliveries and
lost tasks all end in a result or in "needs human review" with the reason."""

import os
import signal
from datetime import timedelta

import psycopg2
import pytest
from django.conf import settings
from django.utils import timezone

from interviews.models import Answer, AnswerStatus
from palantrix.models import AuditEvent
from scoring import services as scoring
from scoring.models import Transcript
from scoring.tasks import process_answer_task, transcribe_answer_task
from tests import media
from tests.conftest import _database_url, worker_stop
from tests.scoring.test_pipeline import (
    SCRIPT,
    kill_queues,
    profile,
    spoken_answer,
    start_worker,
    wait_for_status,
)
from tests.scoring.test_process_answer import uploaded_answer
from tests.waiting import wait_until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("s3_bucket"),
]

__all__ = ["profile"]  # the fixture, used by name


def needs_review_events(answer):
    return [
        e.data
        for e in AuditEvent.objects.filter(
            action="scoring.answer.needs_review", target_id=str(answer.public_id)
        )
    ]


@pytest.mark.worker
@pytest.mark.usefixtures("ai_ready")
def test_a_transcription_past_its_soft_time_limit_goes_to_people_with_the_reason(
    celery_worker, org, admin, profile, tmp_path
):
    """The task is held at its first step (its claim waits on a row lock the test holds)
    until the worker's main process says it sent the soft time limit: a clock-free way to
    be sure the limit strikes during the work, however fast or slow the machine is."""
    answer = spoken_answer(org, admin, profile, tmp_path)
    task_id = "soft-limit-" + str(answer.public_id)
    lock = psycopg2.connect(_database_url())  # not autocommit: the lock lasts until close
    try:
        lock.cursor().execute(
            f"SELECT id FROM {Answer._meta.db_table} WHERE id = %s FOR UPDATE", [answer.pk]
        )
        transcribe_answer_task.apply_async(
            kwargs={"answer_id": answer.pk}, soft_time_limit=1, task_id=task_id
        )
        wait_until(
            lambda: celery_worker.logged(
                f"Soft time limit (1s) exceeded for scoring.transcribe_answer[{task_id}]"
            ),
            what="the worker to send the task its soft time limit",
        )
    finally:
        lock.close()
    wait_for_status(answer, {AnswerStatus.NEEDS_REVIEW, AnswerStatus.SCORED}, timeout=120)

    assert answer.status == AnswerStatus.NEEDS_REVIEW
    assert answer.review_reason == (
        "Processing took longer than its time limit: a person should review it."
    )
    assert needs_review_events(answer) == [{"reason": "time_limit"}]
    assert not Transcript.objects.filter(answer=answer).exists()


def test_a_task_killed_at_its_hard_time_limit_sends_the_answer_to_people(org, admin, tmp_path):
    """Celery calls the task's failure hook in the worker's main process when the hard
    time limit kills the child that ran it; the answer must not stay "Transcribing"."""
    from celery.exceptions import TimeLimitExceeded

    path = media.recording(tmp_path / "s.webm", silent=True)
    answer = uploaded_answer(org, admin, path, "hard-limit")
    Answer.objects.filter(pk=answer.pk).update(
        status=AnswerStatus.TRANSCRIBING, claimed_by="killed", claimed_at=timezone.now()
    )

    transcribe_answer_task.on_failure(
        TimeLimitExceeded(1500), "killed", (), {"answer_id": answer.pk}, None
    )

    answer.refresh_from_db()
    assert answer.status == AnswerStatus.NEEDS_REVIEW
    assert "longer than its time limit" in answer.review_reason
    assert needs_review_events(answer) == [{"reason": "time_limit"}]


def test_a_task_out_of_retries_on_a_transient_fault_shows_it_and_the_sweeper_retries_once(
    org, admin, tmp_path
):
    from botocore.exceptions import EndpointConnectionError

    path = media.recording(tmp_path / "s.webm", silent=True)
    answer = uploaded_answer(org, admin, path, "s3-down")

    process_answer_task.on_failure(
        EndpointConnectionError(endpoint_url="http://s3"), "t", (), {"answer_id": answer.pk}, None
    )

    answer.refresh_from_db()
    assert answer.status == AnswerStatus.UPLOADED
    assert answer.review_reason == "Processing failed (EndpointConnectionError) — will retry."
    (event,) = AuditEvent.objects.filter(action="scoring.answer.retry_later")
    assert event.data == {"status": "uploaded", "error": "EndpointConnectionError", "attempts": 0}
    assert scoring.answers_requeue_stuck() == 0  # not before its pause is over
    Answer.objects.filter(pk=answer.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.ANSWER_RETRY_LATER_SECONDS + 1)
    )
    assert scoring.answers_requeue_stuck() == 1
    assert scoring.answers_requeue_stuck() == 0
    answer.refresh_from_db()
    assert answer.review_reason == ""


def test_an_answer_failing_on_transient_faults_again_and_again_goes_to_people(org, admin, tmp_path):
    from kombu.exceptions import OperationalError

    path = media.recording(tmp_path / "s.webm", silent=True)
    answer = uploaded_answer(org, admin, path, "broker-down")
    Answer.objects.filter(pk=answer.pk).update(attempts=settings.ANSWER_MAX_ATTEMPTS)

    process_answer_task.on_failure(
        OperationalError("down"), "t", (), {"answer_id": answer.pk}, None
    )

    answer.refresh_from_db()
    assert answer.status == AnswerStatus.NEEDS_REVIEW
    assert answer.review_reason.startswith(
        f"Processing failed {settings.ANSWER_MAX_ATTEMPTS} times (OperationalError"
    )
    assert needs_review_events(answer) == [{"reason": "transient_fault"}]


def test_transient_retries_spread_over_at_least_half_an_hour():
    from scoring.tasks import retry_countdown

    for _ in range(20):
        pauses = [retry_countdown(n) for n in range(settings.ANSWER_MAX_RETRIES)]
        assert sum(pauses) >= 30 * 60
        assert max(pauses) <= settings.ANSWER_RETRY_MAX_SECONDS


@pytest.mark.worker
def test_a_recording_longer_than_the_question_allows_goes_to_people_without_transcribing(
    celery_worker, org, admin, tmp_path
):
    allowed = 30 + settings.ANSWER_EXTRA_SECONDS
    path = media.recording(tmp_path / "long.webm", silent=True, video=False, seconds=allowed + 10)
    answer = uploaded_answer(org, admin, path, "too-long")
    answer.question.answer_seconds = 30
    answer.question.save()

    process_answer_task.delay(answer_id=answer.pk).get(timeout=60)

    answer.refresh_from_db()
    assert answer.status == AnswerStatus.NEEDS_REVIEW
    assert answer.review_reason.startswith(
        f"The recording is longer than this question allows ({allowed} seconds at most)"
    )
    assert needs_review_events(answer) == [{"reason": "too_long"}]
    assert not Transcript.objects.filter(answer=answer).exists()


@pytest.mark.worker
def test_an_answer_delivered_again_and_again_goes_to_people_after_the_cap(
    celery_worker, org, admin, tmp_path
):
    """Given a recording whose transcription was taken over after its worker died as often
    as the cap allows, the next delivery hands it to people instead of transcribing."""
    path = media.recording(tmp_path / "s.webm", silent=True)
    answer = uploaded_answer(org, admin, path, "redelivered")
    Answer.objects.filter(pk=answer.pk).update(
        status=AnswerStatus.TRANSCRIBING,
        claimed_by="a-task-whose-worker-died",
        claimed_at=timezone.now() - timedelta(seconds=settings.PROCESSING_LEASE_SECONDS + 5),
        attempts=settings.ANSWER_MAX_ATTEMPTS,
    )

    transcribe_answer_task.delay(answer_id=answer.pk).get(timeout=60)
    transcribe_answer_task.delay(answer_id=answer.pk).get(timeout=60)

    answer.refresh_from_db()
    assert answer.status == AnswerStatus.NEEDS_REVIEW
    assert answer.review_reason.startswith(
        f"Processing stopped without finishing {settings.ANSWER_MAX_ATTEMPTS} times"
    )
    assert needs_review_events(answer) == [{"reason": "too_many_attempts"}]


def stuck(org, admin, tmp_path, name, status, **fields):
    path = media.recording(tmp_path / f"{name}.webm", silent=True)
    answer = uploaded_answer(org, admin, path, name)
    Answer.objects.filter(pk=answer.pk).update(status=status, **fields)
    answer.refresh_from_db()
    return answer


def test_the_sweeper_queues_each_stuck_answer_once_however_often_it_runs(org, admin, tmp_path):
    old = timezone.now() - timedelta(seconds=settings.ANSWER_STUCK_SECONDS + 60)
    lost = stuck(org, admin, tmp_path, "lost", AnswerStatus.UPLOADED, submitted_at=old)
    dead = stuck(
        org, admin, tmp_path, "dead", AnswerStatus.TRANSCRIBING, claimed_by="x", claimed_at=old
    )
    recent = stuck(
        org,
        admin,
        tmp_path,
        "recent",
        AnswerStatus.TRANSCRIBING,
        claimed_by="y",
        claimed_at=timezone.now(),
    )
    stuck(org, admin, tmp_path, "done", AnswerStatus.SCORED, submitted_at=old)

    first = scoring.answers_requeue_stuck()
    second = scoring.answers_requeue_stuck()

    assert (first, second) == (2, 0)
    requeued = AuditEvent.objects.filter(action="scoring.answer.requeued")
    assert sorted(e.data["status"] for e in requeued) == ["transcribing", "uploaded"]
    recent.refresh_from_db()
    assert recent.claimed_by == "y"
    assert {lost.pk, dead.pk} == set(
        Answer.objects.exclude(claimed_by__in=["", "x", "y"]).values_list("pk", flat=True)
    )


def test_a_requeued_answer_waits_in_the_outbox_for_whichever_delivery_comes_first(
    org, admin, tmp_path
):
    """The sweeper's requeue is an outbox row (a broker away at that moment delays it) and
    the answer is claimed for the row: the relay's resend takes the claim over, a task of
    old does not."""
    from palantrix.models import OutboxMessage
    from tests.outbox import broker_refusing, deliver

    old = timezone.now() - timedelta(seconds=settings.ANSWER_STUCK_SECONDS + 60)
    dead = stuck(
        org, admin, tmp_path, "dead3", AnswerStatus.TRANSCRIBING, claimed_by="x", claimed_at=old
    )
    with broker_refusing():  # the send at commit fails
        assert scoring.answers_requeue_stuck() == 1
    (row,) = OutboxMessage.objects.filter(topic="task:scoring.transcribe_answer")
    assert row.last_error == "send: OperationalError"
    assert row.payload == {"answer_id": dead.pk}
    dead.refresh_from_db()
    assert dead.claimed_by == f"outbox-{row.pk}"

    assert not scoring.answer_transcribe(answer_id=dead.pk, task_id="x")  # the dead one's
    assert deliver("scoring.transcribe_answer") == 1
    dead.refresh_from_db()
    assert dead.status == AnswerStatus.NEEDS_REVIEW
    assert dead.review_reason == "The recording is silent: no speech could be heard."


@pytest.mark.worker
def test_answers_whose_tasks_were_lost_are_processed_after_the_sweep(
    celery_worker, org, admin, tmp_path
):
    """A broker that lost its queue, a worker that died: the sweep brings both back."""
    old = timezone.now() - timedelta(seconds=settings.ANSWER_STUCK_SECONDS + 60)
    lost = stuck(org, admin, tmp_path, "lost2", AnswerStatus.UPLOADED, submitted_at=old)
    dead = stuck(
        org, admin, tmp_path, "dead2", AnswerStatus.TRANSCRIBING, claimed_by="x", claimed_at=old
    )

    assert scoring.answers_requeue_stuck() == 2
    for answer in (lost, dead):
        wait_for_status(answer, {AnswerStatus.NEEDS_REVIEW}, timeout=120)
        assert answer.review_reason == "The recording is silent: no speech could be heard."
        assert needs_review_events(answer) == [{"reason": "silent"}]


@pytest.mark.worker
@pytest.mark.usefixtures("ai_ready")
def test_a_task_whose_worker_is_killed_is_not_delivered_again_past_the_cap(
    celery_worker, org, admin, profile, tmp_path
):
    """With a cap of one delivery, the redelivery after a real kill goes to people."""
    long_script = " ".join([SCRIPT] * 3)
    answer = spoken_answer(org, admin, profile, tmp_path, script=long_script, name="capped")
    first = start_worker("capped-worker", ANSWER_MAX_ATTEMPTS="1")
    try:
        transcribe_answer_task.apply_async(kwargs={"answer_id": answer.pk}, queue=kill_queues()[1])
        # The worker claimed the answer: it is inside the transcription now.
        wait_for_status(answer, {AnswerStatus.TRANSCRIBING})
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()

    second = start_worker("capped-rescue-worker", ANSWER_MAX_ATTEMPTS="1")
    try:
        wait_for_status(answer, {AnswerStatus.NEEDS_REVIEW, AnswerStatus.SCORED})
    finally:
        worker_stop(second)
    assert answer.status == AnswerStatus.NEEDS_REVIEW
    assert answer.review_reason.startswith("Processing stopped without finishing 1 times")
    assert needs_review_events(answer) == [{"reason": "too_many_attempts"}]
    assert not Transcript.objects.filter(answer=answer).exists()
