"""The candidate's rights session: which invitations this browser may act on.

The one-time link is exchanged for a session entry holding the invitations' public ids
and an end time; URLs after that name an invitation by public id, and every view checks
it is one of the session's."""

from datetime import timedelta
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from interviews.models import Invitation
from palantrix.models import Organization

SESSION_KEY = "palantrix.rights"
SESSION_LENGTH = timedelta(hours=2)


def rights_login(request: HttpRequest, invitations: list[Invitation]) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "organization": invitations[0].organization.slug,
        "invitations": [str(invitation.public_id) for invitation in invitations],
        "until": (timezone.now() + SESSION_LENGTH).isoformat(),
    }


def rights_scope(request: HttpRequest) -> tuple[Organization, list[Invitation]] | None:
    """The session's organisation and its invitations that still exist (None: no session)."""
    entry = request.session.get(SESSION_KEY)
    if not entry:
        return None
    until = parse_datetime(entry.get("until", ""))
    if until is None or until < timezone.now():
        request.session.pop(SESSION_KEY, None)
        return None
    organization = Organization.objects.filter(slug=entry["organization"]).first()
    if organization is None:
        return None
    invitations = list(
        Invitation.objects.for_organization(organization)
        .filter(public_id__in=entry["invitations"])
        .exclude(email="")  # erased meanwhile
        .select_related("job", "organization")
        .order_by("-created_at")
    )
    return organization, invitations


def scoped_invitation(invitations: list[Invitation], public_id: UUID) -> Invitation:
    """One of the session's invitations; anything else is a 404."""
    for invitation in invitations:
        if invitation.public_id == public_id:
            return invitation
    raise Http404("No such application.")
