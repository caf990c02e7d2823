"""In a real browser, a hiring manager goes from the ranked shortlist to a scheduled live
interview: sorts and filters scored candidates, opens one, seeks the recording from the
transcript, overrides a score with a reason (the ranking changes), advances the
candidate and schedules the live interview; the worker emails the brief and the .ics."""

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from compliance.services import instructions_acknowledge, overseer_set
from interviews.models import Answer, LiveInterview
from palantrix.models import AuditEvent, Membership, Role
from palantrix.storage import s3_client
from tests import ics, media
from tests.conftest import PASSWORD, csp_violations, screenshot
from tests.factories import scored_candidates, with_transcript
from tests.scoring.conftest import review_job

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SEGMENTS = [
    (0.0, 3.0, "First, I listened to the customer."),
    (3.0, 6.0, "Then I called him back the same day and fixed the order myself."),
]


def names_in_order(page) -> list[str]:
    return page.locator("table.shortlist tbody tr td:nth-child(3) a").all_inner_texts()


def test_hiring_manager_reviews_overrides_advances_and_schedules_the_live_interview(
    live_server, celery_worker, mail_sink, s3_bucket, page, make, org, admin, settings, tmp_path
):
    # Given a job with four candidates: three scored (50, 70, 60), one not.
    job = review_job(org, admin)
    org.brief_recipients_allowed = "@partner.test"  # the outside interviewer below
    org.save(update_fields=["brief_recipients_allowed"])
    invitations = scored_candidates(job, [(50, 50), (70, 70), (60, 60), None])
    chosen = invitations[2]
    with_transcript(chosen, SEGMENTS, evidence=[(0, SEGMENTS[1][2], "I called back.")])
    key = f"orgs/{org.public_id}/browser-review/a.webm"
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

    blocked = csp_violations(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("hana@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/o/{org.slug}/")

    # The shortlist: ranked by score, sorted the other way, then filtered.
    page.goto(f"{live_server.url}/o/{org.slug}/jobs/{job.public_id}/")
    page.get_by_role("link", name="Ranked shortlist").click()
    assert names_in_order(page) == [
        "Candidate 001",
        "Candidate 002",
        "Candidate 000",
        "Candidate 003",
    ]
    page.get_by_role("link", name="Score (overrides applied)").click()
    page.wait_for_url("**sort=score&dir=asc")
    assert names_in_order(page) == [
        "Candidate 000",
        "Candidate 002",
        "Candidate 001",
        "Candidate 003",
    ]
    page.get_by_label("Score from").fill("55")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**min=55**")
    assert names_in_order(page) == ["Candidate 002", "Candidate 001"]
    screenshot(page, "review-shortlist-filtered")

    # The candidate: a click on a sentence plays the recording from there.
    page.get_by_role("link", name="Candidate 002").click()
    page.get_by_role("heading", name="Candidate 002").wait_for()
    page.locator(".segment", has_text="Then I called him back").click()
    page.locator('.segment[aria-current="true"]').wait_for()
    assert page.eval_on_selector("video", "v => v.currentTime") >= 3
    assert page.locator(".transcript mark").first.inner_text().startswith("Then I called him")
    tag = page.locator(".transcript .evidence-tag", has_text="Customer focus")
    assert tag.is_visible()
    screenshot(page, "review-candidate-evidence")
    highlight = page.get_by_label("Highlight evidence for")
    highlight.select_option(label="Teamwork")
    assert not tag.is_visible()
    assert page.locator(".has-evidence.dimmed").count() == 1
    highlight.select_option(label="Customer focus")
    assert tag.is_visible()

    # Override Customer focus with a reason: the ranking changes, both scores are audited.
    score = page.locator(".score", has_text="Customer focus")
    score.get_by_text("Override this score").click()
    score.get_by_label("New score (0\u2013100)").fill("95")
    score.get_by_label("Reason").fill("Fixed the order himself the same day")
    score.get_by_role("button", name="Save override").click()
    page.get_by_text("Customer focus: override saved.").wait_for()
    event = AuditEvent.objects.get(action="scoring.score.overridden")
    assert (event.data["ai"], event.data["to"]) == (60, 95)
    assert event.data["reason"] == "Fixed the order himself the same day"
    page.goto(f"{live_server.url}/o/{org.slug}/jobs/{job.public_id}/shortlist/")
    assert names_in_order(page)[0] == "Candidate 002"
    page.get_by_role("link", name="Candidate 002").click()

    # Advance, then schedule the live interview.
    page.locator("#d-outcome").select_option("advance")
    page.locator("#d-reason").fill("Owns customer problems end to end")
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text("Decision recorded.").wait_for()
    page.get_by_role("link", name="Schedule the live interview").click()
    # The recruiter types the slot in their own time zone; calendars get it in UTC.
    berlin = ZoneInfo("Europe/Berlin")
    local = (timezone.now() + timedelta(days=10)).astimezone(berlin)
    local = local.replace(hour=14, minute=30, second=0, microsecond=0)
    start = local.astimezone(UTC)
    page.get_by_label("Start", exact=True).fill(local.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("Where").fill("https://meet.example.test/live-002")
    page.get_by_label("Live interviewers' email addresses").fill(
        "hana@acme.test\nlead@partner.test"
    )
    screenshot(page, "review-schedule-live-interview")
    page.get_by_role("button", name="Schedule and send the brief").click()
    page.get_by_text("Live interview scheduled. The brief and a calendar invitation").wait_for()
    assert page.get_by_text("Live interview scheduled", exact=True).first.is_visible()

    # The brief and the invitation arrive, from the worker, at both interviewers.
    live = LiveInterview.objects.get()
    for address in ("hana@acme.test", "lead@partner.test"):
        (message,) = mail_sink.wait_for(address)
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert "Live interview with Candidate 002" in text
        assert f"{local:%H:%M} Europe/Berlin ({start:%H:%M} UTC)" in text
        assert "SUGGESTED FOLLOW-UP QUESTIONS" in text
        assert "Fixed the order himself the same day" in text  # the override's reason
        (attachment,) = list(message.iter_attachments())
        calendar = ics.parse(attachment.get_payload(decode=True).decode())
        assert calendar["METHOD"] == "REQUEST"
        vevent = ics.event(calendar)
        assert ics.utc(vevent, "DTSTART") == start
        assert ics.utc(vevent, "DTEND") == start + timedelta(minutes=45)
        assert sorted(ics.addresses(vevent, "ATTENDEE")) == [
            "mailto:hana@acme.test",
            "mailto:lead@partner.test",
        ]
        assert vevent["UID"] == live.calendar_uid

    # The brief page and the job's funnel.
    page.get_by_role("link", name="Interview brief").click()
    page.get_by_role("heading", name="Suggested follow-up questions").wait_for()
    screenshot(page, "review-live-interview-brief")
    page.goto(f"{live_server.url}/o/{org.slug}/jobs/{job.public_id}/")
    assert (
        page.locator(".funnel li", has_text="live interview scheduled").inner_text().startswith("1")
    )
    # The shortlist, the candidate's review page with its recording, and the brief all ran
    # under the page's Content-Security-Policy without anything blocked.
    assert blocked == []
