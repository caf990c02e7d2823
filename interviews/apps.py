from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "Jobs, invitations and interviews"

    def ready(self) -> None:
        from palantrix import events

        from . import subscribers

        events.subscribe(
            "interviews.interview.completed",
            subscribers.on_interview_completed,
            name="interviews.completion_receipt",
        )
