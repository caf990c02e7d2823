"""Processing submitted answers in the workers: check the media, transcribe, score.

Each stage is its own Celery task taking ids, and claims its work with a conditional
UPDATE: a task redelivered after a crash (same task id) may go on, a duplicate (another
id) may not while the claim is fresh. Rows are written with get-or-create on their
natural keys inside one transaction per stage, so running any stage again writes nothing
twice, audit events included.
"""

import hashlib
import logging
import math
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

from botocore.exceptions import ClientError
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
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
from palantrix import audit, events, redaction
from palantrix.errors import DomainError
from palantrix.models import user_or_none
from palantrix.storage import s3_client

from . import governance, media, scorer
from .models import Evidence, RescoreRun, Score, ScoreStatus, Transcript, TranscriptSegment

logger = logging.getLogger(__name__)
WORKER = audit.SystemActor("scoring.worker")
# Below this mean log-probability Whisper is guessing: people should listen instead.
MIN_AVG_LOGPROB = -1.0
# Whisper's certainty of the language it detected. Spoken German (espeak-ng) gave 0.97,
# pink noise 0.41-0.49: below this, "another language" is more likely "not speech".
MIN_LANGUAGE_PROBABILITY = 0.6


# Where an answer waits for a worker; anything else is done with, or waits for people.
PROCESSING_STATUSES = (AnswerStatus.UPLOADED, AnswerStatus.TRANSCRIBING, AnswerStatus.SCORING)


@transaction.atomic
def answer_mark_needs_review(
    *, answer_id: int, code: str, reason: str, only_from: tuple[str, ...] | None = None
) -> bool:
    """Send the answer to people: never a low score for a recording the AI cannot use.
    With `only_from`, only an answer in one of those statuses moves."""
    answers = Answer.objects.filter(pk=answer_id).exclude(status=AnswerStatus.NEEDS_REVIEW)
    if only_from is not None:
        answers = answers.filter(status__in=only_from)
    updated = answers.update(
        status=AnswerStatus.NEEDS_REVIEW, review_reason=reason[:300], claimed_by=""
    )
    if updated:
        answer = Answer.objects.select_related("organization").get(pk=answer_id)
        events.publish(
            events.Event(
                organization=answer.organization,
                actor=WORKER,
                action="scoring.answer.needs_review",
                target=answer,
                data={"reason": code},
                payload={
                    "interview": str(answer.invitation.public_id),
                    "answer": str(answer.public_id),
                    "reason": code,
                },
            )
        )
    return bool(updated)


def answer_failed(*, answer_id: int, error: BaseException) -> bool:
    """A processing task failed for good (a time limit included): people take over, with
    the reason. An answer no longer being processed (scored, say) stays as it is."""
    if isinstance(error, SoftTimeLimitExceeded | TimeLimitExceeded):
        code = "time_limit"
        reason = "Processing took longer than its time limit: a person should review it."
    else:
        code = "processing_failed"
        reason = f"Processing failed ({type(error).__name__}): a person should review it."
    logger.warning("answer=%s failed for good: %r", answer_id, error)
    return answer_mark_needs_review(
        answer_id=answer_id, code=code, reason=reason, only_from=PROCESSING_STATUSES
    )


def _too_many_attempts(answer_id: int) -> bool:
    """Past `ANSWER_MAX_ATTEMPTS` deliveries the answer goes to people (True)."""
    attempts = Answer.objects.filter(pk=answer_id).values_list("attempts", flat=True).first()
    if attempts is None or attempts <= settings.ANSWER_MAX_ATTEMPTS:
        return False
    return answer_mark_needs_review(
        answer_id=answer_id,
        code="too_many_attempts",
        reason=(
            f"Processing stopped without finishing {attempts - 1} times (the worker was "
            "stopped each time): a person should review it."
        ),
        only_from=PROCESSING_STATUSES,
    )


def _claim(
    answer_id: int, *, expected: str, working: str, task_id: str, counts: bool = True
) -> bool:
    """Move expected → working for this task; a redelivery of the same task may resume,
    and a claim older than the lease (a worker that died) may be taken over. `counts`:
    this is a delivery (not a retry after a transient fault), counted against the cap."""
    lease = timezone.now() - timedelta(seconds=settings.PROCESSING_LEASE_SECONDS)
    claimed = bool(
        Answer.objects.filter(pk=answer_id)
        .filter(
            Q(status=expected)
            | Q(status=working, claimed_by=task_id)
            | Q(status=working, claimed_at__lt=lease)
        )
        .update(
            status=working,
            claimed_by=task_id,
            claimed_at=timezone.now(),
            attempts=F("attempts") + int(counts),
        )
    )
    return claimed and not _too_many_attempts(answer_id)


def answers_requeue_stuck() -> int:
    """Queue again every answer whose processing task is gone: waiting in uploaded,
    transcribing or scoring with a claim older than `ANSWER_STUCK_SECONDS` (a broker
    restart, a lost message, retries exhausted on a transient fault). Each is claimed by a
    conditional UPDATE naming the new task, so concurrent or repeated sweeps queue it once
    and any older delivery of it that turns up later finds the claim taken."""
    cutoff = timezone.now() - timedelta(seconds=settings.ANSWER_STUCK_SECONDS)
    stuck = (
        Answer.objects.filter(status__in=PROCESSING_STATUSES)
        .filter(Q(claimed_at__lt=cutoff) | Q(claimed_at__isnull=True, submitted_at__lt=cutoff))
        .order_by("claimed_at", "submitted_at")
        .values_list("pk", "status", "claimed_at")[:500]
    )
    queued = 0
    for answer_id, status, claimed_at in stuck:
        queued += _requeue(answer_id, status=status, claimed_at=claimed_at)
    return queued


@transaction.atomic
def _requeue(answer_id: int, *, status: str, claimed_at) -> bool:
    from .tasks import process_answer_task, score_answer_task, transcribe_answer_task

    task_id = str(uuid.uuid4())
    if not Answer.objects.filter(pk=answer_id, status=status, claimed_at=claimed_at).update(
        claimed_by=task_id, claimed_at=timezone.now()
    ):
        return False  # another sweep took it, or a worker did
    answer = Answer.objects.select_related("organization").get(pk=answer_id)
    audit.record(
        organization=answer.organization,
        actor=WORKER,
        action="scoring.answer.requeued",
        target=answer,
        data={"status": status, "attempts": answer.attempts},
    )
    task = {
        AnswerStatus.UPLOADED: process_answer_task,
        AnswerStatus.TRANSCRIBING: transcribe_answer_task,
        AnswerStatus.SCORING: score_answer_task,
    }[status]
    transaction.on_commit(
        lambda: task.apply_async(kwargs={"answer_id": answer_id}, task_id=task_id)
    )
    logger.info("answer=%s was stuck in %s: queued again as %s", answer_id, status, task_id)
    return True


def _download(answer: Answer, folder: Path) -> Path | None:
    source = folder / Path(answer.object_key).name
    try:
        s3_client().download_file(settings.S3_BUCKET, answer.object_key, str(source))
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in {"404", "NoSuchKey"}:
            raise  # storage unavailable: the task retries
        answer_mark_needs_review(
            answer_id=answer.pk, code="missing", reason="The recording is missing from storage."
        )
        return None
    return source


# --- 1. Check the media -------------------------------------------------------------------------


def answer_check_media(*, answer_id: int, counts: bool = True) -> bool:
    """Inspect an uploaded recording; unusable media goes to human review. True: go on."""
    touched = Answer.objects.filter(pk=answer_id, status=AnswerStatus.UPLOADED).update(
        claimed_at=timezone.now(), attempts=F("attempts") + int(counts)
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
    from .transcription import get_transcriber

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
                result = get_transcriber().transcribe(facts.wav_path)
        existing = _save_transcript(answer, result)
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


def _unscorable_speech(transcript, *, expected_language: str) -> tuple[str, str] | None:
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
        if certainty is not None and certainty < MIN_LANGUAGE_PROBABILITY:
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


@transaction.atomic
def _save_transcript(answer: Answer, result) -> Transcript:
    if result is None:  # a written answer
        text, engine, model, language = answer.text, "written", "candidate's own text", ""
        fields = {"language_probability": None, "avg_logprob": None, "duration": None}
        segments = []
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
    others = tuple(
        answer.question.question_set.questions.exclude(pk=answer.question_id).values_list(
            "text", flat=True
        )
    )
    masked = scoring_input(answer, transcript)
    results = scorer.score_answer(
        text=masked.text,
        question=answer.question.text,
        competencies=specs,
        asr_confidence=confidence,
        other_questions=others,
        question_type=answer.question.question_type,
    )
    return _save_scores(answer, transcript, version, results, masked=masked)


@transaction.atomic
def _send_to_people(answer: Answer, *, code: str, reason: str) -> None:
    """The answer goes to human review; its scores so far stay as history, no longer counted."""
    Score.objects.filter(answer=answer, status=ScoreStatus.ACTIVE).update(
        status=ScoreStatus.SUPERSEDED
    )
    answer_mark_needs_review(answer_id=answer.pk, code=code, reason=reason)


def stamp() -> dict:
    """What every new score records of the scorer that made it."""
    fingerprint = {str(k): str(v) for k, v in scorer.model_fingerprint().items()}
    named = [f"{k} {v}" for k, v in fingerprint.items() if "sha256" not in k]
    return {
        "scorer": "; ".join([scorer.SCORER_VERSION, *named])[:200],
        "scorer_version": scorer.SCORER_VERSION,
        "method_version": scorer.METHOD_VERSION,
        "model_fingerprint": fingerprint,
    }


def _evidence_span(item, masked: redaction.Redacted | None) -> tuple[int | None, int | None]:
    """The quote's place in the transcript reviewers read, when the scorer gave one."""
    if masked is None or item.start < 0 or item.end <= item.start:
        return None, None
    span = masked.original_span(item.start, item.end)
    return span if span else (None, None)


@transaction.atomic
def _save_scores(answer, transcript, version, results, *, masked=None) -> int:
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
        from .tasks import score_answer_task

        transaction.on_commit(lambda: score_answer_task.delay(answer_id=answer.pk))
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


# --- Re-scoring after a new profile version --------------------------------------------------


def _rescorable(job):
    return Answer.objects.filter(
        invitation__job=job,
        invitation__human_review_only=False,
        status=AnswerStatus.SCORED,
        transcripts__is_current=True,
    ).distinct()


@transaction.atomic
def job_rescore(*, job, actor) -> RescoreRun:
    """Queue re-scoring of the job's scored answers against the profile's current version.
    Old scores stay, marked superseded; a second request while one runs returns it."""
    if job.profile is None:
        raise DomainError("This job has no Team DNA Profile to score against.")
    blocked = governance.scoring_block(organization=job.organization, job=job)
    if blocked:
        raise DomainError(blocked)
    version = ProfileVersion.objects.get(profile=job.profile, number=job.profile.current_version)
    running = RescoreRun.objects.filter(
        job=job, status__in=[RescoreRun.Status.QUEUED, RescoreRun.Status.RUNNING]
    ).first()
    if running:
        return running
    run = RescoreRun.objects.create(
        organization=job.organization,
        job=job,
        profile_version=version,
        scorer_version=scorer.SCORER_VERSION,
        requested_by=user_or_none(actor),
        total=_rescorable(job).count(),
    )
    audit.record(
        organization=job.organization,
        actor=actor,
        action="scoring.rescore.requested",
        target=run,
        data={
            "job": str(job.public_id),
            "profile_version": version.number,
            "scorer": run.scorer_version,
            "answers": run.total,
        },
    )
    from .tasks import rescore_job_task

    transaction.on_commit(lambda: rescore_job_task.delay(run_id=run.pk))
    return run


def rescore_run_process(*, run_id: int, task_id: str) -> None:
    """Score each answer against the run's version; safe to repeat (scores are unique per
    answer, competency, profile version and transcript)."""
    run = RescoreRun.objects.select_related("job", "profile_version").get(pk=run_id)
    if run.status == RescoreRun.Status.DONE:
        return
    RescoreRun.objects.filter(pk=run.pk).update(status=RescoreRun.Status.RUNNING)
    done = 0
    for answer in _rescorable(run.job).order_by("pk"):
        answer_score(
            answer_id=answer.pk, task_id=task_id, profile_version_id=run.profile_version_id
        )
        done += 1
        RescoreRun.objects.filter(pk=run.pk).update(done=done)
    RescoreRun.objects.filter(pk=run.pk).update(
        status=RescoreRun.Status.DONE, done=done, total=max(done, run.total)
    )
