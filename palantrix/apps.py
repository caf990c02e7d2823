from django.apps import AppConfig


class PalantrixConfig(AppConfig):
    name = "palantrix"
    verbose_name = "Organisations and accounts"
