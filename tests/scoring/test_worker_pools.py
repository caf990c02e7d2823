"""Worker pools by queue: transcription goes to the pool that serves its queue (GPU workers
in production, here a CPU worker standing in for one), everything else to the CPU pool."""

import pytest

from interviews.models import AnswerStatus
from palantrix import logs
from scoring.models import Score, Transcript
from scoring.tasks import process_answer_task
from tests.conftest import RESULTS, _database_url, worker_start, worker_stop
from tests.environment import SUFFIX
from tests.scoring.test_pipeline import profile, spoken_answer, wait_for_status  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.worker,
    pytest.mark.usefixtures("s3_bucket", "ai_ready"),
]

DEFAULT, ML, TRANSCRIBE = (f"{name}-pools{SUFFIX}" for name in ("palantrix", "ml", "transcribe"))


def received(name: str) -> list[str]:
    """The tasks a worker's log says it received, in order."""
    lines = (RESULTS / f"{name}{SUFFIX}.log").read_text().splitlines()
    return [line.split("Task ")[1].split("[")[0] for line in lines if "] received" in line]


def test_each_pool_takes_only_the_work_of_its_own_queues(
    celery_worker,
    org,
    admin,
    profile,  # noqa: F811
    tmp_path,
):
    env = {
        "DATABASE_URL": _database_url(),
        "CELERY_DEFAULT_QUEUE": DEFAULT,
        "CELERY_ML_QUEUE": ML,
        "CELERY_TRANSCRIBE_QUEUE": TRANSCRIBE,
    }
    cpu = worker_start("pool-cpu", [DEFAULT, ML], env)
    gpu = worker_start("pool-gpu", [TRANSCRIBE], {**env, "WHISPER_DEVICE": "auto"})
    try:
        answers = [spoken_answer(org, admin, profile, tmp_path, name=f"p{i}") for i in range(2)]
        # As if a request had started it: its id follows the chain from worker to worker.
        token = logs.request_id.set("pools-request-0001")
        try:
            for answer in answers:
                process_answer_task.apply_async(kwargs={"answer_id": answer.pk}, queue=DEFAULT)
        finally:
            logs.request_id.reset(token)
        for answer in answers:
            wait_for_status(answer, {AnswerStatus.SCORED, AnswerStatus.NEEDS_REVIEW})
    finally:
        worker_stop(cpu)
        worker_stop(gpu)
    for answer in answers:
        assert answer.status == AnswerStatus.SCORED
        assert Score.objects.filter(answer=answer).exists()
        # No GPU here: auto chose the CPU, and the transcript says what transcribed it.
        assert Transcript.objects.get(answer=answer).model == "whisper-base (CTranslate2 int8)"
    # The CPU pool checked and scored both answers (and dispatched their events) but
    # transcribed none; the transcription pool transcribed both and did nothing else.
    cpu_tasks = received("pool-cpu")
    assert cpu_tasks.count("scoring.process_answer") == 2
    assert cpu_tasks.count("scoring.score_answer") == 2
    assert "scoring.transcribe_answer" not in cpu_tasks
    assert received("pool-gpu") == ["scoring.transcribe_answer"] * 2
    # The request's id reached the transcription pool through the CPU pool's task.
    gpu_log = (RESULTS / f"pool-gpu{SUFFIX}.log").read_text()
    assert "request_id=pools-request-0001" in gpu_log
    assert f"answer={answers[0].pk} transcribed" in gpu_log
