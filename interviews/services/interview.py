"""The candidate's interview: consent, takes, uploads of recordings, written answers, finish
(choice answers: `choices.py`; which questions: `draws.py`).

Every function takes the invitation resolved from the candidate's session, so a candidate
can only ever touch their own answers. Completing an upload twice changes nothing.
"""

import math
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from palantrix import audit, events
from palantrix.errors import DomainError

from ..accommodation_selectors import Adjustments, adjustments_for
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
from .answering import answer_for, check_open, locked, question_of, submitted
from .draws import interview_questions, questions_draw
from .invitations import check_invitation_usable
from .uploads import (
    answer_part_urls,
    answer_upload_complete,
    answer_upload_start,
    answer_uploaded_parts,
    max_bytes,
)

__all__ = [
    "answer_part_urls",
    "answer_submit_text",
    "answer_take_start",
    "answer_think_start",
    "answer_upload_complete",
    "answer_upload_start",
    "answer_uploaded_parts",
    "consent_record",
    "interview_finish",
    "interview_questions",
    "latest_consent",
    "max_bytes",
    "question_is_hidden",
    "think_seconds_left",
    "upload_part_size",
]

MAX_WRITTEN_CHARS = 5000


def latest_consent(invitation: Invitation) -> Consent | None:
    return invitation.consents.order_by("-created_at").first()


@transaction.atomic
def consent_record(*, invitation: Invitation, ai_assessment: bool, user_agent: str) -> Consent:
    invitation = locked(invitation)
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


def think_seconds_left(
    answer: Answer | None, question: Question, adjustments: Adjustments | None = None
) -> int:
    """What is left of the question's think time (all of it before it was first shown),
    with any extra time granted."""
    think = (adjustments or Adjustments()).seconds(question.think_seconds)
    if answer is None or answer.think_started_at is None:
        return think
    spent = (timezone.now() - answer.think_started_at).total_seconds()
    return max(0, math.ceil(think - spent))


def question_is_hidden(
    answer: Answer | None, question: Question, adjustments: Adjustments | None = None
) -> bool:
    """A recorded question with think time stays unread until its think time starts."""
    return (
        (adjustments or Adjustments()).kind(question) == AnswerKind.VIDEO
        and question.think_seconds > 0
        and (answer is None or (answer.think_started_at is None and not answer.is_submitted))
    )


@transaction.atomic
def answer_think_start(*, invitation: Invitation, question_id: Any) -> Answer:
    """Show the question: its think time starts now, once; asking again (a reload) keeps
    the first start, so the time left only goes down."""
    invitation = locked(invitation)
    question = question_of(invitation, question_id)
    answer = Answer.objects.select_for_update().get(pk=answer_for(invitation, question).pk)
    check_open(answer)
    if answer.think_started_at is None:
        answer.think_started_at = timezone.now()
        answer.save(update_fields=["think_started_at", "updated_at"])
    return answer


@transaction.atomic
def answer_take_start(*, invitation: Invitation, question_id: Any) -> Answer:
    """Count one recording; the first is free, then `question.retakes` more."""
    invitation = locked(invitation)
    question = question_of(invitation, question_id)
    answer = answer_for(invitation, question)
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    check_open(answer)
    if answer.takes_used > question.retakes:
        raise DomainError("No retakes are left for this question: submit your last recording.")
    answer.takes_used += 1
    answer.think_started_at = answer.think_started_at or timezone.now()  # shown from now on
    answer.save(update_fields=["takes_used", "think_started_at", "updated_at"])
    return answer


@transaction.atomic
def answer_submit_text(*, invitation: Invitation, question_id: Any, text: str) -> Answer:
    invitation = locked(invitation)
    question = question_of(invitation, question_id)
    kind = adjustments_for(invitation=invitation).kind(question)
    if kind == AnswerKind.FILE:
        raise DomainError("This question takes a file.")
    if kind != AnswerKind.WRITTEN:
        raise DomainError("This question takes a recorded answer.")
    text = text.strip()
    if not text:
        raise DomainError("Write your answer before submitting.")
    if len(text) > MAX_WRITTEN_CHARS:
        raise DomainError(f"Answers are limited to {MAX_WRITTEN_CHARS} characters.")
    answer = Answer.objects.select_for_update().get(pk=answer_for(invitation, question).pk)
    if answer.is_submitted:
        return answer
    answer.kind = AnswerKind.WRITTEN  # a recorded question answered in writing, as granted
    answer.text = text
    answer.status = AnswerStatus.UPLOADED
    answer.submitted_at = timezone.now()
    answer.save()
    submitted(invitation, answer, {"characters": len(text)})
    return answer


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
