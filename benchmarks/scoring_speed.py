"""CPU time of the scorer per answer, on the longest answers of a rated set.

    .venv/bin/python benchmarks/scoring_speed.py [--set benchmarks/eval] [--split dev|test|all]
        [--answers 5]

Process time (user + system CPU of this process) of one score_answer call, with torch held
to 2 threads as on a worker, for the longest answers of the set (and each answer doubled, as
a long rambling answer), after one warm-up call that loads the model. The budget is 30 s
per answer on 2 cores.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import scoring_eval  # noqa: E402  (after sys.path)
from scoring import scorer  # noqa: E402

BUDGET_SECONDS = 30.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=scoring_eval.EVAL_DIR, dest="path")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--answers", type=int, default=5)
    args = parser.parse_args(argv)

    os.environ.setdefault("OMP_NUM_THREADS", "2")
    import torch

    torch.set_num_threads(2)
    data = scoring_eval.select_split(scoring_eval.load_set(args.path), args.split)
    specs = {key: scoring_eval.competency_specs(p) for key, p in data["profiles"].items()}
    questions = {q["id"]: q for q in data["questions"]}
    longest = sorted(data["answers"], key=lambda a: -len(a["text"]))[: args.answers]

    def run(answer: dict, text: str) -> float:
        question = questions[answer["question"]]
        started = time.process_time()
        scorer.score_answer(
            text=text,
            question=question["text"],
            competencies=[specs[question["profile"]][k] for k in question["competencies"]],
            other_questions=tuple(q["text"] for q in data["questions"] if q is not question),
            question_type=question["type"],
        )
        return time.process_time() - started

    run(longest[0], longest[0]["text"])  # loads the model once, as a worker does
    print(f"Scorer: {scorer.SCORER_VERSION} ({scorer.METHOD_VERSION}); torch threads 2")
    print("answer          words  CPU s  CPU s (doubled answer)")
    worst = 0.0
    for answer in longest:
        single = run(answer, answer["text"])
        double = run(answer, answer["text"] + " " + answer["text"])
        worst = max(worst, single, double)
        words = len(scorer.words(answer["text"]))
        print(f"{answer['id']:<15} {words:>5}  {single:5.2f}  {double:5.2f}")
    verdict = "within" if worst <= BUDGET_SECONDS else "OVER"
    print(f"Worst: {worst:.2f} s per answer, {verdict} the {BUDGET_SECONDS:.0f} s budget")
    return 0 if worst <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
