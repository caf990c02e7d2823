"""Recordings people can play: a seekable copy, a widely playable rendition and a poster.

Plain Python around ffmpeg, like `media`. MediaRecorder writes WebM as it records, so the
file has neither a duration nor an index (Cues): players show no total time and cannot
seek. Rewriting the container with the streams copied (no re-encoding, seconds for an
answer of minutes) gives the same pictures and sound with both. Safari before 17.4 on
iOS and some embedded players cannot play VP8/VP9 and Opus at all, so a WebM upload also
gets an H.264 + AAC MP4 (AAC in M4A when there is no picture); the page lists the copy
first and the MP4 second, and each browser plays the first it can (`<source type>`),
with no guessing from the user agent. An MP4 upload that is already H.264 + AAC (Safari's
own recordings) needs only the copy. A poster (JPEG, a frame a second in) shows before
play for recordings with a picture.
"""

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .media import UPLOAD_FORMATS, input_args

WEBM_VIDEO = {"vp8", "vp9", "av1"}
WEBM_AUDIO = {"opus", "vorbis"}
MP4_VIDEO = {"h264"}
MP4_AUDIO = {"aac"}
MAX_WIDTH = 1280


class PlaybackProblem(Exception):
    """No playable file could be made; the original recording is played instead."""


@dataclass(frozen=True)
class Rendition:
    path: Path
    content_type: str  # the `type` of its <source>, codecs included


@dataclass(frozen=True)
class Made:
    renditions: tuple[Rendition, ...]  # in the order the player should try them
    poster: Path | None


def _codecs(described: dict[str, Any]) -> tuple[str | None, str | None]:
    video = audio = None
    for stream in described.get("streams", []):
        kind, codec = stream.get("codec_type"), stream.get("codec_name")
        if (
            kind == "video"
            and video is None
            and not stream.get("disposition", {}).get("attached_pic")
        ):
            video = codec
        elif kind == "audio" and audio is None:
            audio = codec
    return video, audio


def _ffmpeg(args: list[str], target: Path, timeout: float) -> Path:
    try:
        result = subprocess.run(
            ["ffmpeg", "-nostdin", "-v", "error", "-y", *args, str(target)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise PlaybackProblem(f"ffmpeg ran past {timeout:.0f} s") from error
    if result.returncode != 0 or not target.exists() or not target.stat().st_size:
        raise PlaybackProblem(f"ffmpeg failed: {result.stderr.strip()[-300:]}")
    return target


def _copy(
    source: Path, folder: Path, video: str | None, audio: str, timeout: float
) -> Rendition | None:
    """The streams as they are, in a container that states its duration and index."""
    maps = ["-map", "0:a:0", "-c", "copy"]
    if video:
        maps = ["-map", "0:v:0", *maps]
    if (video is None or video in WEBM_VIDEO) and audio in WEBM_AUDIO:
        # Cues before the clusters: a player reading over HTTP can seek without the end.
        target = folder / "playback.webm"
        _ffmpeg(
            [*input_args(source, UPLOAD_FORMATS), *maps, "-cues_to_front", "1", "-f", "webm"],
            target,
            timeout,
        )
        codecs = ", ".join(c for c in (video, audio) if c)
        kind = "video" if video else "audio"
        return Rendition(target, f'{kind}/webm; codecs="{codecs}"')
    if (video is None or video in MP4_VIDEO) and audio in MP4_AUDIO:
        target = folder / "playback.mp4"
        _ffmpeg(
            [*input_args(source, UPLOAD_FORMATS), *maps, "-movflags", "+faststart", "-f", "mp4"],
            target,
            timeout,
        )
        return Rendition(target, "video/mp4" if video else "audio/mp4")
    return None  # codecs no container here takes as they are: the rendition alone


def _compatible(source: Path, folder: Path, video: str | None, timeout: float) -> Rendition:
    """H.264 (at most 1280 px wide) + AAC in MP4, or AAC alone: what every browser plays."""
    audio = ["-map", "0:a:0", "-c:a", "aac", "-b:a", "96k", "-ac", "2"]
    if video is None:
        target = folder / "playback.m4a"
        _ffmpeg(
            [*input_args(source, UPLOAD_FORMATS), *audio, "-movflags", "+faststart", "-f", "mp4"],
            target,
            timeout,
        )
        return Rendition(target, 'audio/mp4; codecs="mp4a.40.2"')
    target = folder / "playback-h264.mp4"
    _ffmpeg(
        [
            *input_args(source, UPLOAD_FORMATS),
            "-map",
            "0:v:0",
            *audio,
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "28",
            "-pix_fmt",
            "yuv420p",
            "-vf",
            f"scale='trunc(min(iw,{MAX_WIDTH})/2)*2':-2",
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
        ],
        target,
        timeout,
    )
    return Rendition(target, 'video/mp4; codecs="avc1.42E01E, mp4a.40.2"')


def _poster(source: Path, folder: Path, at: float, timeout: float) -> Path | None:
    target = folder / "poster.jpg"
    try:
        return _ffmpeg(
            [
                "-ss",
                f"{at:.2f}",
                *input_args(source, UPLOAD_FORMATS),
                "-map",
                "0:v:0",
                "-frames:v",
                "1",
                "-vf",
                f"scale='trunc(min(iw,{MAX_WIDTH})/2)*2':-2",
                "-q:v",
                "4",
                "-f",
                "image2",
                "-c:v",
                "mjpeg",
            ],
            target,
            timeout,
        )
    except PlaybackProblem:
        return None  # a recording whose picture cannot be decoded plays without a poster


def make(
    source: Path, folder: Path, *, described: dict[str, Any], duration: float, timeout: float
) -> Made:
    """What the player needs for `source` (already checked by `media.inspect`), written into
    `folder`. `described` is its `media.probe`; each ffmpeg run may take `timeout` seconds.
    Raises `PlaybackProblem` when nothing playable could be made."""
    video, audio = _codecs(described)
    if audio is None:
        raise PlaybackProblem("no sound track")
    copy = _copy(source, folder, video, audio, timeout)
    renditions = [copy] if copy else []
    if copy is None or copy.path.suffix != ".mp4":
        try:
            renditions.append(_compatible(source, folder, video, timeout))
        except PlaybackProblem:
            if not renditions:
                raise
    poster = _poster(source, folder, min(1.0, duration / 3), timeout) if video else None
    return Made(tuple(renditions), poster)
