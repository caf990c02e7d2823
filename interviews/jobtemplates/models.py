from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from palantrix.models import TenantModel


class JobTemplate(TenantModel):
    """A job an organisation saved for its team to start from: a copy of the job's
    questions and Team DNA Profile at the time (`blueprint`, see blueprint.Blueprint)."""

    name = models.CharField(max_length=200)
    blueprint = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("organization", Lower("name"), name="job_template_name_unique")
        ]

    def __str__(self) -> str:
        return self.name
