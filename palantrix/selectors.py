"""Reads over organisations and their members; each takes the organisation first."""

from uuid import UUID

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from .models import Membership, Organization, TeamInvitation
from .tenancy import tenant_get


def membership_list(*, organization: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.for_organization(organization)
        .select_related("user")
        .order_by("user__email")
    )


def membership_get(*, organization: Organization, public_id: UUID) -> Membership:
    return tenant_get(Membership, organization=organization, public_id=public_id)


def team_invitation_list_open(*, organization: Organization) -> QuerySet[TeamInvitation]:
    return TeamInvitation.objects.for_organization(organization).filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def team_invitation_get(*, organization: Organization, public_id: UUID) -> TeamInvitation:
    return tenant_get(TeamInvitation, organization=organization, public_id=public_id)


def user_find_by_email(*, email: str):
    """Accounts are global (a person may work for several organisations)."""
    return get_user_model().objects.filter(email__iexact=email).first()
