"""Writes over organisations, members and teammate invitations.

Each service is atomic, records its audit event inside the same transaction, and
schedules side effects (email) only after commit.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from palantrix import audit, events
from palantrix.audit import Actor

from .errors import InvitationInvalid, LastAdminError
from .models import Membership, Organization, Role, TeamInvitation
from .tokens import new_token, row_token_store, token_hash

User = get_user_model()
TEAM_INVITATION_PURPOSE = "team-invitation"


def user_create(*, email: str, password: str, first_name: str = "", last_name: str = "") -> Any:
    email = User.objects.normalize_email(email).lower()
    return User.objects.create_user(
        username=email, email=email, password=password, first_name=first_name, last_name=last_name
    )


@transaction.atomic
def team_invitation_send(
    *, organization: Organization, actor: Actor, email: str, role: str
) -> TeamInvitation:
    email = User.objects.normalize_email(email).lower()
    if Membership.objects.for_organization(organization).filter(user__email__iexact=email).exists():
        raise InvitationInvalid(f"{email} is already a member of {organization.name}.")
    # A new invitation replaces any open one for the same address.
    TeamInvitation.objects.for_organization(organization).filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    invitation = TeamInvitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        token_hash=new_token()[1],  # replaced by the derived token's hash just below
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.TEAM_INVITATION_TTL_DAYS),
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="palantrix.member.invited",
        target=invitation,
        data={"role": role},
    )
    row_token_store(TEAM_INVITATION_PURPOSE, invitation)
    # Through the outbox: the task rebuilds the token from the invitation's row.
    events.later(
        "palantrix.send_team_invitation", organization=organization, invitation_id=invitation.pk
    )
    return invitation


@transaction.atomic
def team_invitation_revoke(*, invitation: TeamInvitation, actor: Actor) -> TeamInvitation:
    if invitation.accepted_at or invitation.revoked_at:
        raise InvitationInvalid("This invitation is no longer open.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit.record(
        organization=invitation.organization,
        actor=actor,
        action="palantrix.invitation.revoked",
        target=invitation,
    )
    return invitation


def team_invitation_from_token(token: str) -> TeamInvitation:
    """The open invitation behind an emailed token; a clear error otherwise."""
    invitation = (
        TeamInvitation.objects.select_related("organization")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationInvalid("This invitation link is not valid.")
    if invitation.accepted_at:
        raise InvitationInvalid("This invitation has already been accepted. Please log in.")
    if invitation.revoked_at:
        raise InvitationInvalid(
            "This invitation was withdrawn. Ask your administrator for a new one."
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid(
            "This invitation has expired. Ask your administrator for a new one."
        )
    return invitation


@transaction.atomic
def team_invitation_accept(*, token: str, user: Any) -> Membership:
    invitation = team_invitation_from_token(token)
    invitation = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise InvitationInvalid("This invitation has already been accepted.")
    if user.email.lower() != invitation.email.lower():
        raise InvitationInvalid(
            "This invitation was sent to another email address. Log out and open the link again."
        )
    membership, created = Membership.objects.get_or_create(
        organization=invitation.organization, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    if created:
        audit.record(
            organization=invitation.organization,
            actor=user,
            action="palantrix.member.joined",
            target=membership,
            data={"role": membership.role, "invitation": str(invitation.public_id)},
        )
    return membership


def _other_admins(membership: Membership) -> bool:
    return (
        Membership.objects.for_organization(membership.organization)
        .filter(role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_change_role(*, membership: Membership, actor: Actor, role: str) -> Membership:
    if membership.role == role:
        return membership
    if membership.role == Role.ADMIN and not _other_admins(membership):
        raise LastAdminError("An organisation needs at least one admin.")
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit.record(
        organization=membership.organization,
        actor=actor,
        action="palantrix.member.role_changed",
        target=membership,
        data={"from": previous, "to": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: Actor) -> None:
    if membership.role == Role.ADMIN and not _other_admins(membership):
        raise LastAdminError("An organisation needs at least one admin.")
    audit.record(
        organization=membership.organization,
        actor=actor,
        action="palantrix.member.removed",
        target=membership,
        data={"role": membership.role},
    )
    membership.delete()


@transaction.atomic
def organization_create(*, name: str, slug: str, admin: Any) -> Organization:
    organization = Organization.objects.create(name=name, slug=slug)
    membership = Membership.objects.create(organization=organization, user=admin, role=Role.ADMIN)
    audit.record(
        organization=organization,
        actor=admin,
        action="palantrix.organization.created",
        target=organization,
        data={"admin_membership": str(membership.public_id)},
    )
    return organization


@transaction.atomic
def organization_update_branding(
    *, organization: Organization, actor: Actor, **fields: Any
) -> Organization:
    # Compare with the stored row: a bound ModelForm has already written to `organization`.
    stored = Organization.objects.get(pk=organization.pk)
    changed = sorted(name for name, value in fields.items() if getattr(stored, name) != value)
    for name in changed:
        setattr(organization, name, fields[name])
    if changed:
        organization.save()
        audit.record(
            organization=organization,
            actor=actor,
            action="palantrix.organization.updated",
            target=organization,
            data={"fields": changed},
        )
    return organization
