"""Forms of the public job link: the applicant's registration and the recruiter's cap."""

from django import forms


class ApplyForm(forms.Form):
    name = forms.CharField(
        label="Your name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label="Your email address",
        help_text="We email you a link to confirm it; your interview opens from there.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PublicLinkCapForm(forms.Form):
    cap = forms.IntegerField(
        label="Most registrations",
        required=False,
        min_value=1,
        max_value=100_000,
        help_text="The link closes to new registrations at this number; empty: no limit.",
    )
