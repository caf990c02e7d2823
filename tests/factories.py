"""Test data in one place: the rows a finished, transcribed and scored interview leaves.

Model factories (factory_boy) hold the defaults of each row; the functions below put them
together the way the product does: a job with a competency profile (built through the
services, so versions, questions and audit events are real), and candidates whose answers
are transcribed and scored against the job's current profile version.

    job = job_with_profile(org, admin, competencies=[CompetencyInput("Teamwork", ...)])
    invitation = InvitationFactory(job=job)
    answer = scored_answer(invitation, [70], sentences=["I paired with a peer."])
"""

import hashlib
import uuid
from pathlib import Path

import factory
from django.conf import settings
from django.utils import timezone
from factory.django import DjangoModelFactory

from interviews import selectors, services
from interviews.models import Answer, AnswerKind, AnswerStatus, Invitation, InvitationStatus, Job
from palantrix.storage import s3_client
from scoring import ranking
from scoring.models import Evidence, Score, ScoreStatus, Transcript, TranscriptSegment

# --- Rows -----------------------------------------------------------------------------------


class InvitationFactory(DjangoModelFactory):
    """A candidate who finished the interview (made directly: no invitation email)."""

    class Meta:
        model = Invitation

    job: Job = None  # required
    organization = factory.SelfAttribute("job.organization")
    question_set = factory.LazyAttribute(
        lambda o: services.job_current_questions(job=o.job).first().question_set
    )
    name = factory.Sequence(lambda n: f"Candidate {n:03d}")
    email = factory.LazyFunction(lambda: f"c-{uuid.uuid4().hex[:10]}@example.test")
    status = InvitationStatus.COMPLETED
    deadline = factory.LazyFunction(timezone.now)
    completed_at = factory.LazyFunction(timezone.now)


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = Answer

    invitation: Invitation = None  # required
    organization = factory.SelfAttribute("invitation.organization")
    question = factory.LazyAttribute(lambda o: o.invitation.question_set.questions.first())
    kind = AnswerKind.WRITTEN
    status = AnswerStatus.SCORED


class TranscriptFactory(DjangoModelFactory):
    class Meta:
        model = Transcript

    answer: Answer = None  # required
    organization = factory.SelfAttribute("answer.organization")
    engine = "written"
    model = "-"
    text = "t"
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.text.encode()).hexdigest())


class TranscriptSegmentFactory(DjangoModelFactory):
    class Meta:
        model = TranscriptSegment

    transcript: Transcript = None  # required
    organization = factory.SelfAttribute("transcript.organization")
    index = 0
    start = factory.LazyAttribute(lambda o: o.index * 2.0)
    end = factory.LazyAttribute(lambda o: o.start + 2.0)
    text = "t"


class ScoreFactory(DjangoModelFactory):
    """An active AI score of the transcript, for a competency of `profile_version`."""

    class Meta:
        model = Score

    transcript: Transcript = None  # required
    profile_version = None  # required
    organization = factory.SelfAttribute("transcript.organization")
    answer = factory.SelfAttribute("transcript.answer")
    competency_key = factory.LazyFunction(uuid.uuid4)
    competency_name = "c"
    weight = 1
    value = 50
    confidence = 0.8
    scorer = "s"
    transcriber = "t"
    transcript_sha256 = factory.SelfAttribute("transcript.sha256")
    status = ScoreStatus.ACTIVE


class EvidenceFactory(DjangoModelFactory):
    class Meta:
        model = Evidence

    score: Score = None  # required
    organization = factory.SelfAttribute("score.organization")
    rank = 0
    sentence = "I called the customer back."
    example = "I called back."
    example_kind = "strong"
    similarity = 0.7
    support = 0.4


# --- Jobs -----------------------------------------------------------------------------------


def job_with_profile(
    organization,
    actor,
    *,
    competencies: list[services.CompetencyInput],
    question: str = "A story?",
    kind: str | None = None,
    title: str = "Support",
    profile_name: str | None = None,
    open: bool = False,
) -> Job:
    """A job (open or draft) scored against a new profile, with one question."""
    profile = services.profile_create(
        organization=organization,
        actor=actor,
        name=profile_name or f"Support {uuid.uuid4().hex[:6]}",
        competencies=competencies,
    )
    job = services.job_create(organization=organization, actor=actor, title=title, profile=profile)
    question_input = (
        services.QuestionInput(question, kind=kind) if kind else services.QuestionInput(question)
    )
    services.question_add(job=job, actor=actor, question=question_input)
    if open:
        services.job_set_status(job=job, actor=actor, status="open")
    return job


def uploaded_recording(invitation: Invitation, path: Path, key: str) -> Answer:
    """A video answer whose upload finished: the file at `path` is in the bucket under `key`,
    and the answer waits for the worker to check it."""
    s3_client().upload_file(str(path), settings.S3_BUCKET, key)
    return AnswerFactory(
        invitation=invitation,
        kind=AnswerKind.VIDEO,
        status=AnswerStatus.UPLOADED,
        object_key=key,
        content_type="video/webm",
        size_bytes=path.stat().st_size,
    )


def current_version(job: Job):
    return job.profile.versions.get(number=job.profile.current_version)


# --- Scored answers -------------------------------------------------------------------------


def scored_answer(
    invitation: Invitation,
    values,
    *,
    sentences=(),
    evidence: bool = False,
    answer: dict | None = None,
    transcript: dict | None = None,
    score: dict | None = None,
) -> Answer:
    """The invitation's answer, transcribed and AI-scored: one value per competency of the
    job's current profile version (in order), each score named and weighted as its
    competency. `sentences` become the timed transcript (2 s each); with `evidence`, each
    score cites the sentence at its position. `answer`, `transcript` and `score` override
    fields of those rows."""
    row = AnswerFactory(invitation=invitation, **(answer or {}))
    said = TranscriptFactory(
        answer=row, **{"text": " ".join(sentences) or "t", **(transcript or {})}
    )
    for index, sentence in enumerate(sentences):
        TranscriptSegmentFactory(transcript=said, index=index, text=sentence)
    version = current_version(invitation.job)
    competencies = version.competencies.order_by("position")
    for position, (competency, value) in enumerate(zip(competencies, values, strict=True)):
        made = ScoreFactory(
            transcript=said,
            profile_version=version,
            competency_key=competency.key,
            competency_name=competency.name,
            weight=competency.weight,
            value=value,
            **(score or {}),
        )
        if evidence:
            EvidenceFactory(
                score=made, sentence=sentences[position], example=competency.strong_examples[0]
            )
    ranking.refresh(invitation_ids=[invitation.pk])  # as the scorer's own save does
    return row


def scored_candidates(job: Job, scores) -> list[Invitation]:
    """One finished candidate per entry of `scores`, named "Candidate 000" onwards: None for
    an answer waiting for human review (no AI score), else a value per competency.

    Built with bulk inserts, so hundreds of candidates cost a few queries."""
    question = services.job_current_questions(job=job).get()
    version = current_version(job)
    competencies = list(selectors.profile_current_competencies(profile=job.profile))
    invitations = Invitation.objects.bulk_create(
        InvitationFactory.build(
            job=job, question_set=question.question_set, name=f"Candidate {n:03d}"
        )
        for n in range(len(scores))
    )
    answers = Answer.objects.bulk_create(
        AnswerFactory.build(
            invitation=invitation,
            question=question,
            status=AnswerStatus.SCORED if values else AnswerStatus.NEEDS_REVIEW,
        )
        for invitation, values in zip(invitations, scores, strict=True)
    )
    transcripts = Transcript.objects.bulk_create(TranscriptFactory.build(answer=a) for a in answers)
    Score.objects.bulk_create(
        ScoreFactory.build(
            transcript=transcript,
            profile_version=version,
            competency_key=competency.key,
            competency_name=competency.name,
            weight=competency.weight,
            value=value,
        )
        for transcript, values in zip(transcripts, scores, strict=True)
        if values
        for competency, value in zip(competencies, values, strict=True)
    )
    ranking.refresh(invitation_ids=[invitation.pk for invitation in invitations])
    return invitations


def with_transcript(invitation: Invitation, segments, evidence=()) -> Transcript:
    """Give a candidate made by `scored_candidates` a timed transcript and evidence.

    segments: [(start, end, text)]; evidence: [(competency index, sentence, example)]."""
    competencies = list(selectors.profile_current_competencies(profile=invitation.job.profile))
    transcript = Transcript.objects.get(answer__invitation=invitation)
    transcript.text = " ".join(text for _, _, text in segments)
    transcript.save()
    for index, (start, end, text) in enumerate(segments):
        TranscriptSegmentFactory(
            transcript=transcript, index=index, start=start, end=end, text=text
        )
    for rank, (index, sentence, example) in enumerate(evidence):
        EvidenceFactory(
            score=Score.objects.get(
                answer__invitation=invitation, competency_key=competencies[index].key
            ),
            rank=rank,
            sentence=sentence,
            example=example,
            support=0.4 - rank / 100,
        )
    return transcript
