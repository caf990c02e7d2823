"""A job's question set: questions (recorded, written or a choice), pools of
alternatives, order.

A job's question set is edited in place while no invitation is pinned to it. Once one
is, the next edit first copies the set to a new number: invitations keep the questions
they were sent with, new invitations get the new set.
"""

from dataclasses import dataclass

from django.db import transaction

from palantrix import audit
from palantrix.audit import Actor
from palantrix.errors import DomainError

from ..models import AnswerKind, Job, Question, QuestionSet, QuestionType
from .jobs import job_current_question_set

MAX_QUESTIONS = 10
MAX_OPTIONS = 10
MAX_ALTERNATIVES = 5  # per slot, besides the slot's own question
# What a question's copy in a new set version keeps (besides the set and position).
COPIED = (
    "variant",
    "text",
    "answer_seconds",
    "think_seconds",
    "retakes",
    "kind",
    "question_type",
    "competency_keys",
    "options",
    "multiple",
    "knockout",
    "purpose",
)
# What every question of a slot shares with the slot's own (variant 0): alternatives are
# equivalent, asked the same way.
SHARED = ("kind", "answer_seconds", "think_seconds", "retakes")


@dataclass
class QuestionInput:
    text: str
    answer_seconds: int = 120
    think_seconds: int = 30
    retakes: int = 1
    kind: str = AnswerKind.VIDEO
    competency_keys: list[str] | None = None
    question_type: str = QuestionType.BEHAVIOURAL
    # A choice question's options as (text, acceptable) pairs, in order.
    options: list[tuple[str, bool]] | None = None
    multiple: bool = False
    knockout: bool = False
    purpose: str = ""


def _check_choice(question: QuestionInput) -> None:
    options = question.options or []
    texts = [text.strip() for text, _ in options]
    if not 2 <= len(texts) <= MAX_OPTIONS:
        raise DomainError(f"A choice question needs 2 to {MAX_OPTIONS} options.")
    if any(not text or len(text) > 200 for text in texts):
        raise DomainError("Each option needs its text (at most 200 characters).")
    if len(set(texts)) != len(texts):
        raise DomainError("Two options have the same text.")
    if question.knockout and not any(acceptable for _, acceptable in options):
        raise DomainError("Mark at least one option of a knock-out question as acceptable.")
    if len(question.purpose.strip()) > 300:
        raise DomainError("Say what the question is for in at most 300 characters.")


def _fields(question: QuestionInput) -> dict:
    """The stored fields of a question; a choice question has no timer and no retakes."""
    choice = question.kind == AnswerKind.CHOICE
    return {
        "text": question.text.strip(),
        "answer_seconds": 30 if choice else question.answer_seconds,
        "think_seconds": 0 if choice else question.think_seconds,
        "retakes": 0 if choice else question.retakes,
        "kind": question.kind,
        "question_type": question.question_type,
        "competency_keys": [] if choice else list(question.competency_keys or []),
        "options": (
            [
                {"key": str(n), "text": text.strip(), "acceptable": bool(acceptable)}
                for n, (text, acceptable) in enumerate(question.options or [], start=1)
            ]
            if choice
            else []
        ),
        "multiple": choice and question.multiple,
        "knockout": choice and question.knockout,
        "purpose": question.purpose.strip() if choice else "",
    }


def _check_question(question: QuestionInput) -> None:
    if question.kind == AnswerKind.CHOICE:
        _check_choice(question)
    if not question.text.strip():
        raise DomainError("A question needs its text.")
    if not 30 <= question.answer_seconds <= 300:
        raise DomainError("The answer time must be from 30 seconds to 5 minutes.")
    if not 0 <= question.think_seconds <= 120:
        raise DomainError("The think time must be from 0 to 120 seconds.")
    if not 0 <= question.retakes <= 3:
        raise DomainError("Retakes must be from 0 to 3.")
    if question.kind not in AnswerKind.values:
        raise DomainError("Unknown answer kind.")
    if question.question_type not in QuestionType.values:
        raise DomainError("A question is behavioural or situational.")


def _editable_set(job: Job, actor: Actor) -> QuestionSet:
    """The set to edit: the current one, or a fresh copy when invitations use it."""
    Job.objects.select_for_update().filter(pk=job.pk).first()
    current = job_current_question_set(job=job)
    if not current.invitations.exists():
        return current
    copy = QuestionSet.objects.create(
        organization=job.organization, job=job, number=current.number + 1, intro=current.intro
    )
    Question.objects.bulk_create(
        Question(
            organization=job.organization,
            question_set=copy,
            position=question.position,
            **{name: getattr(question, name) for name in COPIED},
        )
        for question in current.questions.all()
    )
    audit.record(
        organization=job.organization,
        actor=actor,
        action="interviews.question_set.versioned",
        target=copy,
        data={"job": str(job.public_id), "from": current.number, "to": copy.number},
    )
    return copy


def _place(slots: list[Question]) -> None:
    """Put the slots in this order (positions 0..n-1), each with its alternatives."""
    members = {
        slot.pk: list(
            Question.objects.filter(
                question_set=slot.question_set_id, position=slot.position
            ).values_list("pk", flat=True)
        )
        for slot in slots
    }
    for position, slot in enumerate(slots):
        if slot.position != position:
            Question.objects.filter(pk__in=members[slot.pk]).update(position=position)


def _renumber(question_set: QuestionSet) -> None:
    _place(list(question_set.slots().order_by("position", "id")))


def _same_question_in(question_set: QuestionSet, question: Question) -> Question:
    """`question` itself, or its copy at the same position in a newer set."""
    if question.question_set_id == question_set.pk:
        return question
    return question_set.questions.get(position=question.position, variant=question.variant)


@transaction.atomic
def question_set_update_intro(*, job: Job, actor: Actor, intro: str) -> QuestionSet:
    question_set = _editable_set(job, actor)
    if question_set.intro != intro.strip():
        question_set.intro = intro.strip()
        question_set.save(update_fields=["intro", "updated_at"])
        audit.record(
            organization=job.organization,
            actor=actor,
            action="interviews.question_set.updated",
            target=question_set,
            data={"fields": ["intro"]},
        )
    return question_set


@transaction.atomic
def question_add(
    *, job: Job, actor: Actor, question: QuestionInput, source: str = "custom"
) -> Question:
    _check_question(question)
    question_set = _editable_set(job, actor)
    if question_set.slots().count() >= MAX_QUESTIONS:
        raise DomainError(f"A question set holds at most {MAX_QUESTIONS} questions.")
    position = question_set.slots().count()  # positions are kept dense: 0..n-1
    created = Question.objects.create(
        organization=job.organization,
        question_set=question_set,
        position=position,
        **_fields(question),
    )
    audit.record(
        organization=job.organization,
        actor=actor,
        action="interviews.question.added",
        target=created,
        data={"set": question_set.number, "position": position, "source": source},
    )
    return created


@transaction.atomic
def question_add_alternative(*, question: Question, actor: Actor, text: str, **fields) -> Question:
    """Another question for `question`'s slot, equivalent to it: each candidate is asked
    one of the slot's questions, drawn at random when their interview starts. It shares
    the slot's kind and timing; its own are the text, type and competencies."""
    job = question.question_set.job
    question_set = _editable_set(job, actor)
    slot = question_set.questions.get(position=question.position, variant=0)
    if slot.is_choice:
        raise DomainError("A choice question has no alternatives: every candidate gets it.")
    data = QuestionInput(
        text,
        **{name: getattr(slot, name) for name in SHARED},
        question_type=fields.get("question_type", slot.question_type),
        competency_keys=fields.get("competency_keys", slot.competency_keys),
    )
    _check_question(data)
    variants = question_set.questions.filter(position=slot.position)
    if variants.count() > MAX_ALTERNATIVES:
        raise DomainError(f"A question holds at most {MAX_ALTERNATIVES} alternatives.")
    created = Question.objects.create(
        organization=job.organization,
        question_set=question_set,
        position=slot.position,
        **{**_fields(data), "variant": max(v.variant for v in variants) + 1},
    )
    audit.record(
        organization=job.organization,
        actor=actor,
        action="interviews.question.alternative_added",
        target=created,
        data={"set": question_set.number, "position": slot.position, "variant": created.variant},
    )
    return created


@transaction.atomic
def question_update(*, question: Question, actor: Actor, data: QuestionInput) -> Question:
    """Save a question; an alternative keeps its slot's kind and timing, and the slot's
    own question passes its kind and timing on to its alternatives."""
    job = question.question_set.job
    question = _same_question_in(_editable_set(job, actor), question)
    siblings = question.question_set.questions.filter(position=question.position).exclude(
        pk=question.pk
    )
    if question.variant:
        slot = siblings.get(variant=0)
        for name in SHARED:
            setattr(data, name, getattr(slot, name))
    elif data.kind == AnswerKind.CHOICE and siblings.exists():
        raise DomainError("Delete this question's alternatives before making it a choice.")
    _check_question(data)
    fields = _fields(data)
    changed = sorted(name for name, value in fields.items() if getattr(question, name) != value)
    if changed:
        for name in changed:
            setattr(question, name, fields[name])
        question.save()
        if not question.variant:
            siblings.update(**{name: fields[name] for name in SHARED})
        audit.record(
            organization=job.organization,
            actor=actor,
            action="interviews.question.updated",
            target=question,
            data={"set": question.question_set.number, "fields": changed},
        )
    return question


@transaction.atomic
def question_delete(*, question: Question, actor: Actor) -> None:
    job = question.question_set.job
    question = _same_question_in(_editable_set(job, actor), question)
    question_set = question.question_set
    audit.record(
        organization=job.organization,
        actor=actor,
        action="interviews.question.removed",
        target=question,
        data={
            "set": question_set.number,
            "position": question.position,
            **({"variant": question.variant} if question.variant else {}),
        },
    )
    if question.variant:  # one alternative goes; the slot stays
        question.delete()
        return
    # The slot's own question goes with its alternatives.
    question_set.questions.filter(position=question.position).delete()
    _renumber(question_set)


@transaction.atomic
def question_move(*, question: Question, actor: Actor, offset: int) -> Question:
    job = question.question_set.job
    question = _same_question_in(_editable_set(job, actor), question)
    ordered = list(question.question_set.slots())
    index = next(i for i, q in enumerate(ordered) if q.position == question.position)
    target = index + offset
    if not 0 <= target < len(ordered) or offset == 0:
        return question
    ordered.insert(target, ordered.pop(index))
    _place(ordered)
    audit.record(
        organization=job.organization,
        actor=actor,
        action="interviews.question.reordered",
        target=question,
        data={"set": question.question_set.number, "from": index, "to": target},
    )
    question.refresh_from_db()
    return question
