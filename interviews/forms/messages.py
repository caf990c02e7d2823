from django import forms

from ..messages import MERGE_FIELDS


class EmailTemplateForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(
        label="Message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Merge fields: "
        + ", ".join("{{ " + name + " }} (" + text + ")" for name, text in MERGE_FIELDS.items()),
    )
    next_step = forms.CharField(
        label="Next step",
        max_length=300,
        required=False,
        help_text="What happens next; the message shows it where it says {{ next_step }}.",
    )
    send_by_default = forms.BooleanField(label="Email candidates by default", required=False)
