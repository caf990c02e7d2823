"""A candidate's completed, scored application, as the rights tests need it: a recording
in the bucket (optional), a timed transcript, scores with evidence, a consent."""

import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from interviews import services
from interviews.models import AnswerKind, Consent, Invitation
from interviews.notice import NOTICE_VERSION
from palantrix.storage import s3_client
from tests.factories import job_with_profile, scored_answer


def support_job(org, actor, title="Support engineer"):
    return job_with_profile(
        org,
        actor,
        title=title,
        competencies=[
            services.CompetencyInput("Customer focus", "Customers first.", 4, ["I called back."]),
            services.CompetencyInput("Teamwork", "With others.", 2, ["I paired with a peer."]),
        ],
        question="Tell us about a difficult customer.",
        kind="video",
        open=True,
    )


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
    org = invitation.organization
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
    scored_answer(
        invitation,
        values,
        sentences=sentences,
        evidence=True,
        answer={
            "question": question,
            "kind": AnswerKind.VIDEO,
            "object_key": key if recording is not None else "",
            "content_type": "video/webm",
            "size_bytes": recording.stat().st_size if recording is not None else None,
            "submitted_at": timezone.now(),
        },
        transcript={
            "engine": "faster-whisper",
            "model": "base",
            "language": "en",
            "avg_logprob": -0.2,
        },
        score={"scorer": "test scorer", "transcriber": "faster-whisper; base"},
    )
    return invitation
