from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    label = "api"
    verbose_name = "API and webhooks"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the app registry is ready.
        from palantrix import events, privacy

        from . import privacy as api_privacy
        from . import (
            schema,  # noqa: F401  (registers the API key security scheme)
            webhooks,
        )

        # Webhooks react to the domain's events; the domain never imports this app.
        for topic in webhooks.TOPICS:
            events.subscribe(topic, webhooks.on_event, name="webhooks")
        # What happens to the organisation's keys and endpoints is this app's to say.
        privacy.register(self.label, api_privacy)
