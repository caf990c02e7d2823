"""Real media for tests: speech from espeak-ng, recordings encoded by ffmpeg."""

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.waiting import seconds as scaled

# Encoded once per test process: many tests record the same script, and encoding it again
# is most of what their set-up costs. Keyed by the command and the bytes of its inputs.
_CACHE = Path(tempfile.mkdtemp(prefix="palantrix-test-media-"))

SCRIPT = (
    "When our checkout service failed on a Friday evening, I gathered the logs, "
    "found that a cache had expired, and explained the fix to the customer in plain words."
)


def run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, timeout=scaled(600))


def made(path: Path, args: list[str], inputs: tuple[Path, ...] = ()) -> Path:
    """Run `args`, which write `path` (its last argument), or copy what the same command
    on the same input files wrote before in this process."""
    key = hashlib.sha256(repr([a for a in args if a != str(path)]).encode())
    for source in inputs:
        key.update(source.read_bytes())
    cached = _CACHE / f"{key.hexdigest()}{path.suffix}"
    if not cached.exists():
        run(*args)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.part")
        shutil.copyfile(path, partial)
        partial.replace(cached)
    elif cached.resolve() != path.resolve():
        shutil.copyfile(cached, path)
    return path


def speech_wav(path: Path, text: str = SCRIPT) -> Path:
    """16-bit PCM WAV of a voice reading `text` (what Chromium's fake microphone needs)."""
    return made(path, ["espeak-ng", "-s", "150", "-w", str(path), text])


def recording(
    path: Path,
    *,
    audio: Path | None = None,
    silent: bool = False,
    video: bool = True,
    seconds: float = 4.0,
    live: bool = False,
) -> Path:
    """A WebM like MediaRecorder's (VP8 + Opus): speech, silence or no sound at all. With
    `live`, written as MediaRecorder writes it: no duration in the header and no index."""
    args = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
    if video:
        args += ["-f", "lavfi", "-i", f"testsrc=size=320x240:rate=15:duration={seconds}"]
    if audio is not None:
        args += ["-i", str(audio)]
    elif silent:
        args += ["-f", "lavfi", "-i", f"anullsrc=r=48000:cl=mono:d={seconds}"]
    if video:
        # The realtime preset: the picture is not what tests look at, and the default
        # ("good") preset spends most of the time a pipeline test takes encoding it.
        args += ["-c:v", "libvpx", "-b:v", "200k", "-deadline", "realtime", "-cpu-used", "8"]
    if audio is not None or silent:
        args += ["-c:a", "libopus", "-b:a", "48k"]
    args += ["-t", str(seconds)]
    if live:
        args += ["-f", "webm", "-live", "1"]
    args.append(str(path))
    return made(path, args, inputs=(audio,) if audio is not None else ())


def duration(path: Path) -> float:
    """Length by decoding the audio (MediaRecorder WebM headers carry no duration)."""
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-i", str(path), "-vn", "-f", "null", "-"],
        capture_output=True,
        text=True,
        timeout=scaled(600),
        check=False,
    )
    times = [line for line in result.stderr.split("time=")[1:]]
    last = times[-1].split()[0] if times else "0:0:0"
    hours, minutes, seconds = last.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def audio_streams(path: Path) -> int:
    result = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "a",
            "-show_entries",
            "stream=index",
            "-of",
            "csv=p=0",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=scaled(600),
        check=False,
    )
    return len([line for line in result.stdout.splitlines() if line.strip()])
