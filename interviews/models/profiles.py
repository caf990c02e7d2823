"""Team DNA Profiles: numbered, immutable versions of weighted competencies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from palantrix.models import TenantModel


class Profile(TenantModel):
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    current_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("organization", Lower("name"), name="profile_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ProfileVersion(TenantModel):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Plain-language lines describing what changed from the previous version.
    changes = models.JSONField(default=list)

    class Meta:
        ordering = ["profile", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "number"], name="profile_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.profile} v{self.number}"


class Competency(TenantModel):
    version = models.ForeignKey(
        ProfileVersion, on_delete=models.CASCADE, related_name="competencies"
    )
    key = models.UUIDField(help_text="Stable across versions; questions target it.")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=120)
    description = models.TextField()
    weight = models.PositiveSmallIntegerField(default=3)
    strong_examples = models.JSONField(default=list)
    weak_examples = models.JSONField(default=list)
    # Levels 1..5: what an answer at each level contains (interviews.levels). Empty in
    # versions saved before levels existed; those are scored against the suggested levels.
    anchors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="competency_key_per_version"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=5), name="competency_weight_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return self.name
