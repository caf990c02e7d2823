"""The candidate's interview after the landing page: notice and consent, device check and
practice, the questions (recorded in the browser, uploaded straight to S3), and finish.

Pages and the small JSON endpoints the recorder calls resolve the invitation from the
candidate's session only, and are rate limited per session.
"""

import json
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from palantrix.errors import DomainError, InvalidField

from .. import accommodation_selectors, media, message_selectors, selectors
from ..candidates import candidate_invitation, candidate_limit
from ..forms.interview import ConsentForm
from ..models import AnswerKind, InvitationStatus
from ..notice import NOTICE_VERSION
from ..services import InvitationClosed, check_invitation_usable, choices
from ..services import interview as services
from .candidate import closed_page


def candidate_page(view: Callable) -> Callable:
    """Resolve the session's invitation (a clear page when there is none or it closed)."""

    @wraps(view)
    @never_cache
    @candidate_limit
    def wrapped(request: HttpRequest, *args, **kwargs):
        invitation = candidate_invitation(request)
        if invitation is None:
            return render(request, "interviews/candidate/no_session.html", status=403)
        if invitation.status == InvitationStatus.COMPLETED and view.__name__ != "done":
            return redirect("candidate_done")
        if view.__name__ != "done":
            try:
                check_invitation_usable(invitation)
            except InvitationClosed as error:
                return closed_page(request, error)
        return view(request, invitation, *args, **kwargs)

    return wrapped


def candidate_api(view: Callable) -> Callable:
    """JSON endpoints: errors as {"error": message} the recorder shows as they are."""

    @wraps(view)
    @never_cache
    @candidate_limit
    def wrapped(request: HttpRequest, *args, **kwargs):
        invitation = candidate_invitation(request)
        if invitation is None:
            return JsonResponse(
                {"error": "Your session ended: open the link in your email."}, status=403
            )
        try:
            payload = json.loads(request.body or b"{}") if request.method == "POST" else {}
            return view(request, invitation, payload, *args, **kwargs)
        except InvitationClosed as error:
            return JsonResponse({"error": str(error)}, status=410)
        except InvalidField as error:
            return JsonResponse({"error": str(error), "field": error.field}, status=400)
        except DomainError as error:
            return JsonResponse({"error": str(error)}, status=409)
        except (ValueError, TypeError, KeyError):
            return JsonResponse({"error": "The request was not understood."}, status=400)

    return wrapped


def _context(invitation, **extra):
    return {
        "invitation": invitation,
        "organization": invitation.organization,
        "job": invitation.job,
        **extra,
    }


@candidate_page
@require_http_methods(["GET", "POST"])
def notice(request: HttpRequest, invitation) -> HttpResponse:
    consent = services.latest_consent(invitation)
    form = ConsentForm(
        request.POST or None,
        initial={"assessment": "ai" if consent is None or consent.ai_assessment else "human"},
    )
    if request.method == "POST" and form.is_valid():
        services.consent_record(
            invitation=invitation,
            ai_assessment=form.cleaned_data["assessment"] == "ai",
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        adjustments = accommodation_selectors.adjustments_for(invitation=invitation)
        needs_devices = any(
            adjustments.kind(q) == AnswerKind.VIDEO
            for q in services.interview_questions(invitation)
        )
        return redirect("candidate_check" if needs_devices else "candidate_questions")
    return render(
        request,
        "interviews/candidate/notice.html",
        _context(
            invitation,
            form=form,
            consent=consent,
            notice_version=NOTICE_VERSION,
            retention_months=12,
        ),
    )


def _needs_consent(invitation) -> bool:
    return services.latest_consent(invitation) is None


@candidate_page
@require_GET
def check(request: HttpRequest, invitation) -> HttpResponse:
    if _needs_consent(invitation):
        return redirect("candidate_notice")
    return render(request, "interviews/candidate/check.html", _context(invitation))


def _state(invitation) -> dict:
    answers = {a.question_id: a for a in invitation.answers.all()}
    adjustments = accommodation_selectors.adjustments_for(invitation=invitation)
    questions = []
    for number, question in enumerate(services.interview_questions(invitation), start=1):
        answer = answers.get(question.pk)
        hidden = services.question_is_hidden(answer, question, adjustments)
        questions.append(
            {
                "id": str(question.public_id),
                "number": number,
                # Shown when its think time starts (the think endpoint), not before.
                "text": "" if hidden else question.text,
                "kind": answer.kind if answer else adjustments.kind(question),
                # The candidate's own limits: granted extra time included.
                "answer_seconds": adjustments.seconds(question.answer_seconds),
                "think_seconds": adjustments.seconds(question.think_seconds),
                "think_left": services.think_seconds_left(answer, question, adjustments),
                "retakes": question.retakes,
                "takes_used": answer.takes_used if answer else 0,
                "submitted": bool(answer and answer.is_submitted),
                # A choice question: its options (which are acceptable stays with the
                # organisation) and what it is for, shown beside it.
                **(
                    {
                        "options": [
                            {"key": option["key"], "text": option["text"]}
                            for option in question.options
                        ],
                        "multiple": question.multiple,
                        "purpose": question.purpose_shown,
                    }
                    if question.is_choice
                    else {}
                ),
            }
        )
    return {
        "questions": questions,
        "part_size": settings.UPLOAD_PART_BYTES,
        "file_types": list(media.FILE_TYPES),
        "file_max_bytes": settings.FILE_ANSWER_MAX_BYTES,
        "deadline": invitation.deadline.isoformat(),
        "status": invitation.status,
    }


@candidate_page
@ensure_csrf_cookie
@require_GET
def questions(request: HttpRequest, invitation) -> HttpResponse:
    if _needs_consent(invitation):
        return redirect("candidate_notice")
    return render(
        request,
        "interviews/candidate/questions.html",
        _context(
            invitation,
            state=_state(invitation),
            timing=selectors.question_set_timing(question_set=invitation.question_set),
            file_max_mb=f"{settings.FILE_ANSWER_MAX_BYTES / (1024 * 1024):g}",
            urls={
                "state": reverse("candidate_state"),
                "answer": reverse("candidate_answer_base"),
                "finish": reverse("candidate_finish"),
                "done": reverse("candidate_done"),
            },
        ),
    )


@candidate_page
@require_GET
def done(request: HttpRequest, invitation) -> HttpResponse:
    if invitation.status != InvitationStatus.COMPLETED:
        return redirect("candidate_questions")
    return render(
        request,
        "interviews/candidate/done.html",
        _context(invitation, stage=message_selectors.application_stage(invitation=invitation)),
    )


# --- JSON for the recorder --------------------------------------------------------------------


@candidate_api
@require_GET
def state(request, invitation, payload) -> JsonResponse:
    return JsonResponse(_state(invitation))


@candidate_api
@require_POST
def think(request, invitation, payload, question_id) -> JsonResponse:
    answer = services.answer_think_start(invitation=invitation, question_id=question_id)
    adjustments = accommodation_selectors.adjustments_for(invitation=invitation)
    return JsonResponse(
        {
            "text": answer.question.text,
            "think_left": services.think_seconds_left(answer, answer.question, adjustments),
        }
    )


@candidate_api
@require_POST
def take(request, invitation, payload, question_id) -> JsonResponse:
    answer = services.answer_take_start(invitation=invitation, question_id=question_id)
    return JsonResponse({"takes_used": answer.takes_used})


@candidate_api
@require_POST
def upload_start(request, invitation, payload, question_id) -> JsonResponse:
    answer = services.answer_upload_start(
        invitation=invitation,
        question_id=question_id,
        content_type=str(payload["content_type"]),
        size=int(payload["size"]),
    )
    return JsonResponse({"part_size": settings.UPLOAD_PART_BYTES, "upload": str(answer.public_id)})


@candidate_api
@require_http_methods(["GET", "POST"])
def parts(request, invitation, payload, question_id) -> JsonResponse:
    if request.method == "GET":
        found = services.answer_uploaded_parts(invitation=invitation, question_id=question_id)
        return JsonResponse(
            {"parts": [{"number": p.number, "etag": p.etag, "size": p.size} for p in found]}
        )
    numbers = [int(n) for n in payload["numbers"]]
    urls = services.answer_part_urls(
        invitation=invitation, question_id=question_id, numbers=numbers
    )
    return JsonResponse({"urls": {str(n): url for n, url in urls.items()}})


@candidate_api
@require_POST
def complete(request, invitation, payload, question_id) -> JsonResponse:
    parts = [(int(p["number"]), str(p["etag"])) for p in payload.get("parts", [])]
    duration = payload.get("duration")
    answer = services.answer_upload_complete(
        invitation=invitation,
        question_id=question_id,
        parts=parts,
        duration=float(duration) if duration is not None else None,
    )
    return JsonResponse({"status": answer.status, "submitted": answer.is_submitted})


@candidate_api
@require_POST
def written(request, invitation, payload, question_id) -> JsonResponse:
    answer = services.answer_submit_text(
        invitation=invitation, question_id=question_id, text=str(payload["text"])
    )
    return JsonResponse({"status": answer.status, "submitted": answer.is_submitted})


@candidate_api
@require_POST
def choice(request, invitation, payload, question_id) -> JsonResponse:
    chosen = payload["choices"]
    if not isinstance(chosen, list):
        raise TypeError("choices is a list of option keys")
    answer = choices.answer_submit_choice(
        invitation=invitation, question_id=question_id, choices=chosen
    )
    return JsonResponse({"status": answer.status, "submitted": answer.is_submitted})


@candidate_api
@require_POST
def finish(request, invitation, payload) -> JsonResponse:
    services.interview_finish(invitation=invitation)
    return JsonResponse({"done": reverse("candidate_done")})
