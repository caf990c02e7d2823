"""A two-hour recording with speech, uploaded as a candidate's browser does, ends with
people and a reason, not in "Transcribing" for ever (it once ran Whisper for 20 minutes
and stayed there)."""

import subprocess
import urllib.request
from pathlib import Path

import pytest

from interviews.models import Answer, AnswerStatus
from palantrix.models import AuditEvent
from scoring.models import Playback, Transcript
from tests import media
from tests.interviews.test_interview_api import answer_url, post, question
from tests.waiting import seconds, wait_until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.worker,
    pytest.mark.usefixtures("s3_bucket"),
]

HOURS = 2
LOOP_SECONDS = 10


def two_hours_of_speech(folder: Path) -> Path:
    """Speech looped for two hours at a low bit rate, written as MediaRecorder writes WebM
    (no duration, no index). Ten seconds are encoded once and copied 720 times, so making
    it costs seconds, not the hour of encoding."""
    voice = media.speech_wav(folder / "voice.wav")
    short = folder / "ten-seconds.webm"
    media.run(
        *("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(voice)),
        *("-af", f"apad=whole_dur={LOOP_SECONDS}", "-t", str(LOOP_SECONDS), "-ac", "1"),
        *("-c:a", "libopus", "-b:a", "8k", str(short)),
    )
    long = folder / "two-hours.webm"
    loops = HOURS * 3600 // LOOP_SECONDS
    media.run(
        *("ffmpeg", "-nostdin", "-v", "error", "-y", "-stream_loop", str(loops - 1)),
        *("-i", str(short), "-c", "copy", "-f", "webm", "-live", "1", str(long)),
    )
    return long


def put(url: str, data: bytes) -> str:
    """A part of several MiB: given the time a busy machine needs for it."""
    request = urllib.request.Request(url, data=data, method="PUT")
    with urllib.request.urlopen(request, timeout=seconds(120)) as response:
        return response.headers["ETag"].strip('"')


def demuxed_seconds(path: Path) -> float:
    """The length by reading every packet without decoding (the header states none)."""
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-i", str(path), "-c", "copy", "-f", "null", "-"],
        capture_output=True,
        text=True,
        timeout=seconds(120),
        check=True,
    )
    stamp = result.stderr.rsplit("time=", 1)[1].split()[0]
    hours, minutes, secs = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(secs)


def test_a_two_hour_recording_goes_to_people_with_a_reason_without_transcribing(
    celery_worker, consented, invitation, tmp_path
):
    # Given two hours of speech, for a question of 30 seconds.
    recording = two_hours_of_speech(tmp_path)
    assert demuxed_seconds(recording) >= HOURS * 3600 - 1
    data = recording.read_bytes()
    q = question(invitation, 1)
    assert q.answer_seconds == 30

    # When the candidate's browser uploads it in parts and completes the upload.
    status, started = post(
        consented,
        answer_url("candidate_upload", q),
        {"content_type": "audio/webm;codecs=opus", "size": len(data)},
    )
    assert status == 200, started
    size = started["part_size"]
    parts = []
    for number, start in enumerate(range(0, len(data), size), start=1):
        _, signed = post(consented, answer_url("candidate_parts", q), {"numbers": [number]})
        parts.append(
            {"number": number, "etag": put(signed["urls"][str(number)], data[start : start + size])}
        )
    status, body = post(
        consented,
        answer_url("candidate_complete", q),
        {"parts": parts, "duration": HOURS * 3600.0},
    )
    assert status == 200, body

    # Then the worker's media check refuses it by its decoded length: people take over,
    # with the reason, well within the check's time limit (no time limit was hit).
    answer = Answer.objects.get(invitation=invitation, question=q)

    def with_people():
        answer.refresh_from_db()
        return answer.status == AnswerStatus.NEEDS_REVIEW

    wait_until(with_people, timeout=300, what="the two-hour answer to go to human review")
    assert answer.review_reason.startswith(
        "The recording is longer than this question allows (60 seconds at most)"
    )
    events = AuditEvent.objects.filter(
        action="scoring.answer.needs_review", target_id=str(answer.public_id)
    )
    assert [event.data for event in events] == [{"reason": "too_long"}]
    celery_worker.wait_idle()
    assert not Transcript.objects.filter(answer=answer).exists()  # Whisper never ran
    assert not Playback.objects.filter(answer=answer).exists()  # nor a copy of two hours
