"""What the API app does with an organisation's data when compliance asks (palantrix.privacy)."""

from django.utils import timezone

from palantrix.models import Organization

from .models import ApiKey, WebhookEndpoint


def organization_access_end(*, organization: Organization) -> None:
    """Machines lose access with the people: keys stop working and no event leaves."""
    ApiKey.objects.for_organization(organization).filter(revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    WebhookEndpoint.objects.for_organization(organization).update(is_active=False)
