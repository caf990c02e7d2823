"""Whether the AI may score for a job now: scoring asks, the rules that govern it answer.

    scoring_block(organization=org, job=job)  # '' when it may, else the plain reason

The rules are the compliance app's (human oversight readiness, the stop switches, NYC Local
Law 144), and so are their records; it registers them in its `AppConfig.ready()`:

    governance.register(ai_scoring_block)

so scoring needs no import of an app above it. With no rule registered the AI does not
score (fail closed): an installation that lost the compliance app must not score unchecked.
"""

from collections.abc import Callable
from typing import Any

from palantrix.models import Organization

Rule = Callable[..., str]  # (*, organization, job) -> '' or the reason

NO_RULES = "AI scoring is off: no governance rules are installed."

_rules: list[Rule] = []


def register(rule: Rule) -> None:
    if rule not in _rules:
        _rules.append(rule)


def scoring_block(*, organization: Organization, job: Any) -> str:
    """'' when the AI may score for this job now, else the first rule's reason why not."""
    if not _rules:
        return NO_RULES
    for rule in _rules:
        reason = rule(organization=organization, job=job)
        if reason:
            return reason
    return ""
