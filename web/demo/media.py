"""Demo recordings: a synthetic voice (espeak-ng) reading a script, muxed with a still
frame into a WebM like a browser's (VP8 + Opus). Made once and kept in DEMO_MEDIA_DIR,
keyed by the voice, the script and the recipe, so a reset or a second machine run costs
no encoding."""

import hashlib
import os
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# Change when the commands below change: old files are then made again.
RECIPE = "demo-webm 1"
TIMEOUT_SECONDS = 300


class MediaToolMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Recording:
    path: Path
    seconds: float


def _run(*args: str) -> None:
    try:
        subprocess.run(args, check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
    except FileNotFoundError as missing:
        raise MediaToolMissing(
            f"{args[0]} is needed to make the demo recordings: `make system-packages` installs it."
        ) from missing


def _seconds(wav: Path) -> float:
    with wave.open(str(wav)) as audio:
        return audio.getnframes() / audio.getframerate()


def recording(text: str, *, voice: str = "en-us") -> Recording:
    """The WebM of `voice` reading `text`, made on first use."""
    folder = Path(settings.DEMO_MEDIA_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(f"{RECIPE}\n{voice}\n{text}".encode()).hexdigest()[:24]
    target, wav = folder / f"{key}.webm", folder / f"{key}.wav"
    if not wav.exists():
        _atomic(wav, lambda out: _run("espeak-ng", "-v", voice, "-s", "155", "-w", out, text))
    if not target.exists():
        _atomic(
            target,
            lambda out: _run(
                "ffmpeg", "-nostdin", "-v", "error", "-y",
                "-f", "lavfi", "-i", "color=c=0x334155:s=320x240:r=2",
                "-i", str(wav),
                "-shortest",
                "-c:v", "libvpx", "-b:v", "60k", "-deadline", "realtime", "-cpu-used", "8",
                "-c:a", "libopus", "-b:a", "32k",
                "-f", "webm", out,
            ),
        )  # fmt: skip
    return Recording(target, _seconds(wav))


def _atomic(path: Path, make) -> None:
    """Write through a temporary file, so that an interrupted run leaves no half file."""
    handle, partial = tempfile.mkstemp(dir=path.parent, suffix=f".part{path.suffix}")
    os.close(handle)
    try:
        make(partial)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
