from django import forms
from django.core.validators import MaxValueValidator

from ..models import AnswerKind, Job, Profile, QuestionType
from ..models.jobs import CHOICE_PURPOSE, KNOCKOUT_PURPOSE


class JobForm(forms.ModelForm):
    class Meta:
        model = Job
        fields = [
            "title",
            "location",
            "description",
            "profile",
            "language",
            "blind_first_review",
            "invitation_days",
            "reminder_hours",
            "auto_extension_days",
        ]
        labels = {
            "auto_extension_days": "Automatic extension (days)",
            "profile": "Team DNA Profile",
            "invitation_days": "Days to finish",
            "reminder_hours": "Reminder (hours before the deadline)",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = Profile.objects.for_organization(organization)
        self.fields["profile"].help_text = "The competencies answers are scored against."
        self.fields["invitation_days"].widget.attrs.update(min=1, max=60)
        self.fields["reminder_hours"].widget.attrs.update(min=0, max=240)
        self.fields["auto_extension_days"].widget.attrs.update(min=0, max=30)
        self.fields["auto_extension_days"].validators.append(MaxValueValidator(30))
        self.fields["auto_extension_days"].required = False

    def clean_auto_extension_days(self) -> int:
        return self.cleaned_data.get("auto_extension_days") or 0


class JobStatusForm(forms.Form):
    status = forms.ChoiceField(choices=[("draft", "Draft"), ("open", "Open"), ("closed", "Closed")])


class IntroForm(forms.Form):
    intro = forms.CharField(
        label="Welcome message",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to candidates before the first question.",
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="Question", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    answer_seconds = forms.IntegerField(
        label="Answer time (seconds)", min_value=30, max_value=300, initial=120
    )
    think_seconds = forms.IntegerField(
        label="Think time (seconds)",
        min_value=0,
        max_value=120,
        initial=30,
        help_text="Time to read and prepare before recording starts.",
    )
    retakes = forms.IntegerField(label="Retakes allowed", min_value=0, max_value=3, initial=1)
    kind = forms.ChoiceField(label="Answer", choices=AnswerKind.choices, initial=AnswerKind.VIDEO)
    question_type = forms.ChoiceField(
        label="Question type",
        choices=QuestionType.choices,
        initial=QuestionType.BEHAVIOURAL,
        required=False,
        help_text="A behavioural answer is judged on a real past example; a situational one "
        "on the plan the candidate describes.",
    )
    competency_keys = forms.MultipleChoiceField(
        label="Competencies it reveals",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    # A choice question (answer: "Choice among options"): no recording, no timer.
    options = forms.CharField(
        label="Options (a choice question)",
        required=False,
        max_length=2500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One option per line. For a knock-out question, start each acceptable "
        "option with * (for example “* Yes, I have the right to work here”).",
    )
    multiple = forms.BooleanField(label="Candidates may tick several options", required=False)
    knockout = forms.BooleanField(
        label="Knock-out (eligibility) question",
        required=False,
        help_text="An answer without a * flags the candidate for a person to look at. It "
        "never rejects anyone and never changes a score or the ranking.",
    )
    purpose = forms.CharField(
        label="What the question is for (shown to the candidate)",
        required=False,
        max_length=300,
        help_text=f"Left empty: “{KNOCKOUT_PURPOSE}” for a knock-out question, "
        f"“{CHOICE_PURPOSE}” for another choice.",
    )

    def __init__(self, *args, competencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        _competency_choices(self, competencies)

    def clean_question_type(self) -> str:
        return self.cleaned_data["question_type"] or QuestionType.BEHAVIOURAL

    def clean(self):
        data = super().clean()
        if data.get("kind") != AnswerKind.CHOICE:
            data["options"] = None
            return data
        lines = [line.strip() for line in (data.get("options") or "").splitlines()]
        data["options"] = [
            (line.lstrip("*").strip(), line.startswith("*")) for line in lines if line.lstrip("*")
        ]
        if len(data["options"]) < 2:
            self.add_error("options", "A choice question needs at least two options.")
        elif data.get("knockout") and not any(ok for _, ok in data["options"]):
            self.add_error("options", "Start at least one acceptable option with *.")
        return data


def options_text(options: list[dict]) -> str:
    """A choice question's options as the form shows them (acceptable ones with *)."""
    return "\n".join(f"* {o['text']}" if o.get("acceptable") else o["text"] for o in options)


def _competency_choices(form: forms.Form, competencies) -> None:
    choices = [(str(c.key), c.name) for c in competencies]
    form.fields["competency_keys"].choices = choices
    if not choices:
        form.fields[
            "competency_keys"
        ].help_text = "Choose a Team DNA Profile for the job to link questions to competencies."


class AlternativeForm(forms.Form):
    """An equivalent question for a slot: one of them is drawn for each candidate."""

    text = forms.CharField(
        label="Alternative question", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    question_type = forms.ChoiceField(
        label="Question type",
        choices=QuestionType.choices,
        initial=QuestionType.BEHAVIOURAL,
        required=False,
    )
    competency_keys = forms.MultipleChoiceField(
        label="Competencies it reveals", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, competencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        _competency_choices(self, competencies)

    def clean_question_type(self) -> str:
        return self.cleaned_data["question_type"] or QuestionType.BEHAVIOURAL


class LibraryForm(forms.Form):
    questions = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, library=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].choices = [(q.id, q.text) for q in library]
