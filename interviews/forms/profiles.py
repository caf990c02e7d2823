"""Team DNA Profile forms: the profile itself and a formset of competencies.

Spare competency rows are allowed to stay empty: an untouched extra form is skipped by the
formset, so only the rows a recruiter filled in become competencies.
"""

from django import forms
from django.core.exceptions import ValidationError

from .. import levels
from ..models import Competency, Profile
from ..services.profiles import MAX_COMPETENCIES, CompetencyInput

WEIGHT_CHOICES = [
    (1, "1 · minor"),
    (2, "2 · helpful"),
    (3, "3 · important"),
    (4, "4 · very important"),
    (5, "5 · essential"),
]
PREFIX = "competencies"


class ExamplesField(forms.CharField):
    """A textarea holding one example per line; cleans to a list of non-empty lines."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        if isinstance(value, list):
            return value
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def has_changed(self, initial, data) -> bool:
        return self.to_python(initial or "") != self.to_python(data or "")


class ProfileForm(forms.Form):
    name = forms.CharField(
        label="Profile name",
        max_length=Profile._meta.get_field("name").max_length,
        help_text="For example “Backend engineering team” or “Customer support”.",
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What this team does and what a great teammate looks like here.",
    )

    def __init__(self, *args, with_name: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_name:  # the name is fixed once created; versions change the content
            del self.fields["name"]


LEVEL_HELP = {
    1: "What a level 1 answer contains (for example: no relevant example, only claims).",
    2: "What a level 2 answer contains.",
    3: "What a level 3 answer contains (for example: a real episode, vague reasons or result).",
    4: "What a level 4 answer contains.",
    5: "What a level 5 answer contains (for example: own actions, reasons, a measurable "
    "result and reflection).",
}


class CompetencyForm(forms.Form):
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label="Name", max_length=Competency._meta.get_field("name").max_length)
    description = forms.CharField(
        label="What it means",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In plain language, as you would explain it to a new interviewer.",
    )
    weight = forms.TypedChoiceField(
        label="Weight",
        choices=WEIGHT_CHOICES,
        coerce=int,
        initial=3,
        help_text="Relative importance: a weight of 4 counts twice as much as a weight of 2.",
    )
    strong_examples = ExamplesField(
        label="Examples of strong answers",
        help_text="One example per line. At least one.",
        error_messages={"required": "Give at least one example of a strong answer."},
    )
    weak_examples = ExamplesField(
        label="Examples of weak answers",
        required=False,
        help_text="One example per line.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for level in range(1, levels.LEVELS + 1):
            self.fields[f"level_{level}"] = forms.CharField(
                label=f"Level {level}",
                required=False,
                max_length=levels.MAX_LEVEL_CHARS,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=LEVEL_HELP[level],
                error_messages={
                    "max_length": f"Level {level}: keep it to {levels.MAX_LEVEL_CHARS} "
                    "characters (it has %(show_value)d)."
                },
            )

    def level_fields(self):
        return [self[f"level_{level}"] for level in range(1, levels.LEVELS + 1)]

    def clean(self):
        data = super().clean()
        given = [(data.get(f"level_{level}") or "").strip() for level in range(1, 6)]
        if any(given):  # all five, or none (the suggested levels)
            name = (data.get("name") or "this competency").strip()
            for level, problem in levels.problems(name, given).items():
                if f"level_{level}" not in self.errors:
                    self.add_error(f"level_{level}", problem)
        data["anchors"] = given if any(given) else []
        return data

    @staticmethod
    def initial_for(competency: Competency) -> dict:
        # A version saved before levels existed starts from the suggested levels.
        anchors = competency.anchors or levels.default_anchors(competency.name)
        return {
            "key": competency.key,
            "name": competency.name,
            "description": competency.description,
            "weight": competency.weight,
            "strong_examples": competency.strong_examples,
            "weak_examples": competency.weak_examples,
            **{f"level_{n}": text for n, text in enumerate(anchors, start=1)},
        }


class BaseCompetencyFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", PREFIX)
        super().__init__(*args, **kwargs)

    def get_deletion_widget(self):
        return forms.CheckboxInput

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this competency from the next version"

    def filled_forms(self) -> list[forms.Form]:
        """The rows to keep: filled in (or pre-filled) and not marked for removal."""
        return [
            form
            for form in self.forms
            if (form.has_changed() or form.initial)
            and not (self.can_delete and self._should_delete_form(form))
        ]

    def clean(self) -> None:
        filled = self.filled_forms()
        seen: set[str] = set()
        for form in filled:
            name = (form.cleaned_data.get("name") or "").strip()
            if name and name.lower() in seen:
                form.add_error("name", f"Another competency is already called “{name}”.")
            seen.add(name.lower())
        if not filled:
            raise ValidationError(
                "Add at least one competency: a name, what it means and a strong example."
            )
        if len(filled) > MAX_COMPETENCIES:
            raise ValidationError(
                f"A profile holds at most {MAX_COMPETENCIES} competencies; "
                f"this one has {len(filled)}."
            )

    def competency_inputs(self) -> list[CompetencyInput]:
        return [
            CompetencyInput(
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                weight=form.cleaned_data["weight"],
                strong_examples=form.cleaned_data["strong_examples"],
                weak_examples=form.cleaned_data["weak_examples"],
                key=form.cleaned_data["key"],
                anchors=form.cleaned_data["anchors"],
            )
            for form in self.filled_forms()
        ]


# New profiles start with three empty rows; an edit adds two spare rows below the current
# competencies. Without JavaScript these spare rows are the way to add competencies.
CompetencyCreateFormSet = forms.formset_factory(
    CompetencyForm, formset=BaseCompetencyFormSet, extra=3
)
CompetencyEditFormSet = forms.formset_factory(
    CompetencyForm, formset=BaseCompetencyFormSet, extra=2, can_delete=True
)
