"""Stages 1 and 2: check the media, then transcribe (written answers are their own transcript)."""

import hashlib
import logging
import tempfile
import time
from pathlib import Path

from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone

from interviews.models import (
    Answer,
    AnswerKind,
    AnswerStatus,
)
from palantrix import audit, metrics

from .. import governance, media, scorer
from ..models import Transcript, TranscriptSegment
from ..transcription import Segment as HeardSegment
from ..transcription import Transcript as Heard
from ..transcription import unsure_language
from .processing import (
    MIN_AVG_LOGPROB,
    WORKER,
    _claim,
    _download,
    _too_many_attempts,
    answer_mark_needs_review,
)

logger = logging.getLogger(__name__)


# --- 1. Check the media -------------------------------------------------------------------------


def answer_check_media(*, answer_id: int, counts: bool = True) -> bool:
    """Inspect an uploaded recording; unusable media goes to human review. True: go on."""
    # A choice answer is never processed (it is never UPLOADED either): no transcript, no score.
    touched = (
        Answer.objects.filter(pk=answer_id, status=AnswerStatus.UPLOADED)
        .exclude(kind=AnswerKind.CHOICE)
        .update(claimed_at=timezone.now(), attempts=F("attempts") + int(counts))
    )
    if not touched or _too_many_attempts(answer_id):
        return False
    answer = Answer.objects.select_related("question").get(pk=answer_id)
    if answer.kind == AnswerKind.WRITTEN:
        return True
    with tempfile.TemporaryDirectory(prefix="palantrix-") as folder:
        facts = _inspected(answer, Path(folder))
    if facts is None:
        return False
    Answer.objects.filter(pk=answer.pk).update(duration_seconds=facts.duration_seconds)
    return True


def _inspected(answer: Answer, folder: Path) -> media.AudioFacts | None:
    """Download and check the recording; unusable media goes to human review (None)."""
    source = _download(answer, folder)
    if source is None:
        return None
    try:
        return media.inspect(source, folder, max_seconds=answer.allowed_seconds)
    except media.MediaProblem as problem:
        answer_mark_needs_review(answer_id=answer.pk, code=problem.code, reason=str(problem))
        return None


# --- 2. Transcribe ---------------------------------------------------------------------------


def _scorable(answer: Answer) -> str:
    """'' when the AI may score this answer, else why not (it is then only transcribed,
    and waits: a resumed switch or a recorded readiness queues it)."""
    if answer.invitation.human_review_only:
        return "human_review_only"
    if answer.invitation.job.profile_id is None:
        return "no_profile"
    return governance.scoring_block(organization=answer.organization, job=answer.invitation.job)


def answer_transcribe(*, answer_id: int, task_id: str, counts: bool = True) -> bool:
    """Transcribe (written answers are their own transcript). True when it should be scored."""
    from ..transcription import get_transcriber

    if not _claim(
        answer_id,
        expected=AnswerStatus.UPLOADED,
        working=AnswerStatus.TRANSCRIBING,
        task_id=task_id,
        counts=counts,
    ):
        return False
    answer = Answer.objects.select_related("invitation__job", "organization", "question").get(
        pk=answer_id
    )
    existing = Transcript.objects.filter(answer=answer, is_current=True).first()
    if existing is None:
        if answer.kind == AnswerKind.WRITTEN:
            result = None
        else:
            with tempfile.TemporaryDirectory(prefix="palantrix-") as folder:
                facts = _inspected(answer, Path(folder))
                if facts is None:
                    return False
                started = time.monotonic()
                result = get_transcriber().transcribe(
                    facts.wav_path, expected_language=answer.invitation.job.language
                )
                if result.duration:
                    seconds = time.monotonic() - started
                    metrics.TRANSCRIPTION_RATIO.observe(seconds / result.duration)
                    logger.info(
                        "answer=%s transcribed: %.1f s of audio in %.1f s",
                        answer.pk,
                        result.duration,
                        seconds,
                    )
        existing = _save_transcript_reconnecting(answer, result)
    if answer.kind == AnswerKind.VIDEO:
        problem = _unscorable_speech(existing, expected_language=answer.invitation.job.language)
        if problem:
            answer_mark_needs_review(answer_id=answer.pk, code=problem[0], reason=problem[1])
            return False
    blocked = _scorable(answer)
    next_status = AnswerStatus.SCORING if not blocked else AnswerStatus.TRANSCRIBED
    Answer.objects.filter(pk=answer.pk, status=AnswerStatus.TRANSCRIBING).update(
        status=next_status, claimed_by="", claimed_at=None, attempts=0
    )
    if blocked:
        logger.info("answer=%s transcribed, not scored: %s", answer.pk, blocked)
    return not blocked


def _unscorable_speech(transcript: Transcript, *, expected_language: str) -> tuple[str, str] | None:
    """Why people, not the AI, should assess this recording (None: it can be scored).

    Speech first, language second: on noise Whisper still names a language (pink noise
    came out as "nn", Norwegian Nynorsk, at 0.44 probability with no words), and calling
    that "another language" sends the reviewer looking for a candidate who spoke one."""
    words = len(scorer.words(transcript.text))
    if words == 0:
        return (
            "no_speech",
            "No speech was recognised, only noise or sounds: a person should listen to it.",
        )
    language, certainty = transcript.language, transcript.language_probability
    if language and expected_language and language != expected_language:
        if unsure_language(language, certainty, expected_language):
            return (
                "unclear_speech",
                "Speech recognition could not tell whether this is speech or in which "
                "language (it may be noise): a person should listen to it.",
            )
        return (
            "other_language",
            f"The answer seems to be in another language ({language}) than the "
            f"job's ({expected_language}): a person should review it.",
        )
    if words < scorer.MIN_WORDS:
        return "too_little_speech", f"Too little speech to score ({words} words)."
    if transcript.avg_logprob is not None and transcript.avg_logprob < MIN_AVG_LOGPROB:
        return "low_asr_confidence", "Speech recognition is unsure of this recording: listen to it."
    return None


# Whisper's minutes must not be lost to a database connection that died meanwhile (a
# restart, an idle timeout): the save reconnects and tries again before giving up.
SAVE_TRIES = 5


def _save_transcript_reconnecting(answer: Answer, result: Heard | None) -> Transcript:
    for attempt in range(SAVE_TRIES):
        if connection.connection is not None and not connection.is_usable():
            connection.close()  # the next query opens a fresh one
        try:
            return _save_transcript(answer, result)
        except (OperationalError, InterfaceError):
            if attempt == SAVE_TRIES - 1:
                raise  # a transient fault: the task retries (the transcription is lost)
            logger.warning("answer=%s: database away, saving the transcript again", answer.pk)
            connection.close()
            time.sleep(2**attempt)
    raise AssertionError("unreachable")


@transaction.atomic
def _save_transcript(answer: Answer, result: Heard | None) -> Transcript:
    if result is None:  # a written answer
        text, engine, model, language = answer.text, "written", "candidate's own text", ""
        fields: dict[str, float | None] = {
            "language_probability": None,
            "avg_logprob": None,
            "duration": None,
        }
        segments: list[HeardSegment] = []
    else:
        text, engine, model, language = result.text, result.engine, result.model, result.language
        fields = {
            "language_probability": result.language_probability,
            "avg_logprob": result.avg_logprob,
            "duration": result.duration,
        }
        segments = list(result.segments)
    digest = hashlib.sha256(text.encode()).hexdigest()
    transcript, created = Transcript.objects.get_or_create(
        answer=answer,
        version=1,
        defaults={
            "organization": answer.organization,
            "engine": engine,
            "model": model,
            "language": language,
            "text": text,
            "sha256": digest,
            **fields,
        },
    )
    if created:
        TranscriptSegment.objects.bulk_create(
            TranscriptSegment(
                organization=answer.organization,
                transcript=transcript,
                index=index,
                start=segment.start,
                end=segment.end,
                text=segment.text,
            )
            for index, segment in enumerate(segments)
        )
        audit.record(
            organization=answer.organization,
            actor=WORKER,
            action="scoring.transcript.created",
            target=transcript,
            data={
                "answer": str(answer.public_id),
                "engine": engine,
                "model": model,
                "sha256": digest,
                "words": len(scorer.words(text)),
            },
        )
    return transcript
