"""What the API app does with an organisation's and a candidate's data when compliance asks
(palantrix.privacy)."""

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from interviews.models import Invitation
from palantrix.models import Organization

from .models import ApiKey, IdempotencyRecord, WebhookEndpoint

CANDIDATE_DATA = {
    # Kept a day so that retries get the first result; they repeat the name and email.
    "api.IdempotencyRecord": "deleted when its stored answer names the candidate",
}


def organization_access_end(*, organization: Organization) -> None:
    """Machines lose access with the people: keys stop working and no event leaves."""
    ApiKey.objects.for_organization(organization).filter(revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    WebhookEndpoint.objects.for_organization(organization).update(is_active=False)


def candidate_erase(*, invitation: Invitation) -> int:
    """API create calls' stored answers that repeat the candidate's id or email go."""
    mentions = Q(body__contains=str(invitation.public_id))
    if invitation.email:
        mentions |= Q(body__icontains=invitation.email)
    stored = (
        IdempotencyRecord.objects.for_organization(invitation.organization)
        .annotate(body=Cast("response_body", TextField()))
        .filter(mentions)
    )
    return stored.delete()[0]
