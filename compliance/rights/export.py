"""A copy of the candidate's data (GDPR Art. 15 and 20): a ZIP in the bucket holding the
original recordings and data.json, built in the worker and handed out through a short
presigned link from the candidate's rights session."""

import json
import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from interviews.media import candidate_prefix
from interviews.models import Invitation
from palantrix import audit, events, privacy
from palantrix.audit import Actor
from palantrix.storage import delete_prefix, s3_client

from ..models import (
    OPEN_REQUEST_STATUSES,
    CandidateTombstone,
    RightsRequest,
    RightsRequestKind,
    RightsRequestStatus,
)
from .rules import RIGHTS


def export_data(invitation: Invitation) -> dict[str, Any]:
    """Everything stored about this application, as the candidate's copy shows it: each
    app adds what it holds (palantrix.privacy)."""
    return privacy.candidate_export(invitation)


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
    files = privacy.candidate_files(invitation)
    with tempfile.TemporaryDirectory(prefix="palantrix-export-") as folder:
        archive = Path(folder) / "copy.zip"
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr(
                "README.txt",
                README.format(organization=request.organization.name, job=invitation.job.title),
            )
            # Stored, not compressed: small, and a search of the bucket can read it.
            zipped.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
            for number, (object_key, name) in enumerate(files, start=1):
                local = Path(folder) / f"file-{number}"
                try:
                    client.download_file(settings.S3_BUCKET, object_key, str(local))
                except ClientError:
                    if not _purged(invitation, lock=True):
                        raise
                    _end_purged(request)  # the purge took the recording meanwhile
                    return False
                zipped.write(local, name)  # stored as is
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
            events.later(
                "compliance.notify_export_ready",
                organization=request.organization,
                request_id=request.pk,
            )
    return bool(done)


def _upload(client: Any, archive: Path, key: str) -> None:
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
    url: str = s3_client().generate_presigned_url(
        "get_object",
        Params={
            "Bucket": settings.S3_BUCKET,
            "Key": request.export_key,
            "ResponseContentDisposition": 'attachment; filename="my-data.zip"',
        },
        ExpiresIn=ttl,
    )
    return url


def export_downloaded(*, request: RightsRequest, actor: Actor) -> None:
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
