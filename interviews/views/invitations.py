"""Inviting candidates to a job: one at a time, from a CSV, and resend / extend / revoke."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from palantrix.pages import attempt
from palantrix.tenancy import MANAGERS, org_member_required

from .. import selectors, services
from ..forms.invitations import ExtendForm, ImportForm, InviteForm, RevokeForm
from ..models import InvitationBatch, Job, JobStatus
from ..services.batches import batch_progress

DRAFT_WARNING = (
    "This job is still a draft: the candidate can take the interview, but the job is not "
    "open. Open it (Status: Open) before inviting more candidates, unless you are testing."
)


def _job_url(request: HttpRequest, job: Job) -> str:
    return reverse("job_detail", kwargs={"org": request.organization.slug, "job_id": job.public_id})


def _batch_for_job(request: HttpRequest, job_id, batch_id) -> tuple[Job, InvitationBatch]:
    """The job and its import; an import of another job is a plain 404."""
    job = selectors.job_get(organization=request.organization, public_id=job_id)
    batch = selectors.invitation_batch_get(organization=request.organization, public_id=batch_id)
    if batch.job_id != job.pk:
        raise Http404("No such import.")
    return job, batch


@org_member_required(MANAGERS)
@require_POST
def invite_one(request: HttpRequest, job_id) -> HttpResponse:
    job = selectors.job_get(organization=request.organization, public_id=job_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the candidate's name and a valid email address.")
        return redirect(_job_url(request, job))
    sent = attempt(
        request,
        lambda: services.invitation_send(job=job, actor=request.user, **form.cleaned_data),
        success=lambda invitation: f"Invitation sent to {invitation.email}.",
    )
    if sent and job.status == JobStatus.DRAFT:
        messages.warning(request, DRAFT_WARNING)
    return redirect(_job_url(request, job))


@org_member_required(MANAGERS)
def import_upload(request: HttpRequest, job_id) -> HttpResponse:
    job = selectors.job_get(organization=request.organization, public_id=job_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        previewed = attempt(
            request,
            lambda: services.invitation_batch_preview(
                job=job, actor=request.user, content=upload.read(), filename=upload.name
            ),
            form=form,
            field="file",
        )
        if previewed:
            return redirect(
                "invitation_import_preview",
                org=request.organization.slug,
                job_id=job.public_id,
                batch_id=previewed.value.public_id,
            )
    return render(
        request,
        "interviews/invitations/import_upload.html",
        {"job": job, "form": form, "job_url": _job_url(request, job)},
    )


@org_member_required(MANAGERS)
@never_cache
def import_preview(request: HttpRequest, job_id, batch_id) -> HttpResponse:
    """The rows and their problems; once confirmed, the sending progress; then the result."""
    job, batch = _batch_for_job(request, job_id, batch_id)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "cancel":
            if batch.status == InvitationBatch.Status.PREVIEW:
                services.invitation_batch_cancel(batch=batch, actor=request.user)
                messages.info(request, "Import cancelled: no invitations were sent.")
            return redirect(_job_url(request, job))
        if action == "confirm":
            attempt(
                request, lambda: services.invitation_batch_confirm(batch=batch, actor=request.user)
            )
        return redirect(request.path)
    rows = batch.rows
    return render(
        request,
        "interviews/invitations/import_preview.html",
        {
            "job": job,
            "batch": batch,
            "rows": rows,
            "problem_rows": batch.total_rows - batch.valid_rows,
            "progress": batch_progress(batch),
            "job_url": _job_url(request, job),
            "upload_url": reverse(
                "invitation_import", kwargs={"org": request.organization.slug, "job_id": job_id}
            ),
        },
    )


@org_member_required(MANAGERS)
@never_cache
def import_progress(request: HttpRequest, job_id, batch_id) -> HttpResponse:
    # Look up before checking the method, so that another tenant's ids are a 404 either way.
    _, batch = _batch_for_job(request, job_id, batch_id)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return JsonResponse(batch_progress(batch))


def _invitation(request: HttpRequest, invitation_id):
    return selectors.invitation_get(organization=request.organization, public_id=invitation_id)


@org_member_required(MANAGERS)
@require_POST
def invitation_resend(request: HttpRequest, invitation_id) -> HttpResponse:
    invitation = _invitation(request, invitation_id)
    attempt(
        request,
        lambda: services.invitation_resend(invitation=invitation, actor=request.user),
        success=f"Invitation sent again to {invitation.email}.",
    )
    return redirect(_job_url(request, invitation.job))


@org_member_required(MANAGERS)
@require_POST
def invitation_extend(request: HttpRequest, invitation_id) -> HttpResponse:
    invitation = _invitation(request, invitation_id)
    form = ExtendForm(request.POST, current_deadline=invitation.deadline)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_job_url(request, invitation.job))
    attempt(
        request,
        lambda: services.invitation_extend(
            invitation=invitation, actor=request.user, deadline=form.cleaned_data["new_deadline"]
        ),
        success=_extended,
    )
    return redirect(_job_url(request, invitation.job))


def _extended(invitation) -> str:
    deadline = dateformat.format(timezone.localtime(invitation.deadline), "j M Y, H:i T")
    return f"{invitation.email} now has until {deadline}; we emailed them."


@org_member_required(MANAGERS)
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id) -> HttpResponse:
    invitation = _invitation(request, invitation_id)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""  # the field cannot fail
    attempt(
        request,
        lambda: services.invitation_revoke(
            invitation=invitation, actor=request.user, reason=reason
        ),
        success=f"Invitation for {invitation.email} revoked.",
    )
    return redirect(_job_url(request, invitation.job))
