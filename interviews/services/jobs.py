"""Jobs: create, edit, open and close (their question sets: `questions.py`)."""

from django.db import transaction
from django.utils import timezone

from palantrix import audit
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import Organization, user_or_none

from ..models import Job, JobStatus, Profile, Question, QuestionSet

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
    """The current set's questions, one per slot (a pool's alternatives left out)."""
    return Question.objects.for_organization(job.organization).filter(
        question_set=job_current_question_set(job=job), variant=0
    )
