from celery import shared_task

# Modules, not names: the services enqueue these tasks in turn (`from .. import tasks`).
from .services import live, notifications, outcomes


# The name is the one it had in the interviews app: queued messages of running deployments
# refer to it.
@shared_task(
    name="interviews.send_live_interview",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=6,
)
def send_live_interview_task(live_interview_id: int, sequence: int) -> bool:
    """Email the brief and the calendar invitation (or its cancellation) to the live
    interviewers, once per sequence; an older sequence is skipped (the newer one sends)."""
    return live.live_interview_email(live_interview_id=live_interview_id, sequence=sequence)


@shared_task(name="review.send_due_outcome_emails")
def send_due_outcome_emails_task() -> int:
    """Beat, every minute: the decisions' emails whose grace period is over. Safe to run
    twice at once: each email is claimed by a conditional UPDATE."""
    return outcomes.outcome_emails_send_due()


@shared_task(name="review.send_notification_digests")
def send_notification_digests_task() -> int:
    """Beat, every 15 minutes: the daily digests whose local hour came, once a day each."""
    return notifications.notification_digests_send()
