"""After an advance: the live interview brief (on screen and printable) and the slot."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from interviews import selectors
from interviews.models import DecisionOutcome
from palantrix.pages import attempt
from palantrix.tenancy import org_member_required

from .. import brief as briefs
from ..forms import LiveInterviewForm
from ..playback import answer_player
from ..services import live as live_services
from ..services import scores

SCREEN = "review/live/brief.html"
# Recording links on the brief expire quickly, as on the candidate page.
VIDEO_URL_SECONDS = 300


def _advanced_invitation(request: HttpRequest, invitation_id):
    """The invitation, or None (with a message) while no person has advanced it."""
    invitation = selectors.invitation_get(
        organization=request.organization, public_id=invitation_id
    )
    decision = selectors.decision_latest(invitation=invitation)
    if decision is None or decision.outcome != DecisionOutcome.ADVANCE:
        messages.error(
            request, "The brief and the live interview come after a person advances the candidate."
        )
        return invitation, False
    return invitation, True


def _brief(request: HttpRequest, invitation_id, template: str) -> HttpResponse:
    invitation, advanced = _advanced_invitation(request, invitation_id)
    if not advanced:
        return redirect(
            "candidate_detail", org=request.organization.slug, invitation_id=invitation.public_id
        )
    brief = briefs.candidate_brief(invitation=invitation)
    if template == SCREEN:  # printed and emailed briefs have nothing to play
        for item in brief.answers:
            item["player"] = answer_player(item["answer"], ttl=VIDEO_URL_SECONDS)
    scores.candidate_viewed(
        invitation=invitation, actor=request.user, answers=len(brief.answers), page="brief"
    )
    return render(
        request,
        template,
        {
            "brief": brief,
            "invitation": invitation,
            "job": invitation.job,
            "live_interview": selectors.live_interview_current(invitation=invitation),
        },
    )


@org_member_required()
def live_brief(request: HttpRequest, invitation_id) -> HttpResponse:
    return _brief(request, invitation_id, SCREEN)


@org_member_required()
def live_brief_print(request: HttpRequest, invitation_id) -> HttpResponse:
    return _brief(request, invitation_id, "review/live/brief_print.html")


@org_member_required()
def live_interview_schedule(request: HttpRequest, invitation_id) -> HttpResponse:
    invitation, advanced = _advanced_invitation(request, invitation_id)
    if not advanced:
        return redirect(
            "candidate_detail", org=request.organization.slug, invitation_id=invitation.public_id
        )
    current = selectors.live_interview_current(invitation=invitation)
    initial = (
        {
            "starts_at": timezone.make_naive(current.starts_at, ZoneInfo(current.time_zone)),
            "time_zone": current.time_zone,
            "duration_minutes": current.duration_minutes,
            "location": current.location,
            "interviewers": "\n".join(current.interviewers),
        }
        if current
        else {"interviewers": request.user.email}
    )
    form = LiveInterviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            request,
            lambda: live_services.live_interview_schedule(
                invitation=invitation,
                actor=request.user,
                starts_at=data["starts_at"],
                time_zone=data["time_zone"],
                duration_minutes=data["duration_minutes"],
                location=data["location"],
                interviewers=[data["interviewers"]],
            ),
            success=_scheduled,
            form=form,
        ):
            return redirect(
                "candidate_detail",
                org=request.organization.slug,
                invitation_id=invitation.public_id,
            )
    return render(
        request,
        "review/live/schedule.html",
        {"invitation": invitation, "job": invitation.job, "form": form, "current": current},
    )


def _scheduled(live) -> str:
    count = len(live.interviewers)
    return (
        f"Live interview {'rescheduled' if live.sequence else 'scheduled'}. The brief and "
        f"a calendar invitation are on their way to {count} interviewer"
        f"{'s' if count != 1 else ''}."
    )


@org_member_required()
@require_POST
def live_interview_cancel(request: HttpRequest, live_interview_id) -> HttpResponse:
    live = selectors.live_interview_get(
        organization=request.organization, public_id=live_interview_id
    )
    attempt(
        request,
        lambda: live_services.live_interview_cancel(live=live, actor=request.user),
        success="Live interview cancelled; the interviewers are told.",
    )
    return redirect(
        "candidate_detail", org=request.organization.slug, invitation_id=live.invitation.public_id
    )
