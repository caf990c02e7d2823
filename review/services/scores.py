"""People's judgement on AI scores: viewing a candidate, overriding a score, rating an answer.

The audit action codes keep their first names (`scoring.score.overridden`, ...): the chain
already holds events under them.
"""

from django.db import transaction

from interviews.models import Answer, AnswerKind
from palantrix import audit
from palantrix.errors import DomainError, InvalidField
from palantrix.models import user_or_none
from scoring import ranking
from scoring.models import Rating, Score, ScoreOverride


def candidate_viewed(*, invitation, actor, answers: int, page: str = "") -> None:
    """Who looked at a candidate's recordings and transcripts, and when (Illinois Sec. 10)."""
    audit.record(
        organization=invitation.organization,
        actor=actor,
        action="interviews.candidate.viewed",
        target=invitation,
        data={"answers": answers, **({"page": page} if page else {})},
    )


@transaction.atomic
def score_override(*, score: Score, actor, value: int, reason: str) -> Score:
    """A reviewer corrects an AI score; the AI's value stays visible, the override ranks."""
    reason = audit.reason_check(reason)
    if not reason:
        raise InvalidField("reason", "Give the reason for the override.")
    if not 0 <= value <= 100:
        raise InvalidField("value", "Score: give a whole number from 0 to 100.")
    # The candidate first, then the score: the order the scorer locks them in.
    ranking.lock(invitation_ids=[Answer.objects.get(pk=score.answer_id).invitation_id])
    score = Score.objects.select_for_update().get(pk=score.pk)
    previous = score.overridden_value if score.overridden_value is not None else score.value
    ScoreOverride.objects.create(
        organization=score.organization,
        score=score,
        value=value,
        previous=previous,
        reason=reason,
        overridden_by=user_or_none(actor),
    )
    score.overridden_value = value
    score.save(update_fields=["overridden_value", "updated_at"])
    ranking.refresh(invitation_ids=[score.answer.invitation_id])  # locked above
    audit.record(
        organization=score.organization,
        actor=actor,
        action="scoring.score.overridden",
        target=score,
        data={"ai": score.value, "from": previous, "to": value, "reason": reason},
    )
    return score


@transaction.atomic
def rating_record(*, answer: Answer, reviewer, value: int, comment: str = ""):
    """A reviewer's own rating of an answer (changing it later is allowed and audited)."""
    if not 1 <= value <= 5:
        raise DomainError("Rate from 1 to 5.")
    if answer.kind == AnswerKind.CHOICE:
        raise DomainError("A choice answer is a fact to check, not an answer to rate.")
    rating, created = Rating.objects.update_or_create(
        answer=answer,
        reviewer=reviewer,
        defaults={"organization": answer.organization, "value": value, "comment": comment.strip()},
    )
    audit.record(
        organization=answer.organization,
        actor=reviewer,
        action="scoring.answer.rated" if created else "scoring.answer.rerated",
        target=answer,
        data={"value": value, "commented": bool(comment.strip())},
    )
    return rating
