"""Uploads of an answer's recording or file: presigned multipart uploads straight from the
browser to the bucket, checked on completion (a file by its first bytes too).

Part of the candidate's interview (services.interview re-exports these): every function
takes the invitation from the candidate's session. Completing an upload twice changes
nothing."""

import re
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from palantrix.errors import DomainError, InvalidField

from .. import media
from ..accommodation_selectors import Adjustments, adjustments_for
from ..models import Answer, AnswerKind, AnswerStatus, Invitation, Question
from .answering import answer_for, check_open, locked, question_of, submitted
from .invitations import check_invitation_usable

# A media type is sent to S3 as a header: printable ASCII only, no CR/LF, and it fits the column.
CONTENT_TYPE = re.compile(r"[\x20-\x7e]+")
CONTENT_TYPE_MAX = 100


def answer_upload_start(
    *, invitation: Invitation, question_id: Any, content_type: str, size: int
) -> Answer:
    """Open (or reopen, to resume) the multipart upload of this answer's recording. The
    checks run in one transaction, storage is asked outside any, the new upload is
    recorded in a second transaction (which keeps it only if no other call got there
    first)."""
    answer = _upload_checked(
        invitation=invitation, question_id=question_id, content_type=content_type, size=size
    )
    if answer.upload_id and answer.content_type == content_type and answer.size_bytes == size:
        return answer  # the same recording again: resume
    question = answer.question
    extensions = media.FILE_EXTENSIONS if answer.kind == AnswerKind.FILE else media.EXTENSIONS
    extension = extensions[media.base_type(content_type)]
    key = (
        f"{media.candidate_prefix(invitation)}answers/{question.public_id}/"
        f"{uuid.uuid4().hex}.{extension}"
    )
    upload_id = media.start(key=key, content_type=content_type)
    with transaction.atomic():
        locked(invitation)
        current = Answer.objects.select_for_update().get(pk=answer.pk)
        check_open(current)
        replaced = current.upload_id == answer.upload_id
        if replaced:
            stale = (current.object_key, current.upload_id)
            current.object_key, current.upload_id = key, upload_id
            current.content_type, current.size_bytes = content_type, size
            current.save()
    if not replaced:  # another call started an upload meanwhile: that one stands
        media.abort(key=key, upload_id=upload_id)
        raise DomainError("Another upload of this answer started meanwhile; please try again.")
    if stale[1]:
        media.abort(key=stale[0], upload_id=stale[1])
    return current


@transaction.atomic
def _upload_checked(
    *, invitation: Invitation, question_id: Any, content_type: str, size: int
) -> Answer:
    invitation = locked(invitation)
    question = question_of(invitation, question_id)
    adjustments = adjustments_for(invitation=invitation)
    kind = adjustments.kind(question)
    if kind == AnswerKind.WRITTEN:
        raise DomainError("This question takes a written answer.")
    if len(content_type) > CONTENT_TYPE_MAX or not CONTENT_TYPE.fullmatch(content_type):
        raise InvalidField(
            "content_type", "content_type: give the recording's media type, e.g. video/webm."
        )
    if kind == AnswerKind.FILE:
        _file_checked(content_type, size)
    else:
        if media.base_type(content_type) not in media.ALLOWED_TYPES:
            raise DomainError("This browser recorded in a format we cannot accept.")
        if size <= 0:
            raise DomainError("The recording is empty.")
        if size > max_bytes(question, adjustments):
            raise DomainError(
                "The recording is larger than this question allows: record a shorter answer."
            )
    answer = Answer.objects.select_for_update().get(pk=answer_for(invitation, question).pk)
    check_open(answer)
    if answer.kind != kind:  # started as a recording, then a written answer was granted
        raise DomainError("Reload the page: this question now takes another kind of answer.")
    return answer


def _file_checked(content_type: str, size: int) -> None:
    if media.base_type(content_type) not in media.FILE_TYPES:
        raise DomainError("Choose a PDF, PNG or JPEG file: other kinds of file are not accepted.")
    if size <= 0:
        raise DomainError("The file is empty: choose another one.")
    if size > settings.FILE_ANSWER_MAX_BYTES:
        megabytes = settings.FILE_ANSWER_MAX_BYTES / (1024 * 1024)
        raise DomainError(f"The file is larger than {megabytes:g} MB: choose a smaller one.")


def max_bytes(question: Question, adjustments: Adjustments | None = None) -> int:
    """The most one answer's recording may hold: a per-answer cap, and a size per second of
    the time the question allows, extra time included (so hours of media are refused
    before they are sent)."""
    answer_seconds = (adjustments or Adjustments()).seconds(question.answer_seconds)
    seconds = answer_seconds + settings.ANSWER_EXTRA_SECONDS
    return min(settings.ANSWER_MAX_BYTES, seconds * settings.ANSWER_MAX_BYTES_PER_SECOND)


def _uploading(invitation: Invitation, question_id: Any) -> Answer:
    check_invitation_usable(invitation)
    question = question_of(invitation, question_id)
    answer = Answer.objects.filter(invitation=invitation, question=question).first()
    if answer is None or not answer.upload_id:
        raise DomainError("Start the upload first.")
    return answer


def answer_part_urls(*, invitation: Invitation, question_id: Any, numbers: list[int]) -> dict:
    answer = _uploading(invitation, question_id)
    check_open(answer)
    sizes = media.part_sizes(answer.size_bytes or 0, settings.UPLOAD_PART_BYTES)
    if not numbers or len(numbers) > 100 or any(n not in sizes for n in numbers):
        raise DomainError(f"Ask for 1 to 100 part numbers from 1 to {len(sizes)}.")
    return {
        n: media.part_url(
            key=answer.object_key, upload_id=answer.upload_id, number=n, size=sizes[n]
        )
        for n in numbers
    }


def answer_uploaded_parts(*, invitation: Invitation, question_id: Any) -> list[media.UploadedPart]:
    answer = _uploading(invitation, question_id)
    if answer.is_submitted:
        return []
    return media.uploaded_parts(key=answer.object_key, upload_id=answer.upload_id)


def answer_upload_complete(
    *,
    invitation: Invitation,
    question_id: Any,
    parts: list[tuple[int, str]],
    duration: float | None,
) -> Answer:
    """Assemble the parts, check the object, mark the answer uploaded and queue it.
    A second call for an uploaded answer returns it unchanged. An object that fails the
    checks is deleted and the upload forgotten (committed), so the candidate starts it
    again and no refused object stays in storage. Storage is spoken to before the
    transaction opens: no row stays locked while S3 answers (or does not)."""
    answer = _uploading(invitation, question_id)
    if answer.is_submitted:
        return answer
    key, problem = answer.object_key, _assembled(answer, parts)
    answer, problem = _upload_complete(
        invitation=invitation, question_id=question_id, key=key, problem=problem, duration=duration
    )
    if problem:
        raise DomainError(problem)
    return answer


def _assembled(answer: Answer, parts: list[tuple[int, str]]) -> str:
    """Complete the multipart upload unless an earlier (lost) call did, and check the
    object; one that fails the checks is deleted. Returns the problem ("" when none)."""
    key = answer.object_key
    if media.head(key=key) is None:  # not completed by an earlier, lost call
        if not parts:
            raise DomainError("No parts were uploaded.")
        try:
            media.complete(key=key, upload_id=answer.upload_id, parts=sorted(parts))
        except media.PartsRefused as error:
            if media.head(key=key) is None:  # not a concurrent call that completed it
                raise InvalidField(
                    "parts",
                    "parts: storage does not hold these parts (a wrong ETag, or a part missing "
                    "or named twice). List the uploaded parts and complete again.",
                ) from error
    head = media.head(key=key)
    if head is None:
        raise DomainError("The recording did not reach storage; please try again.")
    problem = ""
    what = "file" if answer.kind == AnswerKind.FILE else "recording"
    if head["ContentLength"] != answer.size_bytes:
        problem = f"The {what} arrived incomplete; please upload it again."
    elif media.base_type(head.get("ContentType", "")) != media.base_type(answer.content_type):
        problem = f"The {what} has an unexpected type."
    elif answer.kind == AnswerKind.FILE and not media.content_matches(
        answer.content_type, media.first_bytes(key=key)
    ):
        problem = (
            "This file is not a real PDF, PNG or JPEG: its contents do not match its type. "
            "Save it as a PDF or an image and upload it again."
        )
    if problem:
        media.delete(key=key)
    return problem


@transaction.atomic
def _upload_complete(
    *,
    invitation: Invitation,
    question_id: Any,
    key: str,
    problem: str,
    duration: float | None,
) -> tuple[Answer, str]:
    invitation = locked(invitation)
    answer = _uploading(invitation, question_id)
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    if answer.is_submitted:
        return answer, ""
    if answer.object_key != key:  # the upload was started again meanwhile
        raise DomainError("The upload was restarted; complete the new one.")
    if problem:
        answer.upload_id = answer.object_key = ""
        answer.size_bytes = None
        answer.save(update_fields=["upload_id", "object_key", "size_bytes", "updated_at"])
        return answer, problem
    # A file is for people to read: it is not processed (transcribed, scored) at all.
    is_file = answer.kind == AnswerKind.FILE
    answer.status = AnswerStatus.RECEIVED if is_file else AnswerStatus.UPLOADED
    answer.submitted_at = timezone.now()
    answer.duration_seconds = duration if duration and 0 < duration < 3600 and not is_file else None
    answer.save()
    submitted(invitation, answer, {"bytes": answer.size_bytes})
    return answer, ""
