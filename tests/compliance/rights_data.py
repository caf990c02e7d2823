"""A candidate's completed, scored application, as the rights tests need it: a recording
in the bucket (optional), a timed transcript, scores with evidence, a consent."""

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from interviews import services
from interviews.models import Answer, AnswerKind, AnswerStatus, Consent, Invitation
from interviews.notice import NOTICE_VERSION
from palantrix.storage import s3_client
from scoring.models import Evidence, Score, Transcript, TranscriptSegment


def support_job(org, actor, title="Support engineer"):
    profile = services.profile_create(
        organization=org,
        actor=actor,
        name=f"Support {uuid.uuid4().hex[:6]}",
        competencies=[
            services.CompetencyInput("Customer focus", "Customers first.", 4, ["I called back."]),
            services.CompetencyInput("Teamwork", "With others.", 2, ["I paired with a peer."]),
        ],
    )
    job = services.job_create(organization=org, actor=actor, title=title, profile=profile)
    services.question_add(
        job=job,
        actor=actor,
        question=services.QuestionInput("Tell us about a difficult customer.", kind="video"),
    )
    services.job_set_status(job=job, actor=actor, status="open")
    return job


def scored_application(
    job,
    actor,
    *,
    name: str,
    email: str,
    sentences: tuple[str, str],
    values: tuple[int, int] = (70, 55),
    recording: Path | None = None,
) -> Invitation:
    """A completed invitation with one recorded, transcribed and AI-scored answer."""
    invitation = services.invitation_send(job=job, actor=actor, name=name, email=email)
    return complete_with_scores(invitation, sentences=sentences, values=values, recording=recording)


def complete_with_scores(
    invitation: Invitation,
    *,
    sentences: tuple[str, str],
    values: tuple[int, int] = (70, 55),
    recording: Path | None = None,
) -> Invitation:
    """The candidate finished: consent, a recording, its transcript and AI scores."""
    org, job = invitation.organization, invitation.job
    Invitation.objects.filter(pk=invitation.pk).update(
        status="completed", started_at=timezone.now(), completed_at=timezone.now()
    )
    invitation.refresh_from_db()
    Consent.objects.create(
        organization=org,
        invitation=invitation,
        notice_version=NOTICE_VERSION,
        ai_assessment=True,
        user_agent="test",
    )
    question = invitation.question_set.questions.get()
    key = (
        f"orgs/{org.public_id}/invitations/{invitation.public_id}/"
        f"answers/{question.public_id}/{uuid.uuid4().hex}.webm"
    )
    if recording is not None:
        s3_client().upload_file(
            str(recording), settings.S3_BUCKET, key, ExtraArgs={"ContentType": "video/webm"}
        )
    answer = Answer.objects.create(
        organization=org,
        invitation=invitation,
        question=question,
        kind=AnswerKind.VIDEO,
        status=AnswerStatus.SCORED,
        object_key=key if recording is not None else "",
        content_type="video/webm",
        size_bytes=recording.stat().st_size if recording is not None else None,
        submitted_at=timezone.now(),
    )
    text = " ".join(sentences)
    transcript = Transcript.objects.create(
        organization=org,
        answer=answer,
        engine="faster-whisper",
        model="base",
        language="en",
        avg_logprob=-0.2,
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )
    for index, sentence in enumerate(sentences):
        TranscriptSegment.objects.create(
            organization=org,
            transcript=transcript,
            index=index,
            start=index * 2.0,
            end=index * 2.0 + 2.0,
            text=sentence,
        )
    version = job.profile.versions.get(number=job.profile.current_version)
    for competency, value, sentence in zip(
        version.competencies.order_by("position"), values, sentences, strict=True
    ):
        score = Score.objects.create(
            organization=org,
            answer=answer,
            transcript=transcript,
            profile_version=version,
            competency_key=competency.key,
            competency_name=competency.name,
            weight=competency.weight,
            value=value,
            confidence=0.8,
            scorer="test scorer",
            transcriber="faster-whisper; base",
            transcript_sha256=transcript.sha256,
        )
        Evidence.objects.create(
            organization=org,
            score=score,
            rank=0,
            sentence=sentence,
            example=competency.strong_examples[0],
            example_kind="strong",
            similarity=0.7,
            support=0.4,
        )
    return invitation
