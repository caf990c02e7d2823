"""Unusable recordings go to "needs human review" with a reason; good ones are measured."""

import pytest

from scoring import media
from tests import media as fixtures


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    return fixtures.speech_wav(tmp_path_factory.mktemp("speech") / "speech.wav")


def test_a_spoken_answer_passes_with_its_real_length(tmp_path, speech):
    source = fixtures.recording(tmp_path / "answer.webm", audio=speech, seconds=6)
    facts = media.inspect(source, tmp_path)
    assert 5.5 <= facts.duration_seconds <= 6.5
    assert facts.has_video
    assert facts.max_volume_db > -30
    assert facts.wav_path.exists()


@pytest.mark.parametrize(
    ("make", "code", "reason"),
    [
        (lambda p, s: fixtures.recording(p, silent=True), "silent", "silent"),
        (lambda p, s: fixtures.recording(p), "no_audio", "no sound track"),
        (
            lambda p, s: p.write_bytes(b"\x1aE\xdf\xa3 this is not a real recording" * 50) and p,
            "unreadable",
            "damaged",
        ),
        (lambda p, s: p.write_bytes(b"") or p, "unreadable", "damaged"),
        (lambda p, s: fixtures.recording(p, audio=s, seconds=0.4), "too_short", "shorter"),
    ],
    ids=["silent", "video-only", "corrupt", "empty", "too-short"],
)
def test_unusable_media_is_explained(tmp_path, speech, make, code, reason):
    source = tmp_path / "answer.webm"
    make(source, speech)
    with pytest.raises(media.MediaProblem) as problem:
        media.inspect(source, tmp_path)
    assert problem.value.code == code
    assert reason in str(problem.value)
