"""Human oversight of AI scoring: the readiness gate and the stop switches.

Stopping never loses work: answers are still transcribed and wait, unscored. Resuming
queues each waiting answer exactly once (a conditional UPDATE claims it)."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from interviews.models import Answer, AnswerStatus, InvitationStatus, Job
from palantrix import audit
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import Organization, user_or_none
from scoring.tasks import score_answer_task

from .business_days import add_business_days, business_days_between
from .fairness import one_year_before
from .instructions import INSTRUCTIONS_VERSION, has_read_current
from .models import (
    AiGovernance,
    BiasAudit,
    FairnessPublication,
    JobCompliance,
    RaceEthnicity,
    SelfIdentification,
    Sex,
)
from .selectors import bias_audit_latest, bias_report

NOTICE_BUSINESS_DAYS = 10


def governance_get(*, organization: Organization) -> AiGovernance:
    governance, _ = AiGovernance.objects.get_or_create(organization=organization)
    return governance


def ai_scoring_block(*, organization: Organization, job: Any) -> str:
    """'' when the AI may score for this job now, else the plain reason it may not."""
    governance = AiGovernance.objects.filter(organization=organization).first()
    if governance is None or not governance.ready:
        return "AI scoring is off until an admin records that staff were informed."
    if not governance.scoring_enabled:
        return "AI scoring is stopped for the organisation."
    if job.ai_scoring_paused:
        return "AI scoring is stopped for this job."
    return _nyc_ll144_block(organization=organization, job=job)


@transaction.atomic
def readiness_record(
    *, organization: Organization, actor: Actor, informed_on: date, document: str
) -> AiGovernance:
    if informed_on > timezone.localdate():
        raise DomainError("The date staff were informed cannot be in the future.")
    if not document.strip():
        raise DomainError("Name the document staff and their representatives received.")
    governance = AiGovernance.objects.select_for_update().get(
        pk=governance_get(organization=organization).pk
    )
    was_active = governance.scoring_active
    governance.workers_informed_on = informed_on
    governance.workers_informed_document = document.strip()[:300]
    governance.instructions_version = INSTRUCTIONS_VERSION
    governance.acknowledged_by = user_or_none(actor)
    governance.acknowledged_at = timezone.now()
    governance.save()
    audit.record(
        organization=organization,
        actor=actor,
        action="compliance.readiness.recorded",
        target=governance,
        data={"informed_on": informed_on.isoformat(), "instructions": INSTRUCTIONS_VERSION},
    )
    if governance.scoring_active and not was_active:
        _resume_waiting(organization=organization, job=None)
    return governance


@transaction.atomic
def ai_scoring_set(*, organization: Organization, actor: Actor, enabled: bool) -> AiGovernance:
    """The organisation's stop switch."""
    governance = AiGovernance.objects.select_for_update().get(
        pk=governance_get(organization=organization).pk
    )
    if governance.scoring_enabled == enabled:
        return governance
    governance.scoring_enabled = enabled
    governance.save(update_fields=["scoring_enabled", "updated_at"])
    audit.record(
        organization=organization,
        actor=actor,
        action="compliance.ai_scoring.resumed" if enabled else "compliance.ai_scoring.stopped",
        target=governance,
    )
    if enabled and governance.ready:
        _resume_waiting(organization=organization, job=None)
    return governance


@transaction.atomic
def job_ai_scoring_set(*, job: Any, actor: Actor, enabled: bool) -> Any:
    """The job's stop switch."""
    if job.ai_scoring_paused == (not enabled):
        return job
    job.ai_scoring_paused = not enabled
    job.save(update_fields=["ai_scoring_paused", "updated_at"])
    audit.record(
        organization=job.organization,
        actor=actor,
        action="interviews.job.ai_scoring_resumed"
        if enabled
        else "interviews.job.ai_scoring_stopped",
        target=job,
    )
    if enabled:
        _resume_waiting(organization=job.organization, job=job)
    return job


def resume_waiting_everywhere() -> int:
    """Daily: queue answers whose wait ended by itself (a NYC notice period, say)."""
    total = 0
    for governance in AiGovernance.objects.select_related("organization"):
        if governance.scoring_active:
            with transaction.atomic():
                total += _resume_waiting(organization=governance.organization, job=None)
    return total


def _resume_waiting(*, organization: Organization, job: Any) -> int:
    """Queue each transcribed answer that may now be scored, once."""
    waiting = Answer.objects.filter(
        organization=organization,
        status=AnswerStatus.TRANSCRIBED,
        invitation__human_review_only=False,
        invitation__job__profile__isnull=False,
        invitation__job__ai_scoring_paused=False,
    )
    if job is not None:
        waiting = waiting.filter(invitation__job=job)
    queued, allowed = [], {}
    for answer_id, answer_job in waiting.values_list("pk", "invitation__job").iterator():
        if answer_job not in allowed:  # e.g. a NYC job still waits for its bias audit
            the_job = Job.objects.get(pk=answer_job)
            allowed[answer_job] = not ai_scoring_block(organization=organization, job=the_job)
        if allowed[answer_job] and Answer.objects.filter(
            pk=answer_id, status=AnswerStatus.TRANSCRIBED
        ).update(status=AnswerStatus.SCORING):
            queued.append(answer_id)
    for answer_id in queued:
        transaction.on_commit(
            lambda answer_id=answer_id: score_answer_task.delay(answer_id=answer_id)
        )
    return len(queued)


# --- NYC Local Law 144 ---------------------------------------------------------------------


def _nyc_ll144_block(*, organization: Organization, job: Any) -> str:
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


def _resume_if_allowed(*, organization: Organization, jobs: list[Any]) -> None:
    """Queue waiting answers of the jobs that a new LL144 record has just unblocked."""
    for job in jobs:
        if not ai_scoring_block(organization=organization, job=job):
            _resume_waiting(organization=organization, job=job)


@transaction.atomic
def job_ll144_set(
    *, job: Any, actor: Actor, nyc_ll144: bool, notice_published_on: date | None
) -> JobCompliance:
    if notice_published_on is not None and notice_published_on > timezone.localdate():
        raise DomainError("The notice cannot have been published in the future.")
    settings, _ = JobCompliance.objects.select_for_update().get_or_create(
        organization=job.organization, job=job
    )
    if (settings.nyc_ll144, settings.notice_published_on) == (nyc_ll144, notice_published_on):
        return settings
    settings.nyc_ll144 = nyc_ll144
    settings.notice_published_on = notice_published_on
    settings.save()
    audit.record(
        organization=job.organization,
        actor=actor,
        action="compliance.job_nyc_settings.updated",
        target=job,
        data={
            "nyc_ll144": nyc_ll144,
            "notice_published_on": notice_published_on.isoformat() if notice_published_on else None,
        },
    )
    _resume_if_allowed(organization=job.organization, jobs=[job])
    return settings


@transaction.atomic
def bias_audit_record(
    *, organization: Organization, actor: Actor, audited_on: date, auditor: str, summary: str = ""
) -> BiasAudit:
    if audited_on > timezone.localdate():
        raise DomainError("The audit date cannot be in the future.")
    if not auditor.strip():
        raise DomainError("Name the independent auditor.")
    bias_audit = BiasAudit.objects.create(
        organization=organization,
        audited_on=audited_on,
        auditor=auditor.strip()[:200],
        summary=summary.strip(),
        recorded_by=user_or_none(actor),
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="compliance.bias_audit.recorded",
        target=bias_audit,
        data={"audited_on": audited_on.isoformat()},
    )
    nyc_jobs = [
        item.job
        for item in JobCompliance.objects.filter(
            organization=organization, nyc_ll144=True
        ).select_related("job")
    ]
    _resume_if_allowed(organization=organization, jobs=nyc_jobs)
    return bias_audit


@transaction.atomic
def fairness_summary_publish(
    *,
    organization: Organization,
    actor: Actor,
    start: date,
    end: date,
    distribution_date: date,
    data_source: str,
) -> FairnessPublication:
    """Publish the public summary of the latest bias audit (6 RCNY § 5-303): a snapshot
    of aggregate figures, shown without login until withdrawn or replaced."""
    latest = bias_audit_latest(organization=organization)
    if latest is None:
        raise DomainError("Record the independent bias audit before publishing its summary.")
    if start > end:
        raise DomainError("The period starts after it ends.")
    if not data_source.strip():
        raise DomainError("Explain where the data comes from.")
    report = bias_report(organization=organization, start=start, end=end)
    publication, _ = FairnessPublication.objects.update_or_create(
        organization=organization,
        defaults={
            "audit": latest,
            "period_start": start,
            "period_end": end,
            "distribution_date": distribution_date,
            "data_source": data_source.strip(),
            "results": {
                "completed": report.completed,
                "not_scored": report.not_scored,
                **report.scoring.as_dict(),
            },
            "published": True,
            "published_at": timezone.now(),
            "published_by": user_or_none(actor),
        },
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="compliance.fairness_summary.published",
        target=publication,
        data={
            "from": start.isoformat(),
            "to": end.isoformat(),
            "applicants": report.scoring.sample,
            "bias_audit": str(latest.public_id),
        },
    )
    return publication


@transaction.atomic
def fairness_summary_withdraw(*, organization: Organization, actor: Actor) -> None:
    changed = FairnessPublication.objects.filter(organization=organization, published=True).update(
        published=False, updated_at=timezone.now()
    )
    if changed:
        audit.record(
            organization=organization, actor=actor, action="compliance.fairness_summary.withdrawn"
        )


def bias_report_exported(
    *, organization: Organization, actor: Actor, job: Any, start: date, end: date
) -> None:
    audit.record(
        organization=organization,
        actor=actor,
        action="compliance.bias_report.exported",
        target=job,
        data={"from": start.isoformat(), "to": end.isoformat()},
    )


# --- Voluntary self-identification --------------------------------------------------------


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


# --- Overseers (Art. 26(2)) -----------------------------------------------------------------


def instructions_acknowledge(*, membership, actor) -> None:
    """The member read the current instructions for use (recorded, audited)."""
    membership.instructions_read_version = INSTRUCTIONS_VERSION
    membership.instructions_read_at = timezone.now()
    membership.save(update_fields=["instructions_read_version", "instructions_read_at"])
    audit.record(
        organization=membership.organization,
        actor=actor,
        action="compliance.instructions.acknowledged",
        target=membership,
        data={"version": INSTRUCTIONS_VERSION},
    )


@transaction.atomic
def overseer_set(*, membership, actor, granted: bool) -> None:
    if granted and not has_read_current(membership):
        raise DomainError(
            "Only members who have read the current instructions for use can be overseers."
        )
    if membership.is_overseer == granted:
        return
    membership.is_overseer = granted
    membership.save(update_fields=["is_overseer"])
    audit.record(
        organization=membership.organization,
        actor=actor,
        action="compliance.overseer.granted" if granted else "compliance.overseer.revoked",
        target=membership,
    )
