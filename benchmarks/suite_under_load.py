"""The whole test suite, several times in a row, while CPU burners occupy every core.

    .venv/bin/python benchmarks/suite_under_load.py [--runs 3] [--burners N] [-- PYTEST_ARGS]

No test's verdict may depend on how busy the machine is (waits are for a state, and their
deadlines come from settings: tests/waiting.py). This runs `make pytest` `--runs` times while
`--burners` processes (default: one per core) spin at the same priority as the suite, and
prints each run's verdict and wall time beside the same suite's time on the machine as it is
before the burners start (`--baseline`, off by default as it adds one run).

Exit status: 0 when every run passed. The per-run pytest output goes to
test-results/under-load-<n>.log.
"""

import argparse
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "test-results"


def burn() -> None:  # pragma: no cover - runs in the burner processes
    while True:
        pass


def run_suite(label: str, pytest_args: list[str]) -> tuple[bool, float, str]:
    RESULTS.mkdir(exist_ok=True)
    log = RESULTS / f"under-load-{label}.log"
    started = time.monotonic()
    with log.open("w") as out:
        done = subprocess.run(
            ["make", "--no-print-directory", "pytest", f"PYTEST_ARGS={' '.join(pytest_args)}"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    elapsed = time.monotonic() - started
    lines = [line for line in log.read_text().splitlines() if " in " in line and "==" in line]
    summary = lines[-1].strip("= ") if lines else f"exit {done.returncode}"
    return done.returncode == 0, elapsed, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--burners", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--baseline", action="store_true", help="one run before the burners")
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()

    if args.baseline:
        ok, seconds, summary = run_suite("baseline", args.pytest_args)
        print(f"baseline (no burners): {'green' if ok else 'RED'} in {seconds:.0f} s: {summary}")

    burners = [multiprocessing.Process(target=burn, daemon=True) for _ in range(args.burners)]
    for burner in burners:
        burner.start()
    verdicts = []
    try:
        for n in range(1, args.runs + 1):
            ok, seconds, summary = run_suite(str(n), args.pytest_args)
            verdicts.append(ok)
            print(
                f"run {n} with {args.burners} burners on {os.cpu_count()} cores: "
                f"{'green' if ok else 'RED'} in {seconds:.0f} s: {summary}",
                flush=True,
            )
    finally:
        for burner in burners:
            burner.terminate()
    print(f"{sum(verdicts)} of {len(verdicts)} runs green under load")
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
