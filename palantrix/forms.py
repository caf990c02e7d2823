from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.validators import validate_email

from . import ratelimit
from .models import Organization, Role

LOGIN_PERIOD = 15 * 60
RESET_PERIOD = 60 * 60


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with an email address (stored as the username, lower-cased)."""

    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    throttled = False

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        """Hold an account, and a client address, after too many failed logins in 15 minutes:
        guessing stops there even when the right password comes next."""
        email = self.cleaned_data.get("username") or ""
        client = ratelimit.client_address(self.request) if self.request else ""
        held = (
            ratelimit.count(scope="login-account", key=email, period=LOGIN_PERIOD)
            >= settings.LOGIN_FAILURES_PER_ACCOUNT
            or ratelimit.count(scope="login-client", key=client, period=LOGIN_PERIOD)
            >= settings.LOGIN_FAILURES_PER_CLIENT
        )
        self.throttled = held
        if held:
            minutes = -(-ratelimit.retry_after(LOGIN_PERIOD) // 60)
            raise forms.ValidationError(
                "Too many failed logins for this account or from your network. Wait "
                f"{minutes} minute{'s' if minutes != 1 else ''} and try again, or reset your "
                "password.",
                code="throttled",
            )
        try:
            return super().clean()
        except forms.ValidationError:
            ratelimit.hit(scope="login-account", key=email, period=LOGIN_PERIOD)
            ratelimit.hit(scope="login-client", key=client, period=LOGIN_PERIOD)
            raise


class ThrottledPasswordResetForm(PasswordResetForm):
    """At most a few reset emails per address and per client address an hour, so the form
    cannot be used to flood an inbox; the page says so instead of sending."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        client = ratelimit.client_address(self.request) if self.request else ""
        if (
            ratelimit.hit(scope="reset-address", key=email, period=RESET_PERIOD)
            > settings.PASSWORD_RESETS_PER_ADDRESS
            or ratelimit.hit(scope="reset-client", key=client, period=RESET_PERIOD)
            > settings.PASSWORD_RESETS_PER_CLIENT
        ):
            raise forms.ValidationError(
                "Email: too many reset emails were asked for this address or from your "
                "network. Use the last email you received, or try again in an hour.",
                code="throttled",
            )
        return email


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
