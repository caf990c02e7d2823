"""The organisation log's filters, read from the query string."""

from typing import Any, cast

from django import forms

from interviews import selectors as interview_selectors
from palantrix import selectors as team_selectors
from palantrix.models import ActorType, Organization

from .selectors import AuditFilter

ACTORS_BY_TYPE = [
    (f"type:{ActorType.CANDIDATE}", "Any candidate"),
    (f"type:{ActorType.SYSTEM}", "The system (workers, schedules)"),
    (f"type:{ActorType.API_KEY}", "Any API key"),
    (f"type:{ActorType.USER}", "Any member or staff"),
]


class AuditFilterForm(forms.Form):
    action = forms.RegexField(
        regex=r"^[a-z_]+(\.[a-z_]+)*$",
        required=False,
        max_length=100,
        error_messages={"invalid": "An action is a code such as scoring.score.overridden."},
        help_text="A code, or its start (scoring.score).",
        widget=forms.TextInput({"list": "audit-actions"}),
    )
    actor = forms.ChoiceField(required=False)
    since = forms.DateField(required=False, label="From", widget=forms.DateInput({"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput({"type": "date"}))
    job = forms.ChoiceField(required=False)
    candidate = forms.UUIDField(
        required=False,
        label="Candidate id",
        error_messages={
            "invalid": "A candidate id looks like 1b4e28ba-2fa1-11d2-883f-0016d3cca427."
        },
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = team_selectors.membership_list(organization=organization).select_related("user")
        cast(forms.ChoiceField, self.fields["actor"]).choices = [
            ("", "Anyone"),
            *ACTORS_BY_TYPE,
            *(
                (
                    f"user:{m.user_id}",
                    f"{m.user.get_full_name() or m.user.email} ({m.get_role_display()})",
                )
                for m in members
            ),
        ]
        self.jobs = {
            str(job.public_id): job
            for job in interview_selectors.job_list(organization=organization)
        }
        cast(forms.ChoiceField, self.fields["job"]).choices = [("", "All jobs")] + [
            (key, job.title) for key, job in self.jobs.items()
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The end of the period comes before its start.")
        return cleaned

    def filters(self) -> AuditFilter:
        """Call after is_valid()."""
        data = self.cleaned_data
        kind, _, ref = (data.get("actor") or "").partition(":")
        return AuditFilter(
            action=data.get("action") or "",
            actor_type=(ActorType.USER if kind == "user" else ref) if kind else "",
            actor_id=ref if kind == "user" else "",
            since=data.get("since"),
            until=data.get("until"),
            job=self.jobs.get(data.get("job") or ""),
            candidate=data.get("candidate"),
        )
