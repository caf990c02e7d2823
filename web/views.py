"""Pages that gather every app: the organisation's dashboard."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from compliance.rights.selectors import queue_summary
from interviews.selectors import job_open_count
from palantrix import selectors
from palantrix.tenancy import org_member_required
from review.selectors import needs_review_by_job
from web.demo.selectors import demo_get, guide_steps


@org_member_required()
def dashboard(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    members = selectors.membership_list(organization=organization)
    waiting = needs_review_by_job(organization=organization)
    demo = demo_get(organization=organization)
    return render(
        request,
        "web/dashboard.html",
        {
            "member_count": members.count(),
            "open_jobs": job_open_count(organization=organization),
            "review_waiting": waiting,
            "review_waiting_count": sum(row.candidates for row in waiting),
            "requests": queue_summary(organization=organization, membership=request.membership),
            "demo": demo,
            "guide": guide_steps(membership=request.membership, demo=demo),
        },
    )
