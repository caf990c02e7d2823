"""The ranked shortlist: every candidate listed, AI score advisory, constant queries."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews import selectors, services
from interviews.models import Answer, AnswerStatus, Invitation
from scoring.models import Score, ScoreStatus, Transcript

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(org, admin):
    profile = services.profile_create(
        organization=org,
        actor=admin,
        name="Support",
        competencies=[
            services.CompetencyInput("Customer focus", "Customers first.", 4, ["I called back."]),
            services.CompetencyInput("Teamwork", "With others.", 1, ["I paired with a peer."]),
        ],
    )
    job = services.job_create(organization=org, actor=admin, title="Support", profile=profile)
    services.question_add(job=job, actor=admin, question=services.QuestionInput("A story?"))
    return job


def candidates(job, scores):
    """One invitation per entry: None = no AI score, else (customer focus, teamwork)."""
    question = services.job_current_questions(job=job).get()
    version = job.profile.versions.get(number=job.profile.current_version)
    keys = [c.key for c in selectors.profile_current_competencies(profile=job.profile)]
    invitations = Invitation.objects.bulk_create(
        Invitation(
            organization=job.organization,
            job=job,
            question_set=question.question_set,
            name=f"Candidate {n:03d}",
            email=f"c{n}-{uuid.uuid4().hex[:6]}@example.test",
            status="completed",
            deadline=timezone.now(),
            completed_at=timezone.now(),
        )
        for n in range(len(scores))
    )
    answers = Answer.objects.bulk_create(
        Answer(
            organization=job.organization,
            invitation=invitation,
            question=question,
            kind="written",
            status=AnswerStatus.SCORED if values else AnswerStatus.NEEDS_REVIEW,
        )
        for invitation, values in zip(invitations, scores, strict=True)
    )
    transcripts = Transcript.objects.bulk_create(
        Transcript(
            organization=job.organization,
            answer=a,
            engine="written",
            model="-",
            text="t",
            sha256="0" * 64,
        )
        for a in answers
    )
    Score.objects.bulk_create(
        Score(
            organization=job.organization,
            answer=answer,
            transcript=transcript,
            profile_version=version,
            competency_key=key,
            competency_name="c",
            weight=weight,
            value=value,
            confidence=0.8,
            scorer="s",
            transcriber="t",
            transcript_sha256="0" * 64,
            status=ScoreStatus.ACTIVE,
        )
        for answer, transcript, values in zip(answers, transcripts, scores, strict=True)
        if values
        for key, weight, value in zip(keys, (4, 1), values, strict=True)
    )
    return invitations


def names(response):
    return [row.name for row, _ in response.context["rows"]]


def test_candidates_are_ranked_by_weighted_ai_score_and_unscored_ones_listed_last(
    client_for, hiring_manager, org, job
):
    candidates(job, [(50, 100), (80, 0), None, (90, 90)])  # overall 60, 64, -, 90
    url = reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id})
    response = client_for(hiring_manager).get(url)
    assert names(response) == ["Candidate 003", "Candidate 001", "Candidate 000", "Candidate 002"]
    page = response.content.decode()
    assert "advisory AI assessment" in page
    assert "needs human review" in page
    ascending = client_for(hiring_manager).get(url, {"sort": "score", "dir": "asc"})
    assert names(ascending)[:3] == ["Candidate 000", "Candidate 001", "Candidate 003"]
    assert names(ascending)[-1] == "Candidate 002"  # no score: still listed, last


def test_filters_narrow_the_list(client_for, hiring_manager, org, job):
    candidates(job, [(50, 100), (80, 0), None, (90, 90)])
    url = reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id})
    client = client_for(hiring_manager)
    assert names(client.get(url, {"min": 62})) == ["Candidate 003", "Candidate 001"]
    assert names(client.get(url, {"needs_review": "1"})) == ["Candidate 002"]
    assert names(client.get(url, {"status": "expired"})) == []


def test_the_number_of_queries_does_not_grow_with_candidates(client_for, hiring_manager, org, job):
    url = reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id})
    client = client_for(hiring_manager)

    def queries_for_page() -> int:
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), len(response.context["rows"])

    candidates(job, [(n % 100, (n * 7) % 100) if n % 5 else None for n in range(10)])
    at_10, rows_10 = queries_for_page()
    candidates(job, [(n % 100, (n * 3) % 100) if n % 5 else None for n in range(490)])
    at_500, rows_500 = queries_for_page()
    assert (rows_10, rows_500) == (10, 50)  # paginated
    assert at_10 == at_500
    assert at_500 <= 20
