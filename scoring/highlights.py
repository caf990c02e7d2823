"""Where each score's evidence sits in the transcript a reviewer reads (plain Python).

Reviewers read the timed segments of the full transcript (or the sentences of a written
answer). Evidence that carries its place in the transcript text (`start`/`end`, from
scorer 3 on) is highlighted exactly: only those characters are marked, across as many
pieces as the quote runs through. Older evidence has no place: a piece is marked when the
words of the evidence sentence run through it (both sides redacted the same way and
compared as lowercase words, so punctuation, spacing and the masked name do not stop a
match).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from palantrix import redaction

from . import scorer

if TYPE_CHECKING:
    from .models import Score, Transcript, TranscriptSegment

# Below this share of an evidence sentence's words in one piece, a loose match is no match.
LOOSE_MATCH = 0.6


@dataclass
class Mark:
    score: Any  # the Score the sentence drove
    evidence: Any  # the Evidence row: sentence, example, example kind


@dataclass
class Part:
    text: str
    marked: bool


@dataclass
class Piece:
    index: int
    text: str
    start: float | None = None
    end: float | None = None
    marks: list[Mark] = field(default_factory=list)
    # Where the piece lies in the transcript text (None: not found there).
    offset: int | None = None
    # Character ranges of the piece to mark; None marks the whole piece (old evidence).
    ranges: list[tuple[int, int]] | None = field(default_factory=list)

    @property
    def score_ids(self) -> list[str]:
        return sorted({str(mark.score.public_id) for mark in self.marks})

    @property
    def parts(self) -> list[Part]:
        """The piece's text cut into marked and unmarked runs."""
        if not self.marks:
            return [Part(self.text, False)]
        if self.ranges is None:
            return [Part(self.text, True)]
        parts, position = [], 0
        for start, end in _merged(self.ranges):
            if start > position:
                parts.append(Part(self.text[position:start], False))
            parts.append(Part(self.text[start:end], True))
            position = end
        if position < len(self.text):
            parts.append(Part(self.text[position:], False))
        return parts


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _place(pieces: list[Piece], text: str) -> None:
    """Find each piece in the transcript text, in order."""
    cursor = 0
    for piece in pieces:
        found = text.find(piece.text, cursor)
        if found >= 0:
            piece.offset = found
            cursor = found + len(piece.text)


def _exact(pieces: list[Piece], start: int, end: int) -> list[tuple[int, int, int]] | None:
    """(piece index, start, end within the piece) for each piece the span runs through;
    None when a piece the span may touch could not be placed in the text."""
    hits = []
    for position, piece in enumerate(pieces):
        if piece.offset is None:
            return None
        low = max(start, piece.offset)
        high = min(end, piece.offset + len(piece.text))
        if low < high:
            hits.append((position, low - piece.offset, high - piece.offset))
    return hits or None


def _words(text: str, names: list[str]) -> list[str]:
    return scorer.words(redaction.redact(text, names=names))


def _find(haystack: list[str], needle: list[str]) -> int:
    if not needle:
        return -1
    first = needle[0]
    for position in range(len(haystack) - len(needle) + 1):
        if haystack[position] == first and haystack[position : position + len(needle)] == needle:
            return position
    return -1


def pieces(
    *,
    transcript: "Transcript",
    segments: list["TranscriptSegment"],
    scores: Iterable["Score"],
    names: list[str],
) -> list[Piece]:
    """The transcript in display pieces, each with the evidence found in it."""
    if segments:
        found = [Piece(s.index, s.text, s.start, s.end) for s in segments]
    else:
        parts = [p.strip() for p in scorer.SENTENCE_END.split(transcript.text) if p and p.strip()]
        found = [Piece(index, text) for index, text in enumerate(parts)]
    _place(found, transcript.text)
    words_of = [_words(piece.text, names) for piece in found]
    owner, stream = [], []
    for index, words in enumerate(words_of):
        owner += [index] * len(words)
        stream += words
    for score in scores:
        for item in score.evidence.all():
            start, end = getattr(item, "start", None), getattr(item, "end", None)
            if start is not None and end is not None:
                hits = _exact(found, start, end)
                if hits:
                    for index, low, high in hits:
                        found[index].marks.append(Mark(score=score, evidence=item))
                        ranges = found[index].ranges
                        if ranges is not None:
                            ranges.append((low, high))
                    continue
            needle = scorer.words(item.sentence)
            position = _find(stream, needle)
            if position >= 0:
                hit = sorted(set(owner[position : position + len(needle)]))
            else:
                hit = _loose(words_of, needle)
            for index in hit:
                found[index].marks.append(Mark(score=score, evidence=item))
                found[index].ranges = None  # placed by its words: the whole piece
    return found


def _loose(words_of: list[list[str]], needle: list[str]) -> list[int]:
    """The one piece holding most of the sentence's words, when the exact run is broken."""
    wanted = set(needle)
    if not wanted:
        return []
    best, share = -1, 0.0
    for index, words in enumerate(words_of):
        overlap = len(wanted & set(words)) / len(wanted)
        if overlap > share:
            best, share = index, overlap
    return [best] if share >= LOOSE_MATCH else []
