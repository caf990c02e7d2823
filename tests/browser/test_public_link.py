"""In Chromium: a recruiter publishes a job's public link; someone opens it, registers,
confirms through the emailed one-time link and records an answer with the fake camera.
And a candidate whose deadline passed asks for more time on the expired page; the
recruiter approves it with one click and the candidate carries on."""

import re

import pytest
from django.conf import settings as django_settings

from interviews import services
from interviews.models import Answer, AnswerKind, Invitation, InvitationStatus, PublicLink
from palantrix.storage import bucket_ensure
from tests.browser import test_candidate_interview as recorder
from tests.conftest import BROWSER_TIMEOUT_MS, PASSWORD, csp_violations, screenshot

# The fake camera and the microphone that speaks, as the interview's own browser test has them.
speaking_browser = recorder.speaking_browser
candidate_page = recorder.candidate_page
record, saved = recorder.record, recorder.saved

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def open_job(org, admin, kind=AnswerKind.VIDEO):
    job = services.job_create(
        organization=org,
        actor=admin,
        title="Support engineer",
        description="Help our customers get their robots running again.",
    )
    services.question_add(
        job=job,
        actor=admin,
        question=services.QuestionInput(
            "Tell us about a customer you helped.", answer_seconds=30, think_seconds=0, kind=kind
        ),
    )
    services.job_set_status(job=job, actor=admin, status="open")
    return job


def log_in(page, live_server, user, org) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/o/{org.slug}/")


def job_page(page, live_server, org, job) -> None:
    page.goto(f"{live_server.url}/o/{org.slug}/jobs/{job.public_id}/")


def mailed_path(mail_sink, address: str, pattern: str, count: int = 1) -> str:
    message = mail_sink.wait_for(address, count=count)[-1]
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"http://testserver({pattern})", body).group(1)


def test_someone_registers_on_the_public_link_confirms_and_records_an_answer(
    live_server, celery_worker, mail_sink, page, candidate_page, org, admin
):
    bucket_ensure(django_settings.S3_BUCKET, extra_origins=[live_server.url])
    job = open_job(org, admin)

    # The recruiter publishes the link and copies it.
    log_in(page, live_server, admin, org)
    job_page(page, live_server, org, job)
    page.get_by_role("button", name="Publish a public link").click()
    page.get_by_text("The public link is open").wait_for()
    url = page.locator("#public-link-url").input_value()
    page.get_by_role("button", name="Copy link").click()
    page.locator("[data-copied-for=public-link-url]").filter(
        has_text=re.compile("Copied|Selected")
    ).wait_for()
    assert url == f"http://testserver/apply/{PublicLink.objects.get().public_id}/"
    screenshot(page, "public-link-published")

    # Someone opens it from a job board and registers.
    applicant = candidate_page
    blocked = csp_violations(applicant)
    applicant.goto(url.replace("http://testserver", live_server.url))
    applicant.get_by_role("heading", name="Support engineer").wait_for()
    applicant.get_by_text("How AI is used, in short").wait_for()
    applicant.get_by_label("Your name").fill("Ana Lima")
    applicant.get_by_label("Your email address").fill("ana.lima@example.test")
    applicant.get_by_role("button", name="Apply").click()
    applicant.get_by_role("heading", name="Check your email").wait_for()
    assert not Invitation.objects.exists()

    # The emailed one-time link confirms and opens the interview.
    confirm = mailed_path(mail_sink, "ana.lima@example.test", r"/apply/confirm/\S+/")
    applicant.goto(f"{live_server.url}{confirm}")
    applicant.get_by_role("button", name="Confirm and open my interview").click()
    applicant.wait_for_url(f"{live_server.url}/interview/")
    applicant.get_by_role("heading", name="Your video interview for Support engineer").wait_for()
    screenshot(applicant, "public-link-landing")
    applicant.get_by_role("link", name="Start").click()
    applicant.get_by_label("I have read this notice").check()
    applicant.get_by_role("button", name="Agree and continue").click()
    applicant.get_by_role("button", name="Allow camera and microphone").click()
    applicant.locator("#check-recorder[data-state=ok]").wait_for()
    applicant.get_by_role("link", name="Continue to the questions").click()
    applicant.get_by_text("Question 1 of 1").wait_for()
    record(applicant, seconds=3.0)
    applicant.get_by_role("button", name="Submit this answer").click()
    saved(applicant, 1)
    applicant.get_by_role("button", name="Finish the interview").click()
    applicant.get_by_role("heading", name="Thank you, your interview is complete").wait_for()

    invitation = Invitation.objects.get()
    assert (invitation.name, invitation.email) == ("Ana Lima", "ana.lima@example.test")
    assert invitation.status == InvitationStatus.COMPLETED
    assert Answer.objects.get(invitation=invitation).is_submitted
    # Like any invited candidate, they also got the invitation email with their own link.
    mailed_path(mail_sink, "ana.lima@example.test", r"/i/\S+/", count=2)
    assert PublicLink.objects.get().registered == 1
    assert blocked == []


def test_an_extension_asked_on_the_expired_page_is_approved_and_the_candidate_goes_on(
    live_server, celery_worker, mail_sink, page, browser, org, admin
):
    job = open_job(org, admin, kind=AnswerKind.WRITTEN)
    invitation = services.invitation_send(
        job=job, actor=admin, name="Bo Chen", email="bo.chen@example.test"
    )
    link = mailed_path(mail_sink, "bo.chen@example.test", r"/i/\S+/")
    services.invitations_expire(now=invitation.deadline)

    context = browser.new_context()
    candidate = context.new_page()
    candidate.set_default_timeout(BROWSER_TIMEOUT_MS)
    candidate.goto(f"{live_server.url}{link}")
    candidate.get_by_text("The deadline for this interview has passed.").wait_for()
    candidate.get_by_role("link", name="Ask for more time").click()
    candidate.get_by_role("button", name="Ask for more time").click()
    candidate.get_by_text(f"We asked {org.name} for more time for you.").wait_for()
    screenshot(candidate, "extension-requested")

    # The recruiter sees the request on the job page and approves it with one click.
    log_in(page, live_server, admin, org)
    job_page(page, live_server, org, job)
    page.get_by_role("heading", name="Requests for more time").wait_for()
    page.get_by_role("button", name="Give 7 more days").click()
    page.get_by_text("Bo Chen now has until").wait_for()
    assert page.get_by_role("heading", name="Requests for more time").count() == 0

    # The candidate is emailed the new deadline and carries on from its link.
    again = mailed_path(mail_sink, "bo.chen@example.test", r"/i/\S+/", count=2)
    candidate.goto(f"{live_server.url}{again}")
    candidate.get_by_role("heading", name="Your video interview for Support engineer").wait_for()
    candidate.get_by_role("link", name="Start").click()
    candidate.get_by_role("heading", name="Before you start: how your answers are used").wait_for()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPENED
    context.close()
