from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "Review of candidates"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the app registry is ready.
        from palantrix import privacy

        from . import privacy as review_privacy

        # Reviewers' overrides, ratings, decisions, share links and live interviews.
        privacy.register(self.label, review_privacy)
