"""Forms of the invitation pages: invite one, import a CSV, extend and revoke."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone

from ..services.batches import MAX_CSV_BYTES, MAX_CSV_ROWS

EXTEND_DAYS = 7


class InviteForm(forms.Form):
    name = forms.CharField(
        label="Candidate's name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            f"Two columns, name then email, with or without a header row; commas or "
            f"semicolons; at most 1 MB and {MAX_CSV_ROWS} rows."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(
                "The file is larger than 1 MB. Split it into smaller files."
            )
        return upload


class ExtendForm(forms.Form):
    """A new last day, or "+7 days" (the button named `plus_days`)."""

    deadline = forms.DateField(
        label="New last day",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, current_deadline: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_deadline = current_deadline

    def clean(self):
        cleaned = super().clean()
        if "plus_days" in self.data:
            start = max(self.current_deadline, timezone.now())
            cleaned["new_deadline"] = start + timedelta(days=EXTEND_DAYS)
        elif cleaned.get("deadline"):
            cleaned["new_deadline"] = end_of_day(cleaned["deadline"])
        elif not self.errors:
            raise forms.ValidationError("Choose a new last day, or add 7 days.")
        return cleaned


def end_of_day(day: date) -> datetime:
    """The last second of `day` in the organisation's time zone (the site's, for now)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.get_current_timezone())


class RevokeForm(forms.Form):
    # Not limited here: the service keeps the first 500 characters.
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 500, "placeholder": "Seen only by your team"}),
    )
