"""Share links: one candidate, read-only, for someone without an account.

The token has 256 bits and exists only in the link shown once to its maker; the database
keeps its SHA-256. Making, revoking and every view through a link are audited, with ids
only (the share link's and the invitation's), never a name.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from interviews.models import Answer, Invitation, ShareLink
from palantrix import audit
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import user_or_none
from palantrix.tokens import new_token, token_hash
from scoring.models import Rating

MIN_DAYS, MAX_DAYS, DEFAULT_DAYS = 1, 14, 7
VISITOR = audit.SystemActor("share_link.visitor")


class ShareLinkClosed(DomainError):
    """The link expired, was revoked, or never existed (then `link` is None)."""

    def __init__(self, message: str, link: ShareLink | None = None):
        super().__init__(message)
        self.link = link


@dataclass(frozen=True)
class NewShareLink:
    link: ShareLink
    token: str


def _check_blind_review(*, invitation: Invitation, actor: Actor) -> None:
    """The shared page shows the AI's scores: on a blind first review job its maker must
    have rated every answer first, as the reviewer page asks before it reveals them."""
    if not invitation.job.blind_first_review:
        return
    user = user_or_none(actor)
    rated = Rating.objects.for_organization(invitation.organization).filter(
        reviewer_id=user.pk if user else None
    )
    unrated = (
        Answer.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .exclude(pk__in=rated.values("answer_id"))
    )
    if user is None or unrated.exists():
        raise DomainError(
            "This job uses blind first review: rate every answer of this candidate before "
            "sharing, since a share link shows the AI's scores."
        )


@transaction.atomic
def share_link_create(
    *, invitation: Invitation, actor: Actor, days: int = DEFAULT_DAYS, label: str = ""
) -> NewShareLink:
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise DomainError(f"A share link lasts {MIN_DAYS} to {MAX_DAYS} days.")
    _check_blind_review(invitation=invitation, actor=actor)
    token, digest = new_token()
    link = ShareLink.objects.create(
        organization=invitation.organization,
        invitation=invitation,
        token_hash=digest,
        label=" ".join(label.split())[:120],
        expires_at=timezone.now() + timedelta(days=days),
        created_by=user_or_none(actor),
    )
    audit.record(
        organization=invitation.organization,
        actor=actor,
        action="interviews.share_link.created",
        target=link,
        data={"invitation": str(invitation.public_id), "days": days},
    )
    return NewShareLink(link=link, token=token)


@transaction.atomic
def share_link_revoke(*, link: ShareLink, actor: Actor) -> ShareLink:
    link = ShareLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is not None:
        return link
    link.revoked_at = timezone.now()
    link.revoked_by = user_or_none(actor)
    link.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit.record(
        organization=link.organization,
        actor=actor,
        action="interviews.share_link.revoked",
        target=link,
        data={"invitation": str(link.invitation.public_id)},
    )
    return link


def share_link_from_token(token: str) -> ShareLink:
    """The usable link for a token, or ShareLinkClosed saying why not."""
    link = (
        ShareLink.objects.select_related("invitation__job", "organization", "created_by")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if link is None:
        raise ShareLinkClosed("We don't recognise this link.")
    state = link.state(timezone.now())
    if state == "revoked":
        raise ShareLinkClosed("This link was withdrawn by the person who shared it.", link)
    if state == "expired":
        raise ShareLinkClosed("This link has expired.", link)
    return link


@transaction.atomic
def share_link_viewed(*, link: ShareLink, answers: int) -> None:
    """Someone opened the candidate through the link (Illinois AIVI Act Sec. 10)."""
    ShareLink.objects.filter(pk=link.pk).update(views=F("views") + 1, last_viewed_at=timezone.now())
    audit.record(
        organization=link.organization,
        actor=VISITOR,
        action="interviews.share_link.viewed",
        target=link.invitation,
        data={
            "share_link": str(link.public_id),
            "invitation": str(link.invitation.public_id),
            "answers": answers,
        },
    )
