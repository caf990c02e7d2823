"""Admin pages for the organisation's data: retention, legal holds, what the nightly purge
would remove, the record of processing and DPIA starter, the export of everything and
deleting the organisation."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from interviews import selectors as interview_selectors
from palantrix.models import Role
from palantrix.pages import attempt
from palantrix.tenancy import OrgRequest, org_member_required

from . import data_policy, legal_holds, organization_data, retention, selectors
from .forms import DataPolicyForm, LegalHoldForm, OrganizationDeleteForm, ReasonForm

ADMINS = {Role.ADMIN}


def _back(request: OrgRequest) -> HttpResponse:
    return redirect("data_settings", org=request.organization.slug)


@org_member_required(ADMINS)
def data_settings(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    policy = data_policy.policy_get(organization=organization)
    initial = {name: getattr(policy, name) for name in data_policy.POLICY_FIELDS}
    form = DataPolicyForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: data_policy.data_policy_update(
                organization=organization, actor=request.user, **form.cleaned_data
            ),
            success="Retention settings saved.",
        )
    ):
        return _back(request)
    return render(
        request,
        "compliance/data_settings.html",
        {
            "form": form,
            "policy": policy,
            "due": retention.due_candidates(organization=organization),
            "holds": selectors.legal_hold_list(organization=organization),
            "jobs": interview_selectors.job_list(organization=organization),
            "exports": selectors.data_export_list(organization=organization),
            "documents": data_policy.DOCUMENTS,
        },
    )


@org_member_required(ADMINS)
@require_POST
def legal_hold_place(request: OrgRequest) -> HttpResponse:
    form = LegalHoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason, and choose one job or one candidate.")
        return _back(request)
    organization, job, invitation = request.organization, None, None
    if form.cleaned_data["job"]:
        job = interview_selectors.job_get(
            organization=organization, public_id=form.cleaned_data["job"]
        )
    else:
        invitation = interview_selectors.invitation_get(
            organization=organization, public_id=form.cleaned_data["invitation"]
        )
    attempt(
        request,
        lambda: legal_holds.legal_hold_place(
            organization=organization,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            job=job,
            invitation=invitation,
        ),
        success="Legal hold placed: nothing it covers will be purged.",
    )
    return _back(request)


@org_member_required(ADMINS)
@require_POST
def legal_hold_release(request: OrgRequest, hold_id: UUID) -> HttpResponse:
    hold = selectors.legal_hold_get(organization=request.organization, public_id=hold_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the reason for releasing the hold.")
        return _back(request)
    attempt(
        request,
        lambda: legal_holds.legal_hold_release(hold=hold, actor=request.user, **form.cleaned_data),
        success="Legal hold released: the usual retention applies again.",
    )
    return _back(request)


def _document(request: OrgRequest, name: str) -> HttpResponse:
    text = data_policy.document_export(
        organization=request.organization, actor=request.user, name=name
    )
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{request.organization.slug}-{name}.md"'
    )
    return response


@org_member_required(ADMINS)
def record_of_processing(request: OrgRequest) -> HttpResponse:
    return _document(request, "record-of-processing")


@org_member_required(ADMINS)
def dpia(request: OrgRequest) -> HttpResponse:
    return _document(request, "dpia")


@org_member_required(ADMINS)
@require_POST
def organization_export(request: OrgRequest) -> HttpResponse:
    organization_data.organization_export_request(
        organization=request.organization, actor=request.user
    )
    messages.success(
        request, "The export is being built. Reload this page in a few minutes to download it."
    )
    return _back(request)


@org_member_required(ADMINS)
def organization_export_download(request: OrgRequest, export_id: UUID) -> HttpResponse:
    export = selectors.data_export_get(organization=request.organization, public_id=export_id)
    url = attempt(
        request,
        lambda: organization_data.organization_export_download(export=export, actor=request.user),
    )
    return redirect(url.value) if url else _back(request)


@org_member_required(ADMINS)
def organization_delete(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    form = OrganizationDeleteForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: organization_data.organization_delete_request(
                organization=organization,
                actor=request.user,
                confirmation=form.cleaned_data["confirmation"],
            ),
            success=f"{organization.name} is being deleted with all its data and recordings.",
            form=form,
            field="confirmation",
        )
    ):
        return redirect("home")
    return render(request, "compliance/organization_delete.html", {"form": form})
