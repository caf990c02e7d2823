from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "palantrix.demo"
    label = "demo"
    verbose_name = "Demo and guided path"
