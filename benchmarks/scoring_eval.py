"""Scoring validity benchmark: AI scores against the raters' ratings on any rated set.

    .venv/bin/python benchmarks/scoring_eval.py --set benchmarks/eval [--split dev|test|all]
        [--out FILE] [--log]

PATH is a directory holding `set.json` (the v3 format, see benchmarks/eval/README.md) or the
first set's `eval_set.json` with `profile.json` and `rubrics.json`, or a JSON file in either
format. Every answer is scored with scoring.scorer.score_answer (plain Python, no database)
for the competencies its question targets. Printed: Spearman rho of score against the mean
rating with a bootstrap 95 % interval, the word-count baseline, rho partialled on word count,
the share of (gaming answer, answer rated >= 4 to the same question) pairs ordered correctly
per gaming kind, the mean score per kind, the mean change between variants and their
originals, the mean change when punctuation is removed, coverage, CPU seconds per answer,
and Krippendorff's alpha of the raters. Sections a set cannot support (no kinds, no variants,
one rater) are skipped. `--log` appends the figures to the run log in
benchmarks/eval/README.md: each test-half run is logged there, once per scorer version.
"""

import argparse
import hashlib
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring import scorer  # noqa: E402  (after sys.path)

EVAL_DIR = ROOT / "benchmarks" / "eval"
README = EVAL_DIR / "README.md"
LOG_HEADING = "## Run log"
GAMING_KINDS = ("keyword_stuffed", "generic", "off_topic", "weak_echo")
# The kinds the target requires below every strong answer (weak_echo is reported too).
ADVERSARIAL_KINDS = ("keyword_stuffed", "generic", "off_topic")
VARIANT_TYPES = ("paraphrase", "non_native", "dialect", "formal")
STRONG_RATING = 4
BOOTSTRAP = 2000
SEED = 20240615
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


# --- loading ---------------------------------------------------------------------------------


def _anchors(value) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, dict):
        return tuple(str(value[str(level)]) for level in range(1, 6))
    return tuple(str(text) for text in value)


def _rating(value) -> float:
    return float(value["rating"] if isinstance(value, dict) else value)


def load_set(path: Path = EVAL_DIR) -> dict:
    """Any rated set, normalised: profiles by key, questions, answers with float ratings."""
    path = Path(path)
    if path.is_dir():
        candidates = [path / "set.json", path / "eval_set.json"]
        found = next((c for c in candidates if c.exists()), None)
        if found is None:
            raise SystemExit(f"No set.json or eval_set.json in {path}")
        path = found
    raw_bytes = path.read_bytes()
    data = json.loads(raw_bytes)
    digest = hashlib.sha256(raw_bytes)
    if "profiles" in data:
        profiles = data["profiles"]
    else:  # the first set's format: one profile file, rubrics as anchors
        profile = data["profile"]
        if isinstance(profile, str):
            profile_path = path.parent / profile
            digest.update(profile_path.read_bytes())
            profile = json.loads(profile_path.read_text())
        rubrics = data.get("rubrics") or {}
        if isinstance(rubrics, str):
            rubrics_path = path.parent / rubrics
            digest.update(rubrics_path.read_bytes())
            rubrics = json.loads(rubrics_path.read_text())
        competencies = []
        for competency in profile["competencies"]:
            rubric = rubrics.get(competency["key"])
            competencies.append(
                {**competency, "anchors": competency.get("anchors") or rubric or {}}
            )
        profiles = [{**profile, "key": profile.get("key", "profile"), "competencies": competencies}]
    default_profile = profiles[0]["key"]
    questions = [
        {
            **q,
            "profile": q.get("profile", default_profile),
            "type": q.get("type", "behavioural"),
            "split": q.get("split"),
        }
        for q in data["questions"]
    ]
    answers = [
        {
            **a,
            "kind": a.get("kind"),
            "variant_of": a.get("variant_of"),
            "variant": a.get("variant"),
            "ratings": {key: _rating(value) for key, value in a["ratings"].items()},
        }
        for a in data["answers"]
    ]
    return {
        "name": data.get("name", path.parent.name if path.name != "dev.json" else path.stem),
        "version": data.get("version", "?"),
        "path": str(path),
        "sha256": digest.hexdigest()[:16],
        "profiles": {p["key"]: p for p in profiles},
        "questions": questions,
        "answers": answers,
    }


def select_split(data: dict, split: str) -> dict:
    if split == "all":
        return data
    questions = [q for q in data["questions"] if q["split"] == split]
    if not any(q["split"] for q in data["questions"]):
        print(f"note: this set has no split; --split {split} evaluates all of it")
        return data
    ids = {q["id"] for q in questions}
    return {
        **data,
        "questions": questions,
        "answers": [a for a in data["answers"] if a["question"] in ids],
    }


def competency_specs(profile: dict) -> dict[str, scorer.CompetencySpec]:
    return {
        c["key"]: scorer.CompetencySpec(
            key=c["key"],
            name=c["name"],
            description=c["description"],
            weight=c.get("weight", 1),
            strong_examples=tuple(c.get("strong_examples", ())),
            weak_examples=tuple(c.get("weak_examples", ())),
            anchors=_anchors(c.get("anchors")),
        )
        for c in profile["competencies"]
    }


# --- scoring ---------------------------------------------------------------------------------


def strip_punctuation(text: str) -> str:
    """A transcript as speech recognition sometimes returns it: no punctuation, no capitals."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s']", " ", text)).strip().lower()


def score_set(data: dict, transform=None) -> tuple[list[Row], dict[str, float]]:
    """Rows for every rated pair, and the CPU seconds each answer took."""
    specs = {key: competency_specs(p) for key, p in data["profiles"].items()}
    questions = {q["id"]: q for q in data["questions"]}
    rows, cpu = [], {}
    for answer in data["answers"]:
        question = questions[answer["question"]]
        profile_specs = specs[question["profile"]]
        text = transform(answer["text"]) if transform else answer["text"]
        keys = [k for k in question["competencies"] if k in answer["ratings"]]
        started = time.process_time()
        results = scorer.score_answer(
            text=text,
            question=question["text"],
            competencies=[profile_specs[key] for key in keys],
            # The interview's other questions: an answer to one of them is off-topic here.
            other_questions=tuple(
                q["text"]
                for q in data["questions"]
                if q is not question and q["profile"] == question["profile"]
            ),
            question_type=question["type"],
        )
        cpu[answer["id"]] = time.process_time() - started
        for result in results:
            rows.append(
                Row(
                    answer=answer["id"],
                    question=question["id"],
                    kind=answer["kind"] or "",
                    competency=result.key,
                    rating=answer["ratings"][result.key],
                    score=result.score,
                    words=len(scorer.words(answer["text"])),
                    level=result.level,
                    review=result.review_reason or result.reason,
                )
            )
    return rows, cpu


# --- statistics ------------------------------------------------------------------------------


def average_ranks(values) -> np.ndarray:
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


def spearman(xs, ys) -> float | None:
    """Spearman's rho (Pearson on average ranks); None when undefined (n < 3 or a constant)."""
    if len(xs) < 3:
        return None
    rx, ry = average_ranks(xs), average_ranks(ys)
    if rx.std() == 0 or ry.std() == 0:
        return None
    return float(np.corrcoef(rx, ry)[0, 1])


def partial_spearman(xs, ys, zs) -> float | None:
    """Spearman's rho of xs and ys with zs (word count) partialled out."""
    rxy, rxz, ryz = spearman(xs, ys), spearman(xs, zs), spearman(ys, zs)
    if None in (rxy, rxz, ryz) or abs(rxz) >= 1 or abs(ryz) >= 1:
        return None
    return float((rxy - rxz * ryz) / np.sqrt((1 - rxz**2) * (1 - ryz**2)))


def bootstrap_interval(rows: list[Row], seed: int = SEED) -> tuple[float, float] | None:
    """95 % interval of rho, resampling answers (an answer's pairs move together)."""
    by_answer: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_answer[row.answer].append(row)
    keys = sorted(by_answer)
    if len(keys) < 5:
        return None
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(BOOTSTRAP):
        picked = [r for k in rng.choice(keys, size=len(keys)) for r in by_answer[k]]
        rho = spearman([r.score for r in picked], [r.rating for r in picked])
        if rho is not None:
            values.append(rho)
    if not values:
        return None
    low, high = np.percentile(values, [2.5, 97.5])
    return round(float(low), 3), round(float(high), 3)


def krippendorff_interval(units: list[list[float]]) -> float | None:
    """Krippendorff's alpha for interval data; units are the ratings of one rated pair."""
    units = [[float(v) for v in u if v is not None] for u in units]
    units = [u for u in units if len(u) >= 2]
    values = [v for u in units for v in u]
    n = len(values)
    if n < 2:
        return None
    observed = sum(sum((a - b) ** 2 for a in u for b in u) / (len(u) - 1) for u in units) / n
    expected = sum((a - b) ** 2 for a in values for b in values) / (n * (n - 1))
    if expected == 0:
        return None
    return round(1 - observed / expected, 3)


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


# --- output ----------------------------------------------------------------------------------


def print_report(data: dict, rows: list[Row], figures: dict, header: dict, verbose: bool):
    print(f"Scorer: {header['scorer']} ({header['method']})")
    print(f"Embeddings: {header['embedding_model']} sha256 {header['embedding_sha256'][:16]}")
    print(
        f"Set: {header['set']} version {header['set_version']} ({header['set_sha256']}), "
        f"split {header['split']}"
    )
    if verbose:
        print("\nanswer          kind             competency        rating  score level words")
        for r in rows:
            score = "review" if r.score is None else f"{r.score:>6}"
            print(
                f"{r.answer:<15} {r.kind:<16} {r.competency:<17} {r.rating:>6.2f} {score} "
                f"{r.level if r.level is not None else '-':>5} {r.words:>5}"
            )
    print()
    f = figures
    print(f"Answers: {f['answers']}, pairs: {f['pairs']} (scored {f['scored_pairs']})")
    ci = f["rho_ci95"]
    print(f"Spearman rho, score vs mean rating: {f['rho']}  95% CI {ci}")
    print(f"Word-count baseline rho: {f['word_count_rho']}")
    print(f"Rho partialled on word count: {f['partial_rho_word_count']}")
    print(f"Mean score per rating: {f['mean_score_per_rating']}")
    if "mean_score_per_kind" in f:
        print("Mean score per kind:")
        for kind, value in f["mean_score_per_kind"].items():
            print(f"  {kind:<18} {value}")
        print(f"Gaming answers below answers rated >= {STRONG_RATING} (same question, competency):")
        for kind, g in f["gaming_order"].items():
            print(
                f"  {kind:<18} {g['correct']:.3f} of {g['pairs']} pairs"
                + (f"; wrong: {', '.join(g['wrong'][:6])}" if g["wrong"] else "")
            )
    if "variants" in f:
        print("Mean |change| of variants from their originals:")
        for kind, v in f["variants"].items():
            print(f"  {kind:<18} {v['mean_abs']} ({v['pairs']} pairs)")
    if "punctuation_removed" in f:
        p = f["punctuation_removed"]
        print(
            f"Mean |change| without punctuation: {p['mean_abs']} (max {p['max_abs']}, "
            f"{p['pairs']} pairs)"
        )
    c = f["coverage"]
    print(f"Sent to review: {c['needs_review']:.1%}; insufficient: {c['insufficient']:.1%}")
    cpu = f["cpu_seconds_per_answer"]
    print(f"CPU seconds per answer: mean {cpu['mean']}, max {cpu['max']}")
    if "krippendorff_alpha_interval" in f:
        print(
            f"Raters' agreement, Krippendorff's alpha (interval): "
            f"{f['krippendorff_alpha_interval']}"
        )
    print("Targets:")
    for name, ok in f["targets"].items():
        print(f"  {name:<40} {'n/a' if ok is None else 'PASS' if ok else 'FAIL'}")


def log_line(header: dict, figures: dict) -> str:
    f = figures
    gaming = ", ".join(f"{k} {v['correct']:.2f}" for k, v in f.get("gaming_order", {}).items())
    variants = ", ".join(f"{k} {v['mean_abs']}" for k, v in f.get("variants", {}).items())
    bare = f.get("punctuation_removed", {}).get("mean_abs")
    return (
        f"| {header['date']} | {header['scorer']} / {header['method']} | {header['set']} "
        f"v{header['set_version']} ({header['set_sha256']}) | {header['split']} | "
        f"{f['answers']} / {f['pairs']} | {f['rho']} {f['rho_ci95']} | {f['word_count_rho']} | "
        f"{f['partial_rho_word_count']} | {gaming or '-'} | {variants or '-'} | "
        f"{bare if bare is not None else '-'} | {f['coverage']['needs_review']:.1%} | "
        f"{f['cpu_seconds_per_answer']['mean']} |"
    )


def append_log(line: str, readme: Path = README) -> None:
    text = readme.read_text()
    if LOG_HEADING not in text:
        text = text.rstrip("\n") + (
            f"\n\n{LOG_HEADING}\n\n"
            "| date | scorer / method | set | split | answers / pairs | rho [95% CI] | "
            "word count rho | partial rho | gaming below strong | variants mean abs change | "
            "no punctuation | review | CPU s/answer |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        )
    readme.write_text(text.rstrip("\n") + "\n" + line + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=EVAL_DIR, dest="path")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--log", action="store_true", help="append to the README's run log")
    parser.add_argument("--no-punctuation-check", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="print every pair")
    args = parser.parse_args(argv)

    data = select_split(load_set(args.path), args.split)
    rows, cpu = score_set(data)
    bare = None if args.no_punctuation_check else score_set(data, strip_punctuation)[0]
    figures = evaluate(data, rows, cpu, bare)
    fingerprint = scorer.model_fingerprint()
    header = {
        "date": datetime.now(UTC).date().isoformat(),
        "scorer": scorer.SCORER_VERSION,
        "method": scorer.METHOD_VERSION,
        "embedding_model": fingerprint["embedding_model"],
        "embedding_sha256": fingerprint["embedding_sha256"],
        "set": data["name"],
        "set_version": data["version"],
        "set_sha256": data["sha256"],
        "split": args.split,
    }
    print_report(data, rows, figures, header, args.verbose)
    if args.out:
        # The instructions for use read `overall`, `adversarial_violations`, `scorer_version`
        # and `pass` from this file (compliance/transparency.py).
        wrong = [
            {"kind": kind, "pair": pair}
            for kind in ADVERSARIAL_KINDS
            for pair in figures.get("gaming_order", {}).get(kind, {}).get("wrong", [])
        ]
        report = {
            **header,
            **figures,
            "scorer_version": header["scorer"],
            "overall": {"rho": figures["rho"], "pairs": figures["scored_pairs"]},
            "adversarial_violations": wrong,
            "pass": all(ok is not False for ok in figures["targets"].values()),
            "rows": [asdict(r) for r in rows],
        }
        args.out.write_text(json.dumps(report, indent=2) + "\n")
    if args.log:
        append_log(log_line(header, figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
