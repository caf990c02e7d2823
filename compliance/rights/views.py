"""Candidate pages of the rights session (no staff login; the session names the
invitations) and the staff request queue under /o/<org>/requests/."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from interviews import message_selectors
from interviews.candidates import CandidateActor, candidate_limit
from interviews.models import Invitation
from palantrix.errors import DomainError
from palantrix.models import Organization, Role
from palantrix.pages import attempt
from palantrix.ratelimit import client_address, rate_limit
from palantrix.tenancy import MANAGERS, OrgRequest, org_member_required

from ..models import RightsRequest, RightsRequestKind, RightsRequestStatus
from . import export, selectors, services
from .session import rights_login, rights_scope, scoped_invitation

# --- The candidate's side ----------------------------------------------------------------------


link_request_limit = rate_limit(
    scope="rights-link",
    limit=lambda: settings.RIGHTS_LINK_REQUESTS_PER_HOUR,
    period=3600,
    key=client_address,  # behind a proxy, the address it saw (TRUSTED_PROXY_COUNT)
)


@link_request_limit
def _send_link(request: HttpRequest, organization: Organization, email: str) -> HttpResponse:
    services.rights_link_ask(organization=organization, email=email)
    # The same page, after the same work, whether or not the address is known: neither
    # the answer nor its timing reveals who applied (the worker looks the address up).
    return render(request, "compliance/rights/link_sent.html", {"organization": organization})


@never_cache
@require_http_methods(["GET", "POST"])
def rights_start(request: HttpRequest, org_slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=org_slug)
    error = ""
    email = request.POST.get("email", "").strip()
    if request.method == "POST":
        try:
            validate_email(email)
        except ValidationError:
            error = "Enter the email address your interview invitation was sent to."
        else:
            return _send_link(request, organization, email)
    return render(
        request,
        "compliance/rights/start.html",
        {"organization": organization, "email": email, "error": error},
        status=400 if error else 200,
    )


@never_cache
def rights_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitations = services.rights_link_use(token=token)
    except services.LinkInvalid as error:
        response = render(
            request, "compliance/rights/link_invalid.html", {"reason": str(error)}, status=410
        )
    else:
        rights_login(request, invitations)
        response = redirect("rights_home")
    response["Referrer-Policy"] = "no-referrer"
    return response


def rights_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Resolve the rights session; without one, a page that says how to get a link."""

    @wraps(view)
    @never_cache
    @candidate_limit
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        scope = rights_scope(request)
        if scope is None or not scope[1]:
            return render(request, "compliance/rights/no_session.html", status=403)
        organization, invitations = scope
        return view(request, organization, invitations, *args, **kwargs)

    return wrapped


@rights_page
def rights_home(
    request: HttpRequest,
    organization: Organization,
    invitations: list[Invitation],
) -> HttpResponse:
    sent = message_selectors.outcome_emails_sent(invitations=invitations)
    for invitation in invitations:
        # For the template only: what it shows of each application. Not fields of the model,
        # so the plugin does not know them.
        invitation.stage = message_selectors.application_stage(invitation=invitation)  # type: ignore[attr-defined]
        invitation.messages_sent = sent[invitation.pk]  # type: ignore[attr-defined]
    return render(
        request,
        "compliance/rights/home.html",
        {
            "organization": organization,
            "invitations": invitations,
            "requests": selectors.requests_of(invitations=invitations),
            "kinds": RightsRequestKind,
        },
    )


def _home(message_request: HttpRequest, text: str, *, error: bool = False) -> HttpResponse:
    (messages.error if error else messages.success)(message_request, text)
    return redirect("rights_home")


@rights_page
@require_POST
def rights_export(
    request: HttpRequest,
    organization: Organization,
    invitations: list[Invitation],
    invitation_id: UUID,
) -> HttpResponse:
    invitation = scoped_invitation(invitations, invitation_id)
    services.access_request(invitation=invitation)
    return _home(
        request,
        "We are preparing your copy. We will email you when it is ready (usually within "
        "minutes); the download then appears below.",
    )


@rights_page
def rights_download(
    request: HttpRequest,
    organization: Organization,
    invitations: list[Invitation],
    request_id: UUID,
) -> HttpResponse:
    rights_request = selectors.candidate_request_get(invitations=invitations, public_id=request_id)
    if rights_request.kind != RightsRequestKind.ACCESS or not rights_request.export_key:
        raise Http404("This copy is not ready, or was deleted after a week.")
    # A candidate's own requests are those of their invitations: never without one.
    assert rights_request.invitation is not None
    scoped = scoped_invitation(invitations, rights_request.invitation.public_id)

    export.export_downloaded(request=rights_request, actor=CandidateActor(scoped))
    response = redirect(export.export_url(rights_request))
    response["Referrer-Policy"] = "no-referrer"
    return response


@rights_page
@require_http_methods(["GET", "POST"])
def rights_erase(
    request: HttpRequest,
    organization: Organization,
    invitations: list[Invitation],
    invitation_id: UUID,
) -> HttpResponse:
    invitation = scoped_invitation(invitations, invitation_id)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, "Tick the box to confirm that everything should be deleted.")
        else:
            erasure = services.erasure_request(invitation=invitation)
            return _home(
                request,
                "Your erasure request is received. We delete everything about this application "
                f"by {erasure.due_on:%d %B %Y} at the latest, usually within minutes, and "
                "email you when it is done.",
            )
    return render(
        request,
        "compliance/rights/erase.html",
        {"organization": organization, "invitation": invitation},
    )


@rights_page
@require_POST
def rights_withdraw(
    request: HttpRequest,
    organization: Organization,
    invitations: list[Invitation],
    invitation_id: UUID,
) -> HttpResponse:
    invitation = scoped_invitation(invitations, invitation_id)
    if invitation.human_review_only:
        return _home(request, "This application is already assessed by people only.")
    services.ai_assessment_withdraw(invitation=invitation)
    return _home(
        request,
        "Done: from now on only people assess this application. The AI's scores no longer "
        "count, and it will not score your answers again.",
    )


@rights_page
@require_POST
def rights_explain(
    request: HttpRequest,
    organization: Organization,
    invitations: list[Invitation],
    invitation_id: UUID,
) -> HttpResponse:
    invitation = scoped_invitation(invitations, invitation_id)
    services.explanation_request(invitation=invitation)
    return redirect("rights_explanation", invitation_id=invitation.public_id)


@rights_page
def rights_explanation(
    request: HttpRequest,
    organization: Organization,
    invitations: list[Invitation],
    invitation_id: UUID,
) -> HttpResponse:
    invitation = scoped_invitation(invitations, invitation_id)
    services.explanation_viewed(invitation=invitation)
    return render(
        request,
        "compliance/rights/explanation.html",
        {
            "organization": organization,
            "invitation": invitation,
            "explanation": selectors.explanation(invitation=invitation),
        },
    )


@rights_page
@require_http_methods(["GET", "POST"])
def rights_contest(
    request: HttpRequest,
    organization: Organization,
    invitations: list[Invitation],
    invitation_id: UUID,
) -> HttpResponse:
    invitation = scoped_invitation(invitations, invitation_id)
    scores = list(selectors.candidate_scores(invitation=invitation))
    message = request.POST.get("message", "")
    if request.method == "POST":
        chosen = request.POST.get("score", "")
        score = next((s for s in scores if str(s.public_id) == chosen), None)

        def contest() -> Any:
            if chosen and score is None:
                raise DomainError("Choose one of your scores, or the decision as a whole.")
            return services.contest_request(invitation=invitation, message=message, score=score)

        received = attempt(request, contest)
        if received:
            return _home(
                request,
                "Your request is received. Someone who was not involved in the assessment "
                f"will review it by {received.value.due_on:%d %B %Y}; we will email you the "
                "outcome.",
            )
    return render(
        request,
        "compliance/rights/contest.html",
        {
            "organization": organization,
            "invitation": invitation,
            "scores": scores,
            "message": message,
        },
    )


# --- Staff: the request queue ---------------------------------------------------------------


@org_member_required()
def rights_queue(request: OrgRequest) -> HttpResponse:
    show_all = request.GET.get("show") == "all"
    return render(
        request,
        "compliance/rights/queue.html",
        {
            "requests": selectors.request_queue(
                organization=request.organization,
                membership=request.membership,
                open_only=not show_all,
            ),
            "show_all": show_all,
        },
    )


@org_member_required()
def rights_request_detail(request: OrgRequest, request_id: UUID) -> HttpResponse:
    rights_request = selectors.request_get(
        organization=request.organization, membership=request.membership, public_id=request_id
    )
    is_contest = rights_request.kind == RightsRequestKind.CONTEST
    return render(
        request,
        "compliance/rights/request.html",
        {
            "item": rights_request,
            "can_assign": is_contest
            and rights_request.is_open
            and request.membership.role in MANAGERS,
            "can_resolve": is_contest
            and rights_request.is_open
            and rights_request.assigned_to_id == request.user.pk,
            "reviewers": selectors.reviewer_choices(request=rights_request) if is_contest else [],
            "can_retry": rights_request.status == RightsRequestStatus.ON_HOLD
            and request.membership.role == Role.ADMIN,
        },
    )


def _back(request: OrgRequest, rights_request: RightsRequest) -> HttpResponse:
    return redirect(
        "rights_request_detail",
        org=request.organization.slug,
        request_id=rights_request.public_id,
    )


@org_member_required(MANAGERS)
@require_POST
def rights_request_assign(request: OrgRequest, request_id: UUID) -> HttpResponse:
    rights_request = selectors.request_get(
        organization=request.organization, membership=request.membership, public_id=request_id
    )
    try:
        reviewer = selectors.membership_get(
            organization=request.organization, public_id=request.POST.get("reviewer", "")
        )
    except (Http404, ValidationError, ValueError):
        messages.error(request, "Choose a member of your organisation.")
        return _back(request, rights_request)
    attempt(
        request,
        lambda: services.contest_assign(
            request=rights_request, actor=request.user, reviewer=reviewer
        ),
        success="Assigned. The re-reviewer records the outcome here.",
    )
    return _back(request, rights_request)


@org_member_required()
@require_POST
def rights_request_resolve(request: OrgRequest, request_id: UUID) -> HttpResponse:
    rights_request = selectors.request_get(
        organization=request.organization, membership=request.membership, public_id=request_id
    )
    attempt(
        request,
        lambda: services.contest_resolve(
            request=rights_request,
            actor=request.user,
            outcome=request.POST.get("outcome", ""),
            reason=request.POST.get("reason", ""),
        ),
        success="Outcome recorded; the candidate is told by email.",
    )
    return _back(request, rights_request)


@org_member_required({Role.ADMIN})
@require_POST
def rights_request_retry(request: OrgRequest, request_id: UUID) -> HttpResponse:
    rights_request = selectors.request_get(
        organization=request.organization, membership=request.membership, public_id=request_id
    )
    attempt(
        request,
        lambda: services.erasure_retry(request=rights_request, actor=request.user),
        success="Trying the erasure again.",
    )
    return _back(request, rights_request)
