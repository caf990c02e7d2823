from django import forms

from .instructions import INSTRUCTIONS_VERSION


class ReadinessForm(forms.Form):
    informed_on = forms.DateField(
        label="Date staff and workers' representatives were informed",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    document = forms.CharField(
        label="Document they received",
        max_length=300,
        help_text="Its title or where it is kept, e.g. the works council briefing of 1 Nov.",
    )
    acknowledged = forms.BooleanField(
        label=f"I have read the instructions for use (version {INSTRUCTIONS_VERSION}) and "
        "understand that AI scores are advice that people review.",
        error_messages={"required": "Confirm that you have read the instructions for use."},
    )
