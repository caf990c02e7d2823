"""Writes of the demo and the guided path."""

from django.contrib.auth import get_user_model
from django.db import transaction

from interviews.models import Answer, AnswerStatus
from palantrix.models import Membership
from review.services.scores import score_override
from scoring.models import Score, ScoreOverride, ScoreStatus
from scoring.services import PROCESSING_STATUSES

from .models import GuideDismissal


@transaction.atomic
def demo_override(*, answer_id: int, reviewer_id: int, points: int, reason: str) -> bool | None:
    """Override the answer's most weighted AI score by `points` as the reviewer, through the
    normal service. None: not scored yet; False: it will not be (sent to people, gone)."""
    answer = Answer.objects.select_for_update().filter(pk=answer_id).first()
    if answer is None:
        return False
    if answer.status in (AnswerStatus.UPLOADING, *PROCESSING_STATUSES):
        return None
    scores = Score.objects.for_organization(answer.organization).filter(
        answer=answer, status=ScoreStatus.ACTIVE
    )
    if ScoreOverride.objects.filter(score__in=scores).exists():
        return True
    score = scores.filter(value__isnull=False).order_by("-weight", "competency_name").first()
    if answer.status != AnswerStatus.SCORED or score is None:
        return False
    reviewer = get_user_model().objects.get(pk=reviewer_id)
    score_override(
        score=score, actor=reviewer, value=max(0, min(100, score.value + points)), reason=reason
    )
    return True


@transaction.atomic
def guide_dismiss(*, membership: Membership) -> None:
    """Close the dashboard's guided path for this member (a preference: not audited)."""
    GuideDismissal.objects.get_or_create(
        organization=membership.organization, membership=membership
    )
