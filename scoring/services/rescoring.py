"""Re-scoring a job's answers after a new profile version."""

import logging

from django.db import transaction

from interviews.models import (
    Answer,
    AnswerStatus,
    ProfileVersion,
)
from palantrix import audit
from palantrix.errors import DomainError
from palantrix.models import user_or_none

from .. import governance, scorer
from ..models import RescoreRun
from .scores import answer_score

logger = logging.getLogger(__name__)


# --- Re-scoring after a new profile version --------------------------------------------------


def _rescorable(job):
    return Answer.objects.filter(
        invitation__job=job,
        invitation__human_review_only=False,
        status=AnswerStatus.SCORED,
        transcripts__is_current=True,
    ).distinct()


@transaction.atomic
def job_rescore(*, job, actor) -> RescoreRun:
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
    from ..tasks import rescore_job_task

    transaction.on_commit(lambda: rescore_job_task.delay(run_id=run.pk))
    return run


def rescore_run_process(*, run_id: int, task_id: str) -> None:
    """Score each answer against the run's version; safe to repeat (scores are unique per
    answer, competency, profile version and transcript)."""
    run = RescoreRun.objects.select_related("job", "profile_version").get(pk=run_id)
    if run.status == RescoreRun.Status.DONE:
        return
    RescoreRun.objects.filter(pk=run.pk).update(status=RescoreRun.Status.RUNNING)
    done = 0
    for answer in _rescorable(run.job).order_by("pk"):
        answer_score(
            answer_id=answer.pk, task_id=task_id, profile_version_id=run.profile_version_id
        )
        done += 1
        RescoreRun.objects.filter(pk=run.pk).update(done=done)
    RescoreRun.objects.filter(pk=run.pk).update(
        status=RescoreRun.Status.DONE, done=done, total=max(done, run.total)
    )
