from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PalantrixConfig(AppConfig):
    name = "palantrix"
    verbose_name = "Organisations and accounts"

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the app registry is ready.
        from . import logs, metrics  # noqa: F401  (their Celery signal handlers)
        from .database_roles import grant_after_migrate

        # Once per `migrate`, after every app's migrations: all tables exist by then.
        post_migrate.connect(grant_after_migrate, sender=self, dispatch_uid="palantrix-grants")
