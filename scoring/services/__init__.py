"""Processing submitted answers in the workers: check the media, transcribe, score.

Each stage is its own Celery task taking ids, and claims its work with a conditional
UPDATE: a task redelivered after a crash (same task id) may go on, a duplicate (another
id) may not while the claim is fresh. Rows are written with get-or-create on their
natural keys inside one transaction per stage, so running any stage again writes nothing
twice, audit events included.

    processing     claims, retries, the sweep of stuck answers, hand-overs to people
    transcription  1. check the media, 2. transcribe
    scores         3. redact, 4. score and store the scores with their evidence
    rescoring      a job's answers again after a new profile version
    playback       a seekable copy, a rendition and a poster of the recording, for people
"""

from scoring import scorer

from .playback import answer_make_playback
from .processing import (
    PROCESSING_STATUSES,
    WORKER,
    answer_failed,
    answer_mark_needs_review,
    answer_retry_later,
    answers_requeue_stuck,
)
from .rescoring import job_rescore, rescore_run_process
from .scores import _save_scores, answer_score, competency_specs, scoring_input, stamp
from .transcription import _unscorable_speech, answer_check_media, answer_transcribe

__all__ = [
    "PROCESSING_STATUSES",
    "WORKER",
    "_save_scores",
    "_unscorable_speech",
    "answer_check_media",
    "answer_failed",
    "answer_make_playback",
    "answer_mark_needs_review",
    "answer_retry_later",
    "answer_score",
    "answer_transcribe",
    "answers_requeue_stuck",
    "competency_specs",
    "job_rescore",
    "rescore_run_process",
    "scorer",  # tests replace scorer.score_answer through it
    "scoring_input",
    "stamp",
]
