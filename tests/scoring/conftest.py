"""Shared by the reviewer tests: a job with a two-competency profile and scored candidates."""

import uuid

import pytest
from django.utils import timezone

from interviews import selectors, services
from interviews.models import Answer, AnswerStatus, Invitation
from scoring.models import Score, ScoreStatus, Transcript


@pytest.fixture
def job(org, admin):
    return review_job(org, admin)


def review_job(org, admin):
    """A job whose profile weighs customer focus 4 and teamwork 1, with one question."""
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


def with_transcript(invitation, segments, evidence=()):
    """Give a candidate made by `candidates` a timed transcript and evidence.

    segments: [(start, end, text)]; evidence: [(competency index, sentence, example)]."""
    from scoring.models import Evidence, TranscriptSegment

    job = invitation.job
    competencies = list(selectors.profile_current_competencies(profile=job.profile))
    transcript = Transcript.objects.get(answer__invitation=invitation)
    transcript.text = " ".join(text for _, _, text in segments)
    transcript.save()
    TranscriptSegment.objects.bulk_create(
        TranscriptSegment(
            organization=job.organization,
            transcript=transcript,
            index=index,
            start=start,
            end=end,
            text=text,
        )
        for index, (start, end, text) in enumerate(segments)
    )
    for competency in competencies:
        Score.objects.filter(answer__invitation=invitation, competency_key=competency.key).update(
            competency_name=competency.name
        )
    for rank, (index, sentence, example) in enumerate(evidence):
        score = Score.objects.get(
            answer__invitation=invitation, competency_key=competencies[index].key
        )
        Evidence.objects.create(
            organization=job.organization,
            score=score,
            rank=rank,
            sentence=sentence,
            example=example,
            example_kind="strong",
            similarity=0.7,
            support=0.4 - rank / 100,
        )
    return transcript
