"""Reads for the dashboard: the demo's progress and the member's guided path."""

from dataclasses import dataclass

from interviews.models import Answer, AnswerStatus
from palantrix.models import Membership, Organization
from scoring.services import PROCESSING_STATUSES

from . import guide
from .models import DemoOrganization, GuideDismissal


@dataclass(frozen=True)
class DemoProgress:
    job: object
    recordings: int
    processing: int

    @property
    def done(self) -> int:
        return self.recordings - self.processing


def demo_get(*, organization: Organization) -> DemoProgress | None:
    demo = DemoOrganization.objects.for_organization(organization).select_related("job").first()
    if demo is None:
        return None
    processing = (
        Answer.objects.for_organization(organization)
        .filter(status__in=(AnswerStatus.UPLOADING, *PROCESSING_STATUSES))
        .exclude(object_key="")
        .count()
    )
    return DemoProgress(job=demo.job, recordings=demo.recordings, processing=processing)


def guide_steps(*, membership: Membership, demo: DemoProgress | None) -> list[guide.Step]:
    """The member's first steps; none once they dismissed the guide."""
    if (
        GuideDismissal.objects.for_organization(membership.organization)
        .filter(membership=membership)
        .exists()
    ):
        return []
    return guide.steps(
        role=membership.role,
        slug=membership.organization.slug,
        job=demo.job if demo else None,
    )
