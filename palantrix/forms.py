from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.validators import validate_email

from .models import Organization, Role


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with an email address (stored as the username, lower-cased)."""

    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class TeamInviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.RECRUITER)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name", required=False)
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        label="Choose a password",
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password(self):
        password = self.cleaned_data["password"]
        from django.contrib.auth.models import User

        validate_password(password, User(username=self.email, email=self.email))
        return password


class BrandingForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "sender_name",
            "contact_email",
            "brand_color",
            "logo",
            "brief_recipients_allowed",
        ]
        widgets = {
            "brand_color": forms.TextInput(attrs={"type": "color"}),
            "brief_recipients_allowed": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_brief_recipients_allowed(self) -> str:
        entries, bad = [], []
        for entry in self.cleaned_data["brief_recipients_allowed"].replace(",", " ").split():
            entry = entry.strip().lower()
            address = f"x{entry}" if entry.startswith("@") else entry
            try:
                validate_email(address)
            except forms.ValidationError:
                bad.append(entry)
            else:
                entries.append(entry)
        if bad:
            raise forms.ValidationError(
                f"Outside brief recipients: not an address or @domain: {', '.join(bad)}."
            )
        return "\n".join(dict.fromkeys(entries))

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if any(not character.isprintable() for character in name):
            raise forms.ValidationError(
                "Name: write it on one line, without line breaks or control characters."
            )
        return name
