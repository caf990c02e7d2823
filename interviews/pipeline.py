"""Where a submitted answer goes next: the processing chain in the workers."""


def answer_submitted(*, answer_id: int) -> None:
    """Queue the answer's processing (called after the submitting transaction commits)."""
    from scoring.tasks import process_answer_task

    process_answer_task.delay(answer_id=answer_id)
