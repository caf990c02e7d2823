"""Rectification (GDPR Art. 16): a reviewer corrects a transcript, e.g. a misheard word.

The correction is a new version of the transcript; the earlier version stays, no longer
current, and so do the scores made from it (marked superseded once the new ones exist).
The answer is then scored again in the worker, unless the AI may not score it."""

import hashlib

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from interviews.models import Answer, AnswerStatus
from palantrix import audit, events
from palantrix.errors import DomainError
from palantrix.models import user_or_none
from scoring.models import Transcript, TranscriptSegment

MAX_TRANSCRIPT_CHARS = 20000
# Answers in these states are re-scored after a correction; one waiting for people
# (needs review) stays with them, and one still in the pipeline is scored there (a scorer
# that read the old words saves nothing and scores the new ones: services._save_scores).
RESCORE_FROM = (AnswerStatus.SCORED, AnswerStatus.TRANSCRIBED)


@transaction.atomic
def transcript_correct(*, answer: Answer, actor, lines: list[str], reason: str) -> Transcript:
    """Save `lines` as the answer's new current transcript. When there are as many lines
    as the current version has timed segments, each line keeps its segment's timing;
    otherwise the new version has one untimed text."""
    reason = audit.reason_check(reason, limit=300)
    if not reason:
        raise DomainError("Say what the correction fixes (for example: a misheard word).")
    lines = [line.strip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    text = " ".join(line for line in lines if line)
    if not text:
        raise DomainError("The corrected transcript is empty: nothing was saved.")
    if len(text) > MAX_TRANSCRIPT_CHARS:
        raise DomainError("The transcript is too long.")
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    current = Transcript.objects.filter(answer=answer, is_current=True).first()
    if current is None:
        raise DomainError("This answer has no transcript yet.")
    if text.split() == current.text.split():
        raise DomainError("Nothing changed: the transcript is the same.")
    segments = list(TranscriptSegment.objects.filter(transcript=current).order_by("index"))
    number = (Transcript.objects.filter(answer=answer).aggregate(n=Max("version"))["n"] or 0) + 1
    Transcript.objects.filter(pk=current.pk).update(is_current=False, updated_at=timezone.now())
    digest = hashlib.sha256(text.encode()).hexdigest()
    corrected = Transcript.objects.create(
        organization=answer.organization,
        answer=answer,
        version=number,
        is_current=True,
        engine="reviewer correction",
        model=f"corrects version {current.version} ({current.engine}; {current.model})"[:200],
        language=current.language,
        language_probability=current.language_probability,
        avg_logprob=None,  # a person checked it: no recognition uncertainty left
        duration=current.duration,
        text=text,
        sha256=digest,
        corrected_by=user_or_none(actor),
    )
    if segments and len(segments) == len(lines):
        TranscriptSegment.objects.bulk_create(
            TranscriptSegment(
                organization=answer.organization,
                transcript=corrected,
                index=segment.index,
                start=segment.start,
                end=segment.end,
                text=line,
            )
            for segment, line in zip(segments, lines, strict=True)
        )
    rescore = answer.status in RESCORE_FROM
    audit.record(
        organization=answer.organization,
        actor=actor,
        action="scoring.transcript.corrected",
        target=corrected,
        data={
            "answer": str(answer.public_id),
            "from_version": current.version,
            "to_version": number,
            "from_sha256": current.sha256,
            "to_sha256": digest,
            "reason": reason,
            "rescored": rescore,
        },
    )
    if rescore:
        Answer.objects.filter(pk=answer.pk).update(
            status=AnswerStatus.SCORING, claimed_by="", claimed_at=None
        )
        events.later("scoring.score_answer", organization=answer.organization, answer_id=answer.pk)
    return corrected
