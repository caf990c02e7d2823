"""A candidate's answer to a choice question: recorded as it is, never processed.

It publishes no `interviews.answer.submitted` (the event that starts transcription and
scoring), so it never reaches the scorer. A knock-out mismatch flags the candidate for
a person to look at; it decides nothing, and no score or ranking moves with it.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from palantrix import audit
from palantrix.errors import DomainError, InvalidField

from ..candidates import CandidateActor
from ..models import Answer, AnswerStatus, Invitation
from .answering import answer_for, locked, question_of


@transaction.atomic
def answer_submit_choice(*, invitation: Invitation, question_id: Any, choices: list) -> Answer:
    invitation = locked(invitation)
    question = question_of(invitation, question_id)
    if not question.is_choice:
        raise DomainError("This question takes a recorded or written answer.")
    chosen = {str(key) for key in choices}
    if not chosen:
        raise DomainError("Choose an answer before submitting.")
    if not chosen <= {option["key"] for option in question.options}:
        raise InvalidField("choices", "choices: choose among the question's options.")
    if len(chosen) > 1 and not question.multiple:
        raise DomainError("Choose one answer.")
    answer = Answer.objects.select_for_update().get(pk=answer_for(invitation, question).pk)
    if answer.is_submitted:
        return answer
    answer.choices = [option["key"] for option in question.options if option["key"] in chosen]
    answer.knockout_mismatch = question.is_mismatch(answer.choices)
    answer.status = AnswerStatus.ANSWERED
    answer.submitted_at = timezone.now()
    answer.save()
    actor = CandidateActor(invitation)
    number = question.position + 1
    audit.record(
        organization=invitation.organization,
        actor=actor,
        action="interviews.answer.chosen",
        target=answer,
        data={"question": number, "kind": answer.kind, "options": len(answer.choices)},
    )
    if answer.knockout_mismatch:
        audit.record(
            organization=invitation.organization,
            actor=actor,
            action="interviews.answer.knockout_flagged",
            target=answer,
            data={"question": number, "invitation": str(invitation.public_id)},
        )
    return answer
