"""Forms of adjustments: the candidate's request, a recruiter's answer and up-front grant."""

from django import forms

from ..models import EXTRA_TIME_CHOICES, AccommodationKind
from ..services.accommodations import MAX_DETAILS_CHARS, MAX_REASON_CHARS

PERCENT_CHOICES = [("", "—"), *((str(p), label) for p, label in EXTRA_TIME_CHOICES)]


def _percent(value: str) -> int | None:
    return int(value) if value else None


class AccommodationRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="What would help you?",
        widget=forms.RadioSelect,
        choices=AccommodationKind.choices,
        error_messages={"required": "Choose the adjustment you need."},
    )
    details = forms.CharField(
        label="Anything you would like us to know",
        required=False,
        max_length=MAX_DETAILS_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="You don't need to tell us why. Only the recruiters of this job read it; "
        "the people who review your answers do not see it.",
    )


class AccommodationDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Answer", choices=[("grant", "Grant"), ("decline", "Decline")]
    )
    extra_time_percent = forms.TypedChoiceField(
        label="Extra time",
        choices=PERCENT_CHOICES,
        coerce=_percent,
        required=False,
        empty_value=None,
    )
    reason = forms.CharField(label="Reason (the candidate reads it)", max_length=MAX_REASON_CHARS)


class AccommodationGrantForm(forms.Form):
    kind = forms.ChoiceField(label="Adjustment", choices=AccommodationKind.choices)
    extra_time_percent = forms.TypedChoiceField(
        label="Extra time",
        choices=PERCENT_CHOICES,
        coerce=_percent,
        required=False,
        empty_value=None,
    )
    reason = forms.CharField(
        label="Note for the candidate", required=False, max_length=MAX_REASON_CHARS
    )
