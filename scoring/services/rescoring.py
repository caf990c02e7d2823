"""Re-scoring a job's answers after a new profile version."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from interviews.models import (
    Answer,
    AnswerStatus,
    Job,
    ProfileVersion,
)
from palantrix import audit, events
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import user_or_none

from .. import governance, scorer
from ..models import RescoreRun
from .scores import answer_score

logger = logging.getLogger(__name__)


# --- Re-scoring after a new profile version --------------------------------------------------


def _rescorable(job: Job) -> QuerySet[Answer]:
    return Answer.objects.filter(
        invitation__job=job,
        invitation__human_review_only=False,
        status=AnswerStatus.SCORED,
        transcripts__is_current=True,
    ).distinct()


@transaction.atomic
def job_rescore(*, job: Job, actor: Actor) -> RescoreRun:
    """Queue re-scoring of the job's scored answers against the profile's current version.
    Old scores stay, marked superseded; a second request while one runs returns it."""
    if job.profile is None:
        raise DomainError("This job has no Team DNA Profile to score against.")
    blocked = governance.scoring_block(organization=job.organization, job=job)
    if blocked:
        raise DomainError(blocked)
    version = ProfileVersion.objects.get(profile=job.profile, number=job.profile.current_version)
    running = RescoreRun.objects.filter(
        job=job, status__in=[RescoreRun.Status.QUEUED, RescoreRun.Status.RUNNING]
    ).first()
    if running:
        return running
    run = RescoreRun.objects.create(
        organization=job.organization,
        job=job,
        profile_version=version,
        scorer_version=scorer.SCORER_VERSION,
        requested_by=user_or_none(actor),
        total=_rescorable(job).count(),
    )
    audit.record(
        organization=job.organization,
        actor=actor,
        action="scoring.rescore.requested",
        target=run,
        data={
            "job": str(job.public_id),
            "profile_version": version.number,
            "scorer": run.scorer_version,
            "answers": run.total,
        },
    )
    events.later("scoring.rescore_job", organization=job.organization, run_id=run.pk)
    return run


# A running re-score reports progress after each answer; one silent this long has lost
# its worker (longer than one answer's scoring may take) and another delivery takes over.
RESCORE_LEASE = timedelta(minutes=15)


def rescore_run_process(*, run_id: int, task_id: str) -> bool:
    """Score each answer against the run's version, once: the run is claimed by a
    conditional UPDATE (a repeated delivery while it runs, or after it is done, does
    nothing; one whose worker died is taken over after RESCORE_LEASE). Resuming is safe:
    scores are unique per answer, competency, profile version and transcript."""
    now = timezone.now()
    claimed = (
        RescoreRun.objects.filter(pk=run_id)
        .filter(
            Q(status=RescoreRun.Status.QUEUED)
            | Q(status=RescoreRun.Status.RUNNING, updated_at__lt=now - RESCORE_LEASE)
        )
        .update(status=RescoreRun.Status.RUNNING, updated_at=now)
    )
    if not claimed:
        return False
    run = RescoreRun.objects.select_related("job", "profile_version").get(pk=run_id)
    done = 0
    for answer in _rescorable(run.job).order_by("pk"):
        answer_score(
            answer_id=answer.pk, task_id=task_id, profile_version_id=run.profile_version_id
        )
        done += 1
        RescoreRun.objects.filter(pk=run.pk).update(done=done, updated_at=timezone.now())
    RescoreRun.objects.filter(pk=run.pk).update(
        status=RescoreRun.Status.DONE, done=done, total=max(done, run.total)
    )
    return True
