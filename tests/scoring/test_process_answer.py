"""A real worker checks each submitted recording; running it again changes nothing."""

import pytest
from django.conf import settings

from interviews import services
from interviews.models import AnswerStatus
from palantrix.models import AuditEvent
from palantrix.storage import s3_client
from scoring.tasks import process_answer_task
from tests import media
from tests.factories import uploaded_recording
from tests.waiting import seconds

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.worker,
    pytest.mark.usefixtures("s3_bucket"),
]


def uploaded_answer(org, admin, path, key):
    job = services.job_create(organization=org, actor=admin, title="Engineer")
    services.question_add(
        job=job, actor=admin, question=services.QuestionInput("Tell us about a bug.")
    )
    invitation = services.invitation_send(job=job, actor=admin, name="A B", email=f"{key}@x.test")
    return uploaded_recording(invitation, path, key)


def test_a_silent_recording_lands_in_human_review_once_however_often_it_runs(
    celery_worker, org, admin, tmp_path
):
    answer = uploaded_answer(
        org, admin, media.recording(tmp_path / "s.webm", silent=True), "silent"
    )

    process_answer_task.delay(answer_id=answer.pk).get(timeout=seconds(300))
    process_answer_task.delay(answer_id=answer.pk).get(timeout=seconds(300))

    answer.refresh_from_db()
    assert answer.status == AnswerStatus.NEEDS_REVIEW
    assert answer.review_reason == "The recording is silent: no speech could be heard."
    events = AuditEvent.objects.filter(action="scoring.answer.needs_review")
    assert [e.data for e in events] == [{"reason": "silent"}]


def test_a_spoken_recording_is_measured_and_waits_for_transcription(
    celery_worker, org, admin, tmp_path
):
    speech = media.speech_wav(tmp_path / "voice.wav")
    path = media.recording(tmp_path / "a.webm", audio=speech, seconds=5)
    answer = uploaded_answer(org, admin, path, "spoken")

    # The worker leaves the transcription queue alone meanwhile, so what the check did is
    # seen before the transcription, however quickly the worker would otherwise start it.
    with celery_worker.holding(settings.CELERY_TRANSCRIBE_QUEUE):
        process_answer_task.delay(answer_id=answer.pk).get(timeout=seconds(300))

        answer.refresh_from_db()
        assert answer.status == AnswerStatus.UPLOADED
        assert 4.5 <= answer.duration_seconds <= 5.5
        assert celery_worker.waiting_in(settings.CELERY_TRANSCRIBE_QUEUE) == 1  # its transcription
    celery_worker.wait_idle()


def test_a_recording_missing_from_storage_goes_to_review_without_retrying(
    celery_worker, org, admin, tmp_path
):
    path = media.recording(tmp_path / "m.webm", silent=True)
    answer = uploaded_answer(org, admin, path, "missing")
    s3_client().delete_object(Bucket=settings.S3_BUCKET, Key="missing")

    process_answer_task.delay(answer_id=answer.pk).get(timeout=seconds(300))

    answer.refresh_from_db()
    assert answer.status == AnswerStatus.NEEDS_REVIEW
    assert "missing" in answer.review_reason


def test_a_worker_without_its_models_refuses_to_start_and_names_the_fix(tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "palantrix",
            "worker",
            "--concurrency=1",
            "--queues=nothing-here",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env={**os.environ, "MODELS_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=seconds(120),
    )
    assert result.returncode != 0
    assert "python manage.py provision_models" in result.stdout + result.stderr
