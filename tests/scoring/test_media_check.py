"""Unusable recordings go to "needs human review" with a reason; good ones are measured."""

import subprocess

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


def streamed_recording(path, *, audio=None, seconds: float):
    """A WebM written to a pipe, as MediaRecorder writes it: no duration in its header."""
    args = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
    if audio is None:
        args += ["-f", "lavfi", "-i", f"anullsrc=r=16000:cl=mono:d={seconds}"]
    else:
        args += ["-stream_loop", "-1", "-i", str(audio)]
    args += ["-t", str(seconds), "-c:a", "libopus", "-b:a", "16k"]
    args += ["-f", "webm", "-live", "1", "pipe:1"]
    path.write_bytes(subprocess.run(args, check=True, capture_output=True, timeout=300).stdout)
    return path


def test_a_recording_longer_than_allowed_is_refused_by_its_stated_length(tmp_path, speech):
    source = fixtures.recording(tmp_path / "long.webm", audio=speech, seconds=12)

    with pytest.raises(media.MediaProblem) as problem:
        media.inspect(source, tmp_path, max_seconds=8)

    assert problem.value.code == "too_long"
    assert "longer than this question allows (8 seconds at most)" in str(problem.value)


def test_a_long_recording_without_a_stated_length_is_refused_after_decoding_only_the_limit(
    tmp_path, speech
):
    source = streamed_recording(tmp_path / "long.webm", audio=speech, seconds=40)
    assert media._stated_seconds(media.probe(source)) is None  # like MediaRecorder's WebM

    with pytest.raises(media.MediaProblem) as problem:
        media.inspect(source, tmp_path, max_seconds=20)

    assert problem.value.code == "too_long"
    assert (tmp_path / "audio.wav").stat().st_size < 22 * 16_000 * 2  # 21 s decoded, not 40


def test_a_long_silence_costs_only_the_allowed_length_to_check(tmp_path):
    """Ten minutes of silence without a stated length, four times what the question allows:
    the check decodes only up to the limit (what it wrote shows it, whatever the clock says)."""
    source = streamed_recording(tmp_path / "long.webm", seconds=10 * 60)
    assert media._stated_seconds(media.probe(source)) is None

    with pytest.raises(media.MediaProblem) as problem:
        media.inspect(source, tmp_path, max_seconds=150)

    assert problem.value.code == "too_long"
    assert (tmp_path / "audio.wav").stat().st_size < 152 * 16_000 * 2


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
