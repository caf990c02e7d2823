from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "Review of candidates"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the app registry is ready.
        from palantrix import events, privacy

        from . import privacy as review_privacy
        from . import subscribers

        privacy.register(self.label, review_privacy)

        for topic, handler in (
            ("interviews.interview.completed", subscribers.on_interview_completed),
            ("scoring.answer.needs_review", subscribers.on_answer_needs_review),
            ("review.comment.posted", subscribers.on_comment_posted),
        ):
            events.subscribe(topic, handler, name="review.notifications")
