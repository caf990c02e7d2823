"""What candidates' rights follow, without side effects: the system actor that acts for
them, when a request is due, which invitations are the same candidate's, and who may not
re-review a contest."""

import calendar
from datetime import date, timedelta

from django.db.models import QuerySet

from interviews.models import Decision, Invitation
from palantrix import audit
from scoring.models import ScoreOverride

from ..models import RightsRequestKind

RIGHTS = audit.SystemActor("compliance.rights")
ERASURE_DAYS = 30


def add_month(day: date) -> date:
    """The same day next month, or that month's last day (31 January -> 28 February)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(kind: str, received: date) -> date:
    """One month from receipt (GDPR Art. 12(3)); an erasure within 30 days at most, which
    is shorter after a 31-day month (Illinois AI Video Interview Act Sec. 15)."""
    due = add_month(received)
    if kind == RightsRequestKind.ERASURE:
        due = min(due, received + timedelta(days=ERASURE_DAYS))
    return due


def same_address(invitation: Invitation) -> QuerySet[Invitation]:
    """Every invitation of the organisation sent to this invitation's address (an erased
    invitation has none left: it stands alone)."""
    invitations = Invitation.objects.for_organization(invitation.organization)
    if not invitation.email:
        return invitations.filter(pk=invitation.pk)
    return invitations.filter(email__iexact=invitation.email)


def ineligible_reviewers(invitation: Invitation) -> set[int]:
    """Users who decided on or overrode a score of this candidate: they cannot re-review."""
    org = invitation.organization
    deciders = (
        Decision.objects.for_organization(org)
        .filter(invitation=invitation)
        .values_list("decided_by_id", flat=True)
    )
    overriders = (
        ScoreOverride.objects.for_organization(org)
        .filter(score__answer__invitation=invitation, overridden_by__isnull=False)
        .values_list("overridden_by_id", flat=True)
    )
    return set(deciders) | set(overriders)
