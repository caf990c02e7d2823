"""The live interview slot: when, how long, where, and who interviews."""

from django import forms

from ..services.live import MAX_MINUTES, MIN_MINUTES


class LiveInterviewForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Start (UTC)",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
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
