"""In Chromium: a knock-out question answered with a mismatch flags the candidate for a
person and rejects no one; a pool of equivalent questions gives two candidates different
questions, and the reviewer sees which one each was asked."""

import pytest
from django.urls import reverse

from interviews import services
from interviews.models import AnswerKind, Decision, InvitationStatus, QuestionDraw
from tests.conftest import PASSWORD, csp_violations, screenshot
from tests.interviews.conftest import link_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KNOCKOUT = "Do you have the right to work in Germany?"
POOL = (
    "Tell us about a time you calmed an angry customer.",
    "Describe a customer who was upset with you, and what you did.",
)


def log_in(page, live_server, org, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/o/{org.slug}/")


def open_link(page, live_server, invitation) -> None:
    page.goto(live_server.url + reverse("candidate_link", args=[link_token(invitation)]))


def consent(page) -> None:
    page.get_by_role("link", name="Start").click()
    page.get_by_label("I have read this notice").check()
    page.get_by_role("button", name="Agree and continue").click()


def finish(page) -> None:
    page.get_by_role("button", name="Finish the interview").click()
    page.get_by_role("heading", name="Thank you, your interview is complete").wait_for()


def test_a_knockout_mismatch_is_flagged_for_the_reviewer_and_rejects_no_one(
    live_server, page, org, admin
):
    job = services.job_create(organization=org, actor=admin, title="Warehouse lead")
    services.question_add(
        job=job,
        actor=admin,
        question=services.QuestionInput(
            KNOCKOUT,
            kind=AnswerKind.CHOICE,
            options=[("Yes", True), ("No", False)],
            knockout=True,
        ),
    )
    services.job_set_status(job=job, actor=admin, status="open")
    invitation = services.invitation_send(
        job=job, actor=admin, name="Ana Lima", email="ana.lima@example.test"
    )
    blocked = csp_violations(page)

    # The candidate answers a form: no device check, no recording, no timer.
    open_link(page, live_server, invitation)
    consent(page)
    page.get_by_text(KNOCKOUT).wait_for()
    page.get_by_text("This question checks an eligibility requirement of the job").wait_for()
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Submit this answer").click()
    page.get_by_text("Question 1: saved ✓").wait_for()
    screenshot(page, "candidate-knockout-answered")
    finish(page)

    # The reviewer sees the flag on the shortlist and on the candidate's page.
    log_in(page, live_server, org, admin.email)
    page.goto(live_server.url + reverse("shortlist", args=[org.slug, job.public_id]))
    row = page.get_by_role("row").filter(has_text="Ana Lima")
    row.get_by_text("eligibility to check").wait_for()
    row.get_by_role("link", name="Ana Lima").click()
    page.get_by_text("Eligibility to check.").wait_for()
    page.get_by_text("not what the job asks for").wait_for()
    page.get_by_text("No decision yet. People decide; the AI never does.").wait_for()
    screenshot(page, "review-knockout-flag")

    # Nobody was rejected: the interview is complete and undecided, with no score.
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED
    assert not Decision.objects.filter(invitation=invitation).exists()
    assert invitation.ranking_value is None
    assert blocked == []


def test_a_pool_gives_two_candidates_different_questions_and_the_reviewer_sees_which(
    live_server, page, browser, org, admin
):
    job = services.job_create(organization=org, actor=admin, title="Support engineer")
    slot = services.question_add(
        job=job, actor=admin, question=services.QuestionInput(POOL[0], kind=AnswerKind.WRITTEN)
    )
    services.question_add_alternative(question=slot, actor=admin, text=POOL[1])
    services.job_set_status(job=job, actor=admin, status="open")

    # The first candidate's question is drawn in the browser, when they consent.
    ana = services.invitation_send(job=job, actor=admin, name="Ana Lima", email="ana@example.test")
    open_link(page, live_server, ana)
    consent(page)
    (ana_question,) = (d.question.text for d in QuestionDraw.objects.filter(invitation=ana))
    page.get_by_text(ana_question).wait_for()
    page.reload()  # the same question after a reload
    page.get_by_text(ana_question).wait_for()
    page.get_by_label("Your answer", exact=True).fill("I listened, then I called back.")
    page.get_by_role("button", name="Submit this answer").click()
    finish(page)

    # A second candidate with the other question: interviews are started (and drawn) until
    # one differs. A fair draw of two makes 40 alike in a row a 2^-40 chance.
    for n in range(40):
        bo = services.invitation_send(
            job=job, actor=admin, name="Bo Chen", email=f"bo{n}@example.test"
        )
        services.interview.consent_record(invitation=bo, ai_assessment=True, user_agent="t")
        bo_question = services.interview.interview_questions(bo)[0].text
        if bo_question != ana_question:
            break
        services.invitation_revoke(invitation=bo, actor=admin)
    else:
        pytest.fail("40 candidates in a row got the same question of a pool of two")
    context = browser.new_context()
    other = context.new_page()
    open_link(other, live_server, bo)
    other.goto(f"{live_server.url}/interview/questions/")
    other.get_by_text(bo_question).wait_for()
    other.get_by_label("Your answer", exact=True).fill("I asked what went wrong first.")
    other.get_by_role("button", name="Submit this answer").click()
    finish(other)
    context.close()

    # The reviewer sees, for each, the question that candidate was asked.
    log_in(page, live_server, org, admin.email)
    for name, question in (("Ana Lima", ana_question), ("Bo Chen", bo_question)):
        page.goto(live_server.url + reverse("shortlist", args=[org.slug, job.public_id]))
        page.get_by_role("link", name=name).click()
        heading = page.get_by_role("heading", name=f"Question 1: {question}")
        heading.wait_for()
        page.get_by_text("Drawn at random for this candidate from 2 equivalent").wait_for()
        other_text = POOL[1] if question == POOL[0] else POOL[0]
        assert page.get_by_text(other_text).count() == 0
    screenshot(page, "review-pooled-question")
