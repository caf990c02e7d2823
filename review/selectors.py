"""Reads for reviewers: a candidate's answers with transcripts, scores and evidence."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
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
    Question,
)
from palantrix.models import Organization
from palantrix.tenancy import tenant_get
from scoring import highlights, ranking, scorer
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

    pools = pool_sizes(invitation=invitation)
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
                # How many equivalent questions the slot held (the drawn one is shown).
                "pool": pools.get(answer.question.position, 1),
                "chosen": chosen_options(answer),
            }
        )
    return rows


def pool_sizes(*, invitation: Invitation) -> dict[int, int]:
    """Per slot of the candidate's question set: how many questions it draws from."""
    return dict(
        Question.objects.filter(question_set_id=invitation.question_set_id)
        .values("position")
        .annotate(n=Count("pk"))
        .values_list("position", "n")
    )


def chosen_options(answer: Answer) -> list[dict]:
    """A choice answer's ticked options, with whether each is acceptable (knock-out)."""
    return [
        {"text": option["text"], "acceptable": bool(option.get("acceptable"))}
        for option in answer.question.options
        if option["key"] in answer.choices
    ]


def knockout_flags(*, answers) -> list[dict]:
    """The candidate's knock-out mismatches, by question number, for a person to check."""
    return [
        {"number": number, "answer": answer}
        for number, answer in enumerate(answers, start=1)
        if answer.knockout_mismatch
    ]


def active_scores(answers) -> list[Score]:
    return [score for answer in answers for score in answer.active_scores]


def candidate_shown(*, invitation: Invitation, answers, viewer) -> tuple[ranking.Shown, frozenset]:
    """The candidate's overall as `viewer` sees it (None: a machine), and the answers whose
    scores stay hidden from them (blind first review); `answers` from `candidate_answers`."""
    hidden = ranking.hidden_answers(
        job=invitation.job, answer_ids=[a.pk for a in answers], viewer=viewer
    )
    found = ranking.standing(active_scores(answers))
    return ranking.shown_to(found, hidden=bool(hidden)), hidden


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
    "score": "ranking_value",
    "confidence": "ranking_confidence",
    "name": "name",
    "status": "status",
    "completed": "completed_at",
}


def shortlist(
    *,
    job: Job,
    reviewer=None,
    sort: str = "score",
    descending: bool = True,
    status: str = "",
    min_score: int | None = None,
    max_score: int | None = None,
    needs_review: bool = False,
    human_only: bool = False,
    decision: str = "",
    knockout: bool = False,
) -> QuerySet[Invitation]:
    """The job's candidates ranked by their stored ranking value (`scoring.ranking`: the
    AI's combination with reviewers' overrides applied), every one of them listed (no score
    sorts last). Each row carries `scores_hidden` (blind first review: such candidates sort
    last, in invitation order, and no score filter matches them). No aggregate over the
    job's scores: the page is cut by an index, whatever the number of candidates; the rows
    of the page get their figures from `shortlist_rows`."""
    hidden = ranking.overall_hidden_sql(job=job, viewer=reviewer)
    rows = (
        Invitation.objects.for_organization(job.organization)
        .filter(job=job)
        .exclude(status=InvitationStatus.REVOKED)
        .annotate(
            scores_hidden=hidden,
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
            # A knock-out answer that does not match: a flag for a person, nothing more.
            knockout_flag=Exists(
                Answer.objects.filter(invitation=OuterRef("pk"), knockout_mismatch=True)
            ),
        )
    )
    if status == LIVE_SCHEDULED:
        rows = rows.filter(live_scheduled=True)
    elif status:
        rows = rows.filter(status=status)
    if job.blind_first_review and (min_score is not None or max_score is not None):
        rows = rows.filter(scores_hidden=False)
    # Shown values are whole numbers, halves up: shown >= n is value >= n - 0.5.
    if min_score is not None:
        rows = rows.filter(ranking_value__gte=min_score - 0.5)
    if max_score is not None:
        rows = rows.filter(ranking_value__lt=max_score + 0.5)
    if needs_review:
        rows = rows.filter(needs_review=True)
    if knockout:
        rows = rows.filter(knockout_flag=True)
    if decision:
        rows = rows.filter(decision=decision if decision != "none" else None)
    if human_only:
        rows = rows.filter(human_review_only=True)
    field = SHORTLIST_SORTS.get(sort, "ranking_value")
    key: F | Case = F(field)
    if job.blind_first_review and field in ("ranking_value", "ranking_confidence"):
        key = Case(When(scores_hidden=True, then=Value(None)), default=F(field))
    if field in ("name", "status"):  # never empty: the order an index on them gives
        return rows.order_by(f"-{field}" if descending else field, "-id" if descending else "id")
    order = key.desc(nulls_last=True) if descending else key.asc(nulls_last=True)
    return rows.order_by(order, "id")


@dataclass(frozen=True)
class ShortlistRow:
    invitation: Invitation
    shown: ranking.Shown
    competencies: list[int | None]


def shortlist_rows(*, invitations, competency_keys: list[str]) -> list[ShortlistRow]:
    """The figures of one page of the shortlist: each candidate's stored standing as the
    viewer may see it, and the competency columns from the page's own scores (one query)."""
    invitations = list(invitations)
    per_invitation: dict[int, list] = {invitation.pk: [] for invitation in invitations}
    scores = (
        Score.objects.filter(
            answer__invitation_id__in=list(per_invitation), status=ScoreStatus.ACTIVE
        )
        .annotate(invitation_id=F("answer__invitation_id"))
        .only("competency_key", "weight", "value", "overridden_value", "confidence", "answer_id")
    )
    for score in scores:
        per_invitation[score.invitation_id].append(score)
    rows = []
    for invitation in invitations:
        hidden = bool(getattr(invitation, "scores_hidden", False))
        by_key = ranking.competency_standings(per_invitation[invitation.pk])
        rows.append(
            ShortlistRow(
                invitation=invitation,
                shown=ranking.shown_to(ranking.stored(invitation), hidden=hidden),
                competencies=[
                    None if hidden or key not in by_key else by_key[key].value_shown
                    for key in competency_keys
                ],
            )
        )
    return rows


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
