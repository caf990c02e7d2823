"""Inviting candidates: one at a time or from a CSV, resending, extending, revoking,
reminding and expiring. Emails leave from Celery after the transaction commits, through
the outbox (`events.later`), so a broker outage delays them and loses none.

Each email carries a fresh link token; only its hash is stored (`InvitationToken`), and
every token of an invitation stays valid until the invitation closes.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from palantrix import audit, events
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import user_or_none
from palantrix.tokens import new_token, row_token_store, token_hash

from ..models import (
    OPEN_STATUSES,
    Invitation,
    InvitationBatch,
    InvitationStatus,
    InvitationToken,
    Job,
    JobStatus,
)
from .jobs import job_current_question_set, job_current_questions

MAX_EXTENSION_DAYS = 60


class InvitationClosed(DomainError):
    """The link belongs to an invitation that expired, was revoked or was finished."""

    def __init__(self, message: str, invitation: Invitation | None = None):
        super().__init__(message)
        self.invitation = invitation


class AlreadyInvited(DomainError):
    pass


LINK_PURPOSE = "invitation-link"


def _email_later(invitation: Invitation, kind: str) -> None:
    """Add a link token and send it after commit, through the outbox: the task gets the
    token's row and rebuilds the token from it (only its hash is stored)."""
    link = InvitationToken.objects.create(
        organization=invitation.organization, invitation=invitation, token_hash=new_token()[1]
    )
    row_token_store(LINK_PURPOSE, link)
    events.later(
        "interviews.send_invitation_email",
        organization=invitation.organization,
        invitation_id=invitation.pk,
        token_id=link.pk,
        kind=kind,
    )


def _check_job_invitable(job: Job) -> None:
    if job.status == JobStatus.CLOSED:
        raise DomainError("This job is closed: reopen it to invite candidates.")
    if not job_current_questions(job=job).exists():
        raise DomainError("Add questions to the job before inviting candidates.")


def _normalise(name: str, email: str) -> tuple[str, str]:
    return " ".join(name.split()), email.strip().lower()


@transaction.atomic
def invitation_send(
    *,
    job: Job,
    actor: Actor,
    name: str,
    email: str,
    batch: InvitationBatch | None = None,
    batch_line: int | None = None,
) -> Invitation:
    _check_job_invitable(job)
    name, email = _normalise(name, email)
    if not name:
        raise DomainError("Enter the candidate's name.")
    try:
        validate_email(email)
    except ValidationError as error:
        raise DomainError(f"{email or 'That'} is not a valid email address.") from error
    if (
        Invitation.objects.for_organization(job.organization)
        .filter(job=job, email__iexact=email, status__in=OPEN_STATUSES)
        .exists()
    ):
        raise AlreadyInvited(f"{email} already has an open invitation to this job.")
    now = timezone.now()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organization=job.organization,
                job=job,
                question_set=job_current_question_set(job=job),
                name=name,
                email=email,
                deadline=now + timedelta(days=job.invitation_days),
                last_sent_at=now,
                send_count=1,
                batch=batch,
                batch_line=batch_line,
                created_by=user_or_none(actor),
            )
    except IntegrityError as error:
        raise AlreadyInvited(f"{email} already has an open invitation to this job.") from error
    audit.record(
        organization=job.organization,
        actor=actor,
        action="interviews.invitation.sent",
        target=invitation,
        data={
            "job": str(job.public_id),
            "question_set": invitation.question_set.number,
            "deadline": invitation.deadline.isoformat(),
            **({"batch": str(batch.public_id)} if batch else {}),
        },
    )
    _email_later(invitation, "invitation")
    return invitation


def _locked_open(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise DomainError(f"This invitation is {invitation.get_status_display().lower()}.")
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor: Actor) -> Invitation:
    invitation = _locked_open(invitation)
    if invitation.deadline <= timezone.now():
        raise DomainError("The deadline has passed: extend it before resending.")
    invitation.last_sent_at = timezone.now()
    invitation.send_count += 1
    invitation.save(update_fields=["last_sent_at", "send_count", "updated_at"])
    audit.record(
        organization=invitation.organization,
        actor=actor,
        action="interviews.invitation.resent",
        target=invitation,
        data={"count": invitation.send_count},
    )
    _email_later(invitation, "invitation")
    return invitation


@transaction.atomic
def invitation_extend(*, invitation: Invitation, actor: Actor, deadline: datetime) -> Invitation:
    """Move the deadline (also reopens an invitation that expired); the candidate is told."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    now = timezone.now()
    if invitation.status not in (*OPEN_STATUSES, InvitationStatus.EXPIRED):
        raise DomainError(f"This invitation is {invitation.get_status_display().lower()}.")
    if not invitation.email:  # purged (compliance.lifecycle): nobody to write to
        raise DomainError("This candidate's data was deleted: invite them again as new.")
    if deadline <= now:
        raise DomainError("The new deadline must be in the future.")
    if deadline > now + timedelta(days=MAX_EXTENSION_DAYS):
        raise DomainError(f"The deadline can be at most {MAX_EXTENSION_DAYS} days ahead.")
    previous = invitation.deadline
    if invitation.status == InvitationStatus.EXPIRED:
        invitation.status = (
            InvitationStatus.STARTED
            if invitation.started_at
            else InvitationStatus.OPENED
            if invitation.opened_at
            else InvitationStatus.INVITED
        )
        invitation.closed_at = None
    invitation.deadline = deadline
    invitation.reminder_sent_at = None  # a new deadline earns a new reminder
    invitation.last_sent_at = now
    invitation.send_count += 1
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as error:
        raise DomainError("This candidate has another open invitation to the job.") from error
    audit.record(
        organization=invitation.organization,
        actor=actor,
        action="interviews.invitation.extended",
        target=invitation,
        data={"from": previous.isoformat(), "to": deadline.isoformat()},
    )
    _email_later(invitation, "extended")
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: Actor, reason: str = "") -> Invitation:
    reason = audit.reason_check(reason, limit=500)
    invitation = _locked_open(invitation)
    invitation.status = InvitationStatus.REVOKED
    invitation.closed_at = timezone.now()
    invitation.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record(
        organization=invitation.organization,
        actor=actor,
        action="interviews.invitation.revoked",
        target=invitation,
        data={"reason": reason} if reason else {},
    )
    return invitation


# --- The candidate's link ---------------------------------------------------------------------


def invitation_from_token(token: str) -> Invitation:
    """The invitation behind a link, or InvitationClosed with a plain reason."""
    record = (
        InvitationToken.objects.select_related(
            "invitation", "invitation__job", "invitation__organization"
        )
        .filter(token_hash=token_hash(token))
        .first()
    )
    if record is None:
        raise InvitationClosed("This interview link is not valid. Please check your email.")
    invitation = record.invitation
    check_invitation_usable(invitation)
    return invitation


def check_invitation_usable(invitation: Invitation) -> None:
    messages = {
        InvitationStatus.REVOKED: "This interview was cancelled by the employer.",
        InvitationStatus.COMPLETED: "You have already finished this interview. Thank you!",
        InvitationStatus.WITHDRAWN: "You withdrew from this interview.",
        InvitationStatus.EXPIRED: "The deadline for this interview has passed.",
    }
    if invitation.status in messages:
        raise InvitationClosed(messages[invitation.status], invitation)
    if invitation.deadline <= timezone.now():
        raise InvitationClosed(messages[InvitationStatus.EXPIRED], invitation)


@transaction.atomic
def invitation_open(*, token: str, candidate: Actor) -> Invitation:
    """The candidate followed an emailed link: record the first opening."""
    invitation = invitation_from_token(token)
    updated = Invitation.objects.filter(
        pk=invitation.pk, opened_at__isnull=True, status=InvitationStatus.INVITED
    ).update(opened_at=timezone.now(), status=InvitationStatus.OPENED)
    if updated:
        invitation.refresh_from_db()
        events.publish(
            events.Event(
                organization=invitation.organization,
                actor=candidate,
                action="interviews.invitation.opened",
                target=invitation,
                payload={
                    "interview": str(invitation.public_id),
                    "job": str(invitation.job.public_id),
                },
            )
        )
    return invitation


# --- Reminders and expiry (beat) ---------------------------------------------------------------


def invitations_remind_due(*, now: datetime | None = None) -> int:
    """Claim and send each due reminder once. The claim is a conditional UPDATE, so a
    restarted beat or worker, or two of them, never remind anyone twice."""
    now = now or timezone.now()
    due = (
        Invitation.objects.filter(
            status__in=OPEN_STATUSES,
            reminder_sent_at__isnull=True,
            deadline__gt=now,
            job__reminder_hours__gt=0,
        )
        .select_related("job", "organization")
        .only("pk", "deadline", "organization", "job__reminder_hours")
    )
    sent = 0
    for invitation in due.iterator():
        if invitation.deadline - timedelta(hours=invitation.job.reminder_hours) > now:
            continue
        with transaction.atomic():
            claimed = Invitation.objects.filter(
                pk=invitation.pk, reminder_sent_at__isnull=True, status__in=OPEN_STATUSES
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            invitation = Invitation.objects.select_related("organization").get(pk=invitation.pk)
            audit.record(
                organization=invitation.organization,
                actor=audit.SystemActor("interviews.reminders"),
                action="interviews.invitation.reminded",
                target=invitation,
                data={"hours_before_deadline": invitation.job.reminder_hours},
            )
            _email_later(invitation, "reminder")
            sent += 1
    return sent


def invitations_expire(*, now: datetime | None = None) -> int:
    """Move open invitations past their deadline to "expired" (safe to repeat)."""
    now = now or timezone.now()
    expired = 0
    for invitation in Invitation.objects.filter(status__in=OPEN_STATUSES, deadline__lte=now):
        with transaction.atomic():
            claimed = Invitation.objects.filter(
                pk=invitation.pk, status__in=OPEN_STATUSES, deadline__lte=now
            ).update(status=InvitationStatus.EXPIRED, closed_at=now)
            if claimed:
                audit.record(
                    organization=invitation.organization,
                    actor=audit.SystemActor("interviews.expiry"),
                    action="interviews.invitation.expired",
                    target=invitation,
                )
                expired += 1
    return expired
