"""Verifying the chains: every link and hash, and agreement with the signed checkpoints."""

from dataclasses import dataclass

from palantrix.models import AuditChainHead, AuditEvent, Organization

from . import checkpoints
from .chain import GENESIS_HASH, event_hash


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
