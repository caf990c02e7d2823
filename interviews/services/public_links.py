"""Public job links: a recruiter publishes, caps, closes and re-opens a job's link; someone
who opens it registers with a name and an email address, confirms by an emailed one-time
link, and gets an invitation exactly like an invited candidate's.

No page tells who registered already: the web request does the same work for every
address (one row, one queued email); the worker sees a person the job already invited and
emails them their own link instead of a confirmation (`public_registration_dispatch`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from palantrix import audit, events
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import user_or_none
from palantrix.tokens import new_token, row_token_store, token_hash

from ..models import (
    Invitation,
    InvitationStatus,
    InvitationToken,
    Job,
    JobStatus,
    PublicLink,
    PublicRegistration,
)
from .invitations import LINK_PURPOSE, invitation_send
from .jobs import job_current_questions

REGISTRATION_PURPOSE = "public-registration"
REGISTRATION_TTL = timedelta(hours=24)
APPLICANT = audit.SystemActor("interviews.public_link")


class PublicLinkUnavailable(DomainError):
    """The link is closed, its job is not open, or it reached its cap."""


class RegistrationInvalid(DomainError):
    """The confirmation link is unknown, used or expired."""

    MESSAGE = (
        "This confirmation link has expired or was already used. "
        "Register again on the job's page: it takes a minute."
    )


@dataclass(frozen=True)
class Applicant:
    """Who confirmed a registration, for the audit log: the invitation it made, never a name."""

    invitation: Invitation
    audit_actor_type: str = "candidate"

    @property
    def audit_actor_id(self) -> str:
        return str(self.invitation.public_id)


# --- The recruiter's side ---------------------------------------------------------------------


@transaction.atomic
def public_link_publish(*, job: Job, actor: Actor, cap: int | None = None) -> PublicLink:
    """Give an open job its public link (or re-open the one it has)."""
    if job.status != JobStatus.OPEN:
        raise DomainError("Open the job before publishing a public link.")
    if not job_current_questions(job=job).exists():
        raise DomainError("Add questions to the job before publishing a public link.")
    link = PublicLink.objects.select_for_update().filter(job=job).first()
    if link is not None:
        return public_link_set_open(link=link, actor=actor, is_open=True)
    _check_cap(cap, registered=0)
    link = PublicLink.objects.create(
        organization=job.organization, job=job, cap=cap, created_by=user_or_none(actor)
    )
    audit.record(
        organization=job.organization,
        actor=actor,
        action="interviews.public_link.published",
        target=link,
        data={"job": str(job.public_id), "cap": cap},
    )
    return link


@transaction.atomic
def public_link_set_open(*, link: PublicLink, actor: Actor, is_open: bool) -> PublicLink:
    link = PublicLink.objects.select_for_update().select_related("job").get(pk=link.pk)
    if link.is_open == is_open:
        return link
    if is_open and link.job.status != JobStatus.OPEN:
        raise DomainError("Open the job before re-opening its public link.")
    link.is_open = is_open
    link.closed_at = None if is_open else timezone.now()
    link.save(update_fields=["is_open", "closed_at", "updated_at"])
    audit.record(
        organization=link.organization,
        actor=actor,
        action="interviews.public_link.reopened" if is_open else "interviews.public_link.closed",
        target=link,
        data={"job": str(link.job.public_id), "registered": link.registered},
    )
    return link


def _check_cap(cap: int | None, *, registered: int) -> None:
    if cap is not None and cap < max(registered, 1):
        raise DomainError(
            f"The cap must be at least {max(registered, 1)}: "
            f"{registered} registered through the link already."
        )


@transaction.atomic
def public_link_set_cap(*, link: PublicLink, actor: Actor, cap: int | None) -> PublicLink:
    link = PublicLink.objects.select_for_update().get(pk=link.pk)
    _check_cap(cap, registered=link.registered)
    previous, link.cap = link.cap, cap
    link.save(update_fields=["cap", "updated_at"])
    audit.record(
        organization=link.organization,
        actor=actor,
        action="interviews.public_link.cap_changed",
        target=link,
        data={"from": previous, "to": cap},
    )
    return link


# --- The applicant's side ----------------------------------------------------------------------


def public_link_check(link: PublicLink) -> None:
    """Whether the link takes registrations now, or PublicLinkUnavailable saying why."""
    if not link.is_open or link.job.status != JobStatus.OPEN:
        raise PublicLinkUnavailable("This job no longer takes applications through this link.")
    if link.is_full:
        raise PublicLinkUnavailable(
            "This job has received as many applications as it can take through this link."
        )


def _normalise(name: str, email: str) -> tuple[str, str]:
    return " ".join(name.split()), email.strip().lower()


@transaction.atomic
def public_registration_request(*, link: PublicLink, name: str, email: str) -> None:
    """Keep the registration and email its confirmation after commit, whoever it is."""
    link = PublicLink.objects.select_related("job").get(pk=link.pk)
    public_link_check(link)
    name, email = _normalise(name, email)
    if not name:
        raise DomainError("Enter your name.")
    try:
        validate_email(email)
    except ValidationError as error:
        raise DomainError("Enter a valid email address.") from error
    registration = PublicRegistration.objects.create(
        organization=link.organization,
        link=link,
        name=name[:200],
        email=email,
        token_hash=new_token()[1],
        expires_at=timezone.now() + REGISTRATION_TTL,
    )
    row_token_store(REGISTRATION_PURPOSE, registration)
    audit.record(
        organization=link.organization,
        actor=APPLICANT,
        action="interviews.public_registration.requested",
        target=registration,
        data={"link": str(link.public_id)},
    )
    events.later(
        "interviews.send_public_registration_email",
        organization=link.organization,
        registration_id=registration.pk,
    )


def registration_existing_invitation(registration: PublicRegistration) -> Invitation | None:
    """The invitation the job already has for this address (the latest one a candidate did
    not withdraw), which a duplicate registration joins."""
    return (
        Invitation.objects.for_organization(registration.organization)
        .filter(job_id=registration.link.job_id, email__iexact=registration.email)
        .exclude(status=InvitationStatus.WITHDRAWN)
        .select_related("organization", "job", "question_set")
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def public_registration_join(*, registration: PublicRegistration, invitation: Invitation) -> str:
    """A duplicate: add a link token to the existing invitation (returned, for the worker to
    email; then `public_registration_discard`). Safe to repeat: another token, another link."""
    link = InvitationToken.objects.create(
        organization=invitation.organization, invitation=invitation, token_hash=new_token()[1]
    )
    token = row_token_store(LINK_PURPOSE, link)
    audit.record(
        organization=invitation.organization,
        actor=APPLICANT,
        action="interviews.public_registration.joined",
        target=invitation,
        data={"link": str(registration.link.public_id)},
    )
    return token


def public_registration_discard(*, registration: PublicRegistration) -> None:
    """A duplicate's registration after the existing link went out: nothing left to confirm."""
    PublicRegistration.objects.filter(pk=registration.pk).delete()


@transaction.atomic
def public_registration_confirm(*, token: str) -> Invitation:
    """Spend the one-time link (once, before it expires) and make the invitation, in one
    transaction: the cap is taken by a conditional UPDATE, so it holds under any number of
    parallel confirmations. A person the job invited meanwhile joins that invitation."""
    now = timezone.now()
    registration = (
        PublicRegistration.objects.select_for_update()
        .select_related("organization", "link", "link__job")
        .filter(token_hash=token_hash(token), expires_at__gt=now)
        .first()
    )
    if registration is None:
        raise RegistrationInvalid(RegistrationInvalid.MESSAGE)
    link = PublicLink.objects.select_for_update().select_related("job").get(pk=registration.link_id)
    existing = registration_existing_invitation(registration)
    if existing is not None:
        audit.record(
            organization=link.organization,
            actor=Applicant(existing),
            action="interviews.public_registration.joined",
            target=existing,
            data={"link": str(link.public_id)},
        )
        registration.delete()
        return existing
    public_link_check(link)
    taken = PublicLink.objects.filter(
        Q(cap__isnull=True) | Q(registered__lt=F("cap")), pk=link.pk, is_open=True
    ).update(registered=F("registered") + 1, updated_at=now)
    if not taken:
        raise PublicLinkUnavailable(
            "This job has received as many applications as it can take through this link."
        )
    invitation = invitation_send(
        job=link.job, actor=APPLICANT, name=registration.name, email=registration.email
    )
    audit.record(
        organization=link.organization,
        actor=Applicant(invitation),
        action="interviews.public_registration.confirmed",
        target=invitation,
        data={"link": str(link.public_id), "registered": link.registered + 1},
    )
    registration.delete()
    return invitation


def public_registrations_purge(*, now: datetime | None = None) -> int:
    """Delete registrations never confirmed in time (names and addresses of people who
    may never have asked: GDPR Art. 5(1)(e)). Safe to repeat."""
    now = now or timezone.now()
    return PublicRegistration.objects.filter(expires_at__lte=now).delete()[0]
