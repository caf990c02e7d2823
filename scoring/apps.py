from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Transcription and scoring"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the app registry is ready.
        from palantrix import events, privacy

        from . import privacy as scoring_privacy
        from . import subscribers

        events.subscribe(
            "interviews.answer.submitted", subscribers.on_answer_submitted, name="scoring"
        )
        # The candidate's transcripts and scores, in the copy and at erasure.
        privacy.register(self.label, scoring_privacy)
