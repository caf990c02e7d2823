"""The one-time emailed link that opens a candidate's rights session."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from interviews.candidates import CandidateActor
from interviews.models import Invitation
from palantrix import audit, events
from palantrix.errors import DomainError
from palantrix.models import Organization
from palantrix.tokens import new_token, row_token_store, token_hash

from ..models import RightsLink, RightsLinkAsk
from .rules import RIGHTS, same_address

LINK_TTL = timedelta(hours=1)
LINKS_PER_ADDRESS_PER_HOUR = 3


class LinkInvalid(DomainError):
    pass


LINK_PURPOSE = "rights-link"


@transaction.atomic
def rights_link_ask(*, organization: Organization, email: str) -> RightsLinkAsk:
    """Someone asked for a link: hand the address to the worker, whatever it is.

    The web request does the same work for a known and an unknown address (one row and
    one outbox row written, nothing looked up), so its response time says nothing about
    who applied; `rights_link_request` decides in the worker. The address waits in a row
    of its own (`RightsLinkAsk`, deleted by the worker), never in the task's arguments."""
    ask = RightsLinkAsk.objects.create(organization=organization, email=email.strip())
    events.later("compliance.request_rights_link", organization=organization, ask_id=ask.pk)
    return ask


@transaction.atomic
def rights_link_ask_answer(*, ask_id: int) -> bool:
    """The worker's side of `rights_link_ask`: look the address up, then forget it. Safe to
    repeat: a repeated delivery finds the ask gone and does nothing."""
    ask = RightsLinkAsk.objects.select_for_update().filter(pk=ask_id).first()
    if ask is None:
        return False
    sent = rights_link_request(organization=ask.organization, email=ask.email)
    ask.delete()
    return sent


def rights_link_asks_expire() -> int:
    """Hourly: asks the worker never reached (the outbox gave up) are forgotten."""
    old = RightsLinkAsk.objects.filter(created_at__lt=timezone.now() - LINK_TTL)
    return old.delete()[0]


@transaction.atomic
def rights_link_request(*, organization: Organization, email: str) -> bool:
    """Email a one-time link if the organisation invited this address (in the worker; see
    `rights_link_ask`). True only tells tests that a link went out. The email leaves
    through the outbox, its token rebuilt from the link's row (`row_token`)."""
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
    link = RightsLink.objects.create(
        organization=organization,
        invitation=invitation,
        token_hash=new_token()[1],  # replaced by the derived token's hash just below
        expires_at=timezone.now() + LINK_TTL,
    )
    row_token_store(LINK_PURPOSE, link)
    audit.record(
        organization=organization,
        actor=RIGHTS,
        action="compliance.rights_link.sent",
        target=invitation,
        data={"link": str(link.public_id)},
    )
    events.later("compliance.send_rights_link", organization=organization, link_id=link.pk)
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
