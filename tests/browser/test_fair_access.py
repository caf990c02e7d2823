"""Fair access in Chromium: a candidate asks for more time and a recruiter grants it (the
candidate's timers then show the longer limits); a file answer uploads straight to
storage, a disguised file is refused, and a reviewer downloads the file as an attachment."""

import pytest

from interviews import services
from interviews.models import Answer, AnswerKind, InvitationStatus
from palantrix.models import Role
from palantrix.storage import bucket_ensure
from tests.browser.test_candidate_interview import candidate_page, speaking_browser  # noqa: F401  (fixtures)
from tests.conftest import PASSWORD, csp_violations, screenshot
from tests.interviews.conftest import link_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def candidate(request):
    """A page of the browser with a fake camera and a speaking microphone."""
    return request.getfixturevalue("candidate_page")


def job_with(org, admin, question):
    job = services.job_create(organization=org, actor=admin, title="Support engineer")
    services.question_add(job=job, actor=admin, question=question)
    services.job_set_status(job=job, actor=admin, status="open")
    return services.invitation_send(job=job, actor=admin, name="Ana Lima", email="ana@x.test")


def log_in(page, live_server, org, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/o/{org.slug}/")


def consent(candidate):
    candidate.get_by_role("link", name="Start").click()
    candidate.get_by_label("I have read this notice").check()
    candidate.get_by_role("button", name="Agree and continue").click()


def test_a_candidate_asks_for_more_time_a_recruiter_grants_it_and_the_timers_show_it(
    live_server, candidate, page, make, org, admin
):
    invitation = job_with(org, admin, services.QuestionInput("Tell us about a hard day.", 30, 10))
    make.member(org, Role.RECRUITER, make.user("riley@acme.test"))
    candidate.goto(f"{live_server.url}/i/{link_token(invitation)}/")

    # The candidate asks, in their own words.
    candidate.get_by_role("link", name="ask for an adjustment").click()
    candidate.get_by_label("More time to think and answer").check()
    candidate.get_by_label("Anything you would like us to know").fill("Reading takes me longer.")
    candidate.get_by_role("button", name="Send my request").click()
    candidate.get_by_text("Waiting for an answer").wait_for()

    # The recruiter finds the request among those waiting and grants twice the time.
    log_in(page, live_server, org, "riley@acme.test")
    page.get_by_role("link", name="Adjustments", exact=True).click()
    page.get_by_text("Reading takes me longer.").wait_for()
    page.get_by_label("Extra time").select_option("100")
    page.get_by_label("Reason (the candidate reads it)").fill("Take all the time you need.")
    page.get_by_role("button", name="Send the answer").click()
    page.get_by_text("Granted: the candidate gets an email.").wait_for()
    screenshot(page, "recruiter-grants-adjustment")

    # The candidate reads the answer, and every limit of their interview is doubled.
    candidate.reload()
    candidate.get_by_text("Take all the time you need.").wait_for()
    assert candidate.get_by_text("Granted", exact=True).is_visible()
    consent(candidate)
    candidate.get_by_role("button", name="Allow camera and microphone").click()
    candidate.locator("#check-recorder[data-state=ok]").wait_for()
    candidate.get_by_role("link", name="Continue to the questions").click()
    candidate.get_by_role("button", name="Start recording now").wait_for()
    thinking = int(candidate.locator("#think-seconds").inner_text())
    assert 10 < thinking <= 20  # 10 s to think, doubled
    candidate.get_by_role("button", name="Start recording now").click()
    candidate.get_by_text("● Recording").wait_for()
    candidate.locator("#timer", has_text="/ 1:00").wait_for()  # 30 s to answer, doubled
    screenshot(candidate, "candidate-extended-timer")
    candidate.get_by_role("button", name="Stop", exact=True).click()
    candidate.get_by_role("button", name="Submit this answer").wait_for()


def test_a_file_answer_uploads_a_disguised_file_is_refused_and_a_reviewer_downloads_it(
    live_server, candidate, page, make, org, admin, settings
):
    bucket_ensure(settings.S3_BUCKET, extra_origins=[live_server.url])
    invitation = job_with(
        org,
        admin,
        services.QuestionInput("Send us a writing sample.", kind=AnswerKind.FILE),
    )
    make.member(org, Role.HIRING_MANAGER, make.user("hana@acme.test"))
    blocked = csp_violations(candidate)
    candidate.goto(f"{live_server.url}/i/{link_token(invitation)}/")
    consent(candidate)  # nothing to record: no device check
    candidate.get_by_role("button", name="Upload this file").wait_for()

    # An HTML page named .pdf: the browser calls it a PDF, its bytes say otherwise.
    candidate.get_by_label("Your file").set_input_files(
        files=[{"name": "sample.pdf", "mimeType": "application/pdf", "buffer": HTML}]
    )
    candidate.get_by_role("button", name="Upload this file").click()
    candidate.get_by_text("This file is not a real PDF, PNG or JPEG").wait_for()
    screenshot(candidate, "candidate-file-refused")
    assert not Answer.objects.get(invitation=invitation).is_submitted

    # Another try with the real thing.
    candidate.get_by_label("Your file").set_input_files(
        files=[{"name": "sample.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    candidate.get_by_role("button", name="Upload this file").click()
    candidate.get_by_text("Question 1: saved ✓").wait_for()
    candidate.get_by_role("button", name="Finish the interview").click()
    candidate.get_by_role("heading", name="Thank you, your interview is complete").wait_for()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED
    assert blocked == []

    # A hiring manager downloads it: an attachment, typed as a PDF, never sniffed.
    log_in(page, live_server, org, "hana@acme.test")
    page.goto(f"{live_server.url}/o/{org.slug}/candidates/{invitation.public_id}/")
    link = page.get_by_role("link", name="Download the file")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "question-1.pdf"
    with open(download.value.path(), "rb") as saved:
        assert saved.read() == PDF
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="question-1.pdf"'
    assert response.headers["x-content-type-options"] == "nosniff"
