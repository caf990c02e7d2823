"""What the interviews app adds to a candidate's copy of their data (palantrix.privacy):
the decisions' emails they were sent, as sent."""

from typing import Any

from .models import OutcomeEmail, OutcomeEmailStatus


def candidate_export(*, invitation) -> dict[str, Any]:
    sent = OutcomeEmail.objects.for_organization(invitation.organization).filter(
        invitation=invitation, status=OutcomeEmailStatus.SENT
    )
    return {
        "messages": [
            {
                "kind": email.kind,
                "subject": email.subject,
                "text": email.body,
                "template_version": email.template_version,
                "sent_at": email.sent_at.isoformat() if email.sent_at else None,
            }
            for email in sent.order_by("sent_at")
        ]
    }
