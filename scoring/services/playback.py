"""Making an answer's recording playable (a seekable copy, a rendition, a poster).

Runs beside the processing chain, queued once the media check passed: it never holds up
or fails the scoring, and whatever goes wrong here leaves the player on the original
upload. Claimed like every stage (a row per answer, taken by one task id; a redelivery
of that task may resume, a claim older than the lease may be taken over), so a repeat
writes nothing again once the playback is ready or has failed.
"""

import logging
import tempfile
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path, PurePosixPath

from botocore.exceptions import ClientError
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from interviews.models import Answer, AnswerKind
from palantrix.storage import s3_client

from .. import media, playback
from ..models import Playback

logger = logging.getLogger(__name__)

# A recording that stopped its worker this many times plays as uploaded.
MAX_ATTEMPTS = 3


def playback_key(source_key: str, name: str) -> str:
    """Beside the original, in the candidate's folder (erasure removes the folder)."""
    return str(PurePosixPath(source_key).with_suffix("")) + f".{name}"


def _claim(answer: Answer, task_id: str) -> Playback | None:
    row, created = Playback.objects.get_or_create(
        answer=answer,
        defaults={
            "organization": answer.organization,
            "source_key": answer.object_key,
            "claimed_by": task_id,
            "attempts": 1,
        },
    )
    if created:
        return row
    lease = timezone.now() - timedelta(seconds=settings.PROCESSING_LEASE_SECONDS)
    taken = (
        Playback.objects.filter(pk=row.pk)
        .filter(
            ~Q(source_key=answer.object_key)  # made from an earlier upload: again
            | Q(status=Playback.Status.WORKING, claimed_by=task_id)
            | Q(status=Playback.Status.WORKING, updated_at__lt=lease)
        )
        .update(
            source_key=answer.object_key,
            status=Playback.Status.WORKING,
            claimed_by=task_id,
            attempts=F("attempts") + 1,
            updated_at=timezone.now(),
        )
    )
    if not taken:
        return None  # ready, failed, or another task is at it
    row.refresh_from_db()
    if row.attempts > MAX_ATTEMPTS:
        _finish(row, problem=f"stopped {row.attempts - 1} times without finishing")
        return None
    return row


def _finish(
    row: Playback,
    *,
    renditions: Iterable[dict[str, str]] = (),
    poster_key: str = "",
    problem: str = "",
) -> None:
    Playback.objects.filter(pk=row.pk, claimed_by=row.claimed_by).update(
        status=Playback.Status.FAILED if problem else Playback.Status.READY,
        renditions=list(renditions),
        poster_key=poster_key,
        problem=problem[:300],
        updated_at=timezone.now(),
    )
    if problem:
        logger.warning("answer=%s plays as uploaded: %s", row.answer_id, problem)


def answer_make_playback(*, answer_id: int, task_id: str) -> bool:
    """Make and store the answer's playback; True when this call made it. Storage faults
    raise (the task retries them); anything else about the file fails the playback only."""
    answer = Answer.objects.select_related("organization").filter(pk=answer_id).first()
    if answer is None or answer.kind != AnswerKind.VIDEO or not answer.object_key:
        return False
    row = _claim(answer, task_id)
    if row is None:
        return False
    client = s3_client()
    try:
        with tempfile.TemporaryDirectory(prefix="palantrix-play-") as name:
            folder = Path(name)
            source = folder / f"source{PurePosixPath(answer.object_key).suffix}"
            try:
                client.download_file(settings.S3_BUCKET, answer.object_key, str(source))
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") not in {"404", "NoSuchKey"}:
                    raise
                _finish(row, problem="the recording is missing from storage")
                return False
            made = playback.make(
                source,
                folder,
                described=media.probe(source),
                duration=answer.duration_seconds or 0.0,
                timeout=settings.PLAYBACK_FFMPEG_SECONDS,
            )
            renditions = []
            for rendition in made.renditions:
                key = playback_key(answer.object_key, rendition.path.name)
                client.upload_file(
                    str(rendition.path),
                    settings.S3_BUCKET,
                    key,
                    ExtraArgs={"ContentType": rendition.content_type.split(";")[0]},
                )
                renditions.append({"key": key, "type": rendition.content_type})
            poster_key = ""
            if made.poster is not None:
                poster_key = playback_key(answer.object_key, "poster.jpg")
                client.upload_file(
                    str(made.poster),
                    settings.S3_BUCKET,
                    poster_key,
                    ExtraArgs={"ContentType": "image/jpeg"},
                )
    except (playback.PlaybackProblem, media.MediaProblem) as problem:
        _finish(row, problem=str(problem))
        return False
    except SoftTimeLimitExceeded:
        _finish(row, problem="making it took longer than its time limit")
        return False
    _finish(row, renditions=renditions, poster_key=poster_key)
    logger.info("answer=%s playback ready: %d renditions", answer.pk, len(renditions))
    return True
