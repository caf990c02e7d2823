from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "palantrix.api"
    label = "api"
    verbose_name = "API and webhooks"

    def ready(self) -> None:
        from . import schema  # noqa: F401  (registers the API key security scheme)
