"""Candidate email templates: defaults (today's texts), merge fields, rendering, preview.

A template is plain text with merge fields written `{{ first_name }}`. Only the fields
below exist; anything else in braces is refused when saving, so a typo never reaches a
candidate. The text is never run as a Django template: an organisation's wording cannot
reach the context, only the values of the named fields.
"""

import re
from dataclasses import dataclass

from django.utils import dateformat, timezone
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from .models import CandidateEmailKind, CandidateEmailTemplate, Invitation

MERGE_FIELDS = {
    "first_name": "The candidate's first name",
    "job": "The job's title",
    "organization": "Your organisation's name",
    "next_step": "The next step, as written below",
    "deadline": "The interview's deadline",
    "questions": "How many questions (\u201c3 questions\u201d)",
}
FIELD = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
SAMPLE = {
    "first_name": "Alex",
    "job": "Customer Support Lead",
    "organization": "Your organisation",
    "next_step": "",
    "deadline": "Friday 18 December 2026, 17:00 UTC",
    "questions": "3 questions",
}


@dataclass(frozen=True)
class Wording:
    kind: str
    subject: str
    body: str
    next_step: str = ""
    send_by_default: bool = False
    version: int = 0  # 0: the default, never edited


DEFAULTS = {
    CandidateEmailKind.ADVANCE: Wording(
        kind=CandidateEmailKind.ADVANCE,
        subject="Your application for {{ job }} at {{ organization }}: next steps",
        body="Thank you for your video interview for {{ job }}. The hiring team reviewed "
        "your answers and would like to move forward with your application.\n\n"
        "{{ next_step }}",
        next_step="We will contact you shortly to arrange a live interview.",
    ),
    CandidateEmailKind.REJECT: Wording(
        kind=CandidateEmailKind.REJECT,
        subject="Your application for {{ job }} at {{ organization }}",
        body="Thank you for the time you gave to your video interview for {{ job }}. The "
        "hiring team reviewed your answers, and we have decided not to move forward with "
        "your application this time.\n\nThe decision was made by people, not by the AI. "
        "We wish you every success.",
    ),
    CandidateEmailKind.HOLD: Wording(
        kind=CandidateEmailKind.HOLD,
        subject="Your application for {{ job }} at {{ organization }}",
        body="Thank you for your video interview for {{ job }}. The hiring team reviewed "
        "your answers and has put your application on hold for now.\n\n{{ next_step }}",
        next_step="We will be in touch as soon as we know more.",
    ),
    CandidateEmailKind.INVITATION: Wording(
        kind=CandidateEmailKind.INVITATION,
        subject="Your video interview for {{ job }} at {{ organization }}",
        body="{{ organization }} invites you to a short video interview for the job of "
        "{{ job }}. You answer {{ questions }} on video, in your own time, from a computer "
        "or phone with a camera.",
    ),
    CandidateEmailKind.REMINDER: Wording(
        kind=CandidateEmailKind.REMINDER,
        subject="Reminder: your video interview for {{ job }} closes soon",
        body="A reminder: the deadline for your video interview for {{ job }} at "
        "{{ organization }} is near. It closes on {{ deadline }}, so there is still time if "
        "you start soon.",
    ),
    CandidateEmailKind.COMPLETION: Wording(
        kind=CandidateEmailKind.COMPLETION,
        subject="We received your video interview for {{ job }}",
        body="Thank you, your interview is complete. {{ organization }} has received your "
        "answers for {{ job }}. People on the hiring team will review them and get back to "
        "you.\n\n{{ next_step }}",
    ),
}


def unknown_fields(text: str) -> list[str]:
    return sorted({name for name in FIELD.findall(text) if name not in MERGE_FIELDS})


def wording_for(*, organization, kind: str) -> Wording:
    """The organisation's current wording of `kind`, or the default."""
    saved = CandidateEmailTemplate.objects.for_organization(organization).filter(kind=kind).first()
    if saved is None:
        return DEFAULTS[kind]
    return Wording(
        kind=kind,
        subject=saved.subject,
        body=saved.body,
        next_step=saved.next_step,
        send_by_default=saved.send_by_default,
        version=saved.version,
    )


def values_for(invitation: Invitation, *, questions: int = 0) -> dict[str, str]:
    deadline = invitation.deadline
    return {
        "first_name": (invitation.name.split() or [""])[0],
        "job": invitation.job.title,
        "organization": invitation.organization.name,
        "deadline": dateformat.format(timezone.localtime(deadline), "l j F Y, H:i e")
        if deadline
        else "",
        "questions": f"{questions} question{'s' if questions != 1 else ''}",
    }


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    version: int

    @property
    def html(self) -> SafeString:
        """The plain text as HTML paragraphs, all of it escaped first."""
        return mark_safe(linebreaks(self.text, autoescape=True))


def render(wording: Wording, values: dict[str, str]) -> Rendered:
    """Fill in the merge fields; an empty next step leaves no empty paragraph behind."""
    filled = {**values, "next_step": wording.next_step}

    def fill(text: str) -> str:
        return FIELD.sub(lambda match: filled.get(match.group(1), ""), text)

    text = re.sub(r"\n{3,}", "\n\n", fill(wording.body)).strip()
    return Rendered(
        subject=" ".join(fill(wording.subject).split()), text=text, version=wording.version
    )


def preview(wording: Wording, *, organization) -> Rendered:
    return render(wording, {**SAMPLE, "organization": organization.name})
