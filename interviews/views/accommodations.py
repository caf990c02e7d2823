"""Recruiters' pages of candidates' adjustments: the requests waiting (per organisation
or job), answering one, granting one up front. Admins and recruiters only: a hiring
manager reviews answers and never learns of an adjustment."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from palantrix.pages import attempt
from palantrix.tenancy import MANAGERS, org_member_required

from .. import accommodation_selectors, selectors
from ..forms.accommodations import AccommodationDecideForm, AccommodationGrantForm
from ..models import EXTRA_TIME_CHOICES
from ..services import accommodations as services


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("accommodation_list", kwargs={"org": request.organization.slug})
    return redirect(target)


def _form_errors(request: HttpRequest, form) -> None:
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))


@org_member_required(MANAGERS)
def accommodation_list(request: HttpRequest, job_id=None) -> HttpResponse:
    job = selectors.job_get(organization=request.organization, public_id=job_id) if job_id else None
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "interviews/accommodations/list.html",
        {
            "job": job,
            "show_all": show_all,
            "accommodations": accommodation_selectors.accommodation_list(
                organization=request.organization, job=job, pending_only=not show_all
            ),
            "extra_time_choices": EXTRA_TIME_CHOICES,
        },
    )


@org_member_required(MANAGERS)
@require_POST
def accommodation_decide(request: HttpRequest, accommodation_id) -> HttpResponse:
    accommodation = accommodation_selectors.accommodation_get(
        organization=request.organization, public_id=accommodation_id
    )
    form = AccommodationDecideForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request)
    grant = form.cleaned_data["decision"] == "grant"
    attempt(
        request,
        lambda: services.accommodation_decide(
            accommodation=accommodation,
            actor=request.user,
            grant=grant,
            reason=form.cleaned_data["reason"],
            extra_time_percent=form.cleaned_data["extra_time_percent"],
        ),
        success=f"{'Granted' if grant else 'Declined'}: the candidate gets an email.",
    )
    return _back(request)


@org_member_required(MANAGERS)
@require_POST
def accommodation_grant(request: HttpRequest, invitation_id) -> HttpResponse:
    invitation = selectors.invitation_get(
        organization=request.organization, public_id=invitation_id
    )
    form = AccommodationGrantForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request)
    attempt(
        request,
        lambda: services.accommodation_grant(
            invitation=invitation,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            extra_time_percent=form.cleaned_data["extra_time_percent"],
        ),
        success="Adjustment granted: the candidate sees it on their interview page.",
    )
    return _back(request)
