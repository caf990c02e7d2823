from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "Jobs, invitations and interviews"

    def ready(self) -> None:
        from palantrix import metrics

        from .metrics import answers_by_status

        metrics.gauge_register("answers", answers_by_status)
