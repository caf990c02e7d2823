from celery import shared_task

# The module, not the name: it enqueues this task in turn (`from .. import tasks`).
from .services import live


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
