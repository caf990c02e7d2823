from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "Jobs, invitations and interviews"

    def ready(self) -> None:
        from palantrix import events, privacy

        from . import privacy as interviews_privacy
        from . import subscribers

        privacy.register(self.label, interviews_privacy)

        events.subscribe(
            "interviews.interview.completed",
            subscribers.on_interview_completed,
            name="interviews.completion_receipt",
        )
