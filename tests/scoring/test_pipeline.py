"""From "upload confirmed" to "scored" through real workers, S3, PostgreSQL and Redis."""

import os
import signal

import pytest
from django.conf import settings

from interviews import services
from interviews.models import AnswerStatus
from palantrix import audit
from palantrix.models import AuditEvent
from scoring import services as scoring
from scoring.models import Evidence, Score, Transcript
from scoring.tasks import process_answer_task, score_answer_task, transcribe_answer_task
from tests import media
from tests.conftest import _database_url, worker_start, worker_stop
from tests.factories import uploaded_recording
from tests.waiting import seconds, wait_until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.worker,
    pytest.mark.usefixtures("s3_bucket", "ai_ready"),
]

SCRIPT = (
    "Last winter a customer called because her heating controller stopped working before "
    "a holiday. I stayed on the phone with her and walked her through a reset. When that "
    "failed I arranged for a technician the same evening. I called her the next day to make "
    "sure everything was fine, and she later wrote to thank the whole team."
)


@pytest.fixture
def profile(org, admin):
    return services.profile_create(
        organization=org,
        actor=admin,
        name="Support",
        competencies=[
            services.CompetencyInput(
                "Customer focus",
                "Puts the customer's needs first and follows through.",
                4,
                [
                    "A customer's order was lost, so I called them the same day, found the "
                    "parcel and delivered it myself.",
                    "I followed up a week later to check the fix worked for the customer.",
                ],
                ["I told the customer to read the FAQ."],
            ),
            services.CompetencyInput(
                "Teamwork", "Works with colleagues.", 2, ["I paired with a colleague."]
            ),
        ],
    )


def spoken_answer(org, admin, profile, tmp_path, *, script=SCRIPT, human_only=False, name="a"):
    job = services.job_create(organization=org, actor=admin, title="Support", profile=profile)
    services.question_add(
        job=job,
        actor=admin,
        question=services.QuestionInput("Tell us about a time you went beyond for a customer."),
    )
    invitation = services.invitation_send(
        job=job, actor=admin, name="Ana Lima", email=f"{name}@example.test"
    )
    if human_only:
        services.interview.consent_record(
            invitation=invitation, ai_assessment=False, user_agent="test"
        )
    wav = media.speech_wav(tmp_path / f"{name}.wav", script)
    path = media.recording(tmp_path / f"{name}.webm", audio=wav, seconds=media.duration(wav))
    return uploaded_recording(invitation, path, f"orgs/{org.public_id}/tests/{name}.webm")


def wait_for_status(answer, statuses, timeout=300):
    def reached():
        answer.refresh_from_db()
        return answer.status in statuses

    wait_until(reached, timeout=timeout, what=f"the answer to become {' or '.join(statuses)}")
    return answer


def counts(answer):
    return (
        Transcript.objects.filter(answer=answer).count(),
        Score.objects.filter(answer=answer).count(),
        Evidence.objects.filter(score__answer=answer).count(),
        AuditEvent.objects.filter(action__startswith="scoring.").count(),
    )


def test_a_spoken_answer_is_transcribed_scored_with_evidence_and_audited_once(
    celery_worker, org, admin, profile, tmp_path
):
    answer = spoken_answer(org, admin, profile, tmp_path)

    process_answer_task.delay(answer_id=answer.pk)
    wait_for_status(answer, {AnswerStatus.SCORED, AnswerStatus.NEEDS_REVIEW})

    assert answer.status == AnswerStatus.SCORED
    transcript = Transcript.objects.get(answer=answer)
    said = transcript.text.lower()
    for word in ["customer", "heating", "technician", "holiday", "team"]:
        assert word in said
    assert transcript.engine.startswith("faster-whisper")
    assert transcript.segments.count() >= 2
    assert transcript.segments.last().end > 15
    scores = {s.competency_name: s for s in Score.objects.filter(answer=answer)}
    assert set(scores) == {"Customer focus", "Teamwork"}
    focus = scores["Customer focus"]
    assert focus.value > scores["Teamwork"].value
    assert focus.profile_version.number == 1
    assert focus.transcript_sha256 == transcript.sha256
    assert "all-MiniLM-L6-v2" in focus.scorer
    assert "faster-whisper" in focus.transcriber
    scored_text = scoring.scoring_input(answer, transcript).text
    for item in focus.evidence.all():
        assert item.sentence in scored_text
    event = AuditEvent.objects.get(action="scoring.answer.scored")
    assert event.data["profile_version"] == 1
    assert event.data["transcript_sha256"] == transcript.sha256
    assert event.data["scores"]["Customer focus"] == focus.value
    assert AuditEvent.objects.filter(action="scoring.transcript.created").count() == 1

    # Every task again: nothing new is written.
    before = counts(answer)
    for task in (process_answer_task, transcribe_answer_task, score_answer_task):
        task.delay(answer_id=answer.pk).get(timeout=seconds(300))
    assert counts(answer) == before
    assert audit.verify_chain(org).ok


def test_human_review_only_answers_are_transcribed_but_never_scored(
    celery_worker, org, admin, profile, tmp_path
):
    answer = spoken_answer(org, admin, profile, tmp_path, human_only=True, name="human")
    process_answer_task.delay(answer_id=answer.pk)
    wait_for_status(answer, {AnswerStatus.TRANSCRIBED, AnswerStatus.SCORED})
    assert answer.status == AnswerStatus.TRANSCRIBED
    assert Transcript.objects.filter(answer=answer).exists()
    score_answer_task.delay(answer_id=answer.pk).get(timeout=seconds(300))
    assert not Score.objects.filter(answer=answer).exists()


def test_too_little_speech_goes_to_human_review(celery_worker, org, admin, profile, tmp_path):
    answer = spoken_answer(
        org, admin, profile, tmp_path, script="Hello. I am ready. Thank you.", name="short"
    )
    process_answer_task.delay(answer_id=answer.pk)
    wait_for_status(answer, {AnswerStatus.NEEDS_REVIEW, AnswerStatus.SCORED})
    assert answer.status == AnswerStatus.NEEDS_REVIEW
    assert answer.review_reason.startswith("Too little speech to score")
    assert not Score.objects.filter(answer=answer).exists()


def kill_queues() -> list[str]:
    """Queues of their own (in this test process's Redis database), apart from celery_worker's."""
    return [
        f"{settings.CELERY_TASK_DEFAULT_QUEUE}-kill",
        f"{settings.CELERY_ML_QUEUE}-kill",
        f"{settings.CELERY_TRANSCRIBE_QUEUE}-kill",
    ]


def start_worker(name, **extra_env):
    """A worker of its own on the kill queues, quick to hand a dead worker's task on."""
    queues = kill_queues()
    env = {
        "DATABASE_URL": _database_url(),
        "CELERY_DEFAULT_QUEUE": queues[0],
        "CELERY_ML_QUEUE": queues[1],
        "CELERY_TRANSCRIBE_QUEUE": queues[2],
        "CELERY_VISIBILITY_TIMEOUT": "4",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "CELERY_UNACKED_RESTORE_THROTTLE": "1",
        "PROCESSING_LEASE_SECONDS": "3",
        **extra_env,
    }
    return worker_start(name, queues, env)


def test_a_worker_killed_mid_task_still_yields_exactly_one_score(
    celery_worker, org, admin, profile, tmp_path
):
    """A real worker process is killed while transcribing; another one finishes the job."""
    answer = spoken_answer(org, admin, profile, tmp_path, name="killed")
    queues = kill_queues()
    first = start_worker("doomed-worker")
    try:
        transcribe_answer_task.apply_async(kwargs={"answer_id": answer.pk}, queue=queues[2])
        # The worker claimed the answer: it is inside the transcription now.
        wait_for_status(answer, {AnswerStatus.TRANSCRIBING})
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.TRANSCRIBING
    assert not Score.objects.filter(answer=answer).exists()

    second = start_worker("rescue-worker")
    try:
        wait_for_status(answer, {AnswerStatus.SCORED})
    finally:
        worker_stop(second)
    assert Transcript.objects.filter(answer=answer).count() == 1
    assert Score.objects.filter(answer=answer).count() == 2
    assert AuditEvent.objects.filter(action="scoring.answer.scored").count() == 1
