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


def hls_playlist(path, target: str):
    path.write_text(
        "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n" + target + "\n#EXT-X-ENDLIST\n"
    )
    return path


@pytest.mark.parametrize(
    "make",
    [
        lambda p, other: hls_playlist(p, f"file://{other}"),
        lambda p, other: hls_playlist(p, str(other)),
        lambda p, other: hls_playlist(p, "http://127.0.0.1:9/answer.ogg"),
        lambda p, other: p.write_text(f"ffconcat version 1.0\nfile {other.name}\n") and p,
    ],
    ids=["hls-file-url", "hls-path", "hls-http", "concat"],
)
def test_a_playlist_pointing_at_other_files_is_refused_for_human_review(tmp_path, speech, make):
    """Uploaded as a .webm, read by the worker: it must never make ffmpeg open anything else."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = fixtures.recording(elsewhere / "someone-else.ogg", audio=speech, video=False)
    source = make(tmp_path / "answer.webm", other)
    with pytest.raises(media.MediaProblem) as problem:
        media.inspect(source, tmp_path)
    assert problem.value.code == "unsupported_format"
    assert "accepted format" in str(problem.value)
    assert "person should review" in str(problem.value)


@pytest.mark.parametrize("suffix", ["webm", "mp4", "ogg"])
def test_every_accepted_container_is_still_read(tmp_path, speech, suffix):
    source = fixtures.recording(tmp_path / f"answer.{suffix}", audio=speech, video=False)
    assert media.inspect(source, tmp_path).duration_seconds > 1
