"""Emails about rights requests: to the candidate (in the organisation's branding) and to
the organisation's admins (ids and job titles only, never the candidate's answers)."""

from typing import Any

from django.urls import reverse

from palantrix.emails import absolute_url, send_templated, sender_for
from palantrix.models import Membership, Organization, Role

from ..models import RightsRequest

SUBJECTS = {
    "link": "Your data at {organization}: your one-time link",
    "export_ready": "Your copy of your data at {organization} is ready",
    "erasure_held": "Your erasure request at {organization} is on hold",
    "erased": "Your data at {organization} was deleted",
    "contest_outcome": "The re-review you asked {organization} for",
}


def rights_start_url(organization: Organization) -> str:
    return absolute_url(reverse("rights_start", args=[organization.slug]))


def send_to_candidate(
    *, organization: Organization, to: str, name: str, kind: str, **context: Any
) -> None:
    send_templated(
        template=f"rights_{kind}",
        to=to,
        subject=SUBJECTS[kind].format(organization=organization.name),
        from_email=sender_for(organization),
        reply_to=organization.contact_email,
        context={
            "organization": organization,
            "name": name,
            "rights_link": rights_start_url(organization),
            **context,
        },
    )


def admin_addresses(organization: Organization) -> list[str]:
    return list(
        Membership.objects.for_organization(organization)
        .filter(role=Role.ADMIN, user__is_active=True)
        .values_list("user__email", flat=True)
    )


def send_to_admins(
    *, organization: Organization, subject: str, lines: list[str], request: RightsRequest
) -> int:
    """One plain message per admin: what happened and the link to the request."""
    url = absolute_url(
        reverse("rights_request_detail", args=[organization.slug, request.public_id])
    )
    addresses = admin_addresses(organization)
    for address in addresses:
        send_templated(
            template="rights_admin",
            to=address,
            subject=subject,
            from_email=sender_for(organization),
            context={"organization": organization, "lines": lines, "url": url},
        )
    return len(addresses)
