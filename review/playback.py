"""The answer's player on reviewers' pages: what it plays, and its captions (WebVTT)."""

from interviews import media
from interviews.models import Answer, AnswerKind
from scoring.models import Playback, TranscriptSegment


def answer_player(answer: Answer, *, ttl: int) -> dict | None:
    """What the answer's player plays, with short-lived URLs: the worker's seekable copy
    and rendition (`<source>`s in order) and poster when they are ready, else the original
    upload. None: nothing to play (a written answer, no upload yet)."""
    if not answer.object_key or not answer.is_submitted or answer.kind == AnswerKind.FILE:
        return None  # a file answer is downloaded through the app only (review.files)
    try:
        made: Playback | None = answer.playback
    except Playback.DoesNotExist:
        made = None
    if made is None or made.status != Playback.Status.READY or made.source_key != answer.object_key:
        made = None
    if made is not None and made.renditions:
        sources = [
            {"url": media.download_url(key=r["key"], ttl=ttl), "type": r["type"]}
            for r in made.renditions
        ]
    else:
        sources = [
            {
                "url": media.download_url(key=answer.object_key, ttl=ttl),
                "type": media.base_type(answer.content_type),
            }
        ]
    return {
        "sources": sources,
        "poster": (
            media.download_url(key=made.poster_key, ttl=ttl)
            if made is not None and made.poster_key
            else ""
        ),
        "has_video": not sources[0]["type"].startswith("audio/"),
    }


def _timestamp(seconds: float) -> str:
    millis = round(max(seconds, 0.0) * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _cue_text(text: str) -> str:
    """One line of cue text: a blank line would end the cue, "-->" would start another,
    and <, > and & are markup in WebVTT."""
    line = " ".join(text.split())
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(segments) -> str:
    """Captions from a transcript's timed segments (start, end, text), in order."""
    cues = ["WEBVTT", ""]
    for number, segment in enumerate(segments, start=1):
        text = _cue_text(segment.text)
        if not text:
            continue
        end = max(segment.end, segment.start + 0.5)
        cues += [str(number), f"{_timestamp(segment.start)} --> {_timestamp(end)}", text, ""]
    return "\n".join(cues)


def answer_captions(*, answer: Answer) -> str:
    """The captions of the answer's current transcript (only a header while it has none)."""
    segments = (
        TranscriptSegment.objects.for_organization(answer.organization)
        .filter(transcript__answer=answer, transcript__is_current=True)
        .order_by("index")
    )
    return webvtt(segments)
