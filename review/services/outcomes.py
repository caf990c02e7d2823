"""Telling the candidate a decision: an email scheduled with the decision, sent after a
grace period (settings.OUTCOME_EMAIL_GRACE_SECONDS) unless withdrawn, never twice.

One row per decision (a one-to-one), claimed for sending by a conditional UPDATE from the
beat task (`outcome_emails_send_due`), so two workers or a repeated task send it once. A
sender that died after its claim leaves a stale claim, taken over after CLAIM_SECONDS:
the email may then go twice only if the first sender died between SMTP and saving.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from interviews import emails, messages
from interviews.models import Decision, Invitation, OutcomeEmail, OutcomeEmailStatus
from palantrix import audit
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import user_or_none

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 600
RETRY_SECONDS = 300
BATCH = 200
SENDER = audit.SystemActor("review.outcome_emails")


def grace_period() -> timedelta:
    return timedelta(seconds=settings.OUTCOME_EMAIL_GRACE_SECONDS)


def outcome_email_wanted(*, organization, outcome: str, choice: str) -> bool:
    """The decider's choice: "yes", "no", or "" for the organisation's default."""
    if choice in ("yes", "no"):
        return choice == "yes"
    return messages.wording_for(organization=organization, kind=outcome).send_by_default


def outcome_email_schedule(*, decision: Decision, actor: Actor) -> OutcomeEmail:
    """Inside the decision's transaction: the email waits for the grace period."""
    email = OutcomeEmail.objects.create(
        organization=decision.organization,
        invitation=decision.invitation,
        decision=decision,
        kind=decision.outcome,
        send_after=timezone.now() + grace_period(),
        scheduled_by=user_or_none(actor),
    )
    audit.record(
        organization=decision.organization,
        actor=actor,
        action="review.outcome_email.scheduled",
        target=decision.invitation,
        data={
            "email": str(email.public_id),
            "decision": str(decision.public_id),
            "kind": email.kind,
            "grace_seconds": settings.OUTCOME_EMAIL_GRACE_SECONDS,
        },
    )
    return email


def _withdraw(email: OutcomeEmail, *, actor: Actor, reason: str) -> bool:
    withdrawn = OutcomeEmail.objects.filter(
        pk=email.pk, status=OutcomeEmailStatus.SCHEDULED
    ).update(status=OutcomeEmailStatus.WITHDRAWN, withdrawn_at=timezone.now())
    if withdrawn:
        audit.record(
            organization=email.organization,
            actor=actor,
            action="review.outcome_email.withdrawn",
            target=email.invitation,
            data={"email": str(email.public_id), "kind": email.kind, "reason": reason},
        )
    return bool(withdrawn)


def outcome_emails_withdraw_pending(*, invitation: Invitation, actor: Actor) -> int:
    """A new decision replaces the earlier one: its waiting email is not sent."""
    waiting = OutcomeEmail.objects.for_organization(invitation.organization).filter(
        invitation=invitation, status=OutcomeEmailStatus.SCHEDULED
    )
    return sum(_withdraw(email, actor=actor, reason="decision changed") for email in waiting)


@transaction.atomic
def outcome_email_withdraw(*, email: OutcomeEmail, actor: Actor) -> None:
    """The decider takes the email back within the grace period."""
    if not _withdraw(email, actor=actor, reason="withdrawn by reviewer"):
        email.refresh_from_db()
        if email.status == OutcomeEmailStatus.WITHDRAWN:
            return
        raise DomainError("Too late: the email has already been sent.")


def _claim(email_id: int, now: datetime) -> bool:
    stale = now - timedelta(seconds=CLAIM_SECONDS)
    return bool(
        OutcomeEmail.objects.filter(pk=email_id, send_after__lte=now)
        .filter(
            Q(status=OutcomeEmailStatus.SCHEDULED)
            | Q(status=OutcomeEmailStatus.SENDING, claimed_at__lt=stale)
        )
        .update(status=OutcomeEmailStatus.SENDING, claimed_at=now)
    )


def outcome_email_send(*, email_id: int, now: datetime | None = None) -> bool:
    """Send one due email if nobody else has; True when this call sent it."""
    now = now or timezone.now()
    if not _claim(email_id, now):
        return False
    email = OutcomeEmail.objects.select_related(
        "organization", "invitation", "invitation__job", "invitation__organization"
    ).get(pk=email_id)
    wording = messages.wording_for(organization=email.organization, kind=email.kind)
    rendered = messages.render(wording, messages.values_for(email.invitation))
    try:
        emails.send_message(email.invitation, rendered)
    except OSError:
        logger.warning("outcome email=%s: SMTP failed, tried again later", email.public_id)
        OutcomeEmail.objects.filter(pk=email.pk, status=OutcomeEmailStatus.SENDING).update(
            status=OutcomeEmailStatus.SCHEDULED,
            claimed_at=None,
            send_after=now + timedelta(seconds=RETRY_SECONDS),
        )
        return False
    with transaction.atomic():
        OutcomeEmail.objects.filter(pk=email.pk).update(
            status=OutcomeEmailStatus.SENT,
            sent_at=timezone.now(),
            subject=rendered.subject,
            body=rendered.text,
            template_version=rendered.version,
        )
        audit.record(
            organization=email.organization,
            actor=SENDER,
            action="review.outcome_email.sent",
            target=email.invitation,
            data={
                "email": str(email.public_id),
                "decision": str(email.decision.public_id),
                "kind": email.kind,
                "template_version": rendered.version,
            },
        )
    return True


def outcome_emails_send_due(*, now: datetime | None = None) -> int:
    """Beat: send every email whose grace period is over. Safe to run at once twice."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=CLAIM_SECONDS)
    due = list(
        OutcomeEmail.objects.filter(send_after__lte=now)
        .filter(
            Q(status=OutcomeEmailStatus.SCHEDULED)
            | Q(status=OutcomeEmailStatus.SENDING, claimed_at__lt=stale)
        )
        .order_by("send_after")
        .values_list("pk", flat=True)[:BATCH]
    )
    return sum(outcome_email_send(email_id=pk, now=now) for pk in due)
