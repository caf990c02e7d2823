"""Reviewers rate answers themselves first: no anchoring on colleagues or on the AI."""

import pytest
from django.urls import reverse

from interviews.models import Answer
from palantrix.models import AuditEvent
from review import selectors, services
from scoring.models import Score
from tests.conftest import PASSWORD, screenshot
from tests.factories import scored_candidates


def candidate_page(client, org, invitation):
    url = reverse(
        "candidate_detail", kwargs={"org": org.slug, "invitation_id": invitation.public_id}
    )
    return client.get(url).content.decode()


@pytest.mark.django_db
def test_colleagues_ratings_show_only_after_ones_own(client_for, make, org, job, hiring_manager):
    (invitation,) = scored_candidates(job, [(60, 40)])
    answer = Answer.objects.get(invitation=invitation)
    colleague = make.member(org, "hiring_manager")
    services.rating_record(answer=answer, reviewer=colleague, value=2, comment="Vague")
    client = client_for(hiring_manager)
    assert "Vague" not in candidate_page(client, org, invitation)
    client.post(
        reverse("rate", kwargs={"org": org.slug, "answer_id": answer.public_id}),
        {"value": 4, "comment": "Clear story"},
    )
    assert "“Vague”" in candidate_page(client, org, invitation)
    event = AuditEvent.objects.filter(action="scoring.answer.rated").last()
    assert event.data == {"value": 4, "commented": True}


@pytest.mark.django_db
def test_the_job_page_shows_overrides_and_distance_from_the_ai(
    client_for, admin, org, job, hiring_manager
):
    (invitation,) = scored_candidates(job, [(60, 40)])  # AI mean 50 for the answer
    answer = Answer.objects.get(invitation=invitation)
    services.rating_record(answer=answer, reviewer=hiring_manager, value=5)  # = 100
    score = Score.objects.filter(answer=answer).first()
    services.score_override(score=score, actor=admin, value=90, reason="Missed evidence")
    figures = selectors.oversight_figures(job=job)
    assert figures == {
        "scores": 2,
        "overridden": 1,
        "override_rate": 50,
        "ratings": 1,
        "mean_gap": 50,
    }
    page = (
        client_for(admin)
        .get(reverse("job_detail", kwargs={"org": org.slug, "job_id": job.public_id}))
        .content.decode()
    )
    assert "Reviewers overrode 1 of 2 AI scores (50 %)" in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_blind_first_review_shows_ai_scores_only_after_rating(live_server, page, org, job, make):
    job.blind_first_review = True
    job.save()
    (invitation,) = scored_candidates(job, [(73, 40)])
    make.member(org, "hiring_manager", make.user("blind@acme.test"))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("blind@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/o/{org.slug}/")

    page.goto(f"{live_server.url}/o/{org.slug}/candidates/{invitation.public_id}/")
    assert page.get_by_text("rate this answer yourself to see the AI's scores").is_visible()
    assert page.locator(".score .value").count() == 0
    page.get_by_label("Rating (1\u20135)").select_option("3")
    page.get_by_role("button", name="Save my rating").click()
    page.locator(".score .value").first.wait_for()
    assert page.locator(".score .value").first.inner_text() == "73"
    screenshot(page, "blind-review-after-rating")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("s3_bucket")
def test_the_transcript_follows_the_video_and_a_click_seeks_it(
    live_server, page, org, job, make, tmp_path, settings
):
    from palantrix.storage import s3_client
    from scoring.models import Transcript, TranscriptSegment
    from tests import media

    (invitation,) = scored_candidates(job, [None])
    answer = Answer.objects.get(invitation=invitation)
    path = media.recording(tmp_path / "a.webm", silent=True, seconds=6)
    key = f"orgs/{org.public_id}/review-test/a.webm"
    s3_client().upload_file(str(path), settings.S3_BUCKET, key)
    Answer.objects.filter(pk=answer.pk).update(
        kind="video", object_key=key, status="transcribed", content_type="video/webm"
    )
    transcript = Transcript.objects.get(answer=answer)
    for index, (start, end, text) in enumerate([(0, 3, "First part."), (3, 6, "Second part.")]):
        TranscriptSegment.objects.create(
            organization=org, transcript=transcript, index=index, start=start, end=end, text=text
        )
    make.member(org, "hiring_manager", make.user("viewer@acme.test"))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("viewer@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/o/{org.slug}/")

    page.goto(f"{live_server.url}/o/{org.slug}/candidates/{invitation.public_id}/")
    page.locator(".segment", has_text="Second part.").click()
    page.locator('.segment[aria-current="true"]').wait_for()
    assert page.locator('.segment[aria-current="true"]').inner_text().endswith("Second part.")
    assert page.eval_on_selector("video", "v => v.currentTime") >= 3


@pytest.mark.django_db
def test_the_rating_starts_unchosen_and_an_empty_one_is_refused(
    client_for, org, job, hiring_manager
):
    (invitation,) = scored_candidates(job, [(60, 40)])
    answer = Answer.objects.get(invitation=invitation)
    client = client_for(hiring_manager)
    assert '<option value="" selected>Choose…</option>' in candidate_page(client, org, invitation)

    response = client.post(
        reverse("rate", kwargs={"org": org.slug, "answer_id": answer.public_id}),
        {"value": "", "comment": "Clear story"},
        follow=True,
    )

    assert "Rate the answer from 1 to 5." in response.content.decode()
    assert not answer.ratings.exists()
