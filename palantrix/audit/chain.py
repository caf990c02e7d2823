"""Appending to an organisation's hash chain, and what may go into an event."""

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from palantrix.errors import InvalidField
from palantrix.models import ActorType, AuditChainHead, AuditEvent, Organization
from palantrix.redaction import redact_names

GENESIS_HASH = "0" * 64
ACTION_PATTERN = re.compile(r"^[a-z_]+(\.[a-z_]+){2,}$")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_TEXT = 1000


class AuditDataError(ValueError):
    """Audit data must hold ids, numbers and reasons, never personal data or long text."""


@dataclass(frozen=True)
class SystemActor:
    """A background job or the platform itself (e.g. "scoring.worker")."""

    name: str = "system"


SYSTEM = SystemActor()


class SelfNamedActor(Protocol):
    """A candidate or an API key: it gives its own pseudonymous audit identity."""

    @property
    def audit_actor_type(self) -> str: ...

    @property
    def audit_actor_id(self) -> str: ...


# Who did something, for services and the audit log: a signed-in person, a candidate or an
# API key (SelfNamedActor), or the system (SystemActor; None means the platform itself).
Actor = AbstractBaseUser | AnonymousUser | SelfNamedActor | SystemActor | None


def _actor_fields(actor: Actor) -> tuple[str, str]:
    if actor is None or isinstance(actor, SystemActor):
        return ActorType.SYSTEM, getattr(actor, "name", "system")
    if isinstance(actor, AbstractBaseUser):
        if actor.is_authenticated:
            return ActorType.USER, str(actor.pk)
    elif not isinstance(actor, AnonymousUser):
        actor_type = getattr(actor, "audit_actor_type", None)
        if actor_type is not None:  # candidates, API keys: they say who they are
            return actor_type, str(actor.audit_actor_id)
    raise TypeError(f"Cannot record {type(actor).__name__} as an audit actor")


def _target_fields(target: Any) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, models.Model):
        label = target._meta.label_lower
        return label, str(getattr(target, "public_id", None) or target.pk)
    raise TypeError("An audit target is a model instance or None")


def check_data(value: Any, path: str = "data") -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise AuditDataError(f"{path} keys must be strings")
            check_data(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_data(item, f"{path}[{index}]")
    elif isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise AuditDataError(f"{path} is longer than {MAX_TEXT} characters: keep text out")
        if EMAIL_PATTERN.search(value):
            raise AuditDataError(f"{path} looks like an email address: record ids instead")
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise AuditDataError(f"{path} is not a finite number")
    elif value is not None and not isinstance(value, bool | int):
        raise AuditDataError(f"{path} has type {type(value).__name__}: use str, int, float, bool")


def reason_check(reason: str, *, field: str = "reason", limit: int = MAX_TEXT) -> str:
    """A reason typed by a person, stripped and fit for the audit log, or InvalidField.

    Reasons are recorded in the chain, which keeps personal data out: an email address or a
    long text is refused with a message naming the field instead of failing later.
    """
    reason = reason.strip()
    label = field.replace("_", " ").capitalize()
    if len(reason) > limit:
        raise InvalidField(
            field, f"{label}: keep it to {limit:,} characters (this one has {len(reason):,})."
        )
    if EMAIL_PATTERN.search(reason):
        raise InvalidField(
            field,
            f"{label}: leave out email addresses. Reasons are kept in the audit log, "
            "which holds no personal contact details.",
        )
    return reason


def _candidate_names(target: Any) -> list[str]:
    """The name of the candidate an event is about, found through its target.

    Reviewers write reasons in their own words and may name the candidate; the chain cannot be
    rewritten when that candidate is erased, so the name is masked before it is recorded.
    """
    seen = target
    for _hop in range(4):  # score override -> score -> answer -> invitation
        meta = getattr(seen, "_meta", None)
        if meta is None:
            return []
        if meta.label_lower == "interviews.invitation":
            # A purged candidate has no name left to hide (nor an email address).
            return [seen.name] if seen.name and seen.email else []
        for attribute in ("invitation", "answer", "score"):
            field = next((f for f in meta.concrete_fields if f.name == attribute), None)
            if field is not None and field.is_relation:
                seen = getattr(seen, attribute)
                break
        else:
            return []
    return []


def _mask_names(value: Any, names: list[str]) -> Any:
    if isinstance(value, dict):
        return {key: _mask_names(item, names) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_mask_names(item, names) for item in value]
    if isinstance(value, str):
        return redact_names(value, names)
    return value


def canonical_hash(
    *,
    organization_id: int,
    sequence: int,
    created_at: Any,
    actor_type: str,
    actor_id: str,
    action: str,
    target_type: str,
    target_id: str,
    data: Any,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        {
            "organization": organization_id,
            "sequence": sequence,
            "created_at": created_at.isoformat(),
            "actor": [actor_type, actor_id],
            "action": action,
            "target": [target_type, target_id],
            "data": data,
            "prev": prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def event_hash(event: AuditEvent) -> str:
    return canonical_hash(
        organization_id=event.organization_id,
        sequence=event.sequence,
        created_at=event.created_at,
        actor_type=event.actor_type,
        actor_id=event.actor_id,
        action=event.action,
        target_type=event.target_type,
        target_id=event.target_id,
        data=event.data,
        prev_hash=event.prev_hash,
    )


@transaction.atomic
def record(
    *,
    organization: Organization,
    actor: Actor,
    action: str,
    target: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the organisation's chain (safe under concurrent writers)."""
    if not ACTION_PATTERN.match(action):
        raise ValueError(f"Audit action {action!r} is not a dotted <app>.<entity>.<verb> code")
    data = dict(data or {})
    check_data(data)
    names = _candidate_names(target)
    if names:
        data = _mask_names(data, names)
    # Round-trip through JSON so the hash covers exactly what the database will return.
    data = json.loads(json.dumps(data))
    actor_type, actor_id = _actor_fields(actor)
    target_type, target_id = _target_fields(target)

    head, _ = AuditChainHead.objects.get_or_create(organization=organization)
    head = AuditChainHead.objects.select_for_update().get(pk=head.pk)
    fields: dict[str, Any] = {
        "organization_id": organization.pk,
        "sequence": head.sequence + 1,
        "created_at": timezone.now(),
        "actor_type": str(actor_type),
        "actor_id": actor_id,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "data": data,
        "prev_hash": head.hash,
    }
    digest = canonical_hash(**fields)
    event = AuditEvent.objects.create(hash=digest, **fields)
    head.sequence, head.hash = event.sequence, digest
    head.save(update_fields=["sequence", "hash"])
    return event
