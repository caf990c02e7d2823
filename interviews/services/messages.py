"""The organisation's wording of candidate emails: saved as a new version each time."""

from django.db import transaction

from palantrix import audit
from palantrix.audit import Actor
from palantrix.errors import InvalidField
from palantrix.models import Organization, user_or_none

from ..messages import DEFAULTS, unknown_fields
from ..models import CandidateEmailKind, CandidateEmailTemplate


def _check(field: str, text: str, *, limit: int, required: bool = True) -> str:
    text = text.strip()
    if required and not text:
        raise InvalidField(field, "This can't be empty.")
    if len(text) > limit:
        raise InvalidField(field, f"Keep it under {limit} characters.")
    unknown = unknown_fields(text)
    if unknown:
        raise InvalidField(
            field, "Unknown merge field: " + ", ".join("{{ " + name + " }}" for name in unknown)
        )
    return text


@transaction.atomic
def candidate_email_template_save(
    *,
    organization: Organization,
    actor: Actor,
    kind: str,
    subject: str,
    body: str,
    next_step: str = "",
    send_by_default: bool = False,
) -> CandidateEmailTemplate:
    """Save the organisation's wording of `kind`; the version goes up by one."""
    if kind not in CandidateEmailKind.values:
        raise InvalidField("kind", "Unknown email.")
    subject = " ".join(_check("subject", subject, limit=200).split())
    body = _check("body", body, limit=5000)
    next_step = _check("next_step", next_step, limit=300, required=False)
    if "{{" in next_step:
        raise InvalidField("next_step", "The next step can't hold merge fields.")
    template, created = CandidateEmailTemplate.objects.select_for_update().get_or_create(
        organization=organization,
        kind=kind,
        defaults={"subject": subject, "body": body, "version": 1},
    )
    if not created:
        template.version += 1
    template.subject, template.body, template.next_step = subject, body, next_step
    template.send_by_default = send_by_default
    template.updated_by = user_or_none(actor)
    template.save()
    audit.record(
        organization=organization,
        actor=actor,
        action="interviews.email_template.saved",
        target=template,
        data={"kind": kind, "version": template.version, "send_by_default": send_by_default},
    )
    return template


__all__ = ["DEFAULTS", "candidate_email_template_save"]
