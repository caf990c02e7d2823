"""The live interview slot: when, how long, where, and who interviews."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.utils import timezone

from .services.live import MAX_MINUTES, MIN_MINUTES

ZONES = sorted(zone for zone in available_timezones() if "/" in zone or zone == "UTC")


class WallClockField(forms.DateTimeField):
    """The date and time as typed, without a zone: the form places it in the chosen one
    (Django would place it in the server's current zone)."""

    def to_python(self, value):
        with timezone.override(UTC):  # no gaps or folds in UTC: the wall time comes back
            moment = super().to_python(value)
        return None if moment is None else timezone.make_naive(moment, UTC)


def _in_zone(wall: datetime, zone: ZoneInfo) -> datetime:
    """`wall` in `zone`, or ValidationError when the clocks skip it or show it twice."""
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    when = f"{wall:%H:%M} on {wall:%-d %b %Y} in {zone.key}"
    if first.utcoffset() != second.utcoffset():
        gap = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall
        if gap:
            message = f"{when} does not exist: the clocks go forward. Choose another time."
        else:
            message = (
                f"{when} happens twice: the clocks go back. Choose a time an hour before "
                "or after, or pick the zone UTC."
            )
        raise forms.ValidationError(message, code="no_such_time")
    return first


class LiveInterviewForm(forms.Form):
    starts_at = WallClockField(
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
        wall, zone = data.get("starts_at"), data.get("time_zone")
        if wall is not None and zone:
            try:
                data["starts_at"] = _in_zone(wall, ZoneInfo(zone))
            except forms.ValidationError as error:
                self.add_error("starts_at", error)
        return data
