"""The candidate's interview: consent, takes, uploads of recordings, written answers, finish
(choice answers: `choices.py`; which questions: `draws.py`).

Every function takes the invitation resolved from the candidate's session, so a candidate
can only ever touch their own answers. Completing an upload twice changes nothing.
"""

import math
import re
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from palantrix import audit, events
from palantrix.errors import DomainError, InvalidField

from .. import media
from ..candidates import CandidateActor
from ..models import (
    SUBMITTED_STATUSES,
    Answer,
    AnswerKind,
    AnswerStatus,
    Consent,
    Invitation,
    InvitationStatus,
    Question,
)
from ..notice import NOTICE_VERSION
from .draws import interview_questions, questions_draw
from .invitations import check_invitation_usable

MAX_WRITTEN_CHARS = 5000
# A media type is sent to S3 as a header: printable ASCII only, no CR/LF, and it fits the column.
CONTENT_TYPE = re.compile(r"[\x20-\x7e]+")
CONTENT_TYPE_MAX = 100


def _locked(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_invitation_usable(invitation)
    return invitation


def _question(invitation: Invitation, question_id: Any) -> Question:
    """One of the candidate's questions (of a pool, only the one drawn for them)."""
    for question in interview_questions(invitation):
        if str(question.public_id) == str(question_id):
            return question
    raise DomainError("This question is not part of your interview.")


def latest_consent(invitation: Invitation) -> Consent | None:
    return invitation.consents.order_by("-created_at").first()


@transaction.atomic
def consent_record(*, invitation: Invitation, ai_assessment: bool, user_agent: str) -> Consent:
    invitation = _locked(invitation)
    consent = Consent.objects.create(
        organization=invitation.organization,
        invitation=invitation,
        notice_version=NOTICE_VERSION,
        ai_assessment=ai_assessment,
        user_agent=user_agent[:400],
    )
    invitation.human_review_only = not ai_assessment
    if invitation.started_at is None:
        invitation.started_at = timezone.now()
        invitation.status = InvitationStatus.STARTED
    invitation.save(update_fields=["human_review_only", "started_at", "status", "updated_at"])
    audit.record(
        organization=invitation.organization,
        actor=CandidateActor(invitation),
        action="interviews.consent.given",
        target=consent,
        data={"notice_version": NOTICE_VERSION, "ai_assessment": ai_assessment},
    )
    questions_draw(invitation=invitation)  # the interview starts: its pools are drawn
    return consent


def _answer_for(invitation: Invitation, question: Question) -> Answer:
    answer, _ = Answer.objects.get_or_create(
        invitation=invitation,
        question=question,
        defaults={"organization": invitation.organization, "kind": question.kind},
    )
    return answer


def _check_open(answer: Answer) -> None:
    if answer.is_submitted:
        raise DomainError("This answer was already submitted.")


def think_seconds_left(answer: Answer | None, question: Question) -> int:
    """What is left of the question's think time (all of it before it was first shown)."""
    if answer is None or answer.think_started_at is None:
        return question.think_seconds
    spent = (timezone.now() - answer.think_started_at).total_seconds()
    return max(0, math.ceil(question.think_seconds - spent))


def question_is_hidden(answer: Answer | None, question: Question) -> bool:
    """A recorded question with think time stays unread until its think time starts."""
    return (
        question.kind == AnswerKind.VIDEO
        and question.think_seconds > 0
        and (answer is None or (answer.think_started_at is None and not answer.is_submitted))
    )


@transaction.atomic
def answer_think_start(*, invitation: Invitation, question_id: Any) -> Answer:
    """Show the question: its think time starts now, once; asking again (a reload) keeps
    the first start, so the time left only goes down."""
    invitation = _locked(invitation)
    question = _question(invitation, question_id)
    answer = Answer.objects.select_for_update().get(pk=_answer_for(invitation, question).pk)
    _check_open(answer)
    if answer.think_started_at is None:
        answer.think_started_at = timezone.now()
        answer.save(update_fields=["think_started_at", "updated_at"])
    return answer


@transaction.atomic
def answer_take_start(*, invitation: Invitation, question_id: Any) -> Answer:
    """Count one recording; the first is free, then `question.retakes` more."""
    invitation = _locked(invitation)
    question = _question(invitation, question_id)
    answer = _answer_for(invitation, question)
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    _check_open(answer)
    if answer.takes_used > question.retakes:
        raise DomainError("No retakes are left for this question: submit your last recording.")
    answer.takes_used += 1
    answer.think_started_at = answer.think_started_at or timezone.now()  # shown from now on
    answer.save(update_fields=["takes_used", "think_started_at", "updated_at"])
    return answer


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
    extension = media.EXTENSIONS[media.base_type(content_type)]
    key = (
        f"{media.candidate_prefix(invitation)}answers/{question.public_id}/"
        f"{uuid.uuid4().hex}.{extension}"
    )
    upload_id = media.start(key=key, content_type=content_type)
    with transaction.atomic():
        _locked(invitation)
        current = Answer.objects.select_for_update().get(pk=answer.pk)
        _check_open(current)
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
    invitation = _locked(invitation)
    question = _question(invitation, question_id)
    if question.kind != AnswerKind.VIDEO:
        raise DomainError("This question takes a written answer.")
    if len(content_type) > CONTENT_TYPE_MAX or not CONTENT_TYPE.fullmatch(content_type):
        raise InvalidField(
            "content_type", "content_type: give the recording's media type, e.g. video/webm."
        )
    if media.base_type(content_type) not in media.ALLOWED_TYPES:
        raise DomainError("This browser recorded in a format we cannot accept.")
    if size <= 0:
        raise DomainError("The recording is empty.")
    if size > max_bytes(question):
        raise DomainError(
            "The recording is larger than this question allows: record a shorter answer."
        )
    answer = Answer.objects.select_for_update().get(pk=_answer_for(invitation, question).pk)
    _check_open(answer)
    return answer


def max_bytes(question: Question) -> int:
    """The most one answer's recording may hold: a per-answer cap, and a size per second of
    the time the question allows (so hours of media are refused before they are sent)."""
    seconds = question.answer_seconds + settings.ANSWER_EXTRA_SECONDS
    return min(settings.ANSWER_MAX_BYTES, seconds * settings.ANSWER_MAX_BYTES_PER_SECOND)


def _uploading(invitation: Invitation, question_id: Any) -> Answer:
    check_invitation_usable(invitation)
    question = _question(invitation, question_id)
    answer = Answer.objects.filter(invitation=invitation, question=question).first()
    if answer is None or not answer.upload_id:
        raise DomainError("Start the upload first.")
    return answer


def answer_part_urls(*, invitation: Invitation, question_id: Any, numbers: list[int]) -> dict:
    answer = _uploading(invitation, question_id)
    _check_open(answer)
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
    if head["ContentLength"] != answer.size_bytes:
        problem = "The recording arrived incomplete; please upload it again."
    elif media.base_type(head.get("ContentType", "")) != media.base_type(answer.content_type):
        problem = "The recording has an unexpected type."
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
    invitation = _locked(invitation)
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
    answer.status = AnswerStatus.UPLOADED
    answer.submitted_at = timezone.now()
    answer.duration_seconds = duration if duration and 0 < duration < 3600 else None
    answer.save()
    _submitted(invitation, answer, {"bytes": answer.size_bytes})
    return answer, ""


@transaction.atomic
def answer_submit_text(*, invitation: Invitation, question_id: Any, text: str) -> Answer:
    invitation = _locked(invitation)
    question = _question(invitation, question_id)
    if question.kind != AnswerKind.WRITTEN:
        raise DomainError("This question takes a recorded answer.")
    text = text.strip()
    if not text:
        raise DomainError("Write your answer before submitting.")
    if len(text) > MAX_WRITTEN_CHARS:
        raise DomainError(f"Answers are limited to {MAX_WRITTEN_CHARS} characters.")
    answer = Answer.objects.select_for_update().get(pk=_answer_for(invitation, question).pk)
    if answer.is_submitted:
        return answer
    answer.text = text
    answer.status = AnswerStatus.UPLOADED
    answer.submitted_at = timezone.now()
    answer.save()
    _submitted(invitation, answer, {"characters": len(text)})
    return answer


def _submitted(invitation: Invitation, answer: Answer, data: dict) -> None:
    """The answer's processing starts after commit: the scoring app subscribes."""
    events.publish(
        events.Event(
            organization=invitation.organization,
            actor=CandidateActor(invitation),
            action="interviews.answer.submitted",
            target=answer,
            data={"question": answer.question.position + 1, "kind": answer.kind, **data},
            payload={"answer_id": answer.pk},
        )
    )


@transaction.atomic
def interview_finish(*, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status == InvitationStatus.COMPLETED:
        return invitation
    check_invitation_usable(invitation)
    questions = interview_questions(invitation)
    answered = Answer.objects.filter(invitation=invitation, status__in=SUBMITTED_STATUSES).count()
    if answered < len(questions):
        raise DomainError(
            f"{len(questions) - answered} question(s) still need an answer before you finish."
        )
    invitation.status = InvitationStatus.COMPLETED
    invitation.completed_at = timezone.now()
    invitation.save(update_fields=["status", "completed_at", "updated_at"])
    events.publish(
        events.Event(
            organization=invitation.organization,
            actor=CandidateActor(invitation),
            action="interviews.interview.completed",
            target=invitation,
            data={"answers": answered},
            payload={
                "interview": str(invitation.public_id),
                "job": str(invitation.job.public_id),
                "answers": answered,
            },
        )
    )
    return invitation


def upload_part_size() -> int:
    return settings.UPLOAD_PART_BYTES
