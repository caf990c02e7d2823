"""Reviewers see each answer's status, transcript and advisory scores with evidence;
re-scoring after a new profile version keeps the old scores as history."""

import pytest
from django.urls import reverse

from interviews import selectors, services
from interviews.models import AnswerStatus
from palantrix.models import AuditEvent
from scoring import services as scoring
from scoring.models import RescoreRun, Score, ScoreStatus, Transcript
from tests.factories import AnswerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ai_ready")]

SAID = (
    "A customer was charged twice and was upset. I listened, refunded the duplicate myself "
    "and stayed late to find the bug in our billing export. I phoned him on Monday to "
    "confirm the refund had arrived and he thanked the team."
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
                "Puts the customer first.",
                4,
                ["I called the customer back the same day and fixed the order myself."],
                ["I told the customer to read the FAQ."],
            )
        ],
    )


@pytest.fixture
def scored_answer(org, admin, profile):
    job = services.job_create(organization=org, actor=admin, title="Support", profile=profile)
    question = services.question_add(
        job=job, actor=admin, question=services.QuestionInput("Tell us about a customer.")
    )
    invitation = services.invitation_send(job=job, actor=admin, name="Ana Lima", email="a@x.test")
    answer = AnswerFactory(
        invitation=invitation,
        question=question,
        kind="written",
        status=AnswerStatus.UPLOADED,
        text=SAID,
    )
    assert scoring.answer_transcribe(answer_id=answer.pk, task_id="t1")
    assert scoring.answer_score(answer_id=answer.pk, task_id="t2") == 1
    answer.refresh_from_db()
    return answer


def test_a_reviewer_sees_the_transcript_and_advisory_scores_with_evidence(
    client_for, hiring_manager, org, scored_answer
):
    url = reverse(
        "candidate_detail",
        kwargs={"org": org.slug, "invitation_id": scored_answer.invitation.public_id},
    )
    page = client_for(hiring_manager).get(url).content.decode()
    assert "AI scores are advice, not decisions" in page
    assert "billing export" in page
    score = Score.objects.get(answer=scored_answer)
    assert f'<span class="value">{score.value}</span>/100' in page
    assert "closest to a strong example" in page
    viewed = AuditEvent.objects.get(action="interviews.candidate.viewed")
    assert viewed.actor_id == str(hiring_manager.pk)
    assert viewed.data == {"answers": 1}


def test_a_new_profile_version_rescores_in_the_background_and_keeps_history(
    client_for, recruiter, org, profile, scored_answer
):
    current = list(selectors.profile_current_competencies(profile=profile))
    services.profile_save_version(
        profile=profile,
        actor=recruiter,
        competencies=[
            services.CompetencyInput(
                c.name, c.description, 2, c.strong_examples, c.weak_examples, key=c.key
            )
            for c in current
        ],
    )
    job = scored_answer.invitation.job
    client_for(recruiter).post(
        reverse("rescore_start", kwargs={"org": org.slug, "job_id": job.public_id})
    )
    run = RescoreRun.objects.get()
    assert (run.total, run.status) == (1, RescoreRun.Status.QUEUED)

    scoring.rescore_run_process(run_id=run.pk, task_id="r1")
    scoring.rescore_run_process(run_id=run.pk, task_id="r1")  # again: nothing new

    scores = {s.profile_version.number: s for s in Score.objects.filter(answer=scored_answer)}
    assert set(scores) == {1, 2}
    assert scores[1].status == ScoreStatus.SUPERSEDED
    assert scores[2].status == ScoreStatus.ACTIVE
    assert scores[2].weight == 2
    run.refresh_from_db()
    assert (run.status, run.done, run.percent) == (RescoreRun.Status.DONE, 1, 100)
    progress = client_for(recruiter).get(
        reverse(
            "rescore_progress",
            kwargs={"org": org.slug, "job_id": job.public_id, "run_id": run.public_id},
        )
    )
    assert progress.json() == {"status": "done", "done": 1, "total": 1, "percent": 100}
    assert AuditEvent.objects.filter(action="scoring.answer.scored").count() == 2
    assert AuditEvent.objects.filter(action="scoring.rescore.requested").count() == 1


def test_written_answers_are_their_own_transcript(scored_answer):
    transcript = Transcript.objects.get(answer=scored_answer)
    assert (transcript.engine, transcript.text) == ("written", SAID)
