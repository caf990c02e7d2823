"""The one-time emailed link that opens a candidate's rights session."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from interviews.candidates import CandidateActor
from interviews.models import Invitation
from palantrix import audit
from palantrix.errors import DomainError
from palantrix.models import Organization
from palantrix.tokens import new_token, token_hash

from .. import tasks
from ..models import RightsLink
from .rules import RIGHTS, same_address

LINK_TTL = timedelta(hours=1)
LINKS_PER_ADDRESS_PER_HOUR = 3


class LinkInvalid(DomainError):
    pass


def rights_link_ask(*, organization: Organization, email: str) -> None:
    """Someone asked for a link: hand the address to the worker, whatever it is.

    The web request does the same work for a known and an unknown address (one message
    queued, nothing looked up), so its response time says nothing about who applied;
    `rights_link_request` decides in the worker. The address travels in the task's
    arguments because it is what was asked about; nothing stores it for an unknown one."""
    organization_id = organization.pk
    transaction.on_commit(
        lambda: tasks.request_rights_link_task.delay(organization_id=organization_id, email=email)
    )


@transaction.atomic
def rights_link_request(*, organization: Organization, email: str) -> bool:
    """Email a one-time link if the organisation invited this address (in the worker; see
    `rights_link_ask`). True only tells tests that a link went out. Safe to repeat: a
    repeated delivery makes at most another link, within the per-address hourly cap."""
    invitation = (
        Invitation.objects.for_organization(organization)
        .filter(email__iexact=email.strip())
        .order_by("-created_at")
        .first()
    )
    if invitation is None:
        return False
    recent = (
        RightsLink.objects.for_organization(organization)
        .filter(
            invitation__in=same_address(invitation),
            created_at__gte=timezone.now() - timedelta(hours=1),
        )
        .count()
    )
    if recent >= LINKS_PER_ADDRESS_PER_HOUR:
        return False
    token, digest = new_token()
    link = RightsLink.objects.create(
        organization=organization,
        invitation=invitation,
        token_hash=digest,
        expires_at=timezone.now() + LINK_TTL,
    )
    audit.record(
        organization=organization,
        actor=RIGHTS,
        action="compliance.rights_link.sent",
        target=invitation,
        data={"link": str(link.public_id)},
    )
    transaction.on_commit(lambda: tasks.send_rights_link_task.delay(link_id=link.pk, token=token))
    return True


@transaction.atomic
def rights_link_use(*, token: str) -> list[Invitation]:
    """Spend the link (once, before it expires) and return the invitations it opens."""
    now = timezone.now()
    digest = token_hash(token)
    used = RightsLink.objects.filter(
        token_hash=digest, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not used:
        raise LinkInvalid(
            "This link has expired or was already used. Ask for a new one: it takes a minute."
        )
    link = RightsLink.objects.select_related("invitation__organization").get(token_hash=digest)
    invitations = list(same_address(link.invitation).select_related("job", "organization"))
    audit.record(
        organization=link.organization,
        actor=CandidateActor(link.invitation),
        action="compliance.rights_link.used",
        target=link.invitation,
        data={"link": str(link.public_id), "invitations": len(invitations)},
    )
    return invitations
