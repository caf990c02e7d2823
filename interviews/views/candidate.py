"""The candidate's side: the emailed link and the landing page. No staff login here; the
organisation comes from the invitation, and after the link only the session names it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from palantrix.pages import attempt

from .. import accommodation_selectors, message_selectors, selectors, services
from ..candidates import CandidateActor, candidate_invitation, candidate_limit, candidate_login
from ..forms.accommodations import AccommodationRequestForm
from ..models import OPEN_STATUSES, InvitationStatus
from ..services import accommodations, extensions
from ..services.invitations import InvitationClosed, invitation_from_token


def closed_page(request: HttpRequest, error: InvitationClosed) -> HttpResponse:
    """A friendly page in the employer's branding: 410 for a closed invitation, 404 for a
    link we do not know (which names no organisation)."""
    invitation = error.invitation
    return render(
        request,
        "interviews/candidate/closed.html",
        {
            "reason": str(error),
            "invitation": invitation,
            "organization": invitation.organization if invitation else None,
            "job": invitation.job if invitation else None,
            "stage": message_selectors.application_stage(invitation=invitation)
            if invitation
            else None,
            # A passed deadline: the page offers to ask for more time (or says it was asked).
            "can_ask_more_time": bool(invitation) and extensions.extension_can_ask(invitation),
            "more_time_pending": bool(invitation) and extensions.extension_pending(invitation),
        },
        status=410 if invitation else 404,
    )


@never_cache
def link(request: HttpRequest, token: str) -> HttpResponse:
    """Exchange the emailed token for a session, then drop it from the address bar."""
    try:
        invitation = invitation_from_token(token)
        invitation = services.invitation_open(token=token, candidate=CandidateActor(invitation))
    except InvitationClosed as error:
        if _past_deadline(error.invitation):
            # The session lets the page a passed deadline shows ask for more time.
            candidate_login(request, error.invitation)
        response = closed_page(request, error)
    else:
        candidate_login(request, invitation)
        response = redirect("candidate_landing")
    # The token is in this URL: never hand it to another site as a referrer.
    response["Referrer-Policy"] = "no-referrer"
    return response


def _past_deadline(invitation) -> bool:
    return invitation is not None and (
        invitation.status == InvitationStatus.EXPIRED or invitation.status in OPEN_STATUSES
    )


@never_cache
def landing(request: HttpRequest) -> HttpResponse:
    invitation = candidate_invitation(request)
    if invitation is None:
        return render(request, "interviews/candidate/no_session.html")
    try:
        services.check_invitation_usable(invitation)
    except InvitationClosed as error:
        return closed_page(request, error)
    return render(
        request,
        "interviews/candidate/landing.html",
        {
            "invitation": invitation,
            "organization": invitation.organization,
            "job": invitation.job,
            "question_set": invitation.question_set,
            "timing": selectors.question_set_timing(question_set=invitation.question_set),
            "accommodations": accommodation_selectors.invitation_accommodations(
                invitation=invitation
            ),
            "can_ask_more_time": extensions.extension_can_ask(invitation),
            "more_time_pending": extensions.extension_pending(invitation),
        },
    )


@never_cache
@candidate_limit
@require_http_methods(["GET", "POST"])
def adjustments(request: HttpRequest) -> HttpResponse:
    """The candidate asks for an adjustment and reads the answers to earlier requests."""
    invitation = candidate_invitation(request)
    if invitation is None:
        return render(request, "interviews/candidate/no_session.html", status=403)
    try:
        services.check_invitation_usable(invitation)
    except InvitationClosed as error:
        return closed_page(request, error)
    form = AccommodationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: accommodations.accommodation_request(
                invitation=invitation,
                kind=form.cleaned_data["kind"],
                details=form.cleaned_data["details"],
            ),
            form=form,
            success="We sent your request. You will get an email when the recruiters answer.",
        )
        if done:
            return redirect("candidate_landing")
    return render(
        request,
        "interviews/candidate/adjustments.html",
        {
            "invitation": invitation,
            "organization": invitation.organization,
            "job": invitation.job,
            "form": form,
            "accommodations": accommodation_selectors.invitation_accommodations(
                invitation=invitation
            ),
        },
    )
