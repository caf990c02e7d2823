"""Scoring accuracy benchmark: AI scores against human ratings on the rated evaluation set.

    .venv/bin/python benchmarks/scoring_eval.py [--output benchmarks/eval/latest.json]

Scores every answer in benchmarks/eval/eval_set.json for the competencies its question
targets, with the profile in benchmarks/eval/profile.json, using scoring.scorer.score_answer
(plain Python, no database). Prints the Spearman correlation of scores with ratings overall,
per question, per competency and per answer kind, the mean score per rating, the adversarial
check (every keyword-stuffed or off-topic answer must score below every answer rated 4 or 5
on the same competency of the same question), how the very short answers fared, and a
PASS/FAIL against the targets. Writes the figures, the date and the scorer and embedding
model versions to benchmarks/eval/latest.json. See benchmarks/eval/README.md for how the set
was built and its limits.
"""

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring import embeddings, scorer  # noqa: E402  (after sys.path)

EVAL_DIR = ROOT / "benchmarks" / "eval"
TARGET_RHO = 0.7
ADVERSARIAL_KINDS = ("keyword_stuffed", "off_topic")
KINDS = ("normal", "non_native", "keyword_stuffed", "off_topic", "very_short")
STRONG_RATING = 4


@dataclass(frozen=True)
class Row:
    answer: str
    question: str
    kind: str
    competency: str
    rating: int
    score: int | None
    words: int


def load_set(directory: Path = EVAL_DIR) -> dict:
    """The evaluation set with its profile and rubrics resolved."""
    data = json.loads((directory / "eval_set.json").read_text())
    data["profile"] = json.loads((directory / data["profile"]).read_text())
    data["rubrics"] = json.loads((directory / data["rubrics"]).read_text())
    return data


def competency_specs(profile: dict) -> dict[str, scorer.CompetencySpec]:
    return {
        c["key"]: scorer.CompetencySpec(
            key=c["key"],
            name=c["name"],
            description=c["description"],
            weight=c["weight"],
            strong_examples=tuple(c["strong_examples"]),
            weak_examples=tuple(c["weak_examples"]),
        )
        for c in profile["competencies"]
    }


def score_set(data: dict) -> list[Row]:
    specs = competency_specs(data["profile"])
    questions = {q["id"]: q for q in data["questions"]}
    rows = []
    for answer in data["answers"]:
        question = questions[answer["question"]]
        results = scorer.score_answer(
            text=answer["text"],
            question=question["text"],
            competencies=[specs[key] for key in question["competencies"]],
            # The interview's other questions: an answer to one of them is off-topic here.
            other_questions=tuple(q["text"] for q in data["questions"] if q is not question),
        )
        for result in results:
            rows.append(
                Row(
                    answer=answer["id"],
                    question=question["id"],
                    kind=answer["kind"],
                    competency=result.key,
                    rating=answer["ratings"][result.key]["rating"],
                    score=None if result.insufficient else result.score,
                    words=len(scorer.words(answer["text"])),
                )
            )
    return rows


def average_ranks(values: list[float]) -> np.ndarray:
    """Ranks from 1, ties sharing the mean of the ranks they span."""
    array = np.asarray(values, dtype=float)
    order = np.argsort(array, kind="mergesort")
    ranks = np.empty(len(array))
    start = 0
    while start < len(array):
        end = start
        while end + 1 < len(array) and array[order[end + 1]] == array[order[start]]:
            end += 1
        ranks[order[start : end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Spearman's rho (Pearson on average ranks); None when undefined (n < 3 or a constant)."""
    if len(xs) < 3:
        return None
    rx, ry = average_ranks(xs), average_ranks(ys)
    if rx.std() == 0 or ry.std() == 0:
        return None
    return float(np.corrcoef(rx, ry)[0, 1])


def rho_of(rows: list[Row]) -> dict:
    scored = [r for r in rows if r.score is not None]
    rho = spearman([r.score for r in scored], [r.rating for r in scored])
    return {"rho": None if rho is None else round(rho, 3), "pairs": len(scored)}


def grouped_rho(rows: list[Row], field: str) -> dict[str, dict]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, field)].append(row)
    return {key: rho_of(group) for key, group in sorted(groups.items())}


def mean_score_per_rating(rows: list[Row]) -> dict[str, dict]:
    levels: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        if row.score is not None:
            levels[row.rating].append(row.score)
    return {
        str(level): {"mean": round(float(np.mean(scores)), 1), "pairs": len(scores)}
        for level, scores in sorted(levels.items())
    }


def adversarial_violations(rows: list[Row]) -> list[dict]:
    """Each (adversarial, strong) pair of one question and competency not ranked strictly below.

    An adversarial answer given no score ('insufficient evidence') ranks below everything; a
    strong answer given no score cannot be shown to rank above anything, so it counts against.
    """
    violations = []
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        groups[(row.question, row.competency)].append(row)
    for (question, competency), group in sorted(groups.items()):
        strong = [r for r in group if r.rating >= STRONG_RATING]
        gamed = [r for r in group if r.kind in ADVERSARIAL_KINDS and r.score is not None]
        for bad in gamed:
            for good in strong:
                if good.score is None or bad.score >= good.score:
                    violations.append(
                        {
                            "question": question,
                            "competency": competency,
                            "adversarial": bad.answer,
                            "kind": bad.kind,
                            "adversarial_score": bad.score,
                            "strong": good.answer,
                            "strong_rating": good.rating,
                            "strong_score": good.score,
                        }
                    )
    return violations


def very_short_check(rows: list[Row]) -> dict:
    answers = {r.answer: r for r in rows if r.kind == "very_short"}
    under = [r for r in answers.values() if r.words < scorer.MIN_WORDS]
    insufficient = [r for r in answers.values() if r.score is None]
    unexpected = sorted(
        r.answer for r in answers.values() if (r.score is None) != (r.words < scorer.MIN_WORDS)
    )
    return {
        "answers": len(answers),
        "insufficient": len(insufficient),
        "under_min_words": len(under),
        "min_words": scorer.MIN_WORDS,
        "as_expected": not unexpected,
        "unexpected": unexpected,
    }


def evaluate(rows: list[Row]) -> dict:
    overall = rho_of(rows)
    violations = adversarial_violations(rows)
    rho_ok = overall["rho"] is not None and overall["rho"] >= TARGET_RHO
    return {
        "overall": overall,
        "per_question": grouped_rho(rows, "question"),
        "per_competency": grouped_rho(rows, "competency"),
        "per_kind": {kind: rho_of([r for r in rows if r.kind == kind]) for kind in KINDS},
        "mean_score_per_rating": mean_score_per_rating(rows),
        "adversarial_violations": violations,
        "very_short": very_short_check(rows),
        "targets": {"rho": TARGET_RHO, "adversarial_violations": 0},
        "passed": {"rho": rho_ok, "adversarial": not violations},
        "pass": rho_ok and not violations,
    }


def fingerprint(directory: Path = EVAL_DIR) -> str:
    digest = hashlib.sha256()
    for name in ("eval_set.json", "profile.json", "rubrics.json"):
        digest.update((directory / name).read_bytes())
    return digest.hexdigest()[:16]


def _rho(figure: dict) -> str:
    rho = "n/a (undefined)" if figure["rho"] is None else f"{figure['rho']:+.3f}"
    return f"{rho}  ({figure['pairs']} pairs)"


def print_report(rows: list[Row], figures: dict, header: dict) -> None:
    print(f"Scorer: {header['scorer_version']}")
    print(f"Embeddings: {header['model_version']}")
    print(f"Eval set: version {header['eval_set_version']} ({header['eval_set_sha256']})")
    print()
    print("answer   kind             competency       rating  score  words")
    for row in rows:
        score = "insuff." if row.score is None else f"{row.score:>7}"
        print(
            f"{row.answer:<8} {row.kind:<16} {row.competency:<16} {row.rating:>6}  {score}"
            f"  {row.words:>5}"
        )
    print()
    print(f"Spearman rho, all scored pairs: {_rho(figures['overall'])}")
    for title, key in (
        ("per question", "per_question"),
        ("per competency", "per_competency"),
        ("per answer kind", "per_kind"),
    ):
        print(f"Spearman rho {title}:")
        for name, figure in figures[key].items():
            print(f"  {name:<16} {_rho(figure)}")
    print("Mean score per rating:")
    for level, figure in figures["mean_score_per_rating"].items():
        print(f"  {level}: {figure['mean']:>5}  ({figure['pairs']} pairs)")
    violations = figures["adversarial_violations"]
    print(
        "Adversarial check (every keyword_stuffed/off_topic answer below every answer "
        f"rated >= {STRONG_RATING}, same question and competency): "
        f"{'OK' if not violations else f'{len(violations)} violation(s)'}"
    )
    for v in violations:
        print(
            f"  {v['question']} {v['competency']}: {v['adversarial']} ({v['kind']}) scored "
            f"{v['adversarial_score']} >= {v['strong']} (rated {v['strong_rating']}) scored "
            f"{v['strong_score']}"
        )
    short = figures["very_short"]
    print(
        f"Very short answers: {short['insufficient']} of {short['answers']} 'insufficient "
        f"evidence'; {short['under_min_words']} are under {short['min_words']} words; "
        f"{'as expected' if short['as_expected'] else 'NOT as expected: ' + ', '.join(short['unexpected'])}"  # noqa: E501
    )
    passed = figures["passed"]
    print()
    print(
        f"Target rho >= {TARGET_RHO}: {'PASS' if passed['rho'] else 'FAIL'}; "
        f"no adversarial answer above a strong one: {'PASS' if passed['adversarial'] else 'FAIL'}"
    )
    print("RESULT:", "PASS" if figures["pass"] else "FAIL")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=EVAL_DIR / "latest.json")
    args = parser.parse_args()

    data = load_set()
    rows = score_set(data)
    figures = evaluate(rows)
    header = {
        "date": datetime.now(UTC).date().isoformat(),
        "scorer_version": scorer.SCORER_VERSION,
        "model_version": embeddings.model_version(),
        "eval_set_version": data["version"],
        "eval_set_sha256": fingerprint(),
    }
    print_report(rows, figures, header)
    report = {**header, **figures, "rows": [asdict(row) for row in rows]}
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    return 0 if figures["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
