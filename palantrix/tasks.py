from celery import shared_task
from django.utils import timezone

from . import emails
from .models import TeamInvitation


@shared_task(
    name="palantrix.send_team_invitation",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_team_invitation_task(invitation_id: int, token: str) -> bool:
    """Email an open invitation; a revoked, accepted or expired one is skipped."""
    invitation = (
        TeamInvitation.objects.select_related("organization", "invited_by")
        .filter(
            pk=invitation_id,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    if invitation is None:
        return False
    emails.send_team_invitation(invitation, token)
    return True
