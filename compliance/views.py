"""Oversight pages: the readiness gate and the stop switches (admins only)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from interviews import selectors as interview_selectors
from palantrix.errors import DomainError
from palantrix.models import Role
from palantrix.tenancy import org_member_required

from . import services
from .forms import ReadinessForm
from .instructions import INSTRUCTIONS_VERSION

ADMINS = {Role.ADMIN}


@org_member_required(ADMINS)
def oversight(request: HttpRequest) -> HttpResponse:
    governance = services.governance_get(organization=request.organization)
    form = ReadinessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_record(
                organization=request.organization,
                actor=request.user,
                informed_on=form.cleaned_data["informed_on"],
                document=form.cleaned_data["document"],
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Recorded. AI scoring may now run for your organisation.")
            return redirect("oversight", org=request.organization.slug)
    return render(
        request,
        "compliance/oversight.html",
        {"governance": governance, "form": form, "instructions_version": INSTRUCTIONS_VERSION},
    )


@org_member_required(ADMINS)
@require_POST
def ai_scoring_switch(request: HttpRequest) -> HttpResponse:
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
def job_ai_scoring_switch(request: HttpRequest, job_id) -> HttpResponse:
    job = interview_selectors.job_get(organization=request.organization, public_id=job_id)
    enabled = request.POST.get("enabled") == "1"
    services.job_ai_scoring_set(job=job, actor=request.user, enabled=enabled)
    messages.success(
        request,
        "AI scoring resumed for this job." if enabled else "AI scoring stopped for this job.",
    )
    return redirect("job_detail", org=request.organization.slug, job_id=job.public_id)
