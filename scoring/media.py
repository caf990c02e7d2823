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


def _run(args: list[str], timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)


def _input(path: Path, formats: str) -> list[str]:
    """Input options naming one local file that ffmpeg may read only as one of `formats`."""
    return [
        "-protocol_whitelist",
        PROTOCOLS,
        "-format_whitelist",
        formats,
        "-i",
        f"file:{path}",  # a name such as "http:…" or "concat:…" stays a file name
    ]


def _refused(result: subprocess.CompletedProcess) -> None:
    if "not on whitelist" in result.stderr:
        raise MediaProblem(
            "unsupported_format",
            "The file is not a recording in an accepted format (WebM, MP4 or Ogg): it may be a "
            "playlist or a script pointing at other files. A person should review it.",
        )


def streams(path: Path) -> list[dict]:
    result = _run(
        ["ffprobe", "-v", "error", "-show_streams", "-of", "json", *_input(path, UPLOAD_FORMATS)]
    )
    if result.returncode != 0:
        _refused(result)
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
            *_input(source, UPLOAD_FORMATS),
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
        ["ffmpeg", "-nostdin", *_input(wav, WAV_FORMAT), "-af", "volumedetect", "-f", "null", "-"]
    )
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
