"""A transcript as words and quotable segments, each with exact character offsets.

Everything is lower-cased and read as a stream of words, so punctuation, capitals and
filler words do not change what is found; segments (for quoting and relevance) come from
punctuation where there is some and from discourse markers and fixed windows where a
transcript has none.
"""

import re
from dataclasses import dataclass, field

from .lexicon import BARE_CONTRACTIONS, FILLERS, IRREGULAR_PAST, SEGMENT_MARKERS

TOKEN = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)?|%")
SENTENCE_BREAK = re.compile(r"[.!?;]+(?=\s|$)|\n+")
# A piece longer than this (in words) is cut at a discourse marker, then into windows.
MAX_SEGMENT_WORDS = 28
MIN_SEGMENT_WORDS = 5
# A marker starts a new piece only when one of these follows it ("so i", "then we").
_MARKER_FOLLOWERS = frozenset(["i", "we", "then", "the", "he", "she"])


@dataclass(frozen=True)
class Token:
    word: str  # lower-cased, curly apostrophe made straight
    start: int
    end: int


@dataclass
class Segment:
    index: int
    start: int
    end: int
    tokens: list[Token]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def words(self) -> list[str]:
        return [t.word for t in self.tokens]


def tokenize(text: str) -> list[Token]:
    found = []
    for m in TOKEN.finditer(text):
        word = m.group(0).lower().replace("\u2019", "'")
        found.append(Token(BARE_CONTRACTIONS.get(word, word), m.start(), m.end()))
    return found


def _looks_past(word: str) -> bool:
    return word in IRREGULAR_PAST or (len(word) > 4 and word.endswith("ed"))


def _cut_long(tokens: list[Token]) -> list[list[Token]]:
    """Cut a run of words with no sentence punctuation at discourse markers, then windows."""
    if len(tokens) <= MAX_SEGMENT_WORDS:
        return [tokens]
    pieces: list[list[Token]] = []
    current: list[Token] = []
    for position, token in enumerate(tokens):
        following = tokens[position + 1].word if position + 1 < len(tokens) else ""
        marker = token.word in SEGMENT_MARKERS and following in _MARKER_FOLLOWERS
        # "... anyone else i phoned him": a new action of the speaker starts a new piece
        marker = marker or (token.word == "i" and _looks_past(following))
        if marker and len(current) >= MIN_SEGMENT_WORDS * 2:
            pieces.append(current)
            current = []
        current.append(token)
        if len(current) >= MAX_SEGMENT_WORDS:
            pieces.append(current)
            current = []
    if current:
        if pieces and len(current) < MIN_SEGMENT_WORDS:
            pieces[-1] = pieces[-1] + current
        else:
            pieces.append(current)
    return pieces


def segments(text: str) -> list[Segment]:
    """The answer in quotable pieces, each with exact offsets (text[start:end])."""
    tokens = tokenize(text)
    runs: list[list[Token]] = []
    boundaries = [m.end() for m in SENTENCE_BREAK.finditer(text)]
    current: list[Token] = []
    b = 0
    for token in tokens:
        while b < len(boundaries) and boundaries[b] <= token.start:
            if current:
                runs.append(current)
                current = []
            b += 1
        current.append(token)
    if current:
        runs.append(current)
    # Very short runs ("Yes." "So,") join the next run so a quote reads as a sentence.
    merged: list[list[Token]] = []
    carry: list[Token] = []
    for run in runs:
        run = carry + run
        carry = []
        if len(run) < 3:
            carry = run
            continue
        merged.append(run)
    if carry:
        if merged:
            merged[-1] = merged[-1] + carry
        else:
            merged.append(carry)
    found: list[Segment] = []
    for run in merged:
        for piece in _cut_long(run):
            found.append(Segment(len(found), piece[0].start, piece[-1].end, piece))
    return found


def stem(word: str) -> str:
    """A crude stem, enough to see "understands" and "understand" as one word."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def ngrams(words: list[str], n: int = 3) -> set[tuple[str, ...]]:
    spoken = [stem(w) for w in words if w not in FILLERS]
    return {tuple(spoken[i : i + n]) for i in range(len(spoken) - n + 1)}
