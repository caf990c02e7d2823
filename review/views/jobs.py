"""The job page: its funnel and invitations, with the AI's status and the oversight figures."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from interviews import selectors as interview_selectors
from interviews.forms.invitations import InviteForm
from interviews.forms.jobs import JobStatusForm
from palantrix.emails import absolute_url
from palantrix.tenancy import MANAGERS, org_member_required
from scoring import governance
from scoring.scorer import SCORER_VERSION

from ..notification_selectors import is_following
from ..selectors import answers_by_earlier_scorer, oversight_figures, rescore_latest


@org_member_required()
def job_detail(request: HttpRequest, job_id) -> HttpResponse:
    job = interview_selectors.job_get(organization=request.organization, public_id=job_id)
    question_set = interview_selectors.question_set_current(job=job)
    public_link = interview_selectors.public_link_of(job=job)
    return render(
        request,
        "interviews/jobs/detail.html",
        {
            "job": job,
            "question_set": question_set,
            "timing": interview_selectors.question_set_timing(question_set=question_set),
            "funnel": interview_selectors.job_funnel(job=job),
            "invitations": interview_selectors.invitation_list(job=job),
            "invite_form": InviteForm(),
            "status_form": JobStatusForm(initial={"status": job.status}),
            "can_manage": request.membership.role in MANAGERS,
            "rescore": rescore_latest(job=job),
            "earlier_scorer_answers": answers_by_earlier_scorer(job=job),
            "scorer_version": SCORER_VERSION,
            "ai_block": governance.scoring_block(organization=request.organization, job=job),
            "oversight": oversight_figures(job=job),
            "following": is_following(job=job, user=request.user),
            "public_link": public_link,
            "public_url": absolute_url(reverse("public_apply", args=[public_link.public_id]))
            if public_link
            else "",
            "extension_requests": interview_selectors.extension_requests_waiting(job=job),
        },
    )
