from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "Jobs, invitations and interviews"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the app registry is ready.
        from palantrix import privacy

        from . import privacy as interviews_privacy

        # What happens to the candidate's invitation, answers and recordings is ours to say.
        privacy.register(self.label, interviews_privacy)
