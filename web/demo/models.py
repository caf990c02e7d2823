from django.db import models

from palantrix.models import Membership, TenantModel


class DemoOrganization(TenantModel):
    """Marks the organisation `seed_demo` made: its pages say it is demo data and show how
    far the worker got with the demo recordings."""

    job = models.ForeignKey(
        "interviews.Job", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recordings = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization"], name="one_demo_per_org")]

    def __str__(self) -> str:
        return f"Demo {self.organization_id}"


class GuideDismissal(TenantModel):
    """A member closed the dashboard's guided path: it stays closed for them."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"Guide dismissed by {self.membership_id}"
