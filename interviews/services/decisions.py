"""Decisions on candidates: always a named person with a reason; nothing decides alone."""

from typing import Any

from django.db import transaction

from compliance import audit
from palantrix.errors import DomainError

from ..models import Decision, DecisionOutcome, Invitation


@transaction.atomic
def decision_record(*, invitation: Invitation, actor: Any, outcome: str, reason: str) -> Decision:
    if not getattr(actor, "is_authenticated", False):
        raise DomainError("Only a person can decide.")
    if outcome not in DecisionOutcome.values:
        raise DomainError("Choose advance, hold or reject.")
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason for the decision.")
    decision = Decision.objects.create(
        organization=invitation.organization,
        invitation=invitation,
        outcome=outcome,
        reason=reason,
        decided_by=actor,
    )
    audit.record(
        organization=invitation.organization,
        actor=actor,
        action="interviews.candidate.decided",
        target=invitation,
        data={"outcome": outcome, "reason": reason[:1000]},
    )
    return decision
