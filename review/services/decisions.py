"""Decisions on candidates: always a named person with a reason; nothing decides alone."""

from typing import Any

from django.db import transaction

from interviews.models import Decision, DecisionOutcome, Invitation
from palantrix import audit, events
from palantrix.audit import Actor
from palantrix.errors import DomainError, InvalidField


@transaction.atomic
def decision_record(
    *, invitation: Invitation, actor: Actor, outcome: str, reason: str, api_key: Any = None
) -> Decision:
    """`actor` is the person who decides; `api_key`, when they decided through the API."""
    if not getattr(actor, "is_authenticated", False):
        raise DomainError("Only a person can decide.")
    if outcome not in DecisionOutcome.values:
        raise DomainError("Choose advance, hold or reject.")
    reason = audit.reason_check(reason)
    if not reason:
        raise InvalidField("reason", "Give the reason for the decision.")
    decision = Decision.objects.create(
        organization=invitation.organization,
        invitation=invitation,
        outcome=outcome,
        reason=reason,
        decided_by=actor,
    )
    events.publish(
        events.Event(
            organization=invitation.organization,
            actor=actor,
            action="interviews.candidate.decided",
            target=invitation,
            data={
                "outcome": outcome,
                "reason": reason,
                **({"api_key": str(api_key.public_id)} if api_key is not None else {}),
            },
            payload={
                "interview": str(invitation.public_id),
                "job": str(invitation.job.public_id),
                "decision": str(decision.public_id),
                "outcome": outcome,
            },
        )
    )
    return decision
