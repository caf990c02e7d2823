"""Adjustments of one candidate's interview (fair access): more time, written instead of
recorded answers, or another adjustment the candidate describes.

What the candidate writes (`details`) and the recruiter's answer (`decision_reason`) may
touch on health: they are shown to the candidate and to recruiters only, never to
reviewers, the scorer or the bias report, and never copied into audit events."""

from django.conf import settings
from django.db import models
from django.db.models import Max, Q

from palantrix.models import TenantModel

from .invitations import Invitation

EXTRA_TIME_CHOICES = ((25, "+25 %"), (50, "+50 %"), (100, "+100 %"))


class AccommodationKind(models.TextChoices):
    EXTRA_TIME = "extra_time", "More time to think and answer"
    WRITTEN = "written", "Written instead of recorded answers"
    OTHER = "other", "Another adjustment"


class AccommodationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    GRANTED = "granted", "Granted"
    DECLINED = "declined", "Declined"


class Accommodation(TenantModel):
    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="accommodations"
    )
    kind = models.CharField(max_length=12, choices=AccommodationKind.choices)
    status = models.CharField(
        max_length=10, choices=AccommodationStatus.choices, default=AccommodationStatus.PENDING
    )
    # True: the candidate asked; False: a recruiter granted it up front.
    requested_by_candidate = models.BooleanField(default=True)
    details = models.TextField(blank=True, help_text="The candidate's own words.")
    # Of the think and answer times, for a granted extra-time adjustment.
    extra_time_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=EXTRA_TIME_CHOICES
    )
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="granted", kind="extra_time")
                | Q(extra_time_percent__in=[p for p, _ in EXTRA_TIME_CHOICES]),
                name="granted_extra_time_has_a_percent",
            )
        ]

    def __str__(self) -> str:
        return f"Accommodation {self.public_id}"


def granted_extra_time_percent(invitation_id: int) -> int:
    """The most extra time granted to one invitation (0: none)."""
    most = Accommodation.objects.filter(
        invitation_id=invitation_id,
        kind=AccommodationKind.EXTRA_TIME,
        status=AccommodationStatus.GRANTED,
    ).aggregate(most=Max("extra_time_percent"))["most"]
    return most or 0
