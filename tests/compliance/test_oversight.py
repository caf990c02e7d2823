"""People stay in control of AI scoring: a readiness gate and stop switches that lose
nothing and, on resume, score each waiting answer exactly once."""

import time

import pytest
from django.urls import reverse

from compliance.services import ai_scoring_block, job_ai_scoring_set
from interviews import services
from interviews.models import Answer, AnswerStatus
from palantrix import audit
from palantrix.models import AuditEvent
from scoring import services as scoring
from scoring.models import Score
from scoring.tasks import process_answer_task
from tests.factories import AnswerFactory
from tests.waiting import wait_until

TEXT = (
    "When a customer was charged twice I apologised, refunded the duplicate myself, found "
    "the bug in our billing export and called the customer on Monday to confirm it was fixed."
)


def written_answers(org, admin, count, job=None):
    if job is None:
        profile = services.profile_create(
            organization=org,
            actor=admin,
            name=f"Support {time.monotonic()}",
            competencies=[
                services.CompetencyInput(
                    "Customer focus", "Puts customers first.", 3, ["I called them back."]
                )
            ],
        )
        job = services.job_create(organization=org, actor=admin, title="Support", profile=profile)
        services.question_add(
            job=job, actor=admin, question=services.QuestionInput("A customer story?")
        )
    question = services.job_current_questions(job=job).get()
    answers = []
    for n in range(count):
        invitation = services.invitation_send(
            job=job, actor=admin, name=f"Cand {n}", email=f"c{n}-{job.pk}@example.test"
        )
        answers.append(
            AnswerFactory(
                invitation=invitation,
                question=question,
                kind="written",
                status=AnswerStatus.UPLOADED,
                text=TEXT,
            )
        )
    return job, answers


def statuses(answers):
    return {a.status for a in Answer.objects.filter(pk__in=[a.pk for a in answers])}


@pytest.mark.django_db
def test_scoring_stays_off_until_staff_were_informed(client_for, admin, org):
    job, (answer,) = written_answers(org, admin, 1)
    assert scoring.answer_transcribe(answer_id=answer.pk, task_id="t") is False
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.TRANSCRIBED
    assert "until an admin records" in ai_scoring_block(organization=org, job=job)

    client = client_for(admin)
    page = client.get(reverse("oversight", kwargs={"org": org.slug})).content.decode()
    assert "Off until you record that staff were informed" in page
    refused = client.post(
        reverse("oversight", kwargs={"org": org.slug}),
        {"informed_on": "2026-11-02", "document": "Briefing"},
    )
    assert "Confirm that you have read the instructions" in refused.content.decode()
    client.post(
        reverse("oversight", kwargs={"org": org.slug}),
        {"informed_on": "2026-11-02", "document": "Works council briefing", "acknowledged": "on"},
    )
    assert ai_scoring_block(organization=org, job=job) == ""
    event = AuditEvent.objects.get(action="compliance.readiness.recorded")
    assert event.data["informed_on"] == "2026-11-02"
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SCORING  # queued once, as it was waiting


@pytest.mark.django_db
def test_only_admins_hold_the_switches(client_for, recruiter, org, ai_ready):
    client = client_for(recruiter)
    response = client.post(reverse("ai_scoring_switch", kwargs={"org": org.slug}), {"enabled": "0"})
    assert response.status_code == 403
    assert client.get(reverse("oversight", kwargs={"org": org.slug})).status_code == 403


@pytest.mark.django_db
def test_a_job_switch_stops_that_job_only(admin, org, ai_ready):
    job, (answer,) = written_answers(org, admin, 1)
    _, (other,) = written_answers(org, admin, 1)
    job_ai_scoring_set(job=job, actor=admin, enabled=False)
    assert scoring.answer_transcribe(answer_id=answer.pk, task_id="a") is False
    assert scoring.answer_transcribe(answer_id=other.pk, task_id="b") is True
    assert "stopped for this job" in ai_scoring_block(organization=org, job=job)
    job_ai_scoring_set(job=job, actor=admin, enabled=True)
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SCORING
    actions = list(
        AuditEvent.objects.filter(action__contains="ai_scoring").values_list("action", flat=True)
    )
    assert actions == ["interviews.job.ai_scoring_stopped", "interviews.job.ai_scoring_resumed"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_answers_while_stopped_get_no_score_and_exactly_one_each_after_resuming(
    celery_worker, client_for, admin, org, ai_ready
):
    client = client_for(admin)
    switch = reverse("ai_scoring_switch", kwargs={"org": org.slug})
    client.post(switch, {"enabled": "0"})
    _, answers = written_answers(org, admin, 3)

    for answer in answers:
        process_answer_task.delay(answer_id=answer.pk)
    wait_until(
        lambda: statuses(answers) == {AnswerStatus.TRANSCRIBED},
        timeout=300,
        what="every answer to be transcribed",
    )
    assert Score.objects.count() == 0

    client.post(switch, {"enabled": "1"})
    wait_until(
        lambda: statuses(answers) == {AnswerStatus.SCORED},
        timeout=300,
        what="every answer to be scored",
    )
    client.post(switch, {"enabled": "0"})
    client.post(switch, {"enabled": "1"})  # resuming again finds nothing waiting
    celery_worker.wait_idle()
    assert sorted(Score.objects.values_list("answer_id", flat=True)) == sorted(
        a.pk for a in answers
    )
    assert AuditEvent.objects.filter(action="scoring.answer.scored").count() == 3
    assert AuditEvent.objects.filter(action="compliance.ai_scoring.stopped").count() == 2
    assert audit.verify_chain(org).ok


@pytest.mark.django_db
def test_the_daily_resume_queues_only_what_may_now_be_scored(admin, org, ai_ready):
    from compliance.services import resume_waiting_everywhere

    job, (answer,) = written_answers(org, admin, 1)
    job_ai_scoring_set(job=job, actor=admin, enabled=False)
    scoring.answer_transcribe(answer_id=answer.pk, task_id="t")
    assert resume_waiting_everywhere() == 0  # the job is still stopped
    job.ai_scoring_paused = False
    job.save()
    assert resume_waiting_everywhere() == 1
    assert resume_waiting_everywhere() == 0
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SCORING
