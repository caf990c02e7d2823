"""What the interview's writes share: the locked invitation, its questions, the answer
row and the event that starts an answer's processing."""

from typing import Any

from palantrix import events
from palantrix.errors import DomainError

from ..accommodation_selectors import adjustments_for
from ..candidates import CandidateActor
from ..models import Answer, Invitation, Question
from .draws import interview_questions
from .invitations import check_invitation_usable


def locked(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_invitation_usable(invitation)
    return invitation


def question_of(invitation: Invitation, question_id: Any) -> Question:
    """One of the candidate's questions (of a pool, only the one drawn for them)."""
    for question in interview_questions(invitation):
        if str(question.public_id) == str(question_id):
            return question
    raise DomainError("This question is not part of your interview.")


def answer_for(invitation: Invitation, question: Question) -> Answer:
    answer, _ = Answer.objects.get_or_create(
        invitation=invitation,
        question=question,
        defaults={
            "organization": invitation.organization,
            "kind": adjustments_for(invitation=invitation).kind(question),
        },
    )
    return answer


def check_open(answer: Answer) -> None:
    if answer.is_submitted:
        raise DomainError("This answer was already submitted.")


def submitted(invitation: Invitation, answer: Answer, data: dict) -> None:
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
