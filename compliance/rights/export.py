"""A copy of the candidate's data (GDPR Art. 15 and 20): a ZIP in the bucket holding the
original recordings and data.json, built in the worker and handed out through a short
presigned link from the candidate's rights session."""

import json
import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path

from botocore.exceptions import ClientError
from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from interviews.models import Answer, Consent, Decision, Invitation
from palantrix import audit, privacy
from palantrix.models import AuditEvent, Membership
from palantrix.storage import delete_prefix, s3_client
from scoring.models import Evidence, Rating, Score, ScoreOverride, Transcript, TranscriptSegment

from ..lifecycle import candidate_prefix
from ..models import (
    OPEN_REQUEST_STATUSES,
    CandidateTombstone,
    RightsRequest,
    RightsRequestKind,
    RightsRequestStatus,
)
from .services import RIGHTS

EXTENSIONS = {"video/webm": "webm", "video/mp4": "mp4", "audio/webm": "weba", "audio/ogg": "ogg"}


def role_of(organization, user) -> str:
    """The role (never the name) of the person who decided or overrode."""
    if user is None:
        return "a member of the hiring team"
    membership = Membership.objects.for_organization(organization).filter(user=user).first()
    return membership.get_role_display().lower() if membership else "a former team member"


def recording_name(number: int, answer: Answer) -> str:
    base = (answer.content_type or "").split(";")[0].strip()
    extension = EXTENSIONS.get(base) or Path(answer.object_key).suffix.lstrip(".") or "bin"
    return f"recordings/question-{number}.{extension}"


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _answers_with_everything(invitation: Invitation) -> list[Answer]:
    """The candidate's answers with their transcripts, segments, scores, evidence,
    overrides and ratings, in a fixed number of queries however many there are."""
    org = invitation.organization
    return list(
        Answer.objects.for_organization(org)
        .filter(invitation=invitation)
        .select_related("question")
        .order_by("question__position")
        .prefetch_related(
            Prefetch(
                "transcripts",
                queryset=Transcript.objects.for_organization(org)
                .order_by("version")
                .prefetch_related(
                    Prefetch(
                        "segments",
                        queryset=TranscriptSegment.objects.for_organization(org).order_by("index"),
                    )
                ),
            ),
            Prefetch(
                "scores",
                queryset=Score.objects.for_organization(org)
                .select_related("profile_version")
                .order_by("created_at", "competency_name")
                .prefetch_related(
                    Prefetch(
                        "evidence", queryset=Evidence.objects.for_organization(org).order_by("rank")
                    ),
                    Prefetch(
                        "overrides",
                        queryset=ScoreOverride.objects.for_organization(org).order_by("created_at"),
                    ),
                ),
            ),
            Prefetch(
                "ratings", queryset=Rating.objects.for_organization(org).order_by("created_at")
            ),
        )
    )


def export_data(invitation: Invitation) -> dict:
    """Everything stored about this application, as the candidate's copy shows it."""
    org = invitation.organization
    roles = {
        m.user_id: m.get_role_display().lower() for m in Membership.objects.for_organization(org)
    }

    def role(user_id) -> str:  # as role_of says it, without a query per row
        if user_id is None:
            return "a member of the hiring team"
        return roles.get(user_id, "a former team member")

    answers = _answers_with_everything(invitation)
    target_ids = {str(invitation.public_id)}
    items = []
    for number, answer in enumerate(answers, start=1):
        target_ids.add(str(answer.public_id))
        transcripts = []
        for transcript in answer.transcripts.all():
            target_ids.add(str(transcript.public_id))
            transcripts.append(
                {
                    "version": transcript.version,
                    "current": transcript.is_current,
                    "engine": transcript.engine,
                    "model": transcript.model,
                    "language": transcript.language,
                    "corrected_by_a_reviewer": transcript.corrected_by_id is not None,
                    "created_at": _when(transcript.created_at),
                    "sha256": transcript.sha256,
                    "text": transcript.text,
                    "segments": [
                        {"start": s.start, "end": s.end, "text": s.text}
                        for s in transcript.segments.all()
                    ],
                }
            )
        scores = []
        for score in answer.scores.all():
            target_ids.add(str(score.public_id))
            scores.append(
                {
                    "competency": score.competency_name,
                    "weight": score.weight,
                    "value": score.value,
                    "confidence": score.confidence,
                    "insufficient_evidence": score.insufficient,
                    "reason": score.reason,
                    "level": score.level,
                    "level_description": score.level_anchor,
                    "needs_human_review": score.needs_review,
                    "review_reason": score.review_reason,
                    "status": score.status,
                    "overridden_value": score.overridden_value,
                    "profile_version": score.profile_version.number,
                    "scorer": score.scorer,
                    "scorer_version": score.scorer_version,
                    "method_version": score.method_version,
                    "model_fingerprint": score.model_fingerprint,
                    "transcriber": score.transcriber,
                    "transcript_sha256": score.transcript_sha256,
                    "created_at": _when(score.created_at),
                    "evidence": [
                        {
                            "sentence": e.sentence,
                            "closest_example": e.example,
                            "example_kind": e.example_kind,
                            "similarity": e.similarity,
                            "shows": e.element,
                            "transcript_start": e.start,
                            "transcript_end": e.end,
                        }
                        for e in score.evidence.all()
                    ],
                    "overrides": [
                        {
                            "from": o.previous,
                            "to": o.value,
                            "reason": o.reason,
                            "by_role": role(o.overridden_by_id),
                            "at": _when(o.created_at),
                        }
                        for o in score.overrides.all()
                    ],
                }
            )
        items.append(
            {
                "question": answer.question.text,
                "kind": answer.kind,
                "status": answer.status,
                "submitted_at": _when(answer.submitted_at),
                "written_answer": answer.text,
                "recording": recording_name(number, answer) if answer.object_key else None,
                "transcripts": transcripts,
                "scores": scores,
                "reviewer_ratings": [
                    {"value": r.value, "comment": r.comment} for r in answer.ratings.all()
                ],
            }
        )
    consents = list(
        Consent.objects.for_organization(org).filter(invitation=invitation).order_by("created_at")
    )
    target_ids.update(str(c.public_id) for c in consents)
    requests = list(
        RightsRequest.objects.for_organization(org)
        .filter(invitation_ref=invitation.public_id)
        .order_by("created_at")
    )
    target_ids.update(str(r.public_id) for r in requests)
    events = (
        AuditEvent.objects.filter(organization=org)
        .filter(Q(target_id__in=target_ids) | Q(actor_id=str(invitation.public_id)))
        .order_by("sequence")
    )
    return {
        "generated_at": timezone.now().isoformat(),
        "organization": org.name,
        "job": invitation.job.title,
        "candidate": {
            "name": invitation.name,
            "email": invitation.email,
            "invited_at": _when(invitation.created_at),
            "status": invitation.status,
            "completed_at": _when(invitation.completed_at),
            "human_review_only": invitation.human_review_only,
        },
        "consents": [
            {
                "at": _when(c.created_at),
                "notice_version": c.notice_version,
                "ai_assessment": c.ai_assessment,
            }
            for c in consents
        ],
        "answers": items,
        "decisions": [
            {
                "outcome": d.outcome,
                "reason": d.reason,
                "decided_by_role": role(d.decided_by_id),
                "at": _when(d.created_at),
            }
            for d in Decision.objects.for_organization(org)
            .filter(invitation=invitation)
            .order_by("created_at")
        ],
        **privacy.candidate_export(invitation=invitation),
        "requests": [
            {
                "kind": r.kind,
                "status": r.status,
                "received_at": _when(r.created_at),
                "due_on": r.due_on.isoformat(),
                "outcome": r.outcome,
                "outcome_reason": r.outcome_reason,
            }
            for r in requests
        ],
        "audit_events": [
            {
                "sequence": e.sequence,
                "at": _when(e.created_at),
                "action": e.action,
                "actor_type": e.actor_type,
                "target_type": e.target_type,
                "target_id": e.target_id,
                "data": e.data,
            }
            for e in events
        ],
    }


README = """Your data at {organization}, for the job of {job}.

data.json holds what was stored about your application: your answers, their transcripts
(with timings), the AI's advisory scores with the sentences of yours that drove them,
reviewers' overrides and decisions with their reasons, your consents with the version of
the notice you read, your requests, and the audit log entries about your application.
recordings/ holds your original recordings as you uploaded them.
"""


def export_build(*, request_id: int) -> bool:
    """Build the ZIP and put it in the bucket; safe to repeat (a done request is skipped)."""
    request = (
        RightsRequest.objects.filter(pk=request_id, kind=RightsRequestKind.ACCESS)
        .exclude(status=RightsRequestStatus.DONE)
        .select_related("organization", "invitation__job", "invitation__organization")
        .first()
    )
    if request is None or request.invitation is None:
        return False
    invitation = request.invitation
    if _purged(invitation):  # erased or past retention before the copy was built
        _end_purged(request)
        return False
    RightsRequest.objects.filter(pk=request.pk).update(status=RightsRequestStatus.IN_PROGRESS)
    data = export_data(invitation)
    # Under the candidate's prefix: whatever purges the candidate purges their copies.
    key = f"{candidate_prefix(invitation)}exports/{request.public_id}/my-data.zip"
    client = s3_client()
    answers = (
        Answer.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .order_by("question__position")
    )
    with tempfile.TemporaryDirectory(prefix="palantrix-export-") as folder:
        archive = Path(folder) / "copy.zip"
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr(
                "README.txt",
                README.format(organization=request.organization.name, job=invitation.job.title),
            )
            # Stored, not compressed: small, and a search of the bucket can read it.
            zipped.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
            for number, answer in enumerate(answers, start=1):
                if not answer.object_key:
                    continue
                local = Path(folder) / f"answer-{number}"
                try:
                    client.download_file(settings.S3_BUCKET, answer.object_key, str(local))
                except ClientError:
                    if not _purged(invitation, lock=True):
                        raise
                    _end_purged(request)  # the purge took the recording meanwhile
                    return False
                zipped.write(local, recording_name(number, answer))  # stored as is
                local.unlink()
        _upload(client, archive, key)
        size = archive.stat().st_size
    with transaction.atomic():
        # The purge locks the invitation too: either it ran first and the copy goes now,
        # or it runs after this commits and removes the copy with the candidate's prefix.
        if _purged(invitation, lock=True):
            delete_prefix(key.rsplit("/", 1)[0] + "/")  # every version of it
            _end_purged(request)
            return False
        done = RightsRequest.objects.filter(
            pk=request.pk, status=RightsRequestStatus.IN_PROGRESS
        ).update(
            status=RightsRequestStatus.DONE,
            export_key=key,
            completed_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if done:
            audit.record(
                organization=request.organization,
                actor=RIGHTS,
                action="compliance.rights_request.completed",
                target=request,
                data={"kind": request.kind, "bytes": size, "answers": len(data["answers"])},
            )
    return bool(done)


def _upload(client, archive: Path, key: str) -> None:
    client.upload_file(
        str(archive), settings.S3_BUCKET, key, ExtraArgs={"ContentType": "application/zip"}
    )


def _purged(invitation: Invitation, *, lock: bool = False) -> bool:
    if lock:  # waits for a purge in progress to commit or roll back
        Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    return (
        CandidateTombstone.objects.for_organization(invitation.organization)
        .filter(invitation_id=invitation.pk)
        .exists()
    )


def _end_purged(request: RightsRequest) -> None:
    """The candidate's data was deleted while the copy was asked for: nothing is left to
    copy, so the request ends without one (the purge also ends the open ones it finds)."""
    with transaction.atomic():
        ended = RightsRequest.objects.filter(
            pk=request.pk, status__in=OPEN_REQUEST_STATUSES
        ).update(
            status=RightsRequestStatus.DONE,
            export_key="",
            completed_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if ended:
            audit.record(
                organization=request.organization,
                actor=RIGHTS,
                action="compliance.rights_request.completed",
                target=request,
                data={"kind": request.kind, "data_deleted": True},
            )


def export_url(request: RightsRequest, *, ttl: int = 300) -> str:
    return s3_client().generate_presigned_url(
        "get_object",
        Params={
            "Bucket": settings.S3_BUCKET,
            "Key": request.export_key,
            "ResponseContentDisposition": 'attachment; filename="my-data.zip"',
        },
        ExpiresIn=ttl,
    )


def export_downloaded(*, request: RightsRequest, actor) -> None:
    audit.record(
        organization=request.organization,
        actor=actor,
        action="compliance.export.downloaded",
        target=request,
    )


EXPORT_DAYS = 7


def exports_expire() -> int:
    """Copies are kept a week, then deleted from the bucket."""
    old = RightsRequest.objects.filter(
        kind=RightsRequestKind.ACCESS,
        completed_at__lt=timezone.now() - timedelta(days=EXPORT_DAYS),
    ).exclude(export_key="")
    count = 0
    for request in old:
        delete_prefix(request.export_key.rsplit("/", 1)[0] + "/")  # every version of it
        RightsRequest.objects.filter(pk=request.pk).update(export_key="")
        count += 1
    return count
