from django import forms
from django.core.validators import MaxValueValidator

from ..models import AnswerKind, Job, Profile, QuestionType


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

    def __init__(self, *args, competencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(c.key), c.name) for c in competencies]
        self.fields["competency_keys"].choices = choices
        if not choices:
            self.fields[
                "competency_keys"
            ].help_text = "Choose a Team DNA Profile for the job to link questions to competencies."

    def clean_question_type(self) -> str:
        return self.cleaned_data["question_type"] or QuestionType.BEHAVIOURAL


class LibraryForm(forms.Form):
    questions = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, library=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].choices = [(q.id, q.text) for q in library]
