"""Candidate emails, in the organisation's branding, with plain-text and HTML parts. The
wording of the invitation, the reminder, the completion receipt and the outcome emails is
the organisation's (interviews.messages); the links, times and rights stay as they are."""

from django.urls import reverse

from palantrix.emails import absolute_url, send_templated, sender_for

from . import messages, selectors
from .models import Accommodation, Invitation, PublicRegistration

SUBJECTS = {
    "extended": "More time for your video interview for {job}",
    "accommodation": "Your request for an adjustment: video interview for {job}",
    "again": "Your video interview link for {job}",
}
EDITABLE = ("invitation", "reminder")


def _rights_link(invitation: Invitation) -> str:
    return absolute_url(reverse("rights_start", args=[invitation.organization.slug]))


def send_invitation(
    invitation: Invitation, *, token: str, kind: str, accommodation: Accommodation | None = None
) -> None:
    organization, job = invitation.organization, invitation.job
    timing = selectors.question_set_timing(question_set=invitation.question_set)
    context = {
        "organization": organization,
        "job": job,
        "invitation": invitation,
        "timing": timing,
        "link": absolute_url(reverse("candidate_link", args=[token])),
        "rights_link": _rights_link(invitation),
        "accommodation": accommodation,
    }
    if kind in EDITABLE:
        wording = messages.wording_for(organization=organization, kind=kind)
        rendered = messages.render(
            wording, messages.values_for(invitation, questions=timing.questions)
        )
        subject = rendered.subject
        context.update(message=rendered.text, message_html=rendered.html)
    else:
        subject = SUBJECTS[kind].format(job=job.title, organization=organization.name)
    send_templated(
        template=f"candidate_{kind}",
        to=invitation.email,
        subject=subject,
        from_email=sender_for(organization),
        reply_to=organization.contact_email,
        context=context,
    )


def send_message(invitation: Invitation, rendered: messages.Rendered) -> None:
    """One message in the organisation's wording (an outcome, a completion receipt)."""
    organization = invitation.organization
    send_templated(
        template="candidate_message",
        to=invitation.email,
        subject=rendered.subject,
        from_email=sender_for(organization),
        reply_to=organization.contact_email,
        context={
            "organization": organization,
            "job": invitation.job,
            "invitation": invitation,
            "text": rendered.text,
            "html": rendered.html,
            "rights_link": _rights_link(invitation),
        },
    )


def send_registration_confirmation(registration: PublicRegistration, *, token: str) -> None:
    """The one-time link that turns a public registration into an interview."""
    organization, job = registration.organization, registration.link.job
    send_templated(
        template="candidate_registration",
        to=registration.email,
        subject=f"Confirm your application for {job.title}",
        from_email=sender_for(organization),
        reply_to=organization.contact_email,
        context={
            "organization": organization,
            "job": job,
            "name": registration.name,
            "expires_at": registration.expires_at,
            "link": absolute_url(reverse("public_confirm", args=[token])),
            "rights_link": absolute_url(reverse("rights_start", args=[organization.slug])),
        },
    )


def send_extension_declined(invitation: Invitation) -> None:
    organization = invitation.organization
    text = (
        f"{organization.name} looked at your request for more time for your video interview "
        f"for {invitation.job.title} and cannot extend the deadline this time."
        "\n\nIf you have a reason they should know about, reply to this email."
    )
    send_message(
        invitation,
        messages.Rendered(
            subject=f"Your request for more time: {invitation.job.title}", text=text, version=0
        ),
    )
