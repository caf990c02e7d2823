"""Scoring validity benchmark: AI scores against the raters' ratings on any rated set.

    .venv/bin/python benchmarks/scoring_eval.py --set benchmarks/eval [--split dev|test|all]
        [--out FILE] [--log] [--renderings FILE]

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
`--renderings FILE` also scores re-renderings of the selected answers (the developer's own,
dev-only: never with --log) and prints how far they move from their originals.

The pieces live in benchmarks/evaluation/ (sets, stats, figures, report); their names are
re-exported here for the callers that import this module.
"""

import argparse
import json
import re
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.evaluation import report  # noqa: E402  (after sys.path)
from benchmarks.evaluation.figures import (  # noqa: E402
    ADVERSARIAL_KINDS,
    GAMING_KINDS,
    STRONG_RATING,
    TARGETS,
    VARIANT_TYPES,
    Row,
    evaluate,
    gaming_order,
    rendering_deltas,
    variant_deltas,
)
from benchmarks.evaluation.sets import (  # noqa: E402
    competency_specs,
    renderings,
    select_split,
)
from benchmarks.evaluation.sets import load_set as _load_set  # noqa: E402
from benchmarks.evaluation.stats import (  # noqa: E402
    BOOTSTRAP,
    SEED,
    average_ranks,
    bootstrap_interval,
    krippendorff_interval,
    partial_spearman,
    spearman,
)
from scoring import scorer  # noqa: E402

EVAL_DIR = ROOT / "benchmarks" / "eval"
README = EVAL_DIR / "README.md"
LOG_HEADING = report.LOG_HEADING

__all__ = [
    "ADVERSARIAL_KINDS",
    "BOOTSTRAP",
    "GAMING_KINDS",
    "SEED",
    "STRONG_RATING",
    "TARGETS",
    "VARIANT_TYPES",
    "Row",
    "average_ranks",
    "bootstrap_interval",
    "competency_specs",
    "evaluate",
    "gaming_order",
    "krippendorff_interval",
    "load_set",
    "partial_spearman",
    "rendering_deltas",
    "renderings",
    "score_set",
    "select_split",
    "spearman",
    "variant_deltas",
]


def load_set(path: Path = EVAL_DIR) -> dict:
    return _load_set(path)


def strip_punctuation(text: str) -> str:
    """A transcript as speech recognition sometimes returns it: no punctuation, no capitals."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s']", " ", text)).strip().lower()


def score_set(data: dict, transform=None, answers=None) -> tuple[list[Row], dict[str, float]]:
    """Rows for every rated pair (of `answers`, by default the set's), and the CPU seconds
    each answer took."""
    specs = {key: competency_specs(p) for key, p in data["profiles"].items()}
    questions = {q["id"]: q for q in data["questions"]}
    rows, cpu = [], {}
    for answer in data["answers"] if answers is None else answers:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=EVAL_DIR, dest="path")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--log", action="store_true", help="append to the README's run log")
    parser.add_argument("--no-punctuation-check", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="print every pair")
    parser.add_argument("--renderings", type=Path, help="dev-only re-renderings to score too")
    args = parser.parse_args(argv)
    if args.renderings and args.log:
        parser.error("--renderings are the developer's own data: they are never logged")

    data = select_split(load_set(args.path), args.split)
    rows, cpu = score_set(data)
    bare = None if args.no_punctuation_check else score_set(data, strip_punctuation)[0]
    figures = evaluate(data, rows, cpu, bare)
    if args.renderings:
        extra = renderings(data, args.renderings)
        figures["renderings"] = rendering_deltas(rows, score_set(data, None, extra)[0], extra)
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
    report.print_report(data, rows, figures, header, args.verbose)
    if args.out:
        # The instructions for use read `overall`, `adversarial_violations`, `scorer_version`
        # and `pass` from this file (compliance/transparency.py).
        wrong = [
            {"kind": kind, "pair": pair}
            for kind in ADVERSARIAL_KINDS
            for pair in figures.get("gaming_order", {}).get(kind, {}).get("wrong", [])
        ]
        out = {
            **header,
            **figures,
            "scorer_version": header["scorer"],
            "overall": {"rho": figures["rho"], "pairs": figures["scored_pairs"]},
            "adversarial_violations": wrong,
            "pass": all(ok is not False for ok in figures["targets"].values()),
            "rows": [asdict(r) for r in rows],
        }
        args.out.write_text(json.dumps(out, indent=2) + "\n")
    if args.log:
        report.append_log(report.log_line(header, figures), README)
    return 0


if __name__ == "__main__":
    sys.exit(main())
