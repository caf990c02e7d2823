"""Writes over API keys, webhook endpoints and deliveries; each is audited."""

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from interviews import media
from interviews.models import Answer, AnswerKind
from palantrix import audit
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import Organization, user_or_none
from palantrix.tokens import token_hash

from .models import ApiKey, WebhookDelivery, WebhookEndpoint
from .ssrf import check_url
from .webhooks import CLAIM_SECONDS, EVENT_TYPES, _enqueue

KEY_PREFIX = "plx_"


def api_key_secret() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def api_key_create(
    *,
    organization: Organization,
    actor: Actor,
    name: str,
    access: str,
    expires_at: datetime | None = None,
    secret: str | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its secret; the secret is returned once and only its hash is kept."""
    name = " ".join(name.split())
    if not name:
        raise DomainError("Give the key a name, e.g. the system that will use it.")
    if access not in ApiKey.Access.values:
        raise DomainError("Choose read only or read and write.")
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError("The expiry date must be in the future.")
    secret = secret or api_key_secret()
    key = ApiKey.objects.create(
        organization=organization,
        name=name[:100],
        access=access,
        prefix=secret[:12],
        secret_hash=token_hash(secret),
        expires_at=expires_at,
        created_by=user_or_none(actor),
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="api.api_key.created",
        target=key,
        data={
            "access": access,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return key, secret


@transaction.atomic
def api_key_revoke(*, key: ApiKey, actor: Actor) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at", "updated_at"])
        audit.record(
            organization=key.organization, actor=actor, action="api.api_key.revoked", target=key
        )
    return key


def api_key_authenticate(secret: str) -> ApiKey | None:
    """The active key behind a secret (None for unknown, revoked or expired keys)."""
    if not secret.startswith(KEY_PREFIX):
        return None
    key = (
        ApiKey.objects.select_related("organization").filter(secret_hash=token_hash(secret)).first()
    )
    if key is None or not key.is_active:
        return None
    now = timezone.now()
    # "Last used" to the minute: one write per key and minute at most.
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


def _check_events(events: list[str]) -> list[str]:
    unknown = set(events) - set(EVENT_TYPES)
    if unknown:
        raise DomainError(f"Unknown event type: {sorted(unknown)[0]}.")
    if not events:
        raise DomainError("Choose at least one event.")
    return [event for event in EVENT_TYPES if event in events]


@transaction.atomic
def webhook_endpoint_create(
    *, organization: Organization, actor: Actor, url: str, events: list[str], description: str = ""
) -> WebhookEndpoint:
    check_url(url)
    endpoint = WebhookEndpoint.objects.create(
        organization=organization,
        url=url,
        description=description[:200],
        events=_check_events(events),
        secret="whsec_" + secrets.token_urlsafe(32),
        created_by=user_or_none(actor),
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="api.webhook_endpoint.created",
        target=endpoint,
        data={"events": endpoint.events},
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_update(
    *, endpoint: WebhookEndpoint, actor: Actor, events: list[str], is_active: bool
) -> WebhookEndpoint:
    endpoint.events = _check_events(events)
    endpoint.is_active = is_active
    endpoint.save(update_fields=["events", "is_active", "updated_at"])
    audit.record(
        organization=endpoint.organization,
        actor=actor,
        action="api.webhook_endpoint.updated",
        target=endpoint,
        data={"events": endpoint.events, "active": is_active},
    )
    return endpoint


SECRET_OVERLAP = timedelta(hours=24)


@transaction.atomic
def webhook_secret_roll(*, endpoint: WebhookEndpoint, actor: Actor) -> WebhookEndpoint:
    """A new signing secret at once; the old one keeps signing beside it for a day, so a
    receiver can move to the new one without rejecting events meanwhile. Refused while an
    earlier roll's day lasts."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    now = timezone.now()
    until = endpoint.previous_secret_until
    if endpoint.previous_secret and until is not None and until > now:
        # A second roll would drop the previous secret at once, before receivers moved on.
        raise DomainError(
            "The secret was rolled less than 24 hours ago and the previous one still signs "
            f"until {until:%d %b %Y, %H:%M} UTC. Roll again after that, once your receiver "
            "uses the current secret."
        )
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = now + SECRET_OVERLAP
    endpoint.secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint.save(
        update_fields=["secret", "previous_secret", "previous_secret_until", "updated_at"]
    )
    audit.record(
        organization=endpoint.organization,
        actor=actor,
        action="api.webhook_endpoint.secret_rolled",
        target=endpoint,
        data={"overlap_hours": int(SECRET_OVERLAP.total_seconds() // 3600)},
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint, actor: Actor) -> None:
    audit.record(
        organization=endpoint.organization,
        actor=actor,
        action="api.webhook_endpoint.deleted",
        target=endpoint,
    )
    endpoint.delete()


@transaction.atomic
def webhook_redeliver(*, delivery: WebhookDelivery, actor: Actor) -> WebhookDelivery:
    """An admin asks for one more try now, whatever happened before; not while a try is in
    progress (its claim stays, so two workers never send at once)."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    now = timezone.now()
    if delivery.claimed_at is not None and delivery.claimed_at > now - timedelta(
        seconds=CLAIM_SECONDS
    ):
        raise DomainError(
            "This event is being sent right now: wait for that try to finish (under a "
            "minute), then redeliver if it failed."
        )
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.next_attempt_at = now
    delivery.manual_requested = True
    delivery.save(update_fields=["status", "next_attempt_at", "manual_requested", "updated_at"])
    audit.record(
        organization=delivery.organization,
        actor=actor,
        action="api.webhook_delivery.redelivered",
        target=delivery,
        data={"event": str(delivery.event.public_id), "attempts": delivery.attempt_count},
    )
    transaction.on_commit(lambda: _enqueue([delivery.pk]))
    return delivery


def media_url_issue(*, answer: Answer, actor: Actor, ttl: int) -> str:
    """A short-lived link to a recording; who asked is audited (Illinois AIVI Act Sec. 10).
    A file answer has none: storage would serve it inline, so only the app's download
    (attachment, nosniff) hands it out."""
    if answer.kind == AnswerKind.FILE:
        raise DomainError("A file answer is downloaded from the candidate's page, not by a link.")
    audit.record(
        organization=answer.organization,
        actor=actor,
        action="api.media_url.issued",
        target=answer,
        data={"seconds": ttl},
    )
    return media.download_url(key=answer.object_key, ttl=ttl)
