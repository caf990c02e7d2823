"""Scoring asks the governance rules before the AI scores; compliance supplies them."""

import pytest

from compliance.services import ai_scoring_block
from scoring import governance


def test_the_compliance_rules_are_the_ones_scoring_asks():
    assert ai_scoring_block in governance._rules


@pytest.mark.django_db
def test_without_any_rule_the_ai_does_not_score(monkeypatch, org, job):
    monkeypatch.setattr(governance, "_rules", [])

    assert governance.scoring_block(organization=org, job=job) == governance.NO_RULES


@pytest.mark.django_db
def test_the_first_rule_that_objects_gives_the_reason(monkeypatch, org, job):
    monkeypatch.setattr(
        governance,
        "_rules",
        [lambda **_: "", lambda **_: "Stopped by the first objection.", lambda **_: "Not this."],
    )

    assert governance.scoring_block(organization=org, job=job) == "Stopped by the first objection."
