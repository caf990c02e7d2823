"""Team DNA Profile pages: list, create, a profile with its version history, edit.

Recruiters and admins write; every member may read. Each save is a new numbered version.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from palantrix.pages import attempt
from palantrix.tenancy import MANAGERS, org_member_required

from .. import selectors, services
from ..forms.profiles import (
    CompetencyCreateFormSet,
    CompetencyEditFormSet,
    CompetencyForm,
    ProfileForm,
)

FORM_TEMPLATE = "interviews/profiles/form.html"


def _data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _preview(request: HttpRequest, formset) -> list | None:
    """The competencies with their five levels as reviewers and the scorer will see them,
    when the recruiter asked for a preview (nothing is saved); None otherwise."""
    if "preview" not in request.POST:
        return None
    previewed = attempt(
        request, lambda: services.profile_preview(competencies=formset.competency_inputs())
    )
    return previewed.value if previewed else []


@org_member_required()
def profile_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "interviews/profiles/list.html",
        {
            "profiles": selectors.profile_list(organization=request.organization),
            "can_edit": request.membership.role in MANAGERS,
        },
    )


@org_member_required(MANAGERS)
def profile_create(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(_data(request))
    formset = CompetencyCreateFormSet(_data(request))
    preview = None
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        preview = _preview(request, formset)
    if preview is None and request.method == "POST" and form.is_valid() and formset.is_valid():
        created = attempt(
            request,
            lambda: services.profile_create(
                organization=request.organization,
                actor=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                competencies=formset.competency_inputs(),
            ),
            success=lambda profile: f"Created {profile.name} as version 1.",
        )
        if created:
            return redirect(
                "profile_detail",
                org=request.organization.slug,
                profile_id=created.value.public_id,
            )
    return render(
        request,
        FORM_TEMPLATE,
        {"form": form, "formset": formset, "profile": None, "preview": preview},
    )


@org_member_required()
def profile_detail(request: HttpRequest, profile_id) -> HttpResponse:
    profile = selectors.profile_get(organization=request.organization, public_id=profile_id)
    versions = list(selectors.profile_versions(profile=profile))
    competencies = list(versions[0].competencies.all()) if versions else []
    return render(
        request,
        "interviews/profiles/detail.html",
        {
            "profile": profile,
            "versions": versions,
            "competencies": competencies,
            "total_weight": sum(c.weight for c in competencies),
            "can_edit": request.membership.role in MANAGERS,
        },
    )


@org_member_required(MANAGERS)
def profile_edit(request: HttpRequest, profile_id) -> HttpResponse:
    profile = selectors.profile_get(organization=request.organization, public_id=profile_id)
    current = selectors.profile_current_competencies(profile=profile)
    form = ProfileForm(
        _data(request), with_name=False, initial={"description": profile.description}
    )
    formset = CompetencyEditFormSet(
        _data(request), initial=[CompetencyForm.initial_for(c) for c in current]
    )
    preview = None
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        preview = _preview(request, formset)
    if preview is None and request.method == "POST" and form.is_valid() and formset.is_valid():
        saved = attempt(
            request,
            lambda: services.profile_save_version(
                profile=profile,
                actor=request.user,
                competencies=formset.competency_inputs(),
                description=form.cleaned_data["description"],
            ),
        )
        if saved:
            if saved.value is None:
                messages.info(request, "Nothing changed; no new version saved.")
            else:
                messages.success(request, f"Saved as version {saved.value.number}.")
            return redirect(
                "profile_detail", org=request.organization.slug, profile_id=profile.public_id
            )
    return render(
        request,
        FORM_TEMPLATE,
        {"form": form, "formset": formset, "profile": profile, "preview": preview},
    )
