"""The candidate asks for more time, from the landing page (the deadline is near) or the
page a passed deadline shows. The invitation comes from the session only."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from palantrix.errors import DomainError

from ..candidates import CandidateActor, candidate_invitation, candidate_limit
from ..models import ExtensionStatus
from ..services import extensions


@never_cache
@candidate_limit
@require_http_methods(["GET", "POST"])
def more_time(request: HttpRequest) -> HttpResponse:
    """GET: the question, with its button (the expired page links here: it is shown on
    the emailed link's URL, whose no-referrer policy would fail a form's CSRF check)."""
    invitation = candidate_invitation(request)
    if invitation is None:
        return render(request, "interviews/candidate/no_session.html", status=403)
    context = {"invitation": invitation, "organization": invitation.organization}
    if request.method == "GET":
        return render(
            request,
            "interviews/candidate/more_time.html",
            {
                **context,
                "job": invitation.job,
                "asking": True,
                "can_ask_more_time": extensions.extension_can_ask(invitation),
                "more_time_pending": extensions.extension_pending(invitation),
            },
        )
    try:
        asked = extensions.extension_request(
            invitation=invitation, candidate=CandidateActor(invitation)
        )
    except DomainError as error:
        return render(
            request,
            "interviews/candidate/more_time.html",
            {**context, "job": invitation.job, "error": str(error)},
            status=409,
        )
    invitation.refresh_from_db()
    return render(
        request,
        "interviews/candidate/more_time.html",
        {
            **context,
            "job": invitation.job,
            "granted": asked.status == ExtensionStatus.AUTOMATIC,
        },
    )
