"""Scheduling the live interview of an advanced candidate.

Only a person schedules, and only after a person advanced the candidate. The live
interviewers get the brief by email with a calendar invitation; a reschedule sends the
same event again (same UID, SEQUENCE + 1) and a cancellation sends METHOD:CANCEL.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import available_timezones

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from interviews.models import (
    DecisionOutcome,
    Invitation,
    LiveInterview,
    LiveInterviewStatus,
)
from interviews.selectors import decision_latest
from palantrix import audit, events
from palantrix.audit import Actor
from palantrix.errors import DomainError, InvalidField
from palantrix.models import user_or_none

from .. import emails

MAX_INTERVIEWERS = 20
MIN_MINUTES, MAX_MINUTES = 15, 480
# How long a task sending a live interview's emails holds them before another may take over.
EMAIL_LEASE = timedelta(minutes=5)


class _LeaseLost(Exception):
    """Another task now sends this live interview's emails."""


def parse_interviewers(text: str) -> list[str]:
    """Addresses separated by commas, semicolons, spaces or lines; each checked."""
    found, bad = [], []
    for address in re.split(r"[\s,;]+", text or ""):
        address = address.strip().lower()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            bad.append(address)
            continue
        if address not in found:
            found.append(address)
    if bad:
        raise DomainError(f"Not an email address: {', '.join(bad)}.")
    if not found:
        raise DomainError("Add the email address of at least one live interviewer.")
    if len(found) > MAX_INTERVIEWERS:
        raise DomainError(f"Invite at most {MAX_INTERVIEWERS} interviewers.")
    return found


def _check_slot(*, starts_at: datetime, duration_minutes: int, location: str) -> None:
    if timezone.is_naive(starts_at):
        raise DomainError("Give the start time with its time zone.")
    if starts_at <= timezone.now():
        raise DomainError("Choose a start time in the future.")
    if not MIN_MINUTES <= duration_minutes <= MAX_MINUTES:
        raise DomainError(f"A live interview lasts {MIN_MINUTES} to {MAX_MINUTES} minutes.")
    if not location.strip():
        raise DomainError("Say where it takes place: a room or a video call link.")


def _send_later(live: LiveInterview) -> None:
    """After commit, through the outbox: `live_interview_email` sends each sequence once."""
    events.later(
        "interviews.send_live_interview",
        organization=live.organization,
        live_interview_id=live.pk,
        sequence=live.sequence,
    )


def _check_recipients(organization, interviewers: list[str]) -> int:
    """The brief holds transcripts, scores and notes: it goes to members and to outside
    addresses an admin allowed, nobody else. Returns how many are outside the team."""
    members = set(
        get_user_model()
        .objects.filter(memberships__organization=organization, is_active=True)
        .annotate(address=Lower("email"))
        .filter(address__in=interviewers)
        .values_list("address", flat=True)
    )
    outside = [address for address in interviewers if address not in members]
    refused = [a for a in outside if not organization.brief_recipient_allowed(a)]
    if refused:
        raise InvalidField(
            "interviewers",
            f"Interviewers: {', '.join(refused)} "
            f"{'is' if len(refused) == 1 else 'are'} not in the team and not on the "
            "organisation's list of outside brief recipients. An admin can add them in "
            "Settings.",
        )
    return len(outside)


def _audit(live: LiveInterview, actor: Actor, action: str, *, outside: int | None = None) -> None:
    audit.record(
        organization=live.organization,
        actor=actor,
        action=action,
        target=live,
        data={
            "invitation": str(live.invitation.public_id),
            "starts_at": live.starts_at.isoformat(),
            "duration_minutes": live.duration_minutes,
            "interviewers": len(live.interviewers),
            **({"outside_recipients": outside} if outside is not None else {}),
            "sequence": live.sequence,
        },
    )


def _removed_untold(live: LiveInterview) -> list[str]:
    """Interviewers dropped earlier whose CANCEL has not gone out: the newer sequence's
    emails, which overtake the older ones, must still tell them."""
    return [a for a in live.removed_interviewers if f"{live.sequence}:{a}" not in live.emailed_to]


def _scheduled_locked(invitation: Invitation) -> LiveInterview | None:
    """The scheduled slot, locked. Schedule and cancel both lock the invitation first and
    then the slot, so neither works on a copy the other has changed meanwhile."""
    return (
        LiveInterview.objects.for_organization(invitation.organization)
        .select_for_update()
        .filter(invitation=invitation, status=LiveInterviewStatus.SCHEDULED)
        .first()
    )


@transaction.atomic
def live_interview_schedule(
    *,
    invitation: Invitation,
    actor: Actor,
    starts_at: datetime,
    duration_minutes: int,
    location: str,
    interviewers: list[str],
    time_zone: str = "UTC",
) -> LiveInterview:
    """Schedule, or reschedule when a slot exists; the interviewers are emailed after commit."""
    if not getattr(actor, "is_authenticated", False):
        raise DomainError("Only a person can schedule a live interview.")
    Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    latest = decision_latest(invitation=invitation)
    if latest is None or latest.outcome != DecisionOutcome.ADVANCE:
        raise DomainError("Advance the candidate before scheduling the live interview.")
    _check_slot(starts_at=starts_at, duration_minutes=duration_minutes, location=location)
    if time_zone not in available_timezones():
        raise DomainError(f"{time_zone!r} is not a time zone: pick one from the list.")
    interviewers = parse_interviewers(" ".join(interviewers))
    outside = _check_recipients(invitation.organization, interviewers)
    live = _scheduled_locked(invitation)
    fields = {
        "starts_at": starts_at,
        "time_zone": time_zone,
        "duration_minutes": duration_minutes,
        "location": location.strip(),
        "interviewers": interviewers,
        "email_claimed_at": None,  # a task still sending the older sequence stops
    }
    if live is None:
        live = LiveInterview.objects.create(
            organization=invitation.organization,
            invitation=invitation,
            scheduled_by=user_or_none(actor),
            **fields,
        )
        action = "interviews.live_interview.scheduled"
    else:
        dropped = list(dict.fromkeys(_removed_untold(live) + live.interviewers))
        fields["removed_interviewers"] = [a for a in dropped if a not in interviewers]
        for name, value in fields.items():
            setattr(live, name, value)
        live.sequence += 1
        # scheduled_by stays: the calendar's ORGANIZER must not change between updates
        # (the audit event names who rescheduled).
        live.save(update_fields=[*fields, "sequence", "updated_at"])
        action = "interviews.live_interview.rescheduled"
    _audit(live, actor, action, outside=outside)
    _send_later(live)
    return live


@transaction.atomic
def live_interview_cancel(*, live: LiveInterview, actor: Actor) -> LiveInterview:
    Invitation.objects.select_for_update().filter(pk=live.invitation_id).first()
    live = LiveInterview.objects.select_for_update().get(pk=live.pk)
    if live.status != LiveInterviewStatus.SCHEDULED:
        raise DomainError("This live interview is already cancelled.")
    live.status = LiveInterviewStatus.CANCELLED
    live.removed_interviewers = _removed_untold(live)
    live.sequence += 1
    live.email_claimed_at = None  # a task still sending the older sequence stops
    live.save(
        update_fields=[
            "status",
            "removed_interviewers",
            "sequence",
            "email_claimed_at",
            "updated_at",
        ]
    )
    _audit(live, actor, "interviews.live_interview.cancelled")
    _send_later(live)
    return live


def live_interview_email(*, live_interview_id: int, sequence: int) -> bool:
    """Send this sequence's emails once, under a lease: while one task holds a fresh lease a
    duplicate sends nothing; a lease older than EMAIL_LEASE (its worker died) is taken over.
    Any failure gives the lease back for the retry, which emails only the interviewers not
    reached yet; the sequence is marked done once every interviewer got theirs."""
    rows = LiveInterview.objects.filter(pk=live_interview_id)
    claim = timezone.now()
    claimed = (
        rows.filter(sequence=sequence)
        .exclude(emailed_sequence=sequence)
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=claim - EMAIL_LEASE))
        .update(email_claimed_at=claim)
    )
    if not claimed:
        return False
    live = (
        LiveInterview.objects.select_related(
            "organization", "invitation__job", "invitation__organization", "scheduled_by"
        )
        .filter(pk=live_interview_id, sequence=sequence)
        .first()
    )
    if live is None:  # rescheduled or cancelled meanwhile: the newer sequence sends
        rows.filter(email_claimed_at=claim).update(email_claimed_at=None)
        return False

    def sent(address: str) -> None:
        nonlocal claim
        live.emailed_to.append(f"{sequence}:{address}")
        renewed = timezone.now()  # each email sent renews the lease
        if not rows.filter(email_claimed_at=claim).update(
            emailed_to=live.emailed_to, email_claimed_at=renewed
        ):
            raise _LeaseLost
        claim = renewed

    try:
        emails.send_live_interview(live, sent=sent)
    except _LeaseLost:
        return False  # a newer sequence, or a task that took the stale lease, goes on
    except BaseException:
        rows.filter(email_claimed_at=claim).update(email_claimed_at=None)
        raise
    rows.filter(email_claimed_at=claim).update(emailed_sequence=sequence, email_claimed_at=None)
    return True
