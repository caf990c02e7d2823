"""Oversight pages: the readiness gate and the stop switches (admins only); fairness
pages: the NYC Local Law 144 bias report, its settings and public summary, and the
candidate's voluntary self-identification."""

from datetime import date
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from interviews import selectors as interview_selectors
from interviews.candidates import CandidateActor, candidate_invitation, candidate_limit
from interviews.models import InvitationStatus, Job
from palantrix import selectors as team_selectors
from palantrix import spreadsheets
from palantrix.models import Role
from palantrix.pages import attempt
from palantrix.tenancy import OrgRequest, org_member_required

from . import fairness, selectors, services
from .forms import (
    BiasAuditForm,
    JobLl144Form,
    PeriodForm,
    PublishForm,
    ReadinessForm,
    SelfIdentificationForm,
)
from .instructions import INSTRUCTIONS_VERSION

ADMINS = {Role.ADMIN}
REPORT_ROLES = {Role.ADMIN, Role.HIRING_MANAGER}


@org_member_required(ADMINS)
def oversight(request: OrgRequest) -> HttpResponse:
    governance = services.governance_get(organization=request.organization)
    form = ReadinessForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: services.readiness_record(
                organization=request.organization,
                actor=request.user,
                informed_on=form.cleaned_data["informed_on"],
                document=form.cleaned_data["document"],
            ),
            success="Recorded. AI scoring may now run for your organisation.",
        )
    ):
        return redirect("oversight", org=request.organization.slug)
    return render(
        request,
        "compliance/oversight.html",
        {"governance": governance, "form": form, "instructions_version": INSTRUCTIONS_VERSION},
    )


@org_member_required(ADMINS)
@require_POST
def ai_scoring_switch(request: OrgRequest) -> HttpResponse:
    enabled = request.POST.get("enabled") == "1"
    services.ai_scoring_set(organization=request.organization, actor=request.user, enabled=enabled)
    messages.success(
        request,
        "AI scoring resumed: waiting answers are being scored."
        if enabled
        else "AI scoring stopped. Answers are still transcribed and wait, unscored.",
    )
    return redirect("oversight", org=request.organization.slug)


@org_member_required(ADMINS)
@require_POST
def job_ai_scoring_switch(request: OrgRequest, job_id: UUID) -> HttpResponse:
    job = interview_selectors.job_get(organization=request.organization, public_id=job_id)
    enabled = request.POST.get("enabled") == "1"
    services.job_ai_scoring_set(job=job, actor=request.user, enabled=enabled)
    messages.success(
        request,
        "AI scoring resumed for this job." if enabled else "AI scoring stopped for this job.",
    )
    return redirect("job_detail", org=request.organization.slug, job_id=job.public_id)


# --- The bias report (NYC Local Law 144) ----------------------------------------------------


def _period(request: HttpRequest) -> tuple[PeriodForm, date, date]:
    start, end = fairness.default_period(timezone.localdate())
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, end


def _report_page(request: OrgRequest, job: Job | None) -> HttpResponse:
    form, start, end = _period(request)
    report = selectors.bias_report(organization=request.organization, start=start, end=end, job=job)
    return render(
        request,
        "compliance/bias_report.html",
        {
            "report": report,
            "form": form,
            "job": job,
            "job_settings": selectors.job_compliance_get(job=job) if job else None,
            "latest_audit": selectors.bias_audit_latest(organization=request.organization),
            "csv_query": f"start={start.isoformat()}&end={end.isoformat()}",
            "four_fifths": fairness.FOUR_FIFTHS,
        },
    )


def _report_csv(request: OrgRequest, job: Job | None) -> HttpResponse:
    _, start, end = _period(request)
    report = selectors.bias_report(organization=request.organization, start=start, end=end, job=job)
    services.bias_report_exported(
        organization=request.organization, actor=request.user, job=job, start=start, end=end
    )
    scope = f"job-{job.public_id}" if job else request.organization.slug
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="bias-report-{scope}-{start.isoformat()}-{end.isoformat()}.csv"'
    )
    writer = spreadsheets.writer(response)
    writer.writerow(["Period", start.isoformat(), end.isoformat()])
    writer.writerow(["Job", job.title if job else "All jobs"])
    writer.writerow(["Finished interviews", report.completed])
    writer.writerow(["Without an AI score (not in the sample)", report.not_scored])
    writer.writerow(["Applicants with an AI score (sample)", report.scoring.sample])
    writer.writerow(["Median AI score", report.scoring.median])
    writer.writerow([])
    writer.writerow(
        [
            "Measure",
            "Dimension",
            "Category",
            "Applicants",
            "Share of sample",
            "Selected or above median",
            "Rate",
            "Impact ratio",
            "Under 2% of sample",
            "Impact ratio under 0.8",
        ]
    )
    tables = [("AI score above median", table) for table in report.scoring.tables]
    tables += [("Advanced by a person", table) for table in report.decisions or ()]
    for measure, table in tables:
        for row in table.rows:
            writer.writerow(
                [
                    measure,
                    table.dimension,
                    row.category,
                    row.count,
                    f"{row.share:.4f}",
                    row.selected,
                    f"{row.rate:.4f}",
                    "" if row.impact_ratio is None else f"{row.impact_ratio:.4f}",
                    "yes" if row.small else "no",
                    "yes" if row.low_ratio else "no",
                ]
            )
        writer.writerow([measure, table.dimension, "Unknown", table.unknown, "", "", "", ""])
    if report.decisions is None:
        writer.writerow(["Advanced by a person", "", "No human decisions recorded yet"])
    return response


@org_member_required(REPORT_ROLES)
def bias_report(request: OrgRequest) -> HttpResponse:
    return _report_page(request, job=None)


@org_member_required(REPORT_ROLES)
def bias_report_csv(request: OrgRequest) -> HttpResponse:
    return _report_csv(request, job=None)


@org_member_required(REPORT_ROLES)
def job_bias_report(request: OrgRequest, job_id: UUID) -> HttpResponse:
    job = interview_selectors.job_get(organization=request.organization, public_id=job_id)
    return _report_page(request, job=job)


@org_member_required(REPORT_ROLES)
def job_bias_report_csv(request: OrgRequest, job_id: UUID) -> HttpResponse:
    job = interview_selectors.job_get(organization=request.organization, public_id=job_id)
    return _report_csv(request, job=job)


# --- NYC Local Law 144 settings (admins) --------------------------------------------------


def _ll144_page(
    request: OrgRequest,
    *,
    audit_form: BiasAuditForm | None = None,
    publish_form: PublishForm | None = None,
    status: int = 200,
) -> HttpResponse:
    organization = request.organization
    start, end = fairness.default_period(timezone.localdate())
    publication = selectors.fairness_publication_get(organization=organization)
    jobs = [
        {
            "job": job,
            "settings": settings,
            "form": JobLl144Form(
                initial={
                    "nyc_ll144": settings.nyc_ll144 if settings else False,
                    "notice_published_on": settings.notice_published_on if settings else None,
                },
                prefix=str(job.public_id),
            ),
            "block": services.ai_scoring_block(organization=organization, job=job)
            if settings and settings.nyc_ll144
            else "",
        }
        for job, settings in selectors.job_compliance_list(organization=organization)
    ]
    initial: dict[str, object] = {"start": start, "end": end}
    if publication is not None:
        initial = {
            "start": publication.period_start,
            "end": publication.period_end,
            "distribution_date": publication.distribution_date,
            "data_source": publication.data_source,
        }
    return render(
        request,
        "compliance/ll144.html",
        {
            "jobs": jobs,
            "audits": selectors.bias_audit_list(organization=organization),
            "audit_form": audit_form or BiasAuditForm(),
            "publish_form": publish_form or PublishForm(initial=initial),
            "publication": publication,
        },
        status=status,
    )


@org_member_required(ADMINS)
def ll144(request: OrgRequest) -> HttpResponse:
    return _ll144_page(request)


@org_member_required(ADMINS)
@require_POST
def job_ll144_set(request: OrgRequest, job_id: UUID) -> HttpResponse:
    job = interview_selectors.job_get(organization=request.organization, public_id=job_id)
    form = JobLl144Form(request.POST, prefix=str(job.public_id))
    if not form.is_valid():
        messages.error(request, f"{job.title}: enter the notice date as a date.")
        return redirect("ll144", org=request.organization.slug)
    attempt(
        request,
        lambda: services.job_ll144_set(job=job, actor=request.user, **form.cleaned_data),
        success=f"Saved the NYC Local Law 144 settings of {job.title}.",
        prefix=f"{job.title}: ",
    )
    return redirect("ll144", org=request.organization.slug)


@org_member_required(ADMINS)
@require_POST
def bias_audit_record(request: OrgRequest) -> HttpResponse:
    form = BiasAuditForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: services.bias_audit_record(
            organization=request.organization, actor=request.user, **form.cleaned_data
        ),
        success="Bias audit recorded.",
        form=form,
    ):
        return redirect("ll144", org=request.organization.slug)
    return _ll144_page(request, audit_form=form, status=400)


@org_member_required(ADMINS)
@require_POST
def fairness_publish(request: OrgRequest) -> HttpResponse:
    form = PublishForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: services.fairness_summary_publish(
            organization=request.organization, actor=request.user, **form.cleaned_data
        ),
        success="The public summary is published.",
        form=form,
    ):
        return redirect("ll144", org=request.organization.slug)
    return _ll144_page(request, publish_form=form, status=400)


@org_member_required(ADMINS)
@require_POST
def fairness_withdraw(request: OrgRequest) -> HttpResponse:
    services.fairness_summary_withdraw(organization=request.organization, actor=request.user)
    messages.success(request, "The public summary is no longer published.")
    return redirect("ll144", org=request.organization.slug)


# --- Outside any organisation ---------------------------------------------------------------


def fairness_public(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The published LL144 summary: no login, aggregate figures only."""
    publication = selectors.fairness_publication_public(org_slug=org_slug)
    return render(request, "compliance/public_summary.html", {"publication": publication})


@never_cache
@candidate_limit
@require_POST
def self_identification(request: HttpRequest) -> HttpResponse:
    """The optional self-identification form on the candidate's finish page."""
    invitation = candidate_invitation(request)
    if invitation is None:
        return render(request, "interviews/candidate/no_session.html", status=403)
    if invitation.status != InvitationStatus.COMPLETED:
        return redirect("candidate_done")
    form = SelfIdentificationForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.self_identification_record(
                invitation=invitation, actor=CandidateActor(invitation), **form.cleaned_data
            ),
            success="Thank you. Your answers are kept apart from your interview and used only "
            "for fairness statistics.",
        )
        return redirect("candidate_done")
    return render(
        request,
        "interviews/candidate/done.html",
        {
            "invitation": invitation,
            "organization": invitation.organization,
            "job": invitation.job,
            "self_identification_form": form,
        },
        status=400,
    )


@org_member_required()
@require_POST
def instructions_read(request: OrgRequest) -> HttpResponse:
    services.instructions_acknowledge(membership=request.membership, actor=request.user)
    messages.success(request, "Recorded that you read the instructions for use.")
    return redirect("dashboard", org=request.organization.slug)


@org_member_required(ADMINS)
@require_POST
def overseer_switch(request: OrgRequest, membership_id: UUID) -> HttpResponse:
    membership = team_selectors.membership_get(
        organization=request.organization, public_id=membership_id
    )
    attempt(
        request,
        lambda: services.overseer_set(
            membership=membership, actor=request.user, granted=request.POST.get("granted") == "1"
        ),
        success="Overseer permission saved.",
    )
    return redirect("team", org=request.organization.slug)
