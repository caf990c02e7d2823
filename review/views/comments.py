"""Comments on a candidate: post (or reply), edit within the window, delete with a trace."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from interviews import selectors as interview_selectors
from palantrix.errors import DomainError
from palantrix.tenancy import org_member_required

from .. import notification_selectors as selectors
from ..services import comments


def _back(request: HttpRequest, invitation) -> HttpResponse:
    page = reverse(
        "candidate_detail",
        kwargs={"org": request.organization.slug, "invitation_id": invitation.public_id},
    )
    return redirect(f"{page}#comments")


@org_member_required()
@require_POST
def comment_post(request: HttpRequest, invitation_id) -> HttpResponse:
    invitation = interview_selectors.invitation_get(
        organization=request.organization, public_id=invitation_id
    )
    parent = None
    if request.POST.get("parent"):
        parent = selectors.comment_get(
            organization=request.organization, public_id=request.POST["parent"]
        )
    try:
        comments.comment_post(
            invitation=invitation,
            actor=request.user,
            body=request.POST.get("body", ""),
            parent=parent,
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Comment posted.")
    return _back(request, invitation)


@org_member_required()
@require_POST
def comment_edit(request: HttpRequest, comment_id) -> HttpResponse:
    comment = selectors.comment_get(organization=request.organization, public_id=comment_id)
    try:
        comments.comment_edit(
            comment=comment, actor=request.user, body=request.POST.get("body", "")
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Comment edited.")
    return _back(request, comment.invitation)


@org_member_required()
@require_POST
def comment_delete(request: HttpRequest, comment_id) -> HttpResponse:
    comment = selectors.comment_get(organization=request.organization, public_id=comment_id)
    try:
        comments.comment_delete(comment=comment, actor=request.user, role=request.membership.role)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Comment deleted.")
    return _back(request, comment.invitation)
