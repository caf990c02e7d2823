"""Overseers (EU AI Act Art. 26(2)): members who read the current instructions for use may
be given the oversight permission; both steps are recorded and audited."""

from django.db import transaction
from django.utils import timezone

from palantrix import audit
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import Membership

from .instructions import INSTRUCTIONS_VERSION, has_read_current


def instructions_acknowledge(*, membership: Membership, actor: Actor) -> None:
    """The member read the current instructions for use (recorded, audited)."""
    membership.instructions_read_version = INSTRUCTIONS_VERSION
    membership.instructions_read_at = timezone.now()
    membership.save(update_fields=["instructions_read_version", "instructions_read_at"])
    audit.record(
        organization=membership.organization,
        actor=actor,
        action="compliance.instructions.acknowledged",
        target=membership,
        data={"version": INSTRUCTIONS_VERSION},
    )


@transaction.atomic
def overseer_set(*, membership: Membership, actor: Actor, granted: bool) -> None:
    if granted and not has_read_current(membership):
        raise DomainError(
            "Only members who have read the current instructions for use can be overseers."
        )
    if membership.is_overseer == granted:
        return
    membership.is_overseer = granted
    membership.save(update_fields=["is_overseer"])
    audit.record(
        organization=membership.organization,
        actor=actor,
        action="compliance.overseer.granted" if granted else "compliance.overseer.revoked",
        target=membership,
    )
