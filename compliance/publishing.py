"""The NYC Local Law 144 records and what is published from them: a job's LL144 settings,
the bias audits, the public summary of the latest audit (6 RCNY § 5-303) and the audited
export of the bias report. A new record may unblock waiting answers: they are queued."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from palantrix import audit
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import Organization, user_or_none

from .governance import resume_if_allowed
from .models import BiasAudit, FairnessPublication, JobCompliance
from .selectors import bias_audit_latest, bias_report


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
    resume_if_allowed(organization=job.organization, jobs=[job])
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
    resume_if_allowed(organization=organization, jobs=nyc_jobs)
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
