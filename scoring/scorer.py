"""Scoring what a candidate said against a Team DNA Profile (plain Python, no ORM).

Input is *text only* — the redacted transcript — plus the question and the competencies;
nothing about the recording, the voice or the face can reach this module.

For each competency the question targets, every sentence of the answer is compared with
the profile's examples of strong and weak answers and with the competency's description.
A sentence supports the competency when it resembles a strong example more than a weak
one. Two properties of real answers keep the score honest by design:
- substance: a sentence must read like speech, not a list of keywords (the share of
  function words — "I", "the", "to", "and" — is near zero in keyword stuffing), and a
  sentence said twice counts once;
- relevance: a sentence must be about the question or the competency; fluent talk about
  something else resembles no example and earns nothing.
The score is the mean support of the best three sentences mapped to 0-100, its evidence
is those sentences with the example each matched. Too little speech gives "insufficient
evidence" rather than a low score.
"""

import re
from dataclasses import dataclass

SCORER_VERSION = "palantrix-dna-scorer 2"
METHOD_VERSION = "2"
MIN_WORDS = 20
MIN_SENTENCE_WORDS = 3
TOP_SENTENCES = 3
DUPLICATE_SIMILARITY = 0.92
# Support (see score_answer) mapped to 0-100: an answer nearer the weak examples sits
# below LOW, one that paraphrases the strong examples reaches HIGH.
LOW, HIGH = 0.05, 0.45
# Without weak examples, a strong example must be at least this similar to count.
NO_WEAK_BASELINE = 0.3

_FUNCTION_WORDS = """a an the and or but so because if when while then than that this these
    those it its
    i me my we our us you your he she they them their his her to of in on at for with from
    by about into over after before during as was were is are be been being have has had do
    did does not no will would could should can may might must just also very there here
    what which who how why all some any each every more most other"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
WORD = re.compile(r"[A-Za-z']+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class CompetencySpec:
    key: str
    name: str
    description: str
    weight: int
    strong_examples: tuple[str, ...]
    weak_examples: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()  # levels 1..5: what an answer at each level contains


@dataclass(frozen=True)
class EvidenceItem:
    sentence: str
    sentence_index: int
    example: str
    example_kind: str  # "strong" or "weak"
    similarity: float
    support: float
    start: int = -1  # character offsets of the quote in the text given to score_answer
    end: int = -1
    element: str = ""  # episode, own_action, reason, result, reflection, plan or ""


@dataclass(frozen=True)
class CompetencyResult:
    key: str
    name: str
    weight: int
    score: int | None
    confidence: float
    insufficient: bool
    reason: str
    evidence: tuple[EvidenceItem, ...]
    level: int | None = None
    level_anchor: str = ""
    needs_review: bool = False
    review_reason: str = ""


def model_fingerprint() -> dict[str, str]:
    """What a score was made with, stamped on every score."""
    from .embeddings import MODEL_NAME

    return {"embedding_model": MODEL_NAME, "method": METHOD_VERSION}


def split_sentences(text: str) -> list[str]:
    parts = [part.strip() for part in SENTENCE_END.split(text) if part and part.strip()]
    return [part for part in parts if len(WORD.findall(part)) >= MIN_SENTENCE_WORDS]


def words(text: str) -> list[str]:
    return [word.lower() for word in WORD.findall(text)]


def substance(sentence: str) -> float:
    """1 for ordinary speech, towards 0 for a list of keywords."""
    tokens = words(sentence)
    if not tokens:
        return 0.0
    share = sum(token in FUNCTION_WORDS for token in tokens) / len(tokens)
    return max(0.0, min(1.0, (share - 0.12) / 0.18))


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def score_answer(
    *,
    text: str,
    question: str,
    competencies: list[CompetencySpec],
    asr_confidence: float | None = None,
    other_questions: tuple[str, ...] = (),
    embed=None,
    question_type: str = "behavioural",
) -> list[CompetencyResult]:
    """Score one answer's redacted transcript for each competency."""
    if embed is None:
        from .embeddings import embed
    total_words = len(words(text))
    sentences = split_sentences(text)
    if total_words < MIN_WORDS or not sentences:
        reason = f"Too little speech to score ({total_words} words)."
        return [
            CompetencyResult(c.key, c.name, c.weight, None, 0.0, True, reason, ())
            for c in competencies
        ]

    vectors = embed(sentences)
    # A sentence said twice (or nearly) counts once.
    keep: list[int] = []
    for index in range(len(sentences)):
        if all(float(vectors[index] @ vectors[k]) < DUPLICATE_SIMILARITY for k in keep):
            keep.append(index)
    quality = {i: substance(sentences[i]) for i in keep}
    question_vectors = embed([question, *other_questions])
    question_vector, other_vectors = question_vectors[0], question_vectors[1:]

    results = []
    for competency in competencies:
        strong = list(competency.strong_examples)
        weak = list(competency.weak_examples)
        examples = embed(strong + weak + [f"{competency.name}: {competency.description}"])
        strong_vectors, weak_vectors = examples[: len(strong)], examples[len(strong) : -1]
        description_vector = examples[-1]
        supports: list[tuple[float, EvidenceItem]] = []
        for i in keep:
            vector = vectors[i]
            strong_sims = strong_vectors @ vector if len(strong) else []
            weak_sims = weak_vectors @ vector if len(weak) else []
            best_strong = max(strong_sims, default=0.0)
            best_weak = max(weak_sims, default=0.0)
            described = float(description_vector @ vector)
            # Relevance is judged against the question and the competency, never against
            # the examples (any sentence resembles some example a little).
            asked = float(question_vector @ vector)
            relevance = max(asked, described)
            gate = _clamp((relevance - 0.05) / 0.2)
            if len(other_vectors) and float(max(other_vectors @ vector)) > asked + 0.05:
                gate *= 0.25  # this sentence answers another question of the interview
            # Similarity alone is mostly topic; what separates a strong answer from a weak
            # one on the same topic is being nearer the strong examples than the weak ones.
            # A sentence nearer the weak examples counts against the score.
            contrast = float(best_strong) - (float(best_weak) if len(weak) else NO_WEAK_BASELINE)
            support = quality[i] * gate * (0.5 * float(best_strong) + 1.5 * contrast)
            if len(weak) and best_weak > best_strong:
                example = weak[int(max(range(len(weak)), key=lambda j: weak_sims[j]))]
                kind, similarity = "weak", float(best_weak)
            elif strong:
                example = strong[int(max(range(len(strong)), key=lambda j: strong_sims[j]))]
                kind, similarity = "strong", float(best_strong)
            else:
                example, kind, similarity = competency.description, "strong", described
            supports.append(
                (
                    support,
                    EvidenceItem(
                        sentences[i], i, example, kind, round(similarity, 3), round(support, 3)
                    ),
                )
            )
        supports.sort(key=lambda item: item[0], reverse=True)
        count = min(TOP_SENTENCES, len(supports))
        best = supports[:count]
        worst = min(value for value, _ in supports)
        raw = sum(value for value, _ in best) / count + 0.5 * min(0.0, worst)
        score = round(100 * _clamp((raw - LOW) / (HIGH - LOW)))
        supporting = sum(1 for value, _ in best if value > LOW)
        asr = 1.0 if asr_confidence is None else _clamp(asr_confidence)
        confidence = round(
            0.45 * min(1.0, total_words / 150) + 0.3 * asr + 0.25 * supporting / TOP_SENTENCES, 2
        )
        results.append(
            CompetencyResult(
                competency.key,
                competency.name,
                competency.weight,
                score,
                confidence,
                False,
                "",
                tuple(item for _, item in best),
            )
        )
    return results


def overall(results: list[tuple[int, int | None, float]]) -> tuple[int | None, float]:
    """Weighted combination of (weight, score, confidence) over all answers' competencies."""
    scored = [(w, s, c) for w, s, c in results if s is not None]
    if not scored:
        return None, 0.0
    total = sum(w for w, _, _ in scored)
    value = round(sum(w * s for w, s, _ in scored) / total)
    coverage = len(scored) / len(results)
    confidence = round(sum(w * c for w, _, c in scored) / total * coverage, 2)
    return value, confidence
