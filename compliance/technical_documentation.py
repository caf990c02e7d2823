"""The technical documentation (EU AI Act Annex IV), generated like the instructions for use.

`docs/technical-documentation.md` is rendered from `compliance/technical_documentation.md`
with the running configuration (models, versions, the scorer's method and fingerprint) and
the latest evaluation report, so that no figure or version in it is typed by hand.
`python manage.py technical_documentation` writes it; a test fails when the committed file
differs from what the code renders (after a new evaluation or model, run the command).
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from .transparency import configuration, latest_evaluation

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "technical-documentation.md"


def render() -> str:
    text = render_to_string(
        "compliance/technical_documentation.md",
        {"config": configuration(), "evaluation": latest_evaluation()},
    )
    return text.strip() + "\n"


def write() -> Path:
    DOCUMENT.write_text(render())
    return DOCUMENT
