"""Jobs: list, create, edit, open/close (the job page, which shows review figures too, is
`review.views.jobs`)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from palantrix.pages import attempt
from palantrix.tenancy import MANAGERS, org_member_required

from .. import selectors, services
from ..forms.jobs import JobForm, JobStatusForm

JOB_FIELDS = JobForm.Meta.fields


def _to_job(job):
    return redirect("job_detail", org=job.organization.slug, job_id=job.public_id)


@org_member_required()
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = selectors.job_list(organization=request.organization)
    return render(request, "interviews/jobs/list.html", {"jobs": jobs})


@org_member_required(MANAGERS)
def job_create(request: HttpRequest) -> HttpResponse:
    form = JobForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        created = attempt(
            request,
            lambda: services.job_create(
                organization=request.organization,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in JOB_FIELDS},
            ),
            success="Job created. Now add its questions.",
        )
        if created:
            return redirect(
                "question_set_edit", org=request.organization.slug, job_id=created.value.public_id
            )
    return render(request, "interviews/jobs/form.html", {"form": form})


@org_member_required(MANAGERS)
def job_edit(request: HttpRequest, job_id) -> HttpResponse:
    job = selectors.job_get(organization=request.organization, public_id=job_id)
    form = JobForm(request.POST or None, instance=job, organization=request.organization)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: services.job_update(
                job=job,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in form.changed_data},
            ),
            success="Job saved.",
        )
    ):
        return _to_job(job)
    return render(request, "interviews/jobs/form.html", {"form": form, "job": job})


@org_member_required(MANAGERS)
@require_POST
def job_status(request: HttpRequest, job_id) -> HttpResponse:
    job = selectors.job_get(organization=request.organization, public_id=job_id)
    form = JobStatusForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.job_set_status(
                job=job, actor=request.user, status=form.cleaned_data["status"]
            ),
            success=lambda changed: f"The job is now {changed.get_status_display().lower()}.",
        )
    return _to_job(job)
