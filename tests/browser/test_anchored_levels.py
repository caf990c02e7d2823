"""In a real browser, a recruiter rewrites a competency's level 4 in the profile editor,
previews the five levels and saves version 2; an answer is then scored against it, and a
reviewer opening the candidate sees "Level 4 of 5" with the recruiter's words and the
quoted evidence highlighted as its exact span of the transcript.

The answer is scored through the services with a scorer-3-shaped fake (the worker and the
model are not the point here; tests/scoring covers them)."""

import pytest

from interviews import services
from interviews.models import Answer, AnswerStatus
from palantrix.models import Role
from scoring import scorer
from scoring import services as scoring
from tests.conftest import PASSWORD, screenshot
from tests.scoring.test_anchored_scores import FINGERPRINT, QUOTE, SAID, FakeScorer3

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEVEL_4 = "Calls the customer back with a fix they chose themselves, and says why it worked."


def log_in(page, base_url: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/o/**")


def test_recruiter_edits_levels_and_a_reviewer_sees_the_level_and_the_evidence_span(
    live_server, page, make, org, admin, ai_ready, monkeypatch
):
    make.member(org, Role.RECRUITER, make.user("riley@acme.test"))
    make.member(org, Role.HIRING_MANAGER, make.user("hana@acme.test"))
    profile = services.profile_create(
        organization=org,
        actor=admin,
        name="Support team",
        competencies=[
            services.CompetencyInput("Customer focus", "Customers first.", 4, ["I called back."])
        ],
    )
    job = services.job_create(organization=org, actor=admin, title="Support", profile=profile)
    question = services.question_add(
        job=job, actor=admin, question=services.QuestionInput("Tell us about a customer.")
    )
    base = f"{live_server.url}/o/{org.slug}"

    # The recruiter rewrites level 4, previews the levels, and saves version 2.
    log_in(page, live_server.url, "riley@acme.test")
    page.goto(f"{base}/profiles/{profile.public_id}/edit/")
    group = page.get_by_role("group", name="Competency 1")
    level_4 = group.get_by_label("Level 4")
    # The library's suggestion to start from.
    assert "clear outcome for the customer" in level_4.input_value()
    level_4.fill(LEVEL_4)
    page.get_by_role("button", name="Preview the levels").click()
    preview = page.locator("#preview")
    preview.get_by_text(f"Level 4 of 5: {LEVEL_4}").wait_for()
    assert preview.get_by_text("Level 1 of 5:").is_visible()
    screenshot(page, "profile-levels-preview")
    page.get_by_role("button", name="Save as version 2").click()
    page.get_by_text("Saved as version 2.").wait_for()
    assert page.get_by_text("Customer focus: level 4 changed").is_visible()

    # A candidate's answer is scored against version 2.
    fake = FakeScorer3()
    monkeypatch.setattr(scorer, "score_answer", fake)
    monkeypatch.setattr(scorer, "SCORER_VERSION", "palantrix-dna-scorer 3")
    monkeypatch.setattr(scorer, "METHOD_VERSION", "3.0")
    monkeypatch.setattr(scorer, "model_fingerprint", lambda: dict(FINGERPRINT))
    invitation = services.invitation_send(job=job, actor=admin, name="Ana Lima", email="a@x.test")
    answer = Answer.objects.create(
        organization=org,
        invitation=invitation,
        question=question,
        kind="written",
        status=AnswerStatus.UPLOADED,
        text=SAID,
    )
    assert scoring.answer_transcribe(answer_id=answer.pk, task_id="t1")
    assert scoring.answer_score(answer_id=answer.pk, task_id="t2") == 1
    assert fake.calls[0]["competencies"][0].anchors[3] == LEVEL_4

    # The reviewer sees the matched level in the recruiter's words and the exact span.
    log_in(page, live_server.url, "hana@acme.test")
    page.goto(f"{base}/candidates/{invitation.public_id}/")
    page.get_by_text(f"Level 4 of 5: {LEVEL_4}").wait_for()
    marks = page.locator(".transcript mark")
    assert marks.count() == 1
    assert marks.first.inner_text() == QUOTE
    assert marks.first.is_visible()
    screenshot(page, "reviewer-level-and-evidence-span")
