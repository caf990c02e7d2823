"""In a real browser, a recruiter starts a job from a library template and invites someone."""

import pytest

from interviews import services
from interviews.models import Invitation, Job
from palantrix.models import Role
from tests.conftest import PASSWORD, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recruiter_creates_a_job_from_a_template_and_invites_a_candidate(
    live_server, page, make, org
):
    make.member(org, Role.RECRUITER, make.user("riley@acme.test", first_name="Riley"))
    base = f"{live_server.url}/o/{org.slug}"
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("riley@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")

    page.get_by_role("link", name="Jobs", exact=True).click()
    page.get_by_role("link", name="Start from a template").click()
    page.get_by_role("link", name="Customer support specialist").click()
    # The template shows its questions and its profile's levels before anything is made.
    page.get_by_role("heading", name="Team DNA Profile").wait_for()
    assert page.get_by_label("Levels of Problem solving").is_visible()
    page.get_by_label("Job title").fill("Support specialist, Porto")
    page.get_by_label("Location").fill("Porto")
    page.get_by_role("button", name="Create job from template").click()

    page.get_by_role("heading", name="Support specialist, Porto").wait_for()
    assert page.get_by_text("Created Support specialist, Porto from the template").is_visible()
    questions = page.get_by_role("region", name="Questions")
    assert questions.locator("ol > li").count() == 4
    assert questions.get_by_text(
        "Tell us about a time you helped a frustrated customer."
    ).is_visible()
    screenshot(page, "job-from-template")

    page.get_by_label("Job status").select_option("open")
    page.get_by_role("button", name="Change status").click()
    page.get_by_text("The job is now open.").wait_for()
    page.get_by_label("Candidate's name").fill("Ana Lima")
    page.get_by_label("Email address").fill("ana.lima@example.test")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent to ana.lima@example.test").wait_for()

    job = Job.objects.get(title="Support specialist, Porto")
    assert job.profile.name == "Support specialist, Porto team"
    invitation = Invitation.objects.get(job=job)
    assert invitation.email == "ana.lima@example.test"
    assert invitation.question_set.questions.count() == 4
    assert services.job_current_questions(job=job).filter(competency_keys=[]).count() == 0
