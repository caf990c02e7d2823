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
from typing import Any

SAMPLE_RATE = 16_000
SILENCE_DB = -50.0  # loudest moment quieter than this: nothing was said
MIN_SECONDS = 1.0

# What ffmpeg and ffprobe may open. An upload is one local file in a container the product
# accepts (WebM/Matroska, MP4/MOV, Ogg; WAV is what we extract). Without these lists a
# "recording" that is really an HLS playlist or a concat script makes ffmpeg fetch other
# files or URLs, and only the distribution's defaults would stop it.
PROTOCOLS = "file,pipe"
UPLOAD_FORMATS = "matroska,webm,mov,mp4,m4a,ogg"
WAV_FORMAT = "wav"


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


def _run(args: list[str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)


def input_args(path: Path, formats: str) -> list[str]:
    """Input options naming one local file that ffmpeg may read only as one of `formats`."""
    return [
        "-protocol_whitelist",
        PROTOCOLS,
        "-format_whitelist",
        formats,
        "-i",
        f"file:{path}",  # a name such as "http:…" or "concat:…" stays a file name
    ]


def _refused(result: subprocess.CompletedProcess[str]) -> None:
    if "not on whitelist" in result.stderr:
        raise MediaProblem(
            "unsupported_format",
            "The file is not a recording in an accepted format (WebM, MP4 or Ogg): it may be a "
            "playlist or a script pointing at other files. A person should review it.",
        )


def probe(path: Path) -> dict[str, Any]:
    """The container's streams and format (its duration, when the container states one)."""
    result = _run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_streams",
            "-show_format",
            "-of",
            "json",
            *input_args(path, UPLOAD_FORMATS),
        ]
    )
    if result.returncode != 0:
        _refused(result)
        raise MediaProblem("unreadable", "The file could not be read: it is damaged or not media.")
    found: dict[str, Any] = json.loads(result.stdout or "{}")
    return found


def streams(path: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = probe(path).get("streams", [])
    return found


def _stated_seconds(found: dict[str, Any]) -> float | None:
    try:
        return float(found.get("format", {}).get("duration"))
    except (TypeError, ValueError):
        return None  # MediaRecorder's WebM states none: the decoded length decides


def too_long(max_seconds: float) -> MediaProblem:
    return MediaProblem(
        "too_long",
        f"The recording is longer than this question allows ({max_seconds:.0f} seconds at "
        "most): a person should review it.",
    )


def extract_audio(source: Path, target: Path, max_seconds: float | None = None) -> None:
    """16 kHz mono 16-bit WAV: what Whisper wants, and decodable to count real length.
    With `max_seconds`, decoding stops one second past it: a file of many hours costs
    neither the time nor the disk of decoding it all."""
    limit = ["-t", f"{max_seconds + 1:.0f}"] if max_seconds else []
    result = _run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            *input_args(source, UPLOAD_FORMATS),
            *limit,
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
        _refused(result)
        raise MediaProblem("unreadable", "The sound could not be decoded: the file is damaged.")


def max_volume(wav: Path) -> float:
    result = _run(
        [
            "ffmpeg",
            "-nostdin",
            *input_args(wav, WAV_FORMAT),
            "-af",
            "volumedetect",
            "-f",
            "null",
            "-",
        ]
    )
    found = re.search(r"max_volume:\s*(-?[\d.]+|-inf) dB", result.stderr)
    if not found or found.group(1) == "-inf":
        return float("-inf")
    return float(found.group(1))


def inspect(source: Path, workdir: Path, max_seconds: float | None = None) -> AudioFacts:
    """Check a recording; longer than `max_seconds` (by its container or decoded) is a
    problem found before any speech recognition runs."""
    described = probe(source)
    found = described.get("streams", [])
    if not found:
        raise MediaProblem("empty", "The recording is empty.")
    if not any(s.get("codec_type") == "audio" for s in found):
        raise MediaProblem("no_audio", "The recording has no sound track.")
    stated = _stated_seconds(described)
    if max_seconds and stated is not None and stated > max_seconds:
        raise too_long(max_seconds)
    wav = workdir / "audio.wav"
    extract_audio(source, wav, max_seconds)
    with wave.open(str(wav)) as audio:
        duration = audio.getnframes() / audio.getframerate()
    if max_seconds and duration > max_seconds:
        raise too_long(max_seconds)
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
