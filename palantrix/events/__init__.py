"""One path for side effects: a service publishes, subscribers run after commit from the outbox.

    events.publish(events.Event(
        organization=org, actor=user, action="interviews.candidate.decided", target=invitation,
        data={"outcome": "advance", "reason": reason},              # into the audit chain
        payload={"interview": str(invitation.public_id), ...},    # for subscribers
    ))

`publish` runs inside the service's transaction: it records the audit event and, when some
app subscribed to the action, writes one outbox row. Both exist exactly when the change does.
After commit a worker runs the subscribers (`outbox.outbox_dispatch`); a beat task picks up
any row whose task was lost or whose subscriber failed, so each subscriber runs at least once
and deduplicates by `message.public_id` (the event id). `data` and `payload` hold ids,
numbers and reasons only, checked like audit data.

Apps subscribe in their `AppConfig.ready()`:

    events.subscribe("interviews.candidate.decided", webhooks.on_event, name="webhooks")

so a domain module never imports the app that reacts to it (the API app's webhooks, say).

Work after commit that is no event, a Celery task to run (an email, a processing step, an
export), goes through the same outbox: `events.later("interviews.send_invitation_email",
organization=org, invitation_id=..., token_id=...)` inside the transaction (see `outbox`).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from palantrix import audit
from palantrix.models import AuditEvent, Organization

from . import outbox
from .outbox import outbox_once as once
from .outbox import outbox_task as later
from .registry import Handler, Subscriber, subscribe, subscribers, topics


@dataclass(frozen=True, kw_only=True)
class Event:
    """Something that happened, as one service saw it inside its transaction."""

    organization: Organization
    actor: audit.Actor
    action: str  # dotted <app>.<entity>.<past-tense> audit code; also the subscribers' topic
    target: models.Model | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    payload: Mapping[str, Any] = field(default_factory=dict)


def publish(event: Event) -> AuditEvent:
    """Record `event` in the audit chain and, if any app subscribed to it, in the outbox.

    Call it inside the service's transaction (it joins it, or makes one)."""
    with transaction.atomic():
        recorded = audit.record(
            organization=event.organization,
            actor=event.actor,
            action=event.action,
            target=event.target,
            data=dict(event.data),
        )
        if subscribers(event.action):
            outbox.outbox_put(
                organization=event.organization, topic=event.action, payload=dict(event.payload)
            )
    return recorded


__all__ = [
    "Event",
    "Handler",
    "Subscriber",
    "later",
    "once",
    "outbox",
    "publish",
    "subscribe",
    "subscribers",
    "topics",
]
