"""The live interview slot: when, how long, where, and who interviews."""

from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.utils import timezone

from ..services.live import MAX_MINUTES, MIN_MINUTES

ZONES = sorted(zone for zone in available_timezones() if "/" in zone or zone == "UTC")


class LiveInterviewForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Start",
        help_text="In the time zone below.",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=[("UTC", "UTC")] + [(zone, zone) for zone in ZONES if zone != "UTC"],
        initial="UTC",
        widget=forms.Select(attrs={"data-local-time-zone": ""}),
    )
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", min_value=MIN_MINUTES, max_value=MAX_MINUTES, initial=60
    )
    location = forms.CharField(
        label="Where", max_length=500, help_text="A room, or the video call link."
    )
    interviewers = forms.CharField(
        label="Live interviewers' email addresses",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Team members or people outside Palantrix; commas or one per line.",
    )

    def clean(self):
        data = super().clean()
        starts_at, zone = data.get("starts_at"), data.get("time_zone")
        if starts_at is not None and zone:
            # The form read the wall-clock time as UTC; it was meant in the chosen zone.
            wall = timezone.make_naive(starts_at, ZoneInfo("UTC"))
            data["starts_at"] = timezone.make_aware(wall, ZoneInfo(zone))
        return data
