from django.apps import AppConfig


class JobTemplatesConfig(AppConfig):
    name = "interviews.jobtemplates"
    label = "jobtemplates"
    verbose_name = "Job templates"
