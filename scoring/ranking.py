"""What a candidate's scores add up to, and who may see it: defined here, once.

Every page and interface that shows a candidate's overall score asks this module: the
shortlist, the candidate page, the share page, the live interview brief, the API, the
candidate's own explanation and the bias audit. The terms:

- the AI's overall (`Standing.ai`): the weight-weighted mean of the AI's active scores of
  all the candidate's answers (superseded and withdrawn scores are history, not counted;
  a score without a number, as when the AI could not place the answer, is left out);
- the ranking value (`Standing.value`): the same with every reviewer's override in place
  of the AI's value (an override also counts where the AI gave no number). The shortlist
  ranks by it;
- confidence: the AI's own, weighted like its scores and scaled by the share of the
  scores that have a number;
- shown: a value is shown as a whole number, halves up (`scorer.shown`): 97.5 is 98
  everywhere.

The ranking value, the AI's overall, the confidence and whether an override counts are
stored on the invitation (`refresh`), in the transaction of each change that moves them,
so the shortlist sorts and filters a job of any size by an index. `refresh` is the only
writer of those fields.

Blind first review (`Job.blind_first_review`): an answer's AI scores stay hidden from a
member until they rated that answer themselves, and a candidate's overall (AI, ranking
value, confidence, competency columns) until they rated every answer; the shortlist sorts
such candidates last, in invitation order, so no order leaks the AI's view. A machine (an
API key) has no ratings of its own: for it, any member's rating counts.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Value

from interviews.models import Answer, AnswerKind, Invitation, Job
from palantrix.audit import Actor

from . import scorer
from .models import Rating, Score, ScoreStatus


class ScoreLike(Protocol):
    @property
    def weight(self) -> int: ...
    @property
    def value(self) -> int | None: ...
    @property
    def overridden_value(self) -> int | None: ...
    @property
    def confidence(self) -> float: ...


@dataclass(frozen=True)
class Row:
    """The parts of a score that count (also for rows read with `values_list`)."""

    weight: int
    value: int | None
    overridden_value: int | None
    confidence: float


@dataclass(frozen=True)
class Standing:
    ai: float | None = None
    value: float | None = None
    confidence: float | None = None
    overridden: bool = False

    @property
    def ai_shown(self) -> int | None:
        return shown(self.ai)

    @property
    def value_shown(self) -> int | None:
        return shown(self.value)


NOTHING = Standing()


def shown(value: float | None) -> int | None:
    return None if value is None else scorer.shown(value)


def _mean(pairs: list[tuple[int, float]]) -> float | None:
    total = sum(weight for weight, _ in pairs)
    return sum(weight * value for weight, value in pairs) / total if total else None


def applied(score: ScoreLike) -> int | None:
    """The value that counts: a reviewer's override over the AI's."""
    return score.overridden_value if score.overridden_value is not None else score.value


def standing(scores: Iterable[ScoreLike]) -> Standing:
    """The standing from a candidate's active scores (the caller passes only those)."""
    scores = list(scores)
    ai = [(s.weight, float(s.value)) for s in scores if s.value is not None]
    counted = [(s.weight, float(v)) for s in scores if (v := applied(s)) is not None]
    confidence = None
    if ai:
        weights = sum(s.weight for s in scores if s.value is not None)
        weighted = sum(s.weight * s.confidence for s in scores if s.value is not None)
        confidence = round(weighted / weights * len(ai) / len(scores), 2)
    return Standing(
        ai=_mean(ai),
        value=_mean(counted),
        confidence=confidence,
        overridden=any(s.overridden_value is not None for s in scores),
    )


@dataclass(frozen=True)
class CompetencyStanding:
    ai: float | None
    value: float | None

    @property
    def ai_shown(self) -> int | None:
        return shown(self.ai)

    @property
    def value_shown(self) -> int | None:
        return shown(self.value)


def competency_standings(scores: Iterable[Any]) -> dict[str, CompetencyStanding]:
    """Per competency key: the mean of the AI's values over the answers that scored it,
    and the mean with overrides applied (the shortlist's columns, the brief's figures).
    `scores` have `competency_key` besides the fields of `Row`."""
    grouped: dict[str, list[Any]] = defaultdict(list)
    for score in scores:
        grouped[str(score.competency_key)].append(score)
    found = {}
    for key, own in grouped.items():
        ai = [s.value for s in own if s.value is not None]
        counted = [v for s in own if (v := applied(s)) is not None]
        found[key] = CompetencyStanding(
            ai=sum(ai) / len(ai) if ai else None,
            value=sum(counted) / len(counted) if counted else None,
        )
    return found


# --- Stored on the invitation ---------------------------------------------------------------------


def computed(
    invitation_ids: Iterable[int] | None = None, *, job: Job | None = None
) -> dict[int, Standing]:
    """The standing of each invitation (of these, or of the job) from its active scores,
    read now: {invitation id: Standing}."""
    scores = Score.objects.filter(status=ScoreStatus.ACTIVE)
    if job is not None:
        ids = list(Invitation.objects.filter(job=job).values_list("pk", flat=True))
        scores = scores.filter(answer__invitation__job=job)
    else:
        ids = list(invitation_ids or ())
        scores = scores.filter(answer__invitation_id__in=ids)
    found: dict[int, list[Row]] = {pk: [] for pk in ids}
    rows = scores.values_list(
        "answer__invitation_id", "weight", "value", "overridden_value", "confidence"
    )
    for invitation_id, weight, value, overridden, confidence in rows.iterator(chunk_size=5000):
        found.setdefault(invitation_id, []).append(Row(weight, value, overridden, confidence))
    return {pk: standing(rows) for pk, rows in found.items()}


def _write(found: dict[int, Standing]) -> None:
    """One UPDATE per 2,000 invitations (FROM VALUES: no statement per row)."""
    table = Invitation._meta.db_table
    items = sorted(found.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), 2000):
            chunk = items[start : start + 2000]
            cursor.execute(
                f"UPDATE {table} AS i SET ranking_value = v.value, ranking_ai = v.ai, "
                "ranking_confidence = v.confidence, ranking_overridden = v.overridden "
                "FROM (VALUES "
                + ", ".join(
                    [
                        "(%s, %s::double precision, %s::double precision, "
                        "%s::double precision, %s::boolean)"
                    ]
                    * len(chunk)
                )
                + ") AS v(id, value, ai, confidence, overridden) WHERE i.id = v.id",
                [
                    part
                    for pk, s in chunk
                    for part in (pk, s.value, s.ai, s.confidence, s.overridden)
                ],
            )


def stored(invitation: Invitation) -> Standing:
    return Standing(
        ai=invitation.ranking_ai,
        value=invitation.ranking_value,
        confidence=invitation.ranking_confidence,
        overridden=invitation.ranking_overridden,
    )


def lock(*, invitation_ids: Iterable[int]) -> list[int]:
    """Lock the invitations whose standing is about to change (in id order)."""
    ids = sorted(set(invitation_ids))
    if ids:
        list(
            Invitation.objects.select_for_update(no_key=True)
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk")
        )
    return ids


def refresh(*, invitation_ids: Iterable[int]) -> None:
    """Store the standing of these invitations. Call it inside the transaction that
    changed their scores: it locks the invitations first (in id order), so two changes
    to one candidate's scores committing side by side store the later one's view,
    which includes the earlier one's scores."""
    with transaction.atomic():  # a savepoint inside the caller's transaction
        ids = lock(invitation_ids=invitation_ids)
        _write(computed(ids))


@transaction.atomic
def refresh_job(*, job: Job) -> None:
    """Store every candidate's standing of a job again (repair, and after bulk loads),
    with the job's candidates locked in id order, as `refresh` locks them."""
    ids = list(
        Invitation.objects.select_for_update(no_key=True)
        .filter(job=job)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if ids:
        _write(computed(job=job))


# --- Who sees it ------------------------------------------------------------------------------


def hidden_answers(*, job: Job, answer_ids: Iterable[int], viewer: Actor) -> frozenset[int]:
    """The answers whose AI scores `viewer` may not see yet (blind first review); viewer
    None is a machine, for which any member's rating counts."""
    answer_ids = set(answer_ids)
    if not job.blind_first_review or not answer_ids:
        return frozenset()
    # A choice answer is not rated (nothing of it is scored): it hides nothing.
    answer_ids -= set(
        Answer.objects.filter(pk__in=answer_ids, kind=AnswerKind.CHOICE).values_list(
            "pk", flat=True
        )
    )
    ratings = Rating.objects.filter(answer_id__in=answer_ids)
    if viewer is not None:
        ratings = ratings.filter(reviewer_id=getattr(viewer, "pk", None))
    return frozenset(answer_ids - set(ratings.values_list("answer_id", flat=True)))


def overall_hidden_sql(*, job: Job, viewer: Actor) -> Exists | Value:
    """For a query over invitations: whether the candidate's overall is hidden from
    `viewer` (an answer they have not rated yet), the rule of `hidden_answers`."""
    if not job.blind_first_review:
        return Value(False)
    ratings = Rating.objects.all()
    if viewer is not None:
        ratings = ratings.filter(reviewer_id=getattr(viewer, "pk", None))
    return Exists(
        Answer.objects.filter(invitation=OuterRef("pk"))
        .exclude(kind=AnswerKind.CHOICE)
        .exclude(pk__in=ratings.values("answer_id"))
    )


@dataclass(frozen=True)
class Shown:
    """A candidate's overall as one viewer sees it: whole numbers, or nothing if hidden."""

    hidden: bool
    ai: int | None
    value: int | None
    confidence: float | None
    overridden: bool

    @property
    def override_changed(self) -> bool:
        """An override counts and moved the shown value off the AI's."""
        return self.overridden and self.value != self.ai


def shown_to(found: Standing, *, hidden: bool) -> Shown:
    if hidden:
        return Shown(hidden=True, ai=None, value=None, confidence=None, overridden=False)
    return Shown(
        hidden=False,
        ai=found.ai_shown,
        value=found.value_shown,
        confidence=found.confidence,
        overridden=found.overridden,
    )
