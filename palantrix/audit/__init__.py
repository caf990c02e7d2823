"""The append-only, hash-chained audit log: the one import every service uses.

    audit.record(organization=org, actor=user, action="scoring.score.overridden",
                 target=score, data={"from": 62, "to": 75, "reason": reason})

Call it inside the service's transaction, so the event exists exactly when the change does;
a change that also has subscribers (webhooks, emails) goes through `palantrix.events.publish`,
which records here and writes the outbox row in the same transaction.

It lives in the core layer because every app records into it; the compliance app reads it
(oversight pages, exports), it does not own it. The tables keep their first names
(`compliance_auditevent`, `compliance_auditchainhead`): the append-only triggers, the
database role's grants and the erase function refer to them.
"""

from . import checkpoints
from .chain import (
    GENESIS_HASH,
    SYSTEM,
    Actor,
    AuditDataError,
    SelfNamedActor,
    SystemActor,
    canonical_hash,
    check_data,
    event_hash,
    reason_check,
    record,
)
from .verify import ChainReport, verify_all, verify_chain

__all__ = [
    "GENESIS_HASH",
    "SYSTEM",
    "Actor",
    "AuditDataError",
    "ChainReport",
    "SelfNamedActor",
    "SystemActor",
    "canonical_hash",
    "check_data",
    "checkpoints",
    "event_hash",
    "reason_check",
    "record",
    "verify_all",
    "verify_chain",
]
