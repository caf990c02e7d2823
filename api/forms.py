from django import forms

from .models import ApiKey, WebhookEventType


class ApiKeyForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="Which system uses it, e.g. Greenhouse.")
    access = forms.ChoiceField(choices=ApiKey.Access.choices, initial=ApiKey.Access.READ)
    expires_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The key stops working at the start of this day (UTC).",
    )


class WebhookEndpointForm(forms.Form):
    url = forms.URLField(
        max_length=500, label="URL", assume_scheme="https", help_text="Where we POST the events."
    )
    description = forms.CharField(max_length=200, required=False)
    events = forms.MultipleChoiceField(
        choices=WebhookEventType.choices, widget=forms.CheckboxSelectMultiple
    )


class WebhookEventsForm(forms.Form):
    events = forms.MultipleChoiceField(
        choices=WebhookEventType.choices, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(required=False, label="Send events to this endpoint")
