"""Legal holds (GDPR Art. 17(3)(e)): while one is active on a candidate or their job,
the purge keeps the candidate's data, whatever retention or an erasure request says."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from interviews.models import Invitation, Job
from palantrix import audit
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import Organization, user_or_none

from .models import CandidateTombstone, LegalHold


class PurgeBlocked(DomainError):
    def __init__(self, hold: LegalHold) -> None:
        target = "the job" if hold.job_id else "this candidate"
        super().__init__(f"A legal hold on {target} keeps the data until an admin releases it.")
        self.hold = hold


def legal_hold_blocks(invitation: Invitation) -> LegalHold | None:
    """The active hold on this candidate or their job, if any."""
    return (
        LegalHold.objects.for_organization(invitation.organization)
        .filter(Q(invitation=invitation) | Q(job_id=invitation.job_id), released_at__isnull=True)
        .order_by("created_at")
        .first()
    )


def _hold_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError("Give the reason for the legal hold (a case number, not a name).")
    if len(reason) > 300:
        raise DomainError("Keep the reason under 300 characters.")
    return reason


@transaction.atomic
def legal_hold_place(
    *,
    organization: Organization,
    actor: Actor,
    reason: str,
    invitation: Invitation | None = None,
    job: Job | None = None,
) -> LegalHold:
    if (invitation is None) == (job is None):
        raise DomainError("A legal hold is on one candidate or on one job.")
    reason = _hold_reason(reason)
    # The purge locks both before its last check: a hold is seen by it or waits for it.
    if invitation is not None:
        Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    elif job is not None:
        Job.objects.select_for_update(no_key=True).filter(pk=job.pk).first()
    if (
        invitation is not None
        and CandidateTombstone.objects.for_organization(organization)
        .filter(invitation=invitation)
        .exists()
    ):
        raise DomainError("This candidate's data was already deleted.")
    hold = LegalHold.objects.create(
        organization=organization,
        invitation=invitation,
        job=job,
        reason=reason,
        placed_by=user_or_none(actor),
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="compliance.legal_hold.placed",
        target=hold,
        data={
            "invitation": str(invitation.public_id) if invitation else None,
            "job": str(job.public_id) if job else None,
            "reason": reason,
        },
    )
    return hold


@transaction.atomic
def legal_hold_release(*, hold: LegalHold, actor: Actor, reason: str) -> LegalHold:
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if not hold.active:
        raise DomainError("This legal hold was already released.")
    hold.released_at = timezone.now()
    hold.released_by = user_or_none(actor)
    hold.release_reason = _hold_reason(reason)
    hold.save(update_fields=["released_at", "released_by", "release_reason", "updated_at"])
    audit.record(
        organization=hold.organization,
        actor=actor,
        action="compliance.legal_hold.released",
        target=hold,
        data={"reason": hold.release_reason},
    )
    return hold
