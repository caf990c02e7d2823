"""Human oversight of AI scoring: the readiness gate and the stop switches.

Stopping never loses work: answers are still transcribed and wait, unscored. Resuming
queues each waiting answer exactly once (a conditional UPDATE claims it)."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from interviews.models import Answer, AnswerStatus, Job
from palantrix import audit, events
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import Organization, user_or_none

from .instructions import INSTRUCTIONS_VERSION
from .ll144 import ll144_block
from .models import AiGovernance


def governance_get(*, organization: Organization) -> AiGovernance:
    governance, _ = AiGovernance.objects.get_or_create(organization=organization)
    return governance


def ai_scoring_block(*, organization: Organization, job: Any) -> str:
    """'' when the AI may score for this job now, else the plain reason it may not."""
    governance = AiGovernance.objects.filter(organization=organization).first()
    if governance is None or not governance.ready:
        return "AI scoring is off until an admin records that staff were informed."
    if not governance.scoring_enabled:
        return "AI scoring is stopped for the organisation."
    if job.ai_scoring_paused:
        return "AI scoring is stopped for this job."
    return ll144_block(organization=organization, job=job)


@transaction.atomic
def readiness_record(
    *, organization: Organization, actor: Actor, informed_on: date, document: str
) -> AiGovernance:
    if informed_on > timezone.localdate():
        raise DomainError("The date staff were informed cannot be in the future.")
    if not document.strip():
        raise DomainError("Name the document staff and their representatives received.")
    governance = AiGovernance.objects.select_for_update().get(
        pk=governance_get(organization=organization).pk
    )
    was_active = governance.scoring_active
    governance.workers_informed_on = informed_on
    governance.workers_informed_document = document.strip()[:300]
    governance.instructions_version = INSTRUCTIONS_VERSION
    governance.acknowledged_by = user_or_none(actor)
    governance.acknowledged_at = timezone.now()
    governance.save()
    audit.record(
        organization=organization,
        actor=actor,
        action="compliance.readiness.recorded",
        target=governance,
        data={"informed_on": informed_on.isoformat(), "instructions": INSTRUCTIONS_VERSION},
    )
    if governance.scoring_active and not was_active:
        resume_waiting(organization=organization, job=None)
    return governance


@transaction.atomic
def ai_scoring_set(*, organization: Organization, actor: Actor, enabled: bool) -> AiGovernance:
    """The organisation's stop switch."""
    governance = AiGovernance.objects.select_for_update().get(
        pk=governance_get(organization=organization).pk
    )
    if governance.scoring_enabled == enabled:
        return governance
    governance.scoring_enabled = enabled
    governance.save(update_fields=["scoring_enabled", "updated_at"])
    audit.record(
        organization=organization,
        actor=actor,
        action="compliance.ai_scoring.resumed" if enabled else "compliance.ai_scoring.stopped",
        target=governance,
    )
    if enabled and governance.ready:
        resume_waiting(organization=organization, job=None)
    return governance


@transaction.atomic
def job_ai_scoring_set(*, job: Any, actor: Actor, enabled: bool) -> Any:
    """The job's stop switch."""
    if job.ai_scoring_paused == (not enabled):
        return job
    job.ai_scoring_paused = not enabled
    job.save(update_fields=["ai_scoring_paused", "updated_at"])
    audit.record(
        organization=job.organization,
        actor=actor,
        action="interviews.job.ai_scoring_resumed"
        if enabled
        else "interviews.job.ai_scoring_stopped",
        target=job,
    )
    if enabled:
        resume_waiting(organization=job.organization, job=job)
    return job


def resume_waiting_everywhere() -> int:
    """Daily: queue answers whose wait ended by itself (a NYC notice period, say)."""
    total = 0
    for governance in AiGovernance.objects.select_related("organization"):
        if governance.scoring_active:
            with transaction.atomic():
                total += resume_waiting(organization=governance.organization, job=None)
    return total


def resume_waiting(*, organization: Organization, job: Any) -> int:
    """Queue each transcribed answer that may now be scored, once."""
    waiting = Answer.objects.filter(
        organization=organization,
        status=AnswerStatus.TRANSCRIBED,
        invitation__human_review_only=False,
        invitation__job__profile__isnull=False,
        invitation__job__ai_scoring_paused=False,
    )
    if job is not None:
        waiting = waiting.filter(invitation__job=job)
    queued, allowed = [], {}
    for answer_id, answer_job in waiting.values_list("pk", "invitation__job").iterator():
        if answer_job not in allowed:  # e.g. a NYC job still waits for its bias audit
            the_job = Job.objects.get(pk=answer_job)
            allowed[answer_job] = not ai_scoring_block(organization=organization, job=the_job)
        if allowed[answer_job] and Answer.objects.filter(
            pk=answer_id, status=AnswerStatus.TRANSCRIBED
        ).update(status=AnswerStatus.SCORING):
            queued.append(answer_id)
    for answer_id in queued:  # the score step claims the answer: a repeat scores it once
        events.later("scoring.score_answer", organization=organization, answer_id=answer_id)
    return len(queued)


def resume_if_allowed(*, organization: Organization, jobs: list[Any]) -> None:
    """Queue waiting answers of the jobs that a new LL144 record has just unblocked."""
    for job in jobs:
        if not ai_scoring_block(organization=organization, job=job):
            resume_waiting(organization=organization, job=job)
