"""Outgoing email: plain-text and HTML parts rendered from templates, sent over SMTP."""

from email.mime.base import MIMEBase
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Organization, TeamInvitation


def absolute_url(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}{path}"


def sender_for(organization: Organization) -> str:
    """The organisation's sender name on the platform's sending address."""
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((organization.email_sender_name, address))


def send_templated(
    *,
    template: str,
    to: str,
    subject: str,
    context: dict[str, Any],
    from_email: str,
    reply_to: str = "",
    attachments: tuple[MIMEBase, ...] = (),
) -> None:
    """Send a plain-text and HTML email; `attachments` are ready MIME parts (each with
    its own Content-Type and Content-Disposition, e.g. a calendar invitation). The subject
    is made one line: a name or title holding a line break would be refused as a header."""
    subject = " ".join(subject.split())
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=from_email,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment)
    message.send()


def send_team_invitation(invitation: TeamInvitation, token: str) -> None:
    organization = invitation.organization
    send_templated(
        template="team_invitation",
        to=invitation.email,
        subject=f"You're invited to join {organization.name} on Palantrix",
        from_email=sender_for(organization),
        context={
            "organization": organization,
            "invitation": invitation,
            "inviter": invitation.invited_by,
            "accept_url": absolute_url(reverse("team_invitation_accept", args=[token])),
        },
    )
