"""Processing submitted answers in the workers: check the media, then (later stages)
transcribe and score. Each step claims its work with a conditional UPDATE."""

import logging
import tempfile
from pathlib import Path

from botocore.exceptions import ClientError
from django.conf import settings
from django.db import transaction

from compliance import audit
from interviews.models import Answer, AnswerKind, AnswerStatus
from palantrix.storage import s3_client

from . import media

logger = logging.getLogger(__name__)
WORKER = audit.SystemActor("scoring.worker")


@transaction.atomic
def answer_mark_needs_review(*, answer_id: int, code: str, reason: str) -> bool:
    """Send the answer to people: never a low score for a recording the AI cannot use."""
    updated = (
        Answer.objects.filter(pk=answer_id)
        .exclude(status=AnswerStatus.NEEDS_REVIEW)
        .update(status=AnswerStatus.NEEDS_REVIEW, review_reason=reason[:300])
    )
    if updated:
        answer = Answer.objects.select_related("organization").get(pk=answer_id)
        audit.record(
            organization=answer.organization,
            actor=WORKER,
            action="scoring.answer.needs_review",
            target=answer,
            data={"reason": code},
        )
    return bool(updated)


def answer_check_media(*, answer_id: int) -> media.AudioFacts | None:
    """Download and inspect an uploaded recording; unusable media goes to human review."""
    answer = Answer.objects.filter(pk=answer_id, kind=AnswerKind.VIDEO).first()
    if answer is None or answer.status != AnswerStatus.UPLOADED:
        return None
    with tempfile.TemporaryDirectory(prefix="palantrix-") as folder:
        workdir = Path(folder)
        source = workdir / Path(answer.object_key).name
        try:
            s3_client().download_file(settings.S3_BUCKET, answer.object_key, str(source))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") not in {"404", "NoSuchKey"}:
                raise  # storage unavailable: the task retries
            answer_mark_needs_review(
                answer_id=answer.pk, code="missing", reason="The recording is missing from storage."
            )
            return None
        try:
            facts = media.inspect(source, workdir)
        except media.MediaProblem as problem:
            answer_mark_needs_review(answer_id=answer.pk, code=problem.code, reason=str(problem))
            logger.info("answer=%s needs review: %s", answer.pk, problem.code)
            return None
        Answer.objects.filter(pk=answer.pk).update(duration_seconds=facts.duration_seconds)
        return facts
