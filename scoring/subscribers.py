"""What the scoring app does when other apps publish (registered in ScoringConfig.ready)."""

from palantrix.models import OutboxMessage

from .tasks import process_answer_task


def on_answer_submitted(message: OutboxMessage) -> None:
    """A submitted answer goes into the processing chain. Safe to repeat: each step claims
    the answer with a conditional UPDATE, so a second message finds it taken or done."""
    process_answer_task.delay(answer_id=message.payload["answer_id"])
