"""Jobs and their question sets.

A job's question set is edited in place while no invitation is pinned to it. Once one
is, the next edit first copies the set to a new number: invitations keep the questions
they were sent with, new invitations get the new set.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from palantrix import audit
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import Organization, user_or_none

from ..models import AnswerKind, Job, JobStatus, Profile, Question, QuestionSet, QuestionType

MAX_QUESTIONS = 10
JOB_FIELDS = (
    "title",
    "description",
    "location",
    "profile",
    "language",
    "blind_first_review",
    "invitation_days",
    "reminder_hours",
    "auto_extension_days",
)


@dataclass
class QuestionInput:
    text: str
    answer_seconds: int = 120
    think_seconds: int = 30
    retakes: int = 1
    kind: str = AnswerKind.VIDEO
    competency_keys: list[str] | None = None
    question_type: str = QuestionType.BEHAVIOURAL


def _check_question(question: QuestionInput) -> None:
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


@transaction.atomic
def job_create(
    *,
    organization: Organization,
    actor: Actor,
    title: str,
    profile: Profile | None = None,
    **fields,
) -> Job:
    if profile is not None and profile.organization_id != organization.pk:
        raise DomainError("That profile belongs to another organisation.")
    job = Job.objects.create(
        organization=organization,
        created_by=user_or_none(actor),
        title=title.strip(),
        profile=profile,
        **fields,
    )
    QuestionSet.objects.create(organization=organization, job=job, number=1)
    audit.record(
        organization=organization,
        actor=actor,
        action="interviews.job.created",
        target=job,
        data={"status": job.status},
    )
    return job


@transaction.atomic
def job_update(*, job: Job, actor: Actor, **fields) -> Job:
    profile = fields.get("profile")
    if profile is not None and profile.organization_id != job.organization_id:
        raise DomainError("That profile belongs to another organisation.")
    stored = Job.objects.get(pk=job.pk)
    changed = sorted(
        name for name in JOB_FIELDS if name in fields and getattr(stored, name) != fields[name]
    )
    for name in changed:
        setattr(job, name, fields[name])
    if changed:
        job.save()
        audit.record(
            organization=job.organization,
            actor=actor,
            action="interviews.job.updated",
            target=job,
            data={"fields": changed},
        )
    return job


@transaction.atomic
def job_set_status(*, job: Job, actor: Actor, status: str) -> Job:
    if status not in JobStatus.values:
        raise DomainError("Unknown job status.")
    if status == job.status:
        return job
    if status == JobStatus.OPEN and not job_current_questions(job=job).exists():
        raise DomainError("Add at least one question before opening the job.")
    previous, job.status = job.status, status
    job.closed_at = timezone.now() if status == JobStatus.CLOSED else None
    job.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record(
        organization=job.organization,
        actor=actor,
        action="interviews.job.status_changed",
        target=job,
        data={"from": previous, "to": status},
    )
    return job


def job_current_question_set(*, job: Job) -> QuestionSet:
    return QuestionSet.objects.for_organization(job.organization).filter(job=job).latest("number")


def job_current_questions(*, job: Job):
    return Question.objects.for_organization(job.organization).filter(
        question_set=job_current_question_set(job=job)
    )


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
            text=question.text,
            answer_seconds=question.answer_seconds,
            think_seconds=question.think_seconds,
            retakes=question.retakes,
            kind=question.kind,
            question_type=question.question_type,
            competency_keys=question.competency_keys,
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


def _renumber(question_set: QuestionSet) -> None:
    for position, question in enumerate(question_set.questions.order_by("position", "id")):
        if question.position != position:
            Question.objects.filter(pk=question.pk).update(position=position)


def _same_question_in(question_set: QuestionSet, question: Question) -> Question:
    """`question` itself, or its copy at the same position in a newer set."""
    if question.question_set_id == question_set.pk:
        return question
    return question_set.questions.get(position=question.position)


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
    if question_set.questions.count() >= MAX_QUESTIONS:
        raise DomainError(f"A question set holds at most {MAX_QUESTIONS} questions.")
    position = question_set.questions.count()  # positions are kept dense: 0..n-1
    created = Question.objects.create(
        organization=job.organization,
        question_set=question_set,
        position=position,
        text=question.text.strip(),
        answer_seconds=question.answer_seconds,
        think_seconds=question.think_seconds,
        retakes=question.retakes,
        kind=question.kind,
        question_type=question.question_type,
        competency_keys=list(question.competency_keys or []),
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
def question_update(*, question: Question, actor: Actor, data: QuestionInput) -> Question:
    _check_question(data)
    job = question.question_set.job
    question = _same_question_in(_editable_set(job, actor), question)
    fields = {
        "text": data.text.strip(),
        "answer_seconds": data.answer_seconds,
        "think_seconds": data.think_seconds,
        "retakes": data.retakes,
        "kind": data.kind,
        "question_type": data.question_type,
        "competency_keys": list(data.competency_keys or []),
    }
    changed = sorted(name for name, value in fields.items() if getattr(question, name) != value)
    if changed:
        for name in changed:
            setattr(question, name, fields[name])
        question.save()
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
        data={"set": question_set.number, "position": question.position},
    )
    question.delete()
    _renumber(question_set)


@transaction.atomic
def question_move(*, question: Question, actor: Actor, offset: int) -> Question:
    job = question.question_set.job
    question = _same_question_in(_editable_set(job, actor), question)
    ordered = list(question.question_set.questions.order_by("position"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    target = index + offset
    if not 0 <= target < len(ordered) or offset == 0:
        return question
    ordered.insert(target, ordered.pop(index))
    for position, item in enumerate(ordered):
        Question.objects.filter(pk=item.pk).update(position=position)
    audit.record(
        organization=job.organization,
        actor=actor,
        action="interviews.question.reordered",
        target=question,
        data={"set": question.question_set.number, "from": index, "to": target},
    )
    question.refresh_from_db()
    return question
