"""Reviewer pages: a candidate's answers with recordings, transcripts and AI scores."""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from interviews import accommodation_selectors, message_selectors
from interviews import selectors as interview_selectors
from interviews.models import DecisionOutcome, InvitationStatus
from palantrix.errors import DomainError
from palantrix.pages import attempt
from palantrix.tenancy import MANAGERS, org_member_required, require_overseer
from scoring import services as scoring_services

from .. import notification_selectors, selectors
from ..models import Comment
from ..services import corrections, decisions, scores
from ..services.comments import comments_visible

# Recording links on a reviewer's page expire quickly; each view is audited.
VIDEO_URL_SECONDS = 300
SHORTLIST_PAGE_SIZE = 50
SHARE_DAYS = range(1, 15)


@org_member_required()
def candidate_detail(request: HttpRequest, invitation_id) -> HttpResponse:
    invitation = interview_selectors.invitation_get(
        organization=request.organization, public_id=invitation_id
    )
    answers = list(selectors.candidate_answers(invitation=invitation, with_history=True))
    scores.candidate_viewed(invitation=invitation, actor=request.user, answers=len(answers))
    ratings = selectors.ratings_for(answers=answers, reviewer=request.user)
    shown, hidden = selectors.candidate_shown(
        invitation=invitation, answers=answers, viewer=request.user
    )
    rows = selectors.answer_rows(
        invitation=invitation, answers=answers, hidden=hidden, video_seconds=VIDEO_URL_SECONDS
    )
    for row in rows:
        row.update(ratings[row["answer"].pk])
    now = timezone.now()
    share_links = list(interview_selectors.share_link_list(invitation=invitation))
    for link in share_links:
        link.current_state = link.state(now)
    # Adjustments are between the candidate and the recruiters: a hiring manager's page
    # has none of them in its context at all.
    recruiting = request.membership.role in MANAGERS
    adjustments = (
        accommodation_selectors.accommodation_panel(invitation=invitation) if recruiting else {}
    )
    return render(
        request,
        "review/candidate.html",
        {
            "invitation": invitation,
            "job": invitation.job,
            "rows": rows,
            "knockout_flags": selectors.knockout_flags(answers=answers),
            "shown": shown,
            "decisions": selectors.decisions_of(invitation=invitation),
            "outcomes": DecisionOutcome.choices,
            "is_overseer": request.membership.is_overseer,
            "live_interview": interview_selectors.live_interview_current(invitation=invitation),
            "share_links": share_links,
            "share_days": SHARE_DAYS,
            "outcome_emails": message_selectors.outcome_email_list(invitation=invitation),
            "grace_minutes": settings.OUTCOME_EMAIL_GRACE_SECONDS // 60,
            "comments_visible": comments_visible(invitation=invitation, user=request.user),
            "comment_threads": notification_selectors.comment_threads(invitation=invitation),
            "edit_until": timezone.now() - timedelta(minutes=Comment.EDIT_MINUTES),
            "is_admin": request.membership.role == "admin",
            "can_edit_emails": request.membership.role in MANAGERS,
            "email_defaults": message_selectors.outcome_email_defaults(
                organization=request.organization
            ),
            "show_adjustments": recruiting,
            **adjustments,
        },
    )


@org_member_required(MANAGERS)
@require_POST
def rescore_start(request: HttpRequest, job_id) -> HttpResponse:
    job = interview_selectors.job_get(organization=request.organization, public_id=job_id)
    attempt(
        request,
        lambda: scoring_services.job_rescore(job=job, actor=request.user),
        success=lambda run: (
            f"Re-scoring {run.total} answer{'s' if run.total != 1 else ''} against "
            f"{job.profile.name} version {run.profile_version.number} in the background."
        ),
    )
    return redirect("job_detail", org=request.organization.slug, job_id=job.public_id)


@org_member_required()
def rescore_progress(request: HttpRequest, job_id, run_id) -> JsonResponse:
    job = interview_selectors.job_get(organization=request.organization, public_id=job_id)
    run = selectors.rescore_run_get(organization=request.organization, job=job, public_id=run_id)
    return JsonResponse(
        {"status": run.status, "done": run.done, "total": run.total, "percent": run.percent}
    )


def _int_or_none(value: str | None) -> int | None:
    try:
        return max(0, min(100, int(value))) if value not in (None, "") else None
    except ValueError:
        return None


@org_member_required()
def shortlist(request: HttpRequest, job_id) -> HttpResponse:
    job = interview_selectors.job_get(organization=request.organization, public_id=job_id)
    competencies = (
        list(interview_selectors.profile_current_competencies(profile=job.profile))
        if job.profile
        else []
    )
    params = request.GET
    sort = params.get("sort", "score")
    descending = params.get("dir", "desc") != "asc"
    rows = selectors.shortlist(
        job=job,
        reviewer=request.user,
        sort=sort,
        descending=descending,
        status=params.get("status", ""),
        min_score=_int_or_none(params.get("min")),
        max_score=_int_or_none(params.get("max")),
        needs_review=params.get("needs_review") == "1",
        knockout=params.get("knockout") == "1",
        human_only=params.get("human_only") == "1",
        decision=params.get("decision", ""),
    )
    page = Paginator(rows, SHORTLIST_PAGE_SIZE).get_page(params.get("page"))
    return render(
        request,
        "review/shortlist.html",
        {
            "job": job,
            "page": page,
            "rows": selectors.shortlist_rows(
                invitations=page, competency_keys=[str(c.key) for c in competencies]
            ),
            "columns": [c.name for c in competencies],
            "sort": sort,
            "descending": descending,
            "filters": params,
            "statuses": [
                *InvitationStatus.choices,
                (selectors.LIVE_SCHEDULED, "Live interview scheduled"),
            ],
            "outcomes": DecisionOutcome.choices,
            "is_overseer": request.membership.is_overseer,
        },
    )


@org_member_required()
@require_POST
def score_override(request: HttpRequest, score_id) -> HttpResponse:
    score = selectors.score_get(organization=request.organization, public_id=score_id)
    require_overseer(request)
    try:
        value = int(request.POST.get("value", "").strip())
    except ValueError:
        messages.error(request, "Score: give a whole number from 0 to 100.")
        return redirect(
            "candidate_detail",
            org=request.organization.slug,
            invitation_id=score.answer.invitation.public_id,
        )
    attempt(
        request,
        lambda: scores.score_override(
            score=score, actor=request.user, value=value, reason=request.POST.get("reason", "")
        ),
        success=f"{score.competency_name}: override saved.",
    )
    return redirect(
        "candidate_detail",
        org=request.organization.slug,
        invitation_id=score.answer.invitation.public_id,
    )


@org_member_required()
@require_POST
def decide(request: HttpRequest, invitation_id) -> HttpResponse:
    invitation = interview_selectors.invitation_get(
        organization=request.organization, public_id=invitation_id
    )
    require_overseer(request)
    attempt(
        request,
        lambda: decisions.decision_record(
            invitation=invitation,
            actor=request.user,
            outcome=request.POST.get("outcome", ""),
            reason=request.POST.get("reason", ""),
            email=request.POST.get("email", ""),
        ),
        success="Decision recorded.",
    )
    return redirect(
        "candidate_detail", org=request.organization.slug, invitation_id=invitation.public_id
    )


@org_member_required()
@require_POST
def decide_many(request: HttpRequest, job_id) -> HttpResponse:
    """Bulk decisions from the shortlist: each candidate gets their own audited decision."""
    job = interview_selectors.job_get(organization=request.organization, public_id=job_id)
    require_overseer(request)
    chosen = request.POST.getlist("candidates")
    decided = 0
    for public_id in chosen:
        invitation = interview_selectors.invitation_get(
            organization=request.organization, public_id=public_id
        )
        if invitation.job_id != job.pk:
            continue
        if not attempt(
            request,
            partial(
                decisions.decision_record,
                invitation=invitation,
                actor=request.user,
                outcome=request.POST.get("outcome", ""),
                reason=request.POST.get("reason", ""),
                email=request.POST.get("email", ""),
            ),
        ):
            break
        decided += 1
    if decided:
        messages.success(request, f"Recorded {decided} decision{'s' if decided > 1 else ''}.")
    return redirect("shortlist", org=request.organization.slug, job_id=job.public_id)


@org_member_required()
@require_POST
def rate(request: HttpRequest, answer_id) -> HttpResponse:
    answer = selectors.answer_get(organization=request.organization, public_id=answer_id)
    try:
        scores.rating_record(
            answer=answer,
            reviewer=request.user,
            value=int(request.POST.get("value", "0")),
            comment=request.POST.get("comment", ""),
        )
    except (DomainError, ValueError):
        messages.error(request, "Rate the answer from 1 to 5.")
    page = reverse(
        "candidate_detail",
        kwargs={"org": request.organization.slug, "invitation_id": answer.invitation.public_id},
    )
    return redirect(f"{page}#answer-{answer.public_id}")


@org_member_required()
@require_POST
def transcript_correct(request: HttpRequest, answer_id) -> HttpResponse:
    """Rectification: a reviewer corrects the transcript; the answer is scored again."""
    answer = selectors.answer_get(organization=request.organization, public_id=answer_id)
    require_overseer(request)  # a correction re-scores the answer, like an override
    attempt(
        request,
        lambda: corrections.transcript_correct(
            answer=answer,
            actor=request.user,
            lines=request.POST.get("text", "").splitlines(),
            reason=request.POST.get("reason", ""),
        ),
        success="Transcript corrected; the earlier version is kept. The answer is being scored "
        "again from the corrected text.",
    )
    page = reverse(
        "candidate_detail",
        kwargs={"org": request.organization.slug, "invitation_id": answer.invitation.public_id},
    )
    return redirect(f"{page}#answer-{answer.public_id}")
