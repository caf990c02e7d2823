from django import forms


class FromTemplateForm(forms.Form):
    title = forms.CharField(label="Job title", max_length=200)
    location = forms.CharField(label="Location", max_length=200, required=False)


class SaveTemplateForm(forms.Form):
    name = forms.CharField(
        label="Template name",
        max_length=200,
        help_text="A template of the same name is replaced; jobs made from it stay as they are.",
    )
