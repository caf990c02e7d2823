"""Share links: made and revoked by members; opened by anyone holding the link, read-only."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from interviews import selectors
from palantrix.emails import absolute_url
from palantrix.pages import attempt
from palantrix.tenancy import org_member_required
from scoring import ranking

from .. import selectors as review_selectors
from ..services import sharing

# Recording links on a shared page expire quickly; the page itself can be reloaded.
VIDEO_URL_SECONDS = 300


def _candidate_url(request: HttpRequest, invitation) -> str:
    return reverse(
        "candidate_detail",
        kwargs={"org": request.organization.slug, "invitation_id": invitation.public_id},
    )


@org_member_required()
@require_POST
def share_link_create(request: HttpRequest, invitation_id) -> HttpResponse:
    invitation = selectors.invitation_get(
        organization=request.organization, public_id=invitation_id
    )
    back = f"{_candidate_url(request, invitation)}#share-heading"
    try:
        days = int(request.POST.get("days", sharing.DEFAULT_DAYS))
    except ValueError:
        messages.error(request, "Choose how many days the link lasts.")
        return redirect(back)
    made = attempt(
        request,
        lambda: sharing.share_link_create(
            invitation=invitation,
            actor=request.user,
            days=days,
            label=request.POST.get("label", ""),
        ),
    )
    if made:
        # Shown once, in the share section the page scrolls to (templates/scoring/candidate.html).
        link = absolute_url(reverse("shared_candidate", args=[made.value.token]))
        messages.success(request, link, extra_tags=f"share-link days-{days}")
    return redirect(back)


@org_member_required()
@require_POST
def share_link_revoke(request: HttpRequest, share_link_id) -> HttpResponse:
    link = selectors.share_link_get(organization=request.organization, public_id=share_link_id)
    sharing.share_link_revoke(link=link, actor=request.user)
    messages.success(request, "Share link revoked: it no longer opens.")
    return redirect(f"{_candidate_url(request, link.invitation)}#share-heading")


@never_cache
def shared_candidate(request: HttpRequest, token: str) -> HttpResponse:
    """The read-only review through a share link; a closed link gets a plain page."""
    try:
        link = sharing.share_link_from_token(token)
    except sharing.ShareLinkClosed as error:
        response = render(
            request,
            "review/shared/closed.html",
            {"reason": str(error), "link": error.link},
            status=410 if error.link else 404,
        )
    else:
        invitation = link.invitation
        answers = list(review_selectors.candidate_answers(invitation=invitation))
        sharing.share_link_viewed(link=link, answers=len(answers))
        # A share link opens only once its maker could see every score: all shown.
        shown = ranking.shown_to(
            ranking.standing(review_selectors.active_scores(answers)), hidden=False
        )
        response = render(
            request,
            "review/shared/candidate.html",
            {
                "link": link,
                "token": token,  # in this page's own URL already; its captions need it
                "invitation": invitation,
                "job": invitation.job,
                "organization": link.organization,
                "shown": shown,
                "rows": review_selectors.answer_rows(
                    invitation=invitation, answers=answers, video_seconds=VIDEO_URL_SECONDS
                ),
            },
        )
    # The token is in this URL: never hand it to another site, never index the page.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
