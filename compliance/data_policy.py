"""The organisation's data policy (retention, storage location, sub-processors) and the
documents filled from it: the record of processing (GDPR Art. 30) and a DPIA starter
(Art. 35)."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from palantrix import audit
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import Organization

from .models import DataPolicy
from .transparency import configuration, latest_evaluation

POLICY_FIELDS = ("candidate_months", "audit_months", "storage_location", "sub_processors")


def policy_get(*, organization: Organization) -> DataPolicy:
    policy, _ = DataPolicy.objects.get_or_create(organization=organization)
    return policy


@transaction.atomic
def data_policy_update(*, organization: Organization, actor: Actor, **fields: Any) -> DataPolicy:
    policy = DataPolicy.objects.select_for_update().get(pk=policy_get(organization=organization).pk)
    audit_months = fields.get("audit_months", policy.audit_months)
    if audit_months < DataPolicy.MIN_AUDIT_MONTHS:
        raise DomainError(
            f"Keep the audit log at least {DataPolicy.MIN_AUDIT_MONTHS} months: the EU AI Act "
            "asks deployers of high-risk AI systems to keep its logs that long (Art. 26(6))."
        )
    if not 1 <= fields.get("candidate_months", policy.candidate_months) <= 120:
        raise DomainError("Keep candidates' data between 1 and 120 months.")
    changed = sorted(
        name for name in POLICY_FIELDS if name in fields and getattr(policy, name) != fields[name]
    )
    for name in changed:
        setattr(policy, name, fields[name])
    if changed:
        policy.save()
        audit.record(
            organization=organization,
            actor=actor,
            action="compliance.data_policy.updated",
            target=organization,
            data={
                "fields": changed,
                "candidate_months": policy.candidate_months,
                "audit_months": policy.audit_months,
            },
        )
    return policy


@dataclass(frozen=True)
class SubProcessor:
    name: str
    purpose: str
    location: str


def sub_processors(policy: DataPolicy) -> list[SubProcessor]:
    """The policy's lines "Name | purpose | location", parsed (missing parts left blank)."""
    found = []
    for line in policy.sub_processors.splitlines():
        parts = [part.strip() for part in line.split("|")]
        if parts[0]:
            found.append(SubProcessor(*[*parts, "", ""][:3]))
    return found


# --- Record of processing (GDPR Art. 30) and DPIA starter (Art. 35) -----------------------------


def _document_context(organization: Organization) -> dict[str, Any]:
    policy = policy_get(organization=organization)
    storage = policy.storage_location or (
        f"S3 bucket '{settings.S3_BUCKET}', region {settings.S3_REGION}"
        + (f", endpoint {settings.S3_ENDPOINT_URL}" if settings.S3_ENDPOINT_URL else "")
    )
    return {
        "organization": organization,
        "policy": policy,
        "storage": storage,
        "sub_processors": sub_processors(policy),
        "config": configuration(),
        "evaluation": latest_evaluation(),
        "provider": settings.PALANTRIX_PROVIDER,
        "provider_contact": settings.PALANTRIX_PROVIDER_CONTACT,
        "today": timezone.localdate(),
    }


DOCUMENTS = {
    "record-of-processing": ("compliance/record_of_processing.md", "Record of processing"),
    "dpia": ("compliance/dpia.md", "DPIA starter"),
}


@transaction.atomic
def document_export(*, organization: Organization, actor: Actor, name: str) -> str:
    """The Markdown text of a document in `DOCUMENTS`, filled from the running system."""
    template, _ = DOCUMENTS[name]
    text = render_to_string(template, _document_context(organization))
    audit.record(
        organization=organization,
        actor=actor,
        action="compliance.document.exported",
        target=organization,
        data={"document": name},
    )
    return text
