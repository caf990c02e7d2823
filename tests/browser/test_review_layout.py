"""At 1280 by 800, the reviewer's pages fit the screen: the shortlist with five competency
columns and long names has no horizontal overflow and no name broken over lines; the
candidate page puts the recording, the transcript and the scores side by side, tags the
evidence in the transcript without repeating its explanation under every line, and shows a
reviewer's override as large as the AI's value; a rights request's page is laid out."""

import pytest
from django.urls import reverse

from compliance.rights import services as rights
from compliance.services import instructions_acknowledge, overseer_set
from interviews import services
from interviews.models import Answer
from palantrix.models import Membership, Role
from palantrix.storage import s3_client
from review import services as review_services
from scoring.models import Score
from tests import media
from tests.conftest import PASSWORD, screenshot
from tests.factories import job_with_profile, scored_candidates, with_transcript

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPETENCIES = [
    ("Customer focus", 4),
    ("Working with others across teams", 3),
    ("Ownership and follow-through", 2),
    ("Clear written communication", 2),
    ("Learning from mistakes", 1),
]
LONG_NAMES = [
    "Maximiliane Oberhauser-Castellanos",
    "Aleksandra Wiśniewska-Kowalczyk",
    "Oluwaseun Adebayo-Williams",
    "Jean-Baptiste Marie Delacroix",
]
SEGMENTS = [
    (3.0 * n, 3.0 * n + 3.0, text)
    for n, text in enumerate(
        [
            "A customer was charged twice for one order.",
            "I called him back the same day and refunded it myself.",
            "Then I asked billing why it happened.",
            "We found the export ran twice after a retry.",
            "I paired with a colleague to fix the retry.",
            "We wrote a test so it cannot happen again.",
            "I told the customer what we changed.",
            "He stayed with us and wrote a kind review.",
        ]
    )
]

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def log_in(page, live_server, org, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/o/{org.slug}/")


def test_the_shortlist_and_candidate_page_fit_1280_pixels_and_read_in_one_view(
    live_server, s3_bucket, page, make, org, admin, settings, tmp_path
):
    # Given a job with five competencies and 30 scored candidates, some with long names,
    # an override and an answer waiting for people, and a hiring manager who may decide.
    job = job_with_profile(
        org,
        admin,
        profile_name="Support, senior",
        competencies=[
            services.CompetencyInput(name, f"{name}.", weight, [f"An example of {name}."])
            for name, weight in COMPETENCIES
        ],
    )
    values = [tuple((n * 17 + i * 29) % 100 for i in range(5)) for n in range(29)] + [None]
    invitations = scored_candidates(job, values)
    for invitation, name in zip(invitations, LONG_NAMES, strict=False):
        invitation.name = name
        invitation.save(update_fields=["name"])
    chosen = invitations[0]
    with_transcript(
        chosen,
        SEGMENTS,
        evidence=[(0, SEGMENTS[1][2], "I called back."), (1, SEGMENTS[4][2], "I paired.")],
    )
    key = f"orgs/{org.public_id}/browser-layout/a.webm"
    s3_client().upload_file(
        str(media.recording(tmp_path / "a.webm", silent=True, seconds=6)), settings.S3_BUCKET, key
    )
    Answer.objects.filter(invitation=chosen).update(
        kind="video", object_key=key, content_type="video/webm"
    )
    manager = make.member(org, Role.HIRING_MANAGER, make.user("hana@acme.test", first_name="Hana"))
    membership = Membership.objects.get(user=manager, organization=org)
    instructions_acknowledge(membership=membership, actor=manager)
    overseer_set(membership=membership, actor=admin, granted=True)
    score = Score.objects.get(answer__invitation=chosen, competency_name="Customer focus")
    review_services.score_override(score=score, actor=manager, value=97, reason="Owned it.")
    contest = rights.contest_request(invitation=chosen, message="I think my answer was misread.")

    log_in(page, live_server, org, "hana@acme.test")

    # The shortlist: no horizontal overflow, the table inside its card, names on one line.
    page.goto(live_server.url + reverse("shortlist", args=[org.slug, job.public_id]))
    page.locator("table.shortlist").wait_for()
    screenshot(page, "layout-shortlist-1280")
    assert page.evaluate(OVERFLOW) <= 0
    assert page.eval_on_selector(".table-scroll", "e => e.scrollWidth - e.clientWidth") <= 0
    lines = page.eval_on_selector_all(
        "table.shortlist .name",
        "links => links.map(a => [a.textContent, a.getClientRects().length])",
    )
    assert len(lines) == 30
    assert [name for name, count in lines if count != 1] == []
    assert page.locator("table.shortlist .override").count() == 1

    # The candidate page: recording, transcript and scores side by side, in one view.
    page.get_by_role("link", name=LONG_NAMES[0]).click()
    page.get_by_role("heading", name=LONG_NAMES[0]).wait_for()
    screenshot(page, "layout-candidate-1280")
    assert page.evaluate(OVERFLOW) <= 0
    video = page.locator("section.answer video").bounding_box()
    transcript = page.locator("section.answer .transcript").bounding_box()
    scores = page.locator("section.answer .judgement").bounding_box()
    assert video["x"] + video["width"] <= transcript["x"]  # side by side
    assert transcript["x"] + transcript["width"] <= scores["x"]
    words = page.locator("section.answer .words").bounding_box()
    assert abs(video["y"] - words["y"]) < 20  # level with each other
    assert page.locator("section.answer video").is_visible()
    # Evidence is tagged where it was said; its explanation is given once, by its score.
    assert page.locator(".transcript .evidence-tag").all_inner_texts() == [
        "Customer focus",
        "Working with others across teams",
    ]
    assert page.locator(".transcript", has_text="closest to").count() == 0
    assert page.locator(".evidence", has_text="I called back.").count() == 1
    # The reviewer's 97 stands beside the AI's value, at least as large.
    card = page.locator(".score", has_text="Customer focus")
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    reviewer = card.locator(".reviewer-value .value")
    assert reviewer.inner_text() == "97"
    assert reviewer.evaluate(size) >= card.locator(".ai-value .value").evaluate(size)
    overall = page.locator("[data-overall]")
    assert overall.locator("[data-ranking-value]").evaluate(size) >= overall.locator(
        "[data-ai-value]"
    ).evaluate(size)
    # One answer with five scores reads in well under the old ~6,000 px.
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 3000, height

    # A rights request's page (for admins and recruiters): facts beside their labels.
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, org, admin.email)
    page.goto(
        live_server.url + reverse("rights_request_detail", args=[org.slug, contest.public_id])
    )
    page.get_by_role("heading", name="The request").wait_for()
    screenshot(page, "layout-rights-request-1280")
    assert page.evaluate(OVERFLOW) <= 0
    assert page.eval_on_selector("dl.facts", "e => getComputedStyle(e).display") == "grid"
    label = page.locator("dl.facts dt", has_text="Application").bounding_box()
    value = page.locator("dl.facts dd").first.bounding_box()
    assert label["x"] + label["width"] <= value["x"]
    assert abs(label["y"] - value["y"]) < 10
