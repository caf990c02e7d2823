"""Voluntary self-identification (sex, race/ethnicity) for the fairness statistics, kept
apart from the interview."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from interviews.models import InvitationStatus
from palantrix import audit
from palantrix.audit import Actor
from palantrix.errors import DomainError

from .models import RaceEthnicity, SelfIdentification, Sex


@transaction.atomic
def self_identification_record(
    *, invitation: Any, actor: Actor, sex: str, race_ethnicity: str, consent: bool
) -> SelfIdentification:
    """Store (or change) a candidate's optional answers, apart from their interview.

    Sharing a category needs explicit consent (GDPR Art. 9(2)(a)); "Prefer not to say"
    to both needs none and replaces anything shared before. The audit event holds no
    category: only whether consent was given."""
    if invitation.status != InvitationStatus.COMPLETED:
        raise DomainError("These questions open once your interview is complete.")
    if sex not in Sex.values or race_ethnicity not in RaceEthnicity.values:
        raise DomainError("Choose one of the listed answers.")
    shares = sex != Sex.PREFER_NOT or race_ethnicity != RaceEthnicity.PREFER_NOT
    if shares and not consent:
        raise DomainError(
            "To share these answers, tick the consent box, or leave both at "
            "\u201cPrefer not to say\u201d."
        )
    record, _ = SelfIdentification.objects.update_or_create(
        organization=invitation.organization,
        invitation=invitation,
        defaults={
            "sex": sex,
            "race_ethnicity": race_ethnicity,
            "consented_at": timezone.now() if consent else None,
        },
    )
    audit.record(
        organization=invitation.organization,
        actor=actor,
        action="compliance.self_identification.recorded",
        target=record,
        data={"consented": bool(consent)},
    )
    return record
