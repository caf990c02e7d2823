"""Reads for reviewers: a candidate's answers with transcripts, scores and evidence."""

from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from interviews.models import Answer, Invitation, Job
from palantrix.models import Organization
from palantrix.tenancy import tenant_get

from . import scorer
from .models import Evidence, RescoreRun, Score, ScoreStatus, Transcript, TranscriptSegment


def candidate_answers(*, invitation: Invitation) -> QuerySet[Answer]:
    """Every answer with its current transcript (and segments) and active scores."""
    return (
        Answer.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .select_related("question")
        .order_by("question__position")
        .prefetch_related(
            Prefetch(
                "transcripts",
                queryset=Transcript.objects.filter(is_current=True).prefetch_related(
                    Prefetch("segments", queryset=TranscriptSegment.objects.order_by("index"))
                ),
                to_attr="current_transcripts",
            ),
            Prefetch(
                "scores",
                queryset=Score.objects.filter(status=ScoreStatus.ACTIVE)
                .select_related("profile_version")
                .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("rank"))),
                to_attr="active_scores",
            ),
        )
    )


def candidate_overall(answers) -> tuple[int | None, float]:
    """The weighted combination of every active competency score (None: no AI score)."""
    return scorer.overall(
        [
            (score.weight, score.value, score.confidence)
            for answer in answers
            for score in answer.active_scores
        ]
    )


def rescore_run_get(*, organization: Organization, job: Job, public_id: UUID) -> RescoreRun:
    run = tenant_get(RescoreRun, organization=organization, public_id=public_id)
    if run.job_id != job.pk:
        raise Http404("No such re-scoring run.")
    return run


def rescore_latest(*, job: Job) -> RescoreRun | None:
    return RescoreRun.objects.for_organization(job.organization).filter(job=job).first()
