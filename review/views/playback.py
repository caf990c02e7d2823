"""The captions of an answer's player (WebVTT from its transcript), for members and for
whoever holds a share link of the candidate."""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from palantrix.tenancy import org_member_required

from .. import selectors
from ..files import answer_file_response
from ..playback import answer_captions
from ..services import sharing

VTT = "text/vtt; charset=utf-8"


def _captions(answer) -> HttpResponse:
    response = HttpResponse(answer_captions(answer=answer), content_type=VTT)
    response["Cache-Control"] = "private, no-store"
    return response


@org_member_required()
def captions(request: HttpRequest, answer_id) -> HttpResponse:
    return _captions(selectors.answer_get(organization=request.organization, public_id=answer_id))


@never_cache
def shared_captions(request: HttpRequest, token: str, answer_id) -> HttpResponse:
    """Only while the link is open, and only for the shared candidate's answers. Not a
    view of its own: the page that plays them was counted and audited."""
    try:
        link = sharing.share_link_from_token(token)
    except sharing.ShareLinkClosed as error:
        raise Http404("This link is closed.") from error
    answer = selectors.answer_get(organization=link.organization, public_id=answer_id)
    if answer.invitation_id != link.invitation_id:
        raise Http404("No such answer.")
    response = _captions(answer)
    response["Referrer-Policy"] = "no-referrer"
    return response


@org_member_required()
@never_cache
def answer_file(request: HttpRequest, answer_id) -> HttpResponse:
    """A file answer, downloaded (never shown inline); another organisation's is a 404."""
    answer = selectors.answer_get(organization=request.organization, public_id=answer_id)
    return answer_file_response(answer=answer, actor=request.user)
