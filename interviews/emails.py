"""Candidate emails, in the organisation's branding, with plain-text and HTML parts."""

from django.urls import reverse

from palantrix.emails import absolute_url, send_templated, sender_for

from . import selectors
from .models import Invitation

SUBJECTS = {
    "invitation": "Your video interview for {job} at {organization}",
    "reminder": "Reminder: your video interview for {job} closes soon",
    "extended": "More time for your video interview for {job}",
}


def send_invitation(invitation: Invitation, *, token: str, kind: str) -> None:
    organization, job = invitation.organization, invitation.job
    timing = selectors.question_set_timing(question_set=invitation.question_set)
    send_templated(
        template=f"candidate_{kind}",
        to=invitation.email,
        subject=SUBJECTS[kind].format(job=job.title, organization=organization.name),
        from_email=sender_for(organization),
        reply_to=organization.contact_email,
        context={
            "organization": organization,
            "job": job,
            "invitation": invitation,
            "timing": timing,
            "link": absolute_url(reverse("candidate_link", args=[token])),
            "rights_link": absolute_url(reverse("rights_start", args=[organization.slug])),
        },
    )
