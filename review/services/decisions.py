"""Decisions on candidates: always a named person with a reason; nothing decides alone."""

from typing import Any

from django.db import transaction

from interviews.models import Decision, DecisionOutcome, Invitation
from palantrix import audit, events
from palantrix.audit import Actor
from palantrix.errors import DomainError, InvalidField

from . import outcomes


@transaction.atomic
def decision_record(
    *,
    invitation: Invitation,
    actor: Actor,
    outcome: str,
    reason: str,
    api_key: Any = None,
    email: str = "",
) -> Decision:
    """`actor` is the person who decides; `api_key`, when they decided through the API.

    `email` "yes" or "no" says whether the candidate is told by email (after the grace
    period); "" follows the organisation's default for the outcome. A new decision
    withdraws the earlier one's email if it is still waiting."""
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
    outcomes.outcome_emails_withdraw_pending(invitation=invitation, actor=actor)
    if outcomes.outcome_email_wanted(
        organization=invitation.organization, outcome=outcome, choice=email
    ):
        outcomes.outcome_email_schedule(decision=decision, actor=actor)
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
