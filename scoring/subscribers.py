"""What the scoring app does when other apps publish (registered in ScoringConfig.ready)."""

from palantrix import events
from palantrix.models import OutboxMessage


def on_answer_submitted(message: OutboxMessage) -> None:
    """A submitted answer goes into the processing chain, through an outbox row of its own
    (sent again until the first step succeeded). Safe to repeat: each step claims the
    answer with a conditional UPDATE, so a second message finds it taken or done."""
    events.later(
        "scoring.process_answer",
        organization=message.organization,
        answer_id=message.payload["answer_id"],
    )
