from django import forms


class ConsentForm(forms.Form):
    assessment = forms.ChoiceField(
        label="How should your answers be assessed?",
        widget=forms.RadioSelect,
        choices=[
            (
                "ai",
                "AI-assisted: my answers are transcribed and scored against the job's "
                "competencies, and people review every score and make every decision.",
            ),
            ("human", "Human review only: people watch my answers; the AI does not score them."),
        ],
        initial="ai",
    )
    agree = forms.BooleanField(
        label="I have read this notice and agree to record my answers on these terms.",
        error_messages={"required": "Tick the box to continue, or close this page to stop."},
    )
