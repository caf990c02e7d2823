"""Reads for reviewers: a candidate's answers with transcripts, scores and evidence."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Floor
from django.http import Http404

from interviews.models import (
    Answer,
    AnswerStatus,
    Decision,
    Invitation,
    InvitationStatus,
    Job,
    LiveInterview,
    LiveInterviewStatus,
)
from palantrix.models import Organization
from palantrix.tenancy import tenant_get
from scoring import highlights, scorer
from scoring.models import (
    Evidence,
    Rating,
    RescoreRun,
    Score,
    ScoreStatus,
    Transcript,
    TranscriptSegment,
)

from .playback import answer_player


def candidate_answers(*, invitation: Invitation, with_history: bool = False) -> QuerySet[Answer]:
    """Every answer with its current transcript (and segments) and active scores; with
    `with_history`, also its earlier scores (superseded by a new profile version, scorer or
    transcript), newest first, as `earlier_scores`."""
    answers = (
        Answer.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .select_related("question", "playback")
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
                .order_by("competency_name", "pk")  # the same order on every view
                .select_related("profile_version")
                .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("rank"))),
                to_attr="active_scores",
            ),
        )
    )
    if with_history:
        answers = answers.prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.filter(status=ScoreStatus.SUPERSEDED)
                .select_related("profile_version")
                .order_by("-created_at", "competency_name"),
                to_attr="earlier_scores",
            )
        )
    return answers


def answer_rows(*, invitation: Invitation, answers, hidden=frozenset(), video_seconds: int):
    """Per answer: its transcript in pieces with the evidence marked, its scores (none
    when `hidden` holds the answer's pk: blind first review) and a short-lived video URL."""

    rows = []
    for answer in answers:
        transcript = answer.current_transcripts[0] if answer.current_transcripts else None
        scores = [] if answer.pk in hidden else answer.active_scores
        rows.append(
            {
                "answer": answer,
                "transcript": transcript,
                "pieces": (
                    highlights.pieces(
                        transcript=transcript,
                        segments=list(transcript.segments.all()),
                        scores=scores,
                        names=[invitation.name],
                    )
                    if transcript
                    else []
                ),
                "scores": scores,
                "earlier": ([] if answer.pk in hidden else getattr(answer, "earlier_scores", [])),
                "scores_hidden": answer.pk in hidden,
                "player": answer_player(answer, ttl=video_seconds),
            }
        )
    return rows


def candidate_overall(answers) -> tuple[int | None, float]:
    """The weighted combination of every active competency score (None: no AI score)."""
    return scorer.overall(
        [
            (score.weight, score.value, score.confidence)
            for answer in answers
            for score in answer.active_scores
        ]
    )


def candidate_overall_applied(answers) -> int | None:
    """The value the shortlist ranks by: the weighted combination with every reviewer's
    override in place of the AI's value (None: no score at all)."""
    value, _ = scorer.overall(
        [
            (s.weight, s.overridden_value if s.overridden_value is not None else s.value, 0.0)
            for answer in answers
            for s in answer.active_scores
        ]
    )
    return value


def rescore_run_get(*, organization: Organization, job: Job, public_id: UUID) -> RescoreRun:
    run = tenant_get(RescoreRun, organization=organization, public_id=public_id)
    if run.job_id != job.pk:
        raise Http404("No such re-scoring run.")
    return run


def rescore_latest(*, job: Job) -> RescoreRun | None:
    return RescoreRun.objects.for_organization(job.organization).filter(job=job).first()


def answers_by_earlier_scorer(*, job: Job) -> int:
    """How many of the job's answers count scores made by another scorer than this one."""
    return (
        Score.objects.for_organization(job.organization)
        .filter(answer__invitation__job=job, status=ScoreStatus.ACTIVE)
        .exclude(scorer_version=scorer.SCORER_VERSION)
        .values("answer")
        .distinct()
        .count()
    )


# A stage after the video interview, offered beside the invitation statuses.
LIVE_SCHEDULED = "live_scheduled"

SHORTLIST_SORTS = {
    "score": "ranking",
    "confidence": "confidence",
    "name": "name",
    "status": "status",
    "completed": "completed_at",
}


def _blind_hidden(*, job: Job, reviewer) -> Exists | Value:
    """On a blind first review job, a candidate's AI scores stay hidden from a reviewer until
    they rated every answer of that candidate themselves (the reviewer page's rule)."""

    if not job.blind_first_review:
        return Value(False)
    rated = Rating.objects.filter(reviewer_id=getattr(reviewer, "pk", None)).values("answer_id")
    return Exists(Answer.objects.filter(invitation=OuterRef("pk")).exclude(pk__in=rated))


def _unless_hidden(expression):
    return Case(
        When(scores_hidden=True, then=Value(None)),
        default=expression,
        output_field=FloatField(),
    )


def shortlist(
    *,
    job: Job,
    competency_keys: list[str],
    reviewer=None,
    sort: str = "score",
    descending: bool = True,
    status: str = "",
    min_score: int | None = None,
    max_score: int | None = None,
    needs_review: bool = False,
    human_only: bool = False,
    decision: str = "",
) -> QuerySet[Invitation]:
    """The job's candidates ranked by their score with reviewers' overrides applied, every
    one of them listed (no score sorts last). Each row carries `overall` (the ranking value
    as shown, rounded like `scorer.shown`), `ai_overall` (the AI's alone) and `ranking` (the
    unrounded value it sorts by); all three are None where blind first review hides them
    from `reviewer`. Aggregates run in the database: the number of queries does not grow
    with the number of candidates."""
    # A reviewer's override wins over the AI's value.
    value = Coalesce("answers__scores__overridden_value", "answers__scores__value")
    active = Q(answers__scores__status=ScoreStatus.ACTIVE) & (
        Q(answers__scores__value__isnull=False) | Q(answers__scores__overridden_value__isnull=False)
    )
    ai_active = Q(answers__scores__status=ScoreStatus.ACTIVE, answers__scores__value__isnull=False)
    weight = Cast("answers__scores__weight", FloatField())  # no integer division below
    weighted = ExpressionWrapper(weight * value, output_field=FloatField())
    ai_weighted = ExpressionWrapper(weight * F("answers__scores__value"), output_field=FloatField())
    rows = (
        Invitation.objects.for_organization(job.organization)
        .filter(job=job)
        .exclude(status=InvitationStatus.REVOKED)
        .annotate(
            scores_hidden=_blind_hidden(job=job, reviewer=reviewer),
            weighted_sum=Sum(weighted, filter=active),
            weight_sum=Sum(weight, filter=active),
            ai_weighted_sum=Sum(ai_weighted, filter=ai_active),
            ai_weight_sum=Sum(weight, filter=ai_active),
        )
        .annotate(
            ranking=_unless_hidden(
                Case(When(weight_sum__gt=0, then=F("weighted_sum") / F("weight_sum")))
            ),
            ai_ranking=_unless_hidden(
                Case(When(ai_weight_sum__gt=0, then=F("ai_weighted_sum") / F("ai_weight_sum")))
            ),
        )
        .annotate(
            overall=Floor(F("ranking") + 0.5),
            ai_overall=Floor(F("ai_ranking") + 0.5),
            confidence=_unless_hidden(Avg("answers__scores__confidence", filter=active)),
            decision=Subquery(
                Decision.objects.filter(invitation=OuterRef("pk"))
                .order_by("-created_at")
                .values("outcome")[:1]
            ),
            live_scheduled=Exists(
                LiveInterview.objects.filter(
                    invitation=OuterRef("pk"), status=LiveInterviewStatus.SCHEDULED
                )
            ),
            needs_review=Exists(
                Answer.objects.filter(invitation=OuterRef("pk"), status=AnswerStatus.NEEDS_REVIEW)
            ),
            **{
                f"competency_{index}": _unless_hidden(
                    Avg(value, filter=active & Q(answers__scores__competency_key=key))
                )
                for index, key in enumerate(competency_keys)
            },
        )
    )
    if status == LIVE_SCHEDULED:
        rows = rows.filter(live_scheduled=True)
    elif status:
        rows = rows.filter(status=status)
    if min_score is not None:
        rows = rows.filter(overall__gte=min_score)
    if max_score is not None:
        rows = rows.filter(overall__lte=max_score)
    if needs_review:
        rows = rows.filter(needs_review=True)
    if decision:
        rows = rows.filter(decision=decision if decision != "none" else None)
    if human_only:
        rows = rows.filter(human_review_only=True)
    field = SHORTLIST_SORTS.get(sort, "ranking")
    order = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return rows.order_by(order, "created_at")


def score_get(*, organization: Organization, public_id: UUID) -> Score:
    return tenant_get(Score, organization=organization, public_id=public_id)


def decisions_of(*, invitation: Invitation) -> QuerySet[Decision]:
    return (
        Decision.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .select_related("decided_by")
    )


def ratings_for(*, answers, reviewer) -> dict[int, dict]:
    """Per answer: the reviewer's own rating, and the others' once the reviewer rated."""

    found: dict[int, dict] = {answer.pk: {"mine": None, "others": []} for answer in answers}
    for rating in Rating.objects.filter(answer__in=answers).select_related("reviewer"):
        entry = found[rating.answer_id]
        if rating.reviewer_id == reviewer.pk:
            entry["mine"] = rating
        else:
            entry["others"].append(rating)
    for entry in found.values():
        if entry["mine"] is None:
            entry["others"] = []  # no anchoring: others' ratings after one's own
    return found


def rated_answer_ids(*, answers) -> list[int]:
    """Which of `answers` at least one member has rated."""

    return list(Rating.objects.filter(answer__in=answers).values_list("answer_id", flat=True))


def oversight_figures(*, job: Job) -> dict:
    """How often reviewers overrode the AI, and how far their ratings were from it."""

    scores = Score.objects.for_organization(job.organization).filter(
        answer__invitation__job=job, status=ScoreStatus.ACTIVE, value__isnull=False
    )
    total = scores.count()
    overridden = scores.filter(overridden_value__isnull=False).count()
    ai_by_answer = dict(
        scores.values("answer_id").annotate(mean=Avg("value")).values_list("answer_id", "mean")
    )
    gaps = [
        abs((rating.value - 1) * 25 - ai_by_answer[rating.answer_id])
        for rating in Rating.objects.filter(answer_id__in=ai_by_answer)
    ]
    return {
        "scores": total,
        "overridden": overridden,
        "override_rate": round(100 * overridden / total) if total else None,
        "ratings": len(gaps),
        "mean_gap": round(sum(gaps) / len(gaps)) if gaps else None,
    }


def answer_get(*, organization: Organization, public_id: UUID) -> Answer:
    return tenant_get(Answer, organization=organization, public_id=public_id)


@dataclass(frozen=True)
class ReviewWaiting:
    job_public_id: UUID
    job_title: str
    candidates: int


def needs_review_by_job(*, organization: Organization) -> list[ReviewWaiting]:
    """Undecided candidates with an answer the AI could not score, per job: the work that
    waits for a person (corrupt or silent media, AI scoring stopped, low confidence)."""
    rows = (
        Invitation.objects.for_organization(organization)
        .filter(answers__status=AnswerStatus.NEEDS_REVIEW, decisions__isnull=True)
        .values("job__public_id", "job__title")
        .annotate(candidates=Count("pk", distinct=True))
        .order_by("-candidates", "job__title")
    )
    return [
        ReviewWaiting(row["job__public_id"], row["job__title"], row["candidates"]) for row in rows
    ]
