"""Staff pages of the organisation: home, switching, team and branding (the dashboard,
which gathers every app, is in `web.views`)."""

import re

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import selectors, services
from .errors import InvitationInvalid
from .forms import (
    AcceptInvitationForm,
    BrandingForm,
    MembershipRoleForm,
    TeamInviteForm,
    ThrottledPasswordResetForm,
)
from .models import Role
from .pages import attempt
from .tenancy import last_organization_slug, org_member_required

ADMINS = {Role.ADMIN}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(request.user.memberships.select_related("organization"))
    if not memberships:
        return render(request, "palantrix/no_organization.html")
    last = last_organization_slug(request)
    slugs = [m.organization.slug for m in memberships]
    return redirect("dashboard", org=last if last in slugs else slugs[0])


@login_required
def organization_switch(request: HttpRequest) -> HttpResponse:
    return render(request, "palantrix/organization_switch.html")


@org_member_required()
def team(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    return render(
        request,
        "palantrix/team.html",
        {
            "members": selectors.membership_list(organization=organization),
            "invitations": selectors.team_invitation_list_open(organization=organization),
            "invite_form": TeamInviteForm(),
            "is_admin": request.membership.role == Role.ADMIN,
        },
    )


@org_member_required(ADMINS)
@require_POST
def team_invite(request: HttpRequest) -> HttpResponse:
    form = TeamInviteForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.team_invitation_send(
                organization=request.organization, actor=request.user, **form.cleaned_data
            ),
            success=f"Invitation sent to {form.cleaned_data['email']}.",
        )
    else:
        messages.error(request, "Enter a valid email address and role.")
    return redirect("team", org=request.organization.slug)


@org_member_required(ADMINS)
@require_POST
def team_invitation_revoke(request: HttpRequest, team_invitation_id) -> HttpResponse:
    invitation = selectors.team_invitation_get(
        organization=request.organization, public_id=team_invitation_id
    )
    attempt(
        request,
        lambda: services.team_invitation_revoke(invitation=invitation, actor=request.user),
        success=f"Invitation for {invitation.email} withdrawn.",
    )
    return redirect("team", org=request.organization.slug)


@org_member_required(ADMINS)
def member_edit(request: HttpRequest, membership_id) -> HttpResponse:
    membership = selectors.membership_get(
        organization=request.organization, public_id=membership_id
    )
    form = MembershipRoleForm(request.POST or None, initial={"role": membership.role})
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: services.membership_change_role(
                membership=membership, actor=request.user, role=form.cleaned_data["role"]
            ),
            # A function: the role it names is the one after the change.
            success=lambda _: f"{membership.user.email} is now {membership.get_role_display()}.",
        )
    ):
        return redirect("team", org=request.organization.slug)
    return render(request, "palantrix/member_edit.html", {"member": membership, "form": form})


@org_member_required(ADMINS)
@require_POST
def member_remove(request: HttpRequest, membership_id) -> HttpResponse:
    membership = selectors.membership_get(
        organization=request.organization, public_id=membership_id
    )
    attempt(
        request,
        lambda: services.membership_remove(membership=membership, actor=request.user),
        success=f"{membership.user.email} was removed from the team.",
    )
    return redirect("team", org=request.organization.slug)


@org_member_required(ADMINS)
def organization_settings(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    form = BrandingForm(request.POST or None, request.FILES or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        services.organization_update_branding(
            organization=organization,
            actor=request.user,
            **{name: form.cleaned_data[name] for name in form.changed_data},
        )
        messages.success(request, "Settings saved.")
        return redirect("organization_settings", org=organization.slug)
    return render(request, "palantrix/organization_settings.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ThrottledPasswordResetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


def team_invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Join an organisation from an emailed link: new people choose a password here."""
    try:
        invitation = services.team_invitation_from_token(token)
    except InvitationInvalid as error:
        return render(request, "palantrix/invitation_invalid.html", {"reason": error}, status=410)

    existing = selectors.user_find_by_email(email=invitation.email)
    if request.user.is_authenticated or existing is not None:
        if not request.user.is_authenticated:
            messages.info(request, "Log in to accept the invitation.")
            return redirect(f"{reverse('login')}?next={request.path}")
        if request.method == "POST":
            return _accept(request, token, request.user)
        return render(request, "palantrix/invitation_accept.html", {"invitation": invitation})

    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user = services.user_create(
            email=invitation.email,
            password=form.cleaned_data["password"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return _accept(request, token, user)
    return render(
        request, "palantrix/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def _accept(request: HttpRequest, token: str, user) -> HttpResponse:
    try:
        membership = services.team_invitation_accept(token=token, user=user)
    except InvitationInvalid as error:
        return render(request, "palantrix/invitation_invalid.html", {"reason": error}, status=410)
    messages.success(request, f"Welcome to {membership.organization.name}.")
    return redirect("dashboard", org=membership.organization.slug)


def brand_css(request: HttpRequest, color: str) -> HttpResponse:
    """An organisation's brand colour as a stylesheet: the Content-Security-Policy allows no
    inline style. The colour is the URL (never a lookup), so the answer is the same for
    everyone and cached for good; anything but six hex digits is a 404."""
    if not re.fullmatch(r"[0-9a-fA-F]{6}", color):
        raise Http404("Not a colour.")
    response = HttpResponse(f":root {{ --brand: #{color.lower()}; }}\n", content_type="text/css")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever a page links: send them to the static icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
