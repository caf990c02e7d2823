from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "web.demo"
    label = "demo"
    verbose_name = "Demo and guided path"
