"""Is the answer about the question asked? (sentence vectors, all-MiniLM-L6-v2)

Relevance gates the level: the answer must be near the question or the competency, and
nearer the question than to common interview topics it might answer instead (a proud
achievement, why this company, a project led) or to another question of the interview.
"""

from typing import TYPE_CHECKING, Any

from .text import Segment
from .vectors import Embed, Vectors

if TYPE_CHECKING:
    from .profile import Profile

# Relevance (cosine) of the answer's best segments to the question or the competency:
# below LOW_RELEVANCE an answer is about something else, above HIGH_RELEVANCE it is plainly
# on topic; between, the level is pulled towards 1 in proportion.
LOW_RELEVANCE, HIGH_RELEVANCE = 0.1, 0.22
# A segment nearer another question of the interview by this margin answers that one.
OTHER_QUESTION_MARGIN = 0.1
# Questions an interview commonly asks about other things. An answer nearer one of these
# than to the question asked (a proud achievement told to "a time something went wrong",
# praise of the company) answers something else. Fixed, general, never fitted to a set.
OTHER_TOPICS = (
    "Tell us about an achievement you are proud of.",
    "Why do you want to work for this company?",
    "Tell us about yourself and your background.",
    "Describe a project you led or an improvement you made.",
    "What do you do in your free time?",
    "What are your strengths?",
    "What do you know about our company and its products?",
    "Describe your current job and your responsibilities.",
)
# Margin of the question over the nearest other topic: below the first the answer is about
# something else, above the second it is about the question.
TOPIC_MARGIN_LOW, TOPIC_MARGIN_HIGH = -0.05, 0.05


def cosines(vectors: Vectors, other: Vectors) -> list[list[float]]:
    if not len(vectors) or not len(other):
        return [[] for _ in range(len(vectors))]
    rows: list[list[float]] = (vectors @ other.T).tolist()
    return rows


# Relevance is read on windows of the kept words (no punctuation, no fillers), so it does
# not depend on where punctuation cut the answer: a transcript without any reads the same.
WINDOW_WORDS, WINDOW_STRIDE = 24, 12


def windows(
    segments: list[Segment],
    kept: list[int],
    embed: Embed,
    cache: dict[tuple[Any, ...], Any],
    profile: "Profile",
) -> tuple[Vectors, Vectors]:
    """Vectors of the kept words in overlapping windows, and each window's nearness to the
    question or the competency (its description and upper anchors)."""
    from .lexicon import FILLERS

    spoken = tuple(w for i in kept for w in segments[i].words if w not in FILLERS)
    if spoken not in cache:
        starts = range(0, max(1, len(spoken) - WINDOW_WORDS + WINDOW_STRIDE), WINDOW_STRIDE)
        texts = [" ".join(spoken[j : j + WINDOW_WORDS]) for j in starts] if spoken else []
        cache[spoken] = embed(texts)
    vectors = cache[spoken]
    return vectors, profile.about_vectors


def relevance(
    vectors: Vectors, about_vectors: Vectors, question_vectors: Vectors, topic_vectors: Vectors
) -> tuple[float, bool, float]:
    """How far the answer is about the question (or the competency), and whether it rather
    answers another question of the interview. The whole answer's direction (the mean of
    its windows) is steadier than any one window; the best windows show the on-topic core."""
    if not len(vectors):
        return 0.0, False, 0.0
    import numpy as np

    to_question = vectors @ question_vectors[0]
    to_about = (vectors @ about_vectors.T).max(axis=1)
    near = np.maximum(to_question, to_about)
    centre = np.mean(vectors, axis=0)
    centre = centre / (np.linalg.norm(centre) or 1.0)
    sims = question_vectors @ centre
    asked = float(sims[0])
    best = sorted(near.tolist(), reverse=True)[:3]
    score = 0.5 * asked + 0.5 * sum(best) / len(best)
    other = float(max(sims[1:], default=-1.0))
    margin = asked - float(max(topic_vectors @ centre))
    return score, asked < LOW_RELEVANCE + 0.05 and other > asked + OTHER_QUESTION_MARGIN, margin


def gate(relevance_score: float, margin: float, other_question: bool) -> float:
    """0 (about something else) to 1 (about the question): scales the level above 1."""
    value = _clamp((relevance_score - LOW_RELEVANCE) / (HIGH_RELEVANCE - LOW_RELEVANCE))
    value *= _clamp((margin - TOPIC_MARGIN_LOW) / (TOPIC_MARGIN_HIGH - TOPIC_MARGIN_LOW))
    return value * (0.5 if other_question else 1.0)


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))
