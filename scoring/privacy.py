"""What the scoring app does with a candidate's data when compliance asks (palantrix.privacy):
transcripts with their timed segments, and the AI's advisory scores with their evidence.

Every row here hangs off an answer and goes with it when interviews deletes the answers
(the foreign keys cascade; tests/compliance/test_privacy.py checks that they do)."""

from typing import Any

from django.db.models import Prefetch

from interviews.models import Invitation
from palantrix.privacy import CandidateCopy, when

from .models import Evidence, Score, Transcript, TranscriptSegment

CANDIDATE_DATA = {
    "scoring.Transcript": "deleted with its answer",
    "scoring.TranscriptSegment": "deleted with its transcript",
    "scoring.Score": "deleted with its answer",
    "scoring.Evidence": "deleted with its score",
    # The playable copies and poster lie under the candidate's prefix, purged with it.
    "scoring.Playback": "deleted with its answer",
}


def candidate_export(*, invitation: Invitation, copy: CandidateCopy) -> None:
    """Adds `transcripts` and `scores` to each answer of the copy, in a fixed number of
    queries however many there are; files each score for the apps that add to it."""
    organization = invitation.organization
    answers = copy.parts("interviews.answer")
    transcripts: dict[Any, list[dict[str, Any]]] = {pk: [] for pk in answers}
    scores: dict[Any, list[dict[str, Any]]] = {pk: [] for pk in answers}
    for transcript in (
        Transcript.objects.for_organization(organization)
        .filter(answer__invitation=invitation)
        .order_by("version")
        .prefetch_related(
            Prefetch(
                "segments",
                queryset=TranscriptSegment.objects.for_organization(organization).order_by("index"),
            )
        )
    ):
        copy.audit_targets.add(str(transcript.public_id))
        transcripts.setdefault(transcript.answer_id, []).append(
            {
                "version": transcript.version,
                "current": transcript.is_current,
                "engine": transcript.engine,
                "model": transcript.model,
                "language": transcript.language,
                "corrected_by_a_reviewer": transcript.corrected_by_id is not None,
                "created_at": when(transcript.created_at),
                "sha256": transcript.sha256,
                "text": transcript.text,
                "segments": [
                    {"start": s.start, "end": s.end, "text": s.text}
                    for s in transcript.segments.all()
                ],
            }
        )
    for score in (
        Score.objects.for_organization(organization)
        .filter(answer__invitation=invitation)
        .select_related("profile_version")
        .order_by("created_at", "competency_name")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.for_organization(organization).order_by("rank"),
            )
        )
    ):
        copy.audit_targets.add(str(score.public_id))
        item = {
            "competency": score.competency_name,
            "weight": score.weight,
            "value": score.value,
            "confidence": score.confidence,
            "insufficient_evidence": score.insufficient,
            "reason": score.reason,
            "level": score.level,
            "level_description": score.level_anchor,
            "needs_human_review": score.needs_review,
            "review_reason": score.review_reason,
            "status": score.status,
            "overridden_value": score.overridden_value,
            "profile_version": score.profile_version.number,
            "scorer": score.scorer,
            "scorer_version": score.scorer_version,
            "method_version": score.method_version,
            "model_fingerprint": score.model_fingerprint,
            "transcriber": score.transcriber,
            "transcript_sha256": score.transcript_sha256,
            "created_at": when(score.created_at),
            "evidence": [
                {
                    "sentence": e.sentence,
                    "closest_example": e.example,
                    "example_kind": e.example_kind,
                    "similarity": e.similarity,
                    "shows": e.element,
                    "transcript_start": e.start,
                    "transcript_end": e.end,
                }
                for e in score.evidence.all()
            ],
        }
        scores.setdefault(score.answer_id, []).append(copy.part("scoring.score", score.pk, item))
    for pk, answer in answers.items():
        answer["transcripts"] = transcripts[pk]
        answer["scores"] = scores[pk]
