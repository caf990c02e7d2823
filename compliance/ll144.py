"""NYC Local Law 144's conditions for AI scoring of a New York City job: an independent
bias audit from the last 12 months, and the candidate notice published 10 business days
before (§ 20-871; business days in `business_days`)."""

from typing import Any

from django.utils import timezone

from palantrix.models import Organization

from .business_days import add_business_days, business_days_between
from .fairness import one_year_before
from .models import BiasAudit, JobCompliance

NOTICE_BUSINESS_DAYS = 10


def ll144_block(*, organization: Organization, job: Any) -> str:
    """For a job subject to NYC Local Law 144: a bias audit no more than a year old, and
    the candidate notice published at least 10 business days ago (§ 20-871)."""
    settings = JobCompliance.objects.filter(organization=organization, job=job).first()
    if settings is None or not settings.nyc_ll144:
        return ""
    today = timezone.localdate()
    audited = BiasAudit.objects.filter(
        organization=organization, audited_on__gte=one_year_before(today), audited_on__lte=today
    ).exists()
    if not audited:
        return (
            "AI scoring is off for this New York City job: NYC Local Law 144 needs an "
            "independent bias audit from the last 12 months, and none is recorded."
        )
    if settings.notice_published_on is None:
        return (
            "AI scoring is off for this New York City job until the candidate notice has "
            "been published for 10 business days (NYC Local Law 144): record its date."
        )
    if business_days_between(settings.notice_published_on, today) < NOTICE_BUSINESS_DAYS:
        starts = add_business_days(settings.notice_published_on, NOTICE_BUSINESS_DAYS)
        return (
            "AI scoring is off for this New York City job until the candidate notice has "
            f"been published for 10 business days (NYC Local Law 144): from {starts:%d %B %Y}."
        )
    return ""
