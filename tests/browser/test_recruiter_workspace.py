"""In a real browser, a recruiter builds a job end to end: a Team DNA Profile saved twice,
a four-question set from the library and by hand, one invitation and a CSV import with
two bad rows. The worker emails the links; the emailed link opens the candidate's page."""

import re

import pytest

from interviews.models import Invitation, ProfileVersion
from palantrix.models import Role
from tests.conftest import PASSWORD, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CSV = """name,email
Bea Good,bea@example.test
Carl Good,carl@example.test
Dee Good,dee@example.test
Bad Email,not-an-email
,nameless@example.test
"""


def test_recruiter_builds_a_job_and_invites_candidates(
    live_server, celery_worker, mail_sink, page, make, org, tmp_path
):
    make.member(org, Role.RECRUITER, make.user("riley@acme.test", first_name="Riley"))
    base = f"{live_server.url}/o/{org.slug}"
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("riley@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")

    # A Team DNA Profile with three competencies, saved twice.
    page.get_by_role("link", name="Team DNA", exact=True).click()
    page.get_by_role("link", name="New profile").click()
    page.get_by_label("Profile name").fill("Support team")
    for index, name in enumerate(["Communication", "Problem solving", "Customer focus"]):
        group = page.get_by_role("group", name=f"Competency {index + 1}")
        group.get_by_label("Name").fill(name)
        group.get_by_label("What it means").fill(f"{name} as our support team lives it.")
        group.get_by_label("Examples of strong answers").fill(f"A strong {name.lower()} story")
    page.get_by_role("button", name="Create profile").click()
    page.get_by_text("Created Support team as version 1.").wait_for()
    page.get_by_role("link", name="Edit profile").click()
    page.get_by_role("group", name="Competency 3").get_by_label("Weight").select_option("5")
    page.get_by_role("button", name="Save as version 2").click()
    page.get_by_text("Saved as version 2.").wait_for()
    assert ProfileVersion.objects.filter(profile__name="Support team").count() == 2

    # A job using it, with four questions: two from the library, two by hand.
    page.get_by_role("link", name="Jobs", exact=True).click()
    page.get_by_role("link", name="New job").click()
    page.get_by_label("Title").fill("Support engineer")
    page.get_by_label("Location").fill("Lisbon")
    page.get_by_label("Team DNA Profile").select_option(label="Support team")
    page.get_by_role("button", name="Create job").click()
    page.get_by_role("heading", name="Questions for Support engineer").wait_for()
    library = page.locator("#library")
    library.get_by_label("Tell us about a time you had to explain something complex").check()
    library.get_by_label("Walk us through a difficult problem you solved recently").check()
    library.get_by_role("button", name="Add selected questions").click()
    page.get_by_text("Added 2 questions from the library.").wait_for()
    for text in [
        "Why do you want to join our support team?",
        "How do you keep calm on a busy day?",
    ]:
        page.get_by_label("Question", exact=True).fill(text)
        page.get_by_label("Answer time (seconds)").fill("90")
        page.get_by_role("button", name="Add question").click()
        page.get_by_text("Question added.").wait_for()
    assert page.locator(".question-list > li").count() == 4
    assert page.get_by_text("reveals Communication").is_visible()
    assert page.get_by_text("about 13 minutes").is_visible()
    screenshot(page, "recruiter-question-set")

    # Open the job and invite one candidate.
    page.get_by_role("link", name="← Support engineer").click()
    page.get_by_label("Job status").select_option("open")
    page.get_by_role("button", name="Change status").click()
    page.get_by_text("The job is now open.").wait_for()
    page.get_by_label("Candidate's name").fill("Ana Lima")
    page.get_by_label("Email address").fill("ana.lima@example.test")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent to ana.lima@example.test").wait_for()

    # Import a CSV: the two bad rows are reported and not sent.
    csv_file = tmp_path / "candidates.csv"
    csv_file.write_text(CSV)
    page.get_by_role("link", name="Import a CSV file").click()
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("3 will be sent, 2 have problems and will not be sent.").wait_for()
    assert page.get_by_text("Bad email address").is_visible()
    assert page.get_by_text("Missing name").is_visible()
    screenshot(page, "recruiter-csv-preview")
    page.get_by_role("button", name="Send 3 invitations").click()
    page.get_by_role("heading", name="Sent 3 invitations").wait_for()

    invited = set(Invitation.objects.values_list("email", flat=True))
    assert invited == {
        "ana.lima@example.test",
        "bea@example.test",
        "carl@example.test",
        "dee@example.test",
    }
    for address in ["bea@example.test", "carl@example.test", "dee@example.test"]:
        mail_sink.wait_for(address)
    assert mail_sink.messages_to("nameless@example.test") == []
    assert mail_sink.messages_to("not-an-email") == []

    # The emailed link opens the candidate's landing page.
    (message,) = mail_sink.wait_for("ana.lima@example.test")
    assert "Support engineer" in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    path = re.search(r"http://testserver(/i/\S+/)", body).group(1)
    candidate = page.context.browser.new_context()
    candidate_page = candidate.new_page()
    candidate_page.goto(f"{live_server.url}{path}")
    candidate_page.get_by_role(
        "heading", name="Your video interview for Support engineer"
    ).wait_for()
    assert candidate_page.url == f"{live_server.url}/interview/"
    screenshot(candidate_page, "candidate-landing")
    candidate.close()
