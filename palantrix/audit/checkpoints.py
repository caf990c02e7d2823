"""Signed checkpoints: the audit chain anchored outside the database.

Hash-chaining shows that an event changed only to someone who does not re-hash the events
after it. Whoever can write to the database (a superuser, a stolen owner password) can do
that and move the chain head too. So, on a schedule, the hash of every new event goes into a
checkpoint signed with AUDIT_CHECKPOINT_KEY (HMAC-SHA256; the key is in the environment,
never in the database) and stored in its own bucket under object lock, where it cannot be
changed or removed before its retention ends. `verify_audit_log` compares the chain with
every checkpoint: a rewrite of anything up to the last checkpoint shows, and names the first
event that differs.

    checkpoints/<organisation public id>/<last sequence, 20 digits>.json
    {"payload": {organization, first_sequence, last_sequence, last_event_id, last_hash,
                 count, created_at, hashes: [...]}, "signature": hex}
"""

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from botocore.exceptions import ClientError
from django.conf import settings
from django.utils import timezone

from palantrix.models import AuditChainHead, AuditEvent, Organization
from palantrix.storage import s3_client

from .chain import GENESIS_HASH, event_hash

logger = logging.getLogger(__name__)

PREFIX = "checkpoints/"
VERSION = 1


class CheckpointError(Exception):
    """A checkpoint that is not what the key signed: forged, altered or unreadable."""


@dataclass(frozen=True)
class Checkpoint:
    key: str
    payload: dict[str, Any]

    @property
    def last_sequence(self) -> int:
        return int(self.payload["last_sequence"])

    def hashes(self) -> dict[int, str]:
        first = self.payload["first_sequence"]
        return {first + offset: digest for offset, digest in enumerate(self.payload["hashes"])}

    def __str__(self) -> str:
        return f"checkpoint of {self.payload['created_at']} (#{self.last_sequence})"


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def sign(payload: dict[str, Any]) -> str:
    key = settings.AUDIT_CHECKPOINT_KEY.encode()
    return hmac.new(key, _canonical(payload), hashlib.sha256).hexdigest()


def _key(organization: Organization, last_sequence: int) -> str:
    return f"{PREFIX}{organization.public_id}/{last_sequence:020d}.json"


def bucket_ensure() -> str:
    """Create the checkpoint bucket with object lock if missing (safe to repeat)."""
    bucket, client = settings.AUDIT_CHECKPOINT_BUCKET, s3_client()
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError:
        client.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
        logger.info("audit checkpoint bucket=%s created with object lock", bucket)
    return bucket


def _parse(key: str, body: bytes, organization: Organization) -> Checkpoint:
    try:
        document = json.loads(body)
        payload, signature = document["payload"], document["signature"]
        valid = hmac.compare_digest(sign(payload), str(signature))
    except (ValueError, KeyError, TypeError) as error:
        raise CheckpointError(f"{key} is unreadable ({error})") from error
    if not valid:
        raise CheckpointError(f"{key} is not signed with the checkpoint key (forged or altered)")
    if payload.get("organization") != str(organization.public_id):
        raise CheckpointError(f"{key} belongs to another organisation")
    return Checkpoint(key, payload)


def checkpoints_list(organization: Organization) -> list[Checkpoint]:
    """Every stored version of every checkpoint of the organisation, oldest chain first.

    Versions, not just current objects: a delete marker or a newer version put over a
    locked checkpoint hides it from a plain listing but not from here.
    """
    bucket, client = settings.AUDIT_CHECKPOINT_BUCKET, s3_client()
    prefix = f"{PREFIX}{organization.public_id}/"
    found: list[Checkpoint] = []
    try:
        pages = client.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=prefix)
        versions = [version for page in pages for version in page.get("Versions", [])]
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "NoSuchBucket":
            return []
        raise
    for version in versions:
        body = client.get_object(Bucket=bucket, Key=version["Key"], VersionId=version["VersionId"])[
            "Body"
        ].read()
        found.append(_parse(version["Key"], body, organization))
    return sorted(found, key=lambda checkpoint: checkpoint.last_sequence)


def checkpoint_write(organization: Organization) -> Checkpoint | None:
    """Sign the events recorded since the organisation's last checkpoint and store them.

    Safe to repeat: nothing new, nothing written. Events that do not link to the last
    checkpoint are not signed (they are reported by verification instead).
    """
    head = AuditChainHead.objects.filter(organization=organization).first()
    if head is None or head.sequence == 0:
        return None
    previous = checkpoints_list(organization)
    last = previous[-1] if previous else None
    first_sequence = last.last_sequence + 1 if last else 1
    if first_sequence > head.sequence:
        return None
    events = list(
        AuditEvent.objects.filter(
            organization=organization,
            sequence__gte=first_sequence,
            sequence__lte=head.sequence,
        ).order_by("sequence")
    )
    expected_prev = last.payload["last_hash"] if last else GENESIS_HASH
    expected_sequence = first_sequence
    for event in events:
        if (
            event.sequence != expected_sequence
            or event.prev_hash != expected_prev
            or event_hash(event) != event.hash
        ):
            logger.error(
                "audit checkpoint not written organization=%s: event #%d does not verify",
                organization.public_id,
                expected_sequence,
            )
            return None
        expected_prev, expected_sequence = event.hash, expected_sequence + 1
    if not events or events[-1].sequence != head.sequence:
        logger.error(
            "audit checkpoint not written organization=%s: head #%d has no event",
            organization.public_id,
            head.sequence,
        )
        return None
    now = timezone.now()
    payload = {
        "version": VERSION,
        "organization": str(organization.public_id),
        "first_sequence": first_sequence,
        "last_sequence": events[-1].sequence,
        "last_event_id": events[-1].pk,
        "last_hash": events[-1].hash,
        "count": events[-1].sequence,
        "created_at": now.isoformat(),
        "hashes": [event.hash for event in events],
    }
    key = _key(organization, events[-1].sequence)
    body = json.dumps({"payload": payload, "signature": sign(payload)}, sort_keys=True)
    extra = {}
    if settings.AUDIT_CHECKPOINT_RETENTION_DAYS > 0:
        extra = {
            "ObjectLockMode": "COMPLIANCE",
            "ObjectLockRetainUntilDate": now
            + timedelta(days=settings.AUDIT_CHECKPOINT_RETENTION_DAYS),
        }
    s3_client().put_object(
        Bucket=bucket_ensure(),
        Key=key,
        Body=body.encode(),
        ContentType="application/json",
        **extra,
    )
    logger.info("audit checkpoint written %s", key)
    return Checkpoint(key, payload)


def checkpoint_write_all() -> int:
    written = 0
    for organization in Organization.objects.order_by("pk"):
        if checkpoint_write(organization) is not None:
            written += 1
    return written
