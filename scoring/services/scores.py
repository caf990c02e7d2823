"""Stages 3 and 4: redact who the candidate is, then score against the profile version."""

import logging
import math
import time
from typing import Any

from django.db import transaction
from django.utils import timezone

from interviews.levels import default_anchors
from interviews.models import (
    Answer,
    AnswerKind,
    AnswerStatus,
    Competency,
    Invitation,
    ProfileVersion,
)
from interviews.services.draws import interview_questions
from palantrix import events, metrics, redaction

from .. import ranking, scorer
from ..models import Evidence, Score, ScoreStatus, Transcript
from .processing import WORKER, _claim, answer_mark_needs_review
from .transcription import _scorable, _unscorable_speech

logger = logging.getLogger(__name__)


# --- 3 and 4. Redact and score -------------------------------------------------------------------


def competency_specs(version: ProfileVersion, keys: list[str]) -> list[scorer.CompetencySpec]:
    """The competencies a question targets, as the scorer reads them. A version saved
    before levels existed is judged against the suggested levels for each competency."""
    competencies = Competency.objects.filter(version=version).order_by("position")
    chosen = [c for c in competencies if str(c.key) in keys] or list(competencies)
    return [
        scorer.CompetencySpec(
            key=str(c.key),
            name=c.name,
            description=c.description,
            weight=c.weight,
            strong_examples=tuple(c.strong_examples),
            weak_examples=tuple(c.weak_examples),
            anchors=tuple(c.anchors) or default_anchors(c.name),
        )
        for c in chosen
    ]


def other_questions(answer: Answer) -> tuple[str, ...]:
    """The other questions of the candidate's interview, to tell an answer to another
    question from an answer to this one: the spoken and written ones (a choice question
    is no answer's topic), of a pool only the one drawn for the candidate."""
    return tuple(
        question.text
        for question in interview_questions(answer.invitation)
        if question.pk != answer.question_id and question.kind != AnswerKind.CHOICE
    )


def scoring_input(answer: Answer, transcript: Transcript) -> redaction.Redacted:
    """The only thing the scorer reads: the transcript with identity masked (and where
    each of its characters lies in the transcript reviewers read)."""
    return redaction.redact_mapped(transcript.text, names=[answer.invitation.name])


def answer_score(
    *,
    answer_id: int,
    task_id: str,
    profile_version_id: int | None = None,
    counts: bool = True,
) -> int:
    """Score the current transcript against the job's profile version; returns new scores."""
    if profile_version_id is None and not _claim(
        answer_id,
        expected=AnswerStatus.SCORING,
        working=AnswerStatus.SCORING,
        task_id=task_id,
        counts=counts,
    ):
        return 0
    answer = Answer.objects.select_related(
        "invitation__job__profile", "question", "organization"
    ).get(pk=answer_id)
    if _scorable(answer):  # withdrew meanwhile, or the profile was removed
        Answer.objects.filter(pk=answer.pk, status=AnswerStatus.SCORING).update(
            status=AnswerStatus.TRANSCRIBED, claimed_by=""
        )
        return 0
    profile = answer.invitation.job.profile
    assert profile is not None  # `_scorable` checked that the job has one
    version = (
        ProfileVersion.objects.get(pk=profile_version_id)
        if profile_version_id
        else ProfileVersion.objects.get(profile=profile, number=profile.current_version)
    )
    transcript = Transcript.objects.get(answer=answer, is_current=True)
    if answer.kind == AnswerKind.VIDEO:
        # The gates of transcription hold for every scoring, a re-score or a corrected
        # transcript included: people assess what the AI cannot use.
        problem = _unscorable_speech(transcript, expected_language=answer.invitation.job.language)
        if problem:
            _send_to_people(answer, code=problem[0], reason=problem[1])
            return 0
    specs = competency_specs(version, answer.question.competency_keys)
    confidence = None
    if transcript.avg_logprob is not None:
        confidence = math.exp(transcript.avg_logprob)
    others = other_questions(answer)
    masked = scoring_input(answer, transcript)
    started = time.monotonic()
    results = scorer.score_answer(
        text=masked.text,
        question=answer.question.text,
        competencies=specs,
        asr_confidence=confidence,
        other_questions=others,
        question_type=answer.question.question_type,
    )
    if transcript.duration:
        metrics.SCORER_RATIO.observe((time.monotonic() - started) / transcript.duration)
    saved = _save_scores(answer, transcript, version, results, masked=masked)
    if profile_version_id is None and answer.submitted_at:
        metrics.UPLOAD_TO_SCORED.observe((timezone.now() - answer.submitted_at).total_seconds())
    return saved


@transaction.atomic
def _send_to_people(answer: Answer, *, code: str, reason: str) -> None:
    """The answer goes to human review; its scores so far stay as history, no longer counted."""
    Score.objects.filter(answer=answer, status=ScoreStatus.ACTIVE).update(
        status=ScoreStatus.SUPERSEDED
    )
    ranking.refresh(invitation_ids=[answer.invitation_id])
    answer_mark_needs_review(answer_id=answer.pk, code=code, reason=reason)


def stamp() -> dict[str, Any]:
    """What every new score records of the scorer that made it."""
    fingerprint = {str(k): str(v) for k, v in scorer.model_fingerprint().items()}
    named = [f"{k} {v}" for k, v in fingerprint.items() if "sha256" not in k]
    return {
        "scorer": "; ".join([scorer.SCORER_VERSION, *named])[:200],
        "scorer_version": scorer.SCORER_VERSION,
        "method_version": scorer.METHOD_VERSION,
        "model_fingerprint": fingerprint,
    }


def _evidence_span(
    item: scorer.EvidenceItem, masked: redaction.Redacted | None
) -> tuple[int | None, int | None]:
    """The quote's place in the transcript reviewers read, when the scorer gave one."""
    if masked is None or item.start < 0 or item.end <= item.start:
        return None, None
    span = masked.original_span(item.start, item.end)
    return span if span else (None, None)


@transaction.atomic
def _save_scores(
    answer: Answer,
    transcript: Transcript,
    version: ProfileVersion,
    results: list[scorer.CompetencyResult],
    *,
    masked: redaction.Redacted | None = None,
) -> int:
    """Save the scorer's results as the answer's active scores (older ones stay, superseded);
    a result the scorer could not place confidently sends the answer to human review."""
    # The candidate may have withdrawn from AI assessment while the scorer ran: the
    # withdrawal locks this row too, so either it sees these scores or none are saved.
    if Invitation.objects.select_for_update().get(pk=answer.invitation_id).human_review_only:
        Answer.objects.filter(pk=answer.pk).update(
            status=AnswerStatus.TRANSCRIBED, claimed_by="", claimed_at=None
        )
        return 0
    # A reviewer may have corrected the transcript while the scorer read the old one (a
    # correction locks the answer too): these scores would be of words no longer there.
    # Nothing is saved and the current transcript is scored instead.
    Answer.objects.select_for_update().filter(pk=answer.pk).first()
    if not Transcript.objects.filter(pk=transcript.pk, is_current=True).exists():
        Answer.objects.filter(pk=answer.pk).update(
            status=AnswerStatus.SCORING, claimed_by="", claimed_at=None
        )
        events.later("scoring.score_answer", organization=answer.organization, answer_id=answer.pk)
        return 0

    stamped = stamp()
    created_scores = []
    for result in results:
        level = result.level if result.level in range(1, 6) else None
        score, created = Score.objects.get_or_create(
            answer=answer,
            competency_key=result.key,
            profile_version=version,
            transcript=transcript,
            scorer_version=stamped["scorer_version"],
            method_version=stamped["method_version"],
            defaults={
                "organization": answer.organization,
                "competency_name": result.name,
                "weight": result.weight,
                # Unsure: no number, a person assesses the answer.
                "value": None if result.needs_review else result.score,
                "confidence": result.confidence,
                "insufficient": result.insufficient,
                "reason": result.reason[:300],
                "level": level,
                "level_anchor": result.level_anchor if level else "",
                "needs_review": result.needs_review,
                "review_reason": result.review_reason[:300],
                "scorer": stamped["scorer"],
                "model_fingerprint": stamped["model_fingerprint"],
                "transcriber": f"{transcript.engine}; {transcript.model}",
                "transcript_sha256": transcript.sha256,
            },
        )
        if not created:
            continue
        created_scores.append(score)
        Evidence.objects.bulk_create(
            Evidence(
                organization=answer.organization,
                score=score,
                rank=rank,
                sentence=item.sentence,
                example=item.example,
                example_kind=item.example_kind,
                similarity=item.similarity,
                support=item.support,
                start=span[0],
                end=span[1],
                element=item.element[:20],
            )
            for rank, item in enumerate(result.evidence)
            for span in [_evidence_span(item, masked)]
        )
    if created_scores:
        # Older scores of the same answer stay as history, no longer counted.
        Score.objects.filter(answer=answer, status=ScoreStatus.ACTIVE).exclude(
            pk__in=[s.pk for s in created_scores]
        ).update(status=ScoreStatus.SUPERSEDED)
        ranking.refresh(invitation_ids=[answer.invitation_id])
        events.publish(
            events.Event(
                organization=answer.organization,
                actor=WORKER,
                action="scoring.answer.scored",
                target=answer,
                data={
                    "profile": str(version.profile.public_id),
                    "profile_version": version.number,
                    "transcript_sha256": transcript.sha256,
                    "scorer": scorer.SCORER_VERSION,
                    "method": stamped["method_version"],
                    "scores": {s.competency_name[:60]: s.value for s in created_scores},
                    "levels": {s.competency_name[:60]: s.level for s in created_scores},
                },
                payload={
                    "interview": str(answer.invitation.public_id),
                    "answer": str(answer.public_id),
                    "profile": str(version.profile.public_id),
                    "profile_version": version.number,
                    "scores": [
                        {
                            "competency": str(s.competency_key),
                            "value": s.value,
                            "confidence": s.confidence,
                            "level": s.level,
                        }
                        for s in created_scores
                    ],
                },
            )
        )
    unsure = [r for r in results if r.needs_review]
    if unsure:
        # The same path as too little speech: the answer waits for people, with the reason
        # (competency names and the scorer's reason; the audit event holds a code only).
        reason = "; ".join(
            f"{r.name}: {r.review_reason or 'the AI could not place this answer confidently'}"
            for r in unsure
        )
        answer_mark_needs_review(
            answer_id=answer.pk, code="scorer_unsure", reason=f"A person should assess it. {reason}"
        )
        return len(created_scores)
    Answer.objects.filter(pk=answer.pk).update(
        status=AnswerStatus.SCORED, claimed_by="", claimed_at=None, attempts=0
    )
    return len(created_scores)
