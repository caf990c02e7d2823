from celery import shared_task

from . import services


@shared_task(name="demo.override_when_scored", bind=True, max_retries=180)
def demo_override_task(
    self, answer_id: int, reviewer_id: int, points: int, reason: str | None = None
) -> bool:
    """The demo reviewer's override of an AI score, once the worker has scored the answer:
    waits (retries) while the answer is processed; safe to repeat (one override at most).
    The reason is the seed's own (`reason` only from messages queued before that)."""
    from .seed import OVERRIDE_REASON

    done = services.demo_override(
        answer_id=answer_id,
        reviewer_id=reviewer_id,
        points=points,
        reason=reason or OVERRIDE_REASON,
    )
    if done is None:
        raise self.retry(countdown=10)
    return done
