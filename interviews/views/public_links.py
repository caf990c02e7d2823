"""A job's public link (publish, cap, close, re-open) and candidates' requests for more
time (approve, decline), from the job page. The candidate's side of both is in
`views.apply` and `views.extensions`."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import dateformat, timezone
from django.views.decorators.http import require_POST

from palantrix.pages import attempt
from palantrix.tenancy import MANAGERS, org_member_required

from .. import selectors
from ..forms.public_links import PublicLinkCapForm
from ..services import extensions, public_links


def _to_job(request: HttpRequest, job) -> HttpResponse:
    return redirect("job_detail", org=request.organization.slug, job_id=job.public_id)


def _cap(request: HttpRequest) -> tuple[bool, int | None]:
    form = PublicLinkCapForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return False, None
    return True, form.cleaned_data["cap"]


@org_member_required(MANAGERS)
@require_POST
def public_link_publish(request: HttpRequest, job_id) -> HttpResponse:
    job = selectors.job_get(organization=request.organization, public_id=job_id)
    valid, cap = _cap(request)
    if valid:
        attempt(
            request,
            lambda: public_links.public_link_publish(job=job, actor=request.user, cap=cap),
            success="The public link is open: copy it to your job board or careers page.",
        )
    return _to_job(request, job)


@org_member_required(MANAGERS)
@require_POST
def public_link_open(request: HttpRequest, link_id) -> HttpResponse:
    link = selectors.public_link_get(organization=request.organization, public_id=link_id)
    is_open = request.POST.get("open") == "1"
    attempt(
        request,
        lambda: public_links.public_link_set_open(link=link, actor=request.user, is_open=is_open),
        success="The public link is open again."
        if is_open
        else "The public link is closed: it takes no more registrations.",
    )
    return _to_job(request, link.job)


@org_member_required(MANAGERS)
@require_POST
def public_link_cap(request: HttpRequest, link_id) -> HttpResponse:
    link = selectors.public_link_get(organization=request.organization, public_id=link_id)
    valid, cap = _cap(request)
    if valid:
        attempt(
            request,
            lambda: public_links.public_link_set_cap(link=link, actor=request.user, cap=cap),
            success=f"At most {cap} registrations." if cap else "No limit on registrations.",
        )
    return _to_job(request, link.job)


def _decided(decided) -> str:
    invitation = decided.invitation
    if decided.status == "approved":
        deadline = dateformat.format(timezone.localtime(invitation.deadline), "j M Y, H:i T")
        return f"{invitation.name} now has until {deadline}; we emailed them."
    return f"Request declined; we told {invitation.name} by email."


@org_member_required(MANAGERS)
@require_POST
def extension_decide(request: HttpRequest, extension_id, approve: bool) -> HttpResponse:
    extension = selectors.extension_request_get(
        organization=request.organization, public_id=extension_id
    )
    attempt(
        request,
        lambda: extensions.extension_decide(request=extension, actor=request.user, approve=approve),
        success=_decided,
    )
    return _to_job(request, extension.invitation.job)
