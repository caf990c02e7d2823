"""Reads for the fairness pages: bias-report samples, NYC Local Law 144 settings and the
published summary.

Self-identification is read in two places only: the candidate's own form, and
`bias_report`, which turns it into counts per category and never returns a person."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from interviews.models import Decision, DecisionOutcome, Invitation, Job
from palantrix.models import Organization
from palantrix.tenancy import tenant_get
from scoring import ranking
from scoring.models import Score, ScoreStatus

from . import fairness
from .models import (
    BiasAudit,
    CandidateTombstone,
    DataExport,
    FairnessPublication,
    JobCompliance,
    LegalHold,
    RaceEthnicity,
    SelfIdentification,
    Sex,
)

SEX_ORDER = [label for value, label in Sex.choices if value != Sex.PREFER_NOT]
RACE_ORDER = [label for value, label in RaceEthnicity.choices if value != RaceEthnicity.PREFER_NOT]


# --- Self-identification -------------------------------------------------------------------


def self_identification_get(*, invitation: Invitation) -> SelfIdentification | None:
    """The candidate's own answers, for their own form only."""
    return (
        SelfIdentification.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .first()
    )


# --- The bias report -----------------------------------------------------------------------


@dataclass(frozen=True)
class BiasReport:
    start: date
    end: date
    job: Job | None
    completed: int  # finished interviews in the period
    not_scored: int  # of those, without an AI score (human review only, waiting, ...)
    scoring: fairness.ScoringReport
    # Human decisions ("advanced") once Palantrix records them; None until then.
    decisions: tuple[fairness.ImpactTable, ...] | None


def _label(choices: type[models.TextChoices], value: str | None) -> str | None:
    if value is None or value == "prefer_not":
        return None
    return str(choices(value).label)


def ai_scores(*, organization: Organization, invitation_ids: list[int]) -> dict[int, int]:
    """Each invitation's AI score: the AI's overall of `scoring.ranking`, over its active
    scores only (withdrawn and superseded scores are history, not the AI's current output).
    Overrides are not audited here: LL144 audits the tool's score."""
    parts: dict[int, list[ranking.Row]] = defaultdict(list)
    rows = (
        Score.objects.for_organization(organization)
        .filter(answer__invitation_id__in=invitation_ids, status=ScoreStatus.ACTIVE)
        .values_list("answer__invitation_id", "weight", "value", "confidence")
    )
    for invitation_id, weight, value, confidence in rows:
        parts[invitation_id].append(ranking.Row(weight, value, None, confidence))
    scores = {}
    for invitation_id, results in parts.items():
        value = ranking.standing(results).ai_shown
        if value is not None:
            scores[invitation_id] = value
    # Purged candidates: the score was kept on the tombstone when their scores went.
    scores.update(
        CandidateTombstone.objects.for_organization(organization)
        .filter(invitation_id__in=invitation_ids, ai_score__isnull=False)
        .values_list("invitation_id", "ai_score")
    )
    return scores


def identities(
    *, organization: Organization, invitation_ids: Iterable[int]
) -> dict[int, tuple[str, str]]:
    """(sex, race/ethnicity) values per invitation, from the candidate's self-identification
    or, once purged, from the tombstone that kept them; candidates who gave none are absent."""
    found = {
        invitation_id: (sex, race)
        for invitation_id, sex, race in SelfIdentification.objects.for_organization(organization)
        .filter(invitation_id__in=invitation_ids)
        .values_list("invitation_id", "sex", "race_ethnicity")
    }
    found.update(
        (invitation_id, (sex, race))
        for invitation_id, sex, race in CandidateTombstone.objects.for_organization(organization)
        .filter(invitation_id__in=invitation_ids)
        .values_list("invitation_id", "sex", "race_ethnicity")
    )
    return found


def latest_outcome(*, invitation: Invitation) -> str | None:
    """The outcome of the latest decision on the candidate (a purge keeps it for reports)."""
    return (
        Decision.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .order_by("-created_at")
        .values_list("outcome", flat=True)
        .first()
    )


def decision_outcomes(
    *, organization: Organization, job: Job | None, start: date, end: date
) -> list[tuple[str | None, str | None, bool]] | None:
    """(sex, race/ethnicity, advanced) per candidate a person decided on, by the latest
    decision; None when nobody decided yet in the period. An invitation's status says
    nothing about a decision, so only recorded decisions count."""
    decided = Invitation.objects.for_organization(organization).filter(
        completed_at__date__gte=start, completed_at__date__lte=end, decisions__isnull=False
    )
    if job is not None:
        decided = decided.filter(job=job)
    latest = dict(
        Decision.objects.for_organization(organization)
        .filter(invitation__in=decided)
        .order_by("invitation_id", "-created_at")
        .distinct("invitation_id")
        .values_list("invitation_id", "outcome")
    )
    if not latest:
        return None
    known = identities(organization=organization, invitation_ids=list(latest))
    return [
        (
            _label(Sex, known.get(invitation_id, (None, None))[0]),
            _label(RaceEthnicity, known.get(invitation_id, (None, None))[1]),
            outcome == DecisionOutcome.ADVANCE,
        )
        for invitation_id, outcome in sorted(latest.items())
    ]


def bias_report(
    *, organization: Organization, start: date, end: date, job: Job | None = None
) -> BiasReport:
    """The LL144 figures for interviews finished between `start` and `end` (inclusive)."""
    invitations = Invitation.objects.for_organization(organization).filter(
        completed_at__date__gte=start, completed_at__date__lte=end
    )
    if job is not None:
        invitations = invitations.filter(job=job)
    ids = list(invitations.values_list("pk", flat=True))
    scores = ai_scores(organization=organization, invitation_ids=ids)
    answers = identities(organization=organization, invitation_ids=list(scores))
    applicants = [
        fairness.Applicant(
            sex=_label(Sex, answers.get(invitation_id, (None, None))[0]),
            race_ethnicity=_label(RaceEthnicity, answers.get(invitation_id, (None, None))[1]),
            score=score,
        )
        for invitation_id, score in sorted(scores.items())
    ]
    outcomes = decision_outcomes(organization=organization, job=job, start=start, end=end)
    decisions = None
    if outcomes is not None:
        decisions = (
            fairness.impact_table(
                ((s, advanced) for s, _, advanced in outcomes), dimension="Sex", order=SEX_ORDER
            ),
            fairness.impact_table(
                ((r, advanced) for _, r, advanced in outcomes),
                dimension="Race/ethnicity",
                order=RACE_ORDER,
            ),
            fairness.impact_table(
                ((fairness.intersection(s, r), advanced) for s, r, advanced in outcomes),
                dimension="Sex and race/ethnicity",
                order=fairness.intersection_order(SEX_ORDER, RACE_ORDER),
            ),
        )
    return BiasReport(
        start=start,
        end=end,
        job=job,
        completed=len(ids),
        not_scored=len(ids) - len(scores),
        scoring=fairness.scoring_report(applicants, sex_order=SEX_ORDER, race_order=RACE_ORDER),
        decisions=decisions,
    )


# --- NYC Local Law 144 settings -------------------------------------------------------------


def job_compliance_get(*, job: Job) -> JobCompliance | None:
    return JobCompliance.objects.for_organization(job.organization).filter(job=job).first()


def job_compliance_list(*, organization: Organization) -> list[tuple[Job, JobCompliance | None]]:
    """Every job with its LL144 settings (None when never set)."""
    settings = {item.job_id: item for item in JobCompliance.objects.for_organization(organization)}
    jobs = Job.objects.for_organization(organization).order_by("title", "created_at")
    return [(job, settings.get(job.pk)) for job in jobs]


def bias_audit_list(*, organization: Organization) -> QuerySet[BiasAudit]:
    return BiasAudit.objects.for_organization(organization)


def bias_audit_latest(*, organization: Organization) -> BiasAudit | None:
    return bias_audit_list(organization=organization).first()


def fairness_publication_get(*, organization: Organization) -> FairnessPublication | None:
    return (
        FairnessPublication.objects.for_organization(organization).select_related("audit").first()
    )


def fairness_publication_public(*, org_slug: str) -> FairnessPublication:
    """The published summary for the public page; unpublished or unknown: 404."""
    publication = (
        FairnessPublication.objects.select_related("organization", "audit")
        .filter(organization__slug=org_slug, published=True)
        .first()
    )
    if publication is None:
        raise Http404("No published fairness summary.")
    return publication


# --- Data lifecycle ------------------------------------------------------------------------


def legal_hold_list(*, organization: Organization) -> QuerySet[LegalHold]:
    return (
        LegalHold.objects.for_organization(organization)
        .filter(released_at__isnull=True)
        .select_related("job", "invitation", "invitation__job", "placed_by")
    )


def legal_hold_get(*, organization: Organization, public_id: UUID | str) -> LegalHold:
    return tenant_get(LegalHold, organization=organization, public_id=public_id)


def data_export_list(*, organization: Organization) -> QuerySet[DataExport]:
    return DataExport.objects.for_organization(organization)[:5]


def data_export_get(*, organization: Organization, public_id: UUID | str) -> DataExport:
    return tenant_get(DataExport, organization=organization, public_id=public_id)
