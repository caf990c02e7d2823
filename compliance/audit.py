"""Recording and verifying audit events: the one import every service uses.

    audit.record(organization=org, actor=user, action="scoring.score.overridden",
                 target=score, data={"from": 62, "to": 75, "reason": reason})

Call it inside the service's transaction, so the event exists exactly when the change does.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from palantrix.errors import InvalidField
from palantrix.models import Organization

from . import checkpoints
from .models import ActorType, AuditChainHead, AuditEvent

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


def _actor_fields(actor: Any) -> tuple[str, str]:
    if actor is None or isinstance(actor, SystemActor):
        return ActorType.SYSTEM, getattr(actor, "name", "system")
    actor_type = getattr(actor, "audit_actor_type", None)
    if actor_type is not None:  # candidates, API keys: they say who they are
        return actor_type, str(actor.audit_actor_id)
    if getattr(actor, "is_authenticated", False):
        return ActorType.USER, str(actor.pk)
    raise TypeError(f"Cannot record {type(actor).__name__} as an audit actor")


def _target_fields(target: Any) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, models.Model):
        label = target._meta.label_lower
        return label, str(getattr(target, "public_id", None) or target.pk)
    raise TypeError("An audit target is a model instance or None")


def _check_data(value: Any, path: str = "data") -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise AuditDataError(f"{path} keys must be strings")
            _check_data(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_data(item, f"{path}[{index}]")
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
    from scoring.redaction import redact_names

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
    actor: Any,
    action: str,
    target: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the organisation's chain (safe under concurrent writers)."""
    if not ACTION_PATTERN.match(action):
        raise ValueError(f"Audit action {action!r} is not a dotted <app>.<entity>.<verb> code")
    data = dict(data or {})
    _check_data(data)
    names = _candidate_names(target)
    if names:
        data = _mask_names(data, names)
    # Round-trip through JSON so the hash covers exactly what the database will return.
    data = json.loads(json.dumps(data))
    actor_type, actor_id = _actor_fields(actor)
    target_type, target_id = _target_fields(target)

    head, _ = AuditChainHead.objects.get_or_create(organization=organization)
    head = AuditChainHead.objects.select_for_update().get(pk=head.pk)
    fields = {
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


@dataclass(frozen=True)
class ChainReport:
    organization: Organization
    events: int
    problem: str | None = None
    signed_up_to: int = 0  # the last sequence a signed checkpoint vouches for
    checkpoints: int = 0

    @property
    def ok(self) -> bool:
        return self.problem is None

    def __str__(self) -> str:
        if not self.ok:
            return f"BROKEN ({self.organization.slug}): {self.problem}"
        anchor = (
            f"; {self.checkpoints} signed checkpoint(s) up to #{self.signed_up_to}"
            if self.checkpoints
            else "; no signed checkpoint yet"
        )
        return f"OK, {self.events} events ({self.organization.slug}){anchor}"


def verify_chain(organization: Organization) -> ChainReport:
    """Walk the chain in order; report the first event whose link or content is wrong, or
    that differs from what a signed checkpoint recorded (a rewrite with re-hashing)."""
    try:
        anchors = checkpoints.checkpoints_list(organization)
    except checkpoints.CheckpointError as error:
        return ChainReport(organization, 0, f"checkpoint {error}")
    signed: dict[int, tuple[str, checkpoints.Checkpoint]] = {}
    for anchor in anchors:
        for sequence, digest in anchor.hashes().items():
            signed[sequence] = (digest, anchor)
    signed_up_to = max(signed, default=0)

    def broken(count: int, problem: str) -> ChainReport:
        return ChainReport(organization, count, problem, signed_up_to, len(anchors))

    expected_prev, expected_sequence, count = GENESIS_HASH, 1, 0
    events = AuditEvent.objects.filter(organization=organization).order_by("sequence")
    for event in events.iterator(chunk_size=2000):
        if event.sequence != expected_sequence:
            return broken(
                count, f"event #{expected_sequence} is missing (next found is #{event.sequence})"
            )
        if event.sequence in signed and signed[event.sequence][0] != event.hash:
            return broken(
                count,
                f"event #{event.sequence} differs from the {signed[event.sequence][1]}: "
                "it was rewritten",
            )
        if event.prev_hash != expected_prev:
            return broken(count, f"event #{event.sequence} does not link to the event before")
        if event_hash(event) != event.hash:
            return broken(count, f"event #{event.sequence} was altered (hash mismatch)")
        expected_prev, expected_sequence, count = event.hash, expected_sequence + 1, count + 1
    if signed_up_to > count:
        return broken(
            count,
            f"event #{count + 1} is missing: the {signed[signed_up_to][1]} records events up "
            f"to #{signed_up_to} (events were removed)",
        )
    head = AuditChainHead.objects.filter(organization=organization).first()
    head_sequence, head_hash = (head.sequence, head.hash) if head else (0, GENESIS_HASH)
    if (head_sequence, head_hash) != (count, expected_prev):
        return broken(
            count,
            f"the chain ends at #{count} but #{head_sequence} was recorded last "
            "(events were removed from the end)",
        )
    return ChainReport(organization, count, None, signed_up_to, len(anchors))


def verify_all() -> list[ChainReport]:
    return [verify_chain(org) for org in Organization.objects.order_by("slug")]
