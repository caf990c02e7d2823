"""The figures the benchmark prints: correlation, gaming order, variants, coverage, targets."""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from scoring import scorer

from .stats import bootstrap_interval, krippendorff_interval, partial_spearman, spearman

GAMING_KINDS = ("keyword_stuffed", "generic", "off_topic", "weak_echo")
# The kinds the target requires below every strong answer (weak_echo is reported too).
ADVERSARIAL_KINDS = ("keyword_stuffed", "generic", "off_topic")
VARIANT_TYPES = ("paraphrase", "non_native", "dialect", "formal")
STRONG_RATING = 4
TARGETS = {
    "rho": 0.70,
    "over_baseline": 0.15,
    "partial_rho": 0.45,
    "paraphrase": 8.0,
    "rendering": 5.0,
    "punctuation": 8.0,
}


@dataclass(frozen=True)
class Row:
    answer: str
    question: str
    kind: str
    competency: str
    rating: float
    score: int | None
    words: int
    level: int | None = None
    review: str = ""


def gaming_order(rows: list[Row]) -> dict[str, dict]:
    """Per gaming kind: share of (gaming, strong) pairs of one question and competency where
    the gaming answer scores strictly lower. A gaming answer given no number ranks lowest; a
    strong answer given no number cannot be shown above anything, so that pair is wrong."""
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        groups[(row.question, row.competency)].append(row)
    figures = {}
    for kind in GAMING_KINDS:
        right = total = 0
        wrong = []
        for group in groups.values():
            strong = [r for r in group if r.rating >= STRONG_RATING and r.kind not in GAMING_KINDS]
            for bad in (r for r in group if r.kind == kind):
                for good in strong:
                    total += 1
                    ok = good.score is not None and (bad.score is None or bad.score < good.score)
                    right += ok
                    if not ok:
                        wrong.append(f"{bad.answer}({bad.score})>={good.answer}({good.score})")
        if total:
            figures[kind] = {"pairs": total, "correct": round(right / total, 3), "wrong": wrong}
    return figures


def variant_deltas(rows: list[Row], answers: list[dict]) -> dict[str, dict]:
    score_of = {(r.answer, r.competency): r.score for r in rows}
    deltas: dict[str, list[float]] = defaultdict(list)
    for answer in answers:
        original = answer.get("variant_of")
        if not original:
            continue
        kind = answer.get("variant") or answer.get("kind") or "variant"
        for key in answer["ratings"]:
            a, b = score_of.get((answer["id"], key)), score_of.get((original, key))
            if a is not None and b is not None:
                deltas[kind].append(abs(a - b))
    return {
        kind: {"mean_abs": round(float(np.mean(values)), 1), "pairs": len(values)}
        for kind, values in sorted(deltas.items())
    }


def evaluate(data: dict, rows: list[Row], cpu: dict[str, float], bare: list[Row] | None):
    scored = [r for r in rows if r.score is not None]
    scores = [r.score for r in scored]
    ratings = [r.rating for r in scored]
    word_counts = [r.words for r in scored]
    rho = spearman(scores, ratings)
    baseline = spearman(word_counts, ratings)
    figures: dict = {
        "answers": len({r.answer for r in rows}),
        "pairs": len(rows),
        "scored_pairs": len(scored),
        "rho": None if rho is None else round(rho, 3),
        "rho_ci95": bootstrap_interval(scored),
        "word_count_rho": None if baseline is None else round(baseline, 3),
        "partial_rho_word_count": None,
        "coverage": {
            "needs_review": round(
                sum(1 for r in rows if r.score is None and r.words >= scorer.MIN_WORDS) / len(rows),
                3,
            )
            if rows
            else 0.0,
            "insufficient": round(
                sum(1 for r in rows if r.score is None and r.words < scorer.MIN_WORDS) / len(rows),
                3,
            )
            if rows
            else 0.0,
        },
        "cpu_seconds_per_answer": {
            "mean": round(float(np.mean(list(cpu.values()))), 3) if cpu else None,
            "max": round(float(np.max(list(cpu.values()))), 3) if cpu else None,
        },
    }
    partial = partial_spearman(scores, ratings, word_counts)
    figures["partial_rho_word_count"] = None if partial is None else round(partial, 3)
    per_rating: dict[int, list[int]] = defaultdict(list)
    for r in scored:
        per_rating[round(r.rating)].append(r.score)
    figures["mean_score_per_rating"] = {
        str(k): round(float(np.mean(v)), 1) for k, v in sorted(per_rating.items())
    }
    if any(r.kind for r in rows):
        per_kind: dict[str, list[int]] = defaultdict(list)
        for r in scored:
            per_kind[r.kind].append(r.score)
        figures["mean_score_per_kind"] = {
            k: round(float(np.mean(v)), 1) for k, v in sorted(per_kind.items())
        }
        figures["gaming_order"] = gaming_order(rows)
    variants = variant_deltas(rows, data["answers"])
    if variants:
        figures["variants"] = variants
    if bare is not None:
        pairs = {(r.answer, r.competency): r.score for r in bare}
        changes = [
            abs(r.score - pairs[(r.answer, r.competency)])
            for r in rows
            if r.score is not None and pairs.get((r.answer, r.competency)) is not None
        ]
        figures["punctuation_removed"] = {
            "mean_abs": round(float(np.mean(changes)), 1) if changes else None,
            "max_abs": max(changes) if changes else None,
            "pairs": len(changes),
        }
    units = [
        list(values) for a in data["answers"] for values in (a.get("rater_ratings") or {}).values()
    ]
    alpha = krippendorff_interval(units) if units else None
    if alpha is not None:
        figures["krippendorff_alpha_interval"] = alpha
    figures["targets"] = _targets(figures)
    return figures


def _targets(figures: dict) -> dict[str, bool | None]:
    rho, base, partial = (
        figures["rho"],
        figures["word_count_rho"],
        figures["partial_rho_word_count"],
    )
    checks: dict[str, bool | None] = {
        "rho >= 0.70": None if rho is None else rho >= TARGETS["rho"],
        "rho >= word count + 0.15": None
        if rho is None or base is None
        else rho >= base + TARGETS["over_baseline"],
        "partial rho >= 0.45": None if partial is None else partial >= TARGETS["partial_rho"],
    }
    gaming = figures.get("gaming_order", {})
    required = [gaming[k]["correct"] for k in ADVERSARIAL_KINDS if k in gaming]
    checks["gaming answers below every strong one"] = (
        all(share == 1.0 for share in required) if required else None
    )
    variants = figures.get("variants", {})
    if "paraphrase" in variants:
        checks["paraphrase <= 8"] = variants["paraphrase"]["mean_abs"] <= TARGETS["paraphrase"]
    for kind in ("non_native", "dialect", "formal"):
        if kind in variants:
            checks[f"{kind} <= 5"] = variants[kind]["mean_abs"] <= TARGETS["rendering"]
    bare = figures.get("punctuation_removed", {}).get("mean_abs")
    if bare is not None:
        checks["no punctuation <= 8"] = bare <= TARGETS["punctuation"]
    return checks


def rendering_deltas(rows: list[Row], rendered: list[Row], renderings: list[dict]) -> dict:
    """Mean |change| and mean signed change of re-renderings from their originals, per
    variant type (the developer's own dev-only renderings: see benchmarks/eval/README.md)."""
    score_of = {(r.answer, r.competency): r.score for r in rows}
    original_of = {a["id"]: a["variant_of"] for a in renderings}
    kind_of = {a["id"]: a["kind"] for a in renderings}
    changes: dict[str, list[int]] = defaultdict(list)
    for row in rendered:
        before = score_of.get((original_of[row.answer], row.competency))
        if before is not None and row.score is not None:
            changes[kind_of[row.answer]].append(row.score - before)
    return {
        kind: {
            "mean_abs": round(float(np.mean(np.abs(values))), 1),
            "mean_signed": round(float(np.mean(values)), 1),
            "pairs": len(values),
        }
        for kind, values in sorted(changes.items())
    }
