from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance: rights, lifecycle, fairness, transparency"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the app registry is ready.
        from palantrix import events, privacy
        from scoring import governance

        from . import privacy as compliance_privacy
        from . import subscribers
        from .services import ai_scoring_block

        # Scoring asks before each answer and rescore; the rules and their records are ours.
        governance.register(ai_scoring_block)
        # The candidate's self-identification and rights requests.
        privacy.register(self.label, compliance_privacy)
        events.subscribe(
            "compliance.rights_request.reminded",
            subscribers.on_rights_request_reminded,
            name="compliance.notifications",
        )
