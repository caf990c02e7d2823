"""Where each score's evidence sits in the transcript a reviewer reads (plain Python).

The scorer read the redacted transcript split into sentences; reviewers read the timed
segments of the full transcript. A piece of the transcript (a segment, or a sentence of a
written answer) is marked when the words of an evidence sentence run through it: both
sides are redacted the same way and compared as lowercase words, so punctuation,
spacing and the masked name do not stop a match.
"""

from dataclasses import dataclass, field
from typing import Any

from . import redaction, scorer

# Below this share of an evidence sentence's words in one piece, a loose match is no match.
LOOSE_MATCH = 0.6


@dataclass
class Mark:
    score: Any  # the Score the sentence drove
    evidence: Any  # the Evidence row: sentence, example, example kind


@dataclass
class Piece:
    index: int
    text: str
    start: float | None = None
    end: float | None = None
    marks: list[Mark] = field(default_factory=list)

    @property
    def score_ids(self) -> list[str]:
        return sorted({str(mark.score.public_id) for mark in self.marks})


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


def pieces(*, transcript, segments, scores, names: list[str]) -> list[Piece]:
    """The transcript in display pieces, each with the evidence found in it."""
    if segments:
        found = [Piece(s.index, s.text, s.start, s.end) for s in segments]
    else:
        parts = [p.strip() for p in scorer.SENTENCE_END.split(transcript.text) if p and p.strip()]
        found = [Piece(index, text) for index, text in enumerate(parts)]
    words_of = [_words(piece.text, names) for piece in found]
    owner, stream = [], []
    for index, words in enumerate(words_of):
        owner += [index] * len(words)
        stream += words
    for score in scores:
        for item in score.evidence.all():
            needle = scorer.words(item.sentence)
            position = _find(stream, needle)
            if position >= 0:
                hit = sorted(set(owner[position : position + len(needle)]))
            else:
                hit = _loose(words_of, needle)
            for index in hit:
                found[index].marks.append(Mark(score=score, evidence=item))
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
