"""Checking a recording and extracting its speech track (plain Python around ffmpeg).

Knows nothing of the ORM: `inspect(path)` raises `MediaProblem` with a plain reason a
reviewer can read, or returns the facts about the audio it extracted.
"""

import json
import re
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

SAMPLE_RATE = 16_000
SILENCE_DB = -50.0  # loudest moment quieter than this: nothing was said
MIN_SECONDS = 1.0


class MediaProblem(Exception):
    """The recording cannot be used; the message says why, for the reviewer."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class AudioFacts:
    wav_path: Path
    duration_seconds: float
    max_volume_db: float
    has_video: bool


def _run(args: list[str], timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)


def streams(path: Path) -> list[dict]:
    result = _run(["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(path)])
    if result.returncode != 0:
        raise MediaProblem("unreadable", "The file could not be read: it is damaged or not media.")
    return json.loads(result.stdout or "{}").get("streams", [])


def extract_audio(source: Path, target: Path) -> None:
    """16 kHz mono 16-bit WAV: what Whisper wants, and decodable to count real length."""
    result = _run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            str(source),
            "-vn",
            "-ac",
            "1",
            "-ar",
            str(SAMPLE_RATE),
            "-sample_fmt",
            "s16",
            "-f",
            "wav",
            str(target),
        ]
    )
    if result.returncode != 0 or not target.exists():
        raise MediaProblem("unreadable", "The sound could not be decoded: the file is damaged.")


def max_volume(wav: Path) -> float:
    result = _run(["ffmpeg", "-nostdin", "-i", str(wav), "-af", "volumedetect", "-f", "null", "-"])
    found = re.search(r"max_volume:\s*(-?[\d.]+|-inf) dB", result.stderr)
    if not found or found.group(1) == "-inf":
        return float("-inf")
    return float(found.group(1))


def inspect(source: Path, workdir: Path) -> AudioFacts:
    found = streams(source)
    if not found:
        raise MediaProblem("empty", "The recording is empty.")
    if not any(s.get("codec_type") == "audio" for s in found):
        raise MediaProblem("no_audio", "The recording has no sound track.")
    wav = workdir / "audio.wav"
    extract_audio(source, wav)
    with wave.open(str(wav)) as audio:
        duration = audio.getnframes() / audio.getframerate()
    if duration < MIN_SECONDS:
        raise MediaProblem("too_short", f"The recording is shorter than {MIN_SECONDS:.0f} second.")
    loudest = max_volume(wav)
    if loudest < SILENCE_DB:
        raise MediaProblem("silent", "The recording is silent: no speech could be heard.")
    return AudioFacts(
        wav_path=wav,
        duration_seconds=round(duration, 2),
        max_volume_db=loudest,
        has_video=any(s.get("codec_type") == "video" for s in found),
    )
