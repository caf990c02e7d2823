from celery import shared_task

from . import emails, services
from .models import Invitation


@shared_task(
    name="interviews.send_invitation_email",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=6,
)
def send_invitation_email_task(invitation_id: int, token: str, kind: str) -> bool:
    """Email one link. The token exists nowhere else (only its hash is stored), so it
    travels in the task's arguments. Closed invitations are skipped."""
    invitation = (
        Invitation.objects.select_related("organization", "job", "question_set")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_open:
        return False
    emails.send_invitation(invitation, token=token, kind=kind)
    return True


@shared_task(name="interviews.send_invitation_batch", acks_late=True)
def send_invitation_batch_task(batch_id: int) -> None:
    services.invitation_batch_process(batch_id=batch_id)


@shared_task(name="interviews.send_reminders")
def send_reminders_task() -> int:
    return services.invitations_remind_due()


@shared_task(name="interviews.expire_invitations")
def expire_invitations_task() -> int:
    return services.invitations_expire()
