from typing import Any

from django import forms

from .instructions import INSTRUCTIONS_VERSION
from .models import DataPolicy, RaceEthnicity, Sex


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


# --- Fairness ----------------------------------------------------------------------------

DATE = forms.DateInput(attrs={"type": "date"})


class PeriodForm(forms.Form):
    """The bias report's period; both ends included, the last 12 months by default."""

    start = forms.DateField(label="From", widget=DATE)
    end = forms.DateField(label="To", widget=DATE)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The period starts after it ends.")
        return data


class BiasAuditForm(forms.Form):
    audited_on = forms.DateField(label="Date of the bias audit", widget=DATE)
    auditor = forms.CharField(
        label="Independent auditor",
        max_length=200,
        help_text="The person or firm that carried out the audit.",
    )
    summary = forms.CharField(
        label="Summary of the results",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class JobLl144Form(forms.Form):
    nyc_ll144 = forms.BooleanField(
        label="Subject to NYC Local Law 144 (the job is in New York City)", required=False
    )
    notice_published_on = forms.DateField(
        label="Candidate notice published on",
        required=False,
        widget=DATE,
        help_text="AI scoring starts 10 business days after this date.",
    )


DATA_SOURCE = (
    "Historical data: the AI scores of every candidate who finished a one-way interview with "
    "us in the period, and the sex and race/ethnicity that candidates chose to tell us, "
    "voluntarily and after finishing, for these statistics only. Candidates who did not "
    "answer are counted as unknown."
)


class PublishForm(PeriodForm):
    distribution_date = forms.DateField(
        label="Date the AI scoring tool was first used",
        widget=DATE,
        help_text="The distribution date the public summary must show.",
    )
    data_source = forms.CharField(
        label="Source of the data, explained",
        initial=DATA_SOURCE,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class SelfIdentificationForm(forms.Form):
    sex = forms.ChoiceField(
        label="Sex", choices=Sex.choices, initial=Sex.PREFER_NOT, widget=forms.RadioSelect
    )
    race_ethnicity = forms.ChoiceField(
        label="Race/ethnicity",
        choices=RaceEthnicity.choices,
        initial=RaceEthnicity.PREFER_NOT,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label="I agree that the answers above are used only for fairness statistics, as "
        "explained. I can change or withdraw them by choosing \u201cPrefer not to say\u201d.",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        shares = (
            data.get("sex", Sex.PREFER_NOT) != Sex.PREFER_NOT
            or data.get("race_ethnicity", RaceEthnicity.PREFER_NOT) != RaceEthnicity.PREFER_NOT
        )
        if shares and not data.get("consent"):
            self.add_error(
                "consent",
                "To share these answers, tick this box, or leave both at "
                "\u201cPrefer not to say\u201d.",
            )
        return data


# --- Data and retention ------------------------------------------------------------------


class DataPolicyForm(forms.Form):
    candidate_months = forms.IntegerField(
        label="Keep candidates' data for (months)",
        min_value=1,
        max_value=120,
        help_text="Counted from the job's closing or the candidate's last activity, whichever "
        "is later. Then recordings, transcripts, scores, comments and contact details are "
        "deleted for good.",
    )
    audit_months = forms.IntegerField(
        label="Keep the audit log for at least (months)",
        max_value=1200,
        help_text="Six months at least (EU AI Act Art. 26(6)). Its events hold no names.",
    )
    storage_location = forms.CharField(
        label="Where the data is stored",
        max_length=200,
        required=False,
        help_text="For the record of processing, e.g. 'EU (Frankfurt), provider X'.",
    )
    sub_processors = forms.CharField(
        label="Sub-processors",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line: name | purpose | location.",
    )

    def clean_audit_months(self) -> int:
        months: int = self.cleaned_data["audit_months"]
        if months < DataPolicy.MIN_AUDIT_MONTHS:
            raise forms.ValidationError(
                f"Keep the audit log at least {DataPolicy.MIN_AUDIT_MONTHS} months: the EU AI "
                "Act asks deployers of high-risk AI systems to keep its logs that long "
                "(Art. 26(6))."
            )
        return months


class LegalHoldForm(forms.Form):
    job = forms.UUIDField(required=False, widget=forms.HiddenInput)
    invitation = forms.UUIDField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        help_text="A case or claim number, not a person's name.",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if bool(data.get("job")) == bool(data.get("invitation")):
            raise forms.ValidationError("A legal hold is on one job or one candidate.")
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=300)


class OrganizationDeleteForm(forms.Form):
    confirmation = forms.CharField(label="Type the organisation's name to confirm", max_length=200)
