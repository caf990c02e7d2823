"""`{% self_identification_form %}`: the optional self-identification form on the
candidate's finish page, filled with the candidate's own earlier answers if any."""

from typing import Any

from django import template

from ..forms import SelfIdentificationForm
from ..selectors import self_identification_get

register = template.Library()


@register.inclusion_tag("compliance/self_identification_form.html", takes_context=True)
def self_identification_form(context: template.Context) -> dict[str, Any]:
    invitation = context["invitation"]
    form = context.get("self_identification_form")
    recorded = self_identification_get(invitation=invitation)
    if form is None:
        initial = (
            {
                "sex": recorded.sex,
                "race_ethnicity": recorded.race_ethnicity,
                "consent": recorded.consented_at is not None,
            }
            if recorded
            else {}
        )
        form = SelfIdentificationForm(initial=initial)
    return {
        "form": form,
        "recorded": recorded,
        "organization": invitation.organization,
        "csrf_token": context.get("csrf_token"),
    }
