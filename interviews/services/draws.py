"""Which questions a candidate is asked: one per slot, and for a slot holding a pool of
equivalent alternatives, the one drawn for them when their interview started."""

import secrets
from collections import defaultdict
from collections.abc import Callable

from palantrix import audit

from ..candidates import CandidateActor
from ..models import Invitation, Question, QuestionDraw


def _slots(invitation: Invitation) -> dict[int, list[Question]]:
    slots: dict[int, list[Question]] = defaultdict(list)
    for question in invitation.question_set.questions.order_by("position", "variant"):
        slots[question.position].append(question)
    return slots


def interview_questions(invitation: Invitation) -> list[Question]:
    """The candidate's questions in order: the drawn one of each pool, else the slot's own
    (an interview not started yet, or started before the slot had alternatives)."""
    drawn = dict(
        QuestionDraw.objects.filter(invitation=invitation).values_list("position", "question_id")
    )
    return [
        next((q for q in members if q.pk == drawn.get(position)), members[0])
        for position, members in _slots(invitation).items()
    ]


def questions_draw(
    *, invitation: Invitation, choose: Callable[[int], int] = secrets.randbelow
) -> list[QuestionDraw]:
    """Draw one question of each pool for the candidate, once: a slot drawn before keeps
    its draw (a reload or a second consent changes nothing). The caller holds the
    invitation's row lock. `choose(n)` picks an index below n."""
    done = set(
        QuestionDraw.objects.filter(invitation=invitation).values_list("position", flat=True)
    )
    made = []
    for position, members in _slots(invitation).items():
        if len(members) < 2 or position in done:
            continue
        made.append(
            QuestionDraw.objects.create(
                organization=invitation.organization,
                invitation=invitation,
                position=position,
                question=members[choose(len(members))],
            )
        )
    if made:
        audit.record(
            organization=invitation.organization,
            actor=CandidateActor(invitation),
            action="interviews.questions.drawn",
            target=invitation,
            data={"drawn": [[d.position + 1, d.question.variant] for d in made]},
        )
    return made


def drawn_questions(*, invitation: Invitation) -> dict[int, Question]:
    """For reviewers: per slot position, the question drawn from its pool."""
    return {
        draw.position: draw.question
        for draw in QuestionDraw.objects.filter(invitation=invitation).select_related("question")
    }
