from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    label = "api"
    verbose_name = "API and webhooks"

    def ready(self) -> None:
        from palantrix import events

        from . import (
            schema,  # noqa: F401  (registers the API key security scheme)
            webhooks,
        )

        # Webhooks react to the domain's events; the domain never imports this app.
        for topic in webhooks.TOPICS:
            events.subscribe(topic, webhooks.on_event, name="webhooks")
