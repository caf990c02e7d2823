import logging

from celery import shared_task
from django.utils import timezone

from . import audit, emails, events, services
from .audit import checkpoints
from .events import outbox
from .models import TeamInvitation
from .tokens import row_token

logger = logging.getLogger(__name__)


# The audit tasks keep the names they had when the log lived in the compliance app: beat
# schedules and queued messages of running deployments refer to them.
@shared_task(name="compliance.verify_audit_chains")
def verify_audit_chains_task() -> list[str]:
    """Nightly check of every audit chain; a broken chain is logged as an error."""
    reports = audit.verify_all()
    for report in reports:
        if report.ok:
            logger.info("audit chain %s", report)
        else:
            logger.error("audit chain %s", report)
    return [str(report) for report in reports]


@shared_task(name="compliance.checkpoint_audit_chains")
def checkpoint_audit_chains_task() -> int:
    """Hourly: sign every chain's new events into a checkpoint outside the database (safe to
    repeat: a chain with nothing new gets no checkpoint)."""
    return checkpoints.checkpoint_write_all()


@shared_task(
    name="palantrix.send_team_invitation",
    bind=True,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_team_invitation_task(self, invitation_id: int, token: str | None = None) -> bool:
    """Email an open invitation; a revoked, accepted or expired one is skipped. The token
    is rebuilt from the invitation's row (`token` only from messages queued before that)."""
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
    token = token or row_token(services.TEAM_INVITATION_PURPOSE, invitation)
    with events.once(self.request.id) as mine:
        if mine:
            emails.send_team_invitation(invitation, token)
        return mine


@shared_task(
    name=outbox.DISPATCH_TASK,
    acks_late=True,
    soft_time_limit=outbox.TASK_SOFT_TIME_LIMIT,
    time_limit=outbox.TASK_TIME_LIMIT,
)
def dispatch_outbox_message_task(message_id: int) -> bool:
    """After commit: run one outbox message's subscribers (safe to repeat)."""
    return outbox.outbox_dispatch(message_id=message_id)


@shared_task(name="palantrix.relay_outbox")
def relay_outbox_task() -> int:
    """Every minute: outbox messages whose task was lost, or whose retry is due."""
    return outbox.outbox_relay_pending()


@shared_task(name="palantrix.purge_outbox")
def purge_outbox_task() -> int:
    return outbox.outbox_purge()
