"""What an answer shows, read from its words (plain Python, no model, no ORM).

- text: the transcript as words and quotable segments with exact offsets;
- elements: the cues of an episode, own actions, reasons, a result, reflection and a plan;
- lexicon: the word lists both read, kept as data in lexicon.json;
- levels: from counted elements to a continuous level 1.0-5.0;
- relevance: whether the answer is about the question asked (sentence vectors).
"""

from .elements import (
    ELEMENTS,
    count_elements,
    element_of,
    is_general_claim,
    speech_share,
)
from .lexicon import FILLERS, FUNCTION_WORDS
from .text import TOKEN, Segment, Token, ngrams, segments, stem, tokenize

__all__ = [
    "ELEMENTS",
    "FILLERS",
    "FUNCTION_WORDS",
    "TOKEN",
    "Segment",
    "Token",
    "count_elements",
    "element_of",
    "is_general_claim",
    "ngrams",
    "segments",
    "speech_share",
    "stem",
    "tokenize",
]
