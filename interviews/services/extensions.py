"""Candidates asking for more time: from the landing page when the deadline is near, or
from the page a passed deadline shows. The job's automatic extension grants it at once,
once per invitation; otherwise a member approves or declines it with one click. The
candidate is emailed either way (an approval through `invitation_extend`, which reopens
the link and emails it)."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from palantrix import audit, events
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import user_or_none

from ..models import (
    OPEN_STATUSES,
    ExtensionRequest,
    ExtensionStatus,
    Invitation,
    InvitationStatus,
)
from .invitations import invitation_extend

# A candidate may ask once the deadline is this close (or past).
ASK_WITHIN = timedelta(hours=24)
# What an approval by a member adds, from the later of now and the old deadline.
APPROVED_DAYS = 7
AUTOMATIC = audit.SystemActor("interviews.automatic_extension")


def extension_can_ask(invitation: Invitation, *, now: datetime | None = None) -> bool:
    """Whether the candidate may ask for more time now (no request of theirs waiting)."""
    now = now or timezone.now()
    if not invitation.email:  # purged
        return False
    if invitation.status == InvitationStatus.EXPIRED:
        near = True
    elif invitation.status in OPEN_STATUSES:
        near = invitation.deadline - now < ASK_WITHIN
    else:
        return False
    return near and not extension_pending(invitation)


def extension_pending(invitation: Invitation) -> ExtensionRequest | None:
    return (
        ExtensionRequest.objects.for_organization(invitation.organization)
        .filter(invitation=invitation, status=ExtensionStatus.PENDING)
        .first()
    )


def _new_deadline(invitation: Invitation, days: int, now: datetime) -> datetime:
    return max(now, invitation.deadline) + timedelta(days=days)


@transaction.atomic
def extension_request(*, invitation: Invitation, candidate: Actor) -> ExtensionRequest:
    """The candidate asks for more time: granted at once by the job's automatic extension
    (the first time), otherwise left for the team."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("job", "organization")
        .get(pk=invitation.pk)
    )
    now = timezone.now()
    if extension_pending(invitation):
        raise DomainError("You already asked for more time: the team will answer by email.")
    if not extension_can_ask(invitation, now=now):
        raise DomainError("You can ask for more time when less than a day is left.")
    days = invitation.job.auto_extension_days
    automatic = (
        days > 0
        and not ExtensionRequest.objects.for_organization(invitation.organization)
        .filter(invitation=invitation, status=ExtensionStatus.AUTOMATIC)
        .exists()
    )
    try:
        with transaction.atomic():
            request = ExtensionRequest.objects.create(
                organization=invitation.organization,
                invitation=invitation,
                status=ExtensionStatus.AUTOMATIC if automatic else ExtensionStatus.PENDING,
                deadline_before=invitation.deadline,
            )
    except IntegrityError as error:  # a parallel request of the same candidate
        raise DomainError("You already asked for more time.") from error
    if not automatic:
        audit.record(
            organization=invitation.organization,
            actor=candidate,
            action="interviews.extension.requested",
            target=request,
            data={"invitation": str(invitation.public_id)},
        )
        return request
    extended = invitation_extend(
        invitation=invitation, actor=AUTOMATIC, deadline=_new_deadline(invitation, days, now)
    )
    request.deadline_after, request.decided_at = extended.deadline, now
    request.save(update_fields=["deadline_after", "decided_at", "updated_at"])
    audit.record(
        organization=invitation.organization,
        actor=AUTOMATIC,
        action="interviews.extension.granted_automatically",
        target=request,
        data={
            "invitation": str(invitation.public_id),
            "days": days,
            "to": extended.deadline.isoformat(),
        },
    )
    return request


@transaction.atomic
def extension_decide(*, request: ExtensionRequest, actor: Actor, approve: bool) -> ExtensionRequest:
    """A member answers a waiting request; the candidate is emailed either way."""
    request = (
        ExtensionRequest.objects.select_for_update()
        .select_related("invitation", "invitation__job")
        .get(pk=request.pk)
    )
    if request.status != ExtensionStatus.PENDING:
        raise DomainError(f"This request was {request.get_status_display().lower()} already.")
    now = timezone.now()
    invitation = request.invitation
    if approve:
        invitation = invitation_extend(
            invitation=invitation,
            actor=actor,
            deadline=_new_deadline(invitation, APPROVED_DAYS, now),
        )
        request.deadline_after = invitation.deadline
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.DECLINED
    request.decided_at, request.decided_by = now, user_or_none(actor)
    request.save()
    audit.record(
        organization=request.organization,
        actor=actor,
        action="interviews.extension.approved" if approve else "interviews.extension.declined",
        target=request,
        data={
            "invitation": str(invitation.public_id),
            **({"to": invitation.deadline.isoformat()} if approve else {}),
        },
    )
    if not approve:
        events.later(
            "interviews.send_extension_declined_email",
            organization=request.organization,
            request_id=request.pk,
        )
    return request
