from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "Jobs, invitations and interviews"

    def ready(self) -> None:
        from palantrix import events, metrics, privacy

        from . import privacy as interviews_privacy
        from . import subscribers
        from .metrics import answers_by_status

        privacy.register(self.label, interviews_privacy)

        events.subscribe(
            "interviews.interview.completed",
            subscribers.on_interview_completed,
            name="interviews.completion_receipt",
        )
        metrics.gauge_register("answers", answers_by_status)
