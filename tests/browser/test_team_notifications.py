"""In a real browser, a hiring manager in Tokyo follows a job and chooses a daily digest at
09:00 her time: three candidates finish (the outbox and the worker make the
notifications), the app shows three unread, the digest comes once at her hour; a
colleague's @mention in a comment notifies a third member by email at once."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction

from interviews.candidates import CandidateActor
from palantrix import events
from palantrix.models import Role
from review.models import Notification
from review.services import notifications
from tests.compliance.rights_data import scored_application, support_job
from tests.conftest import PASSWORD, csp_violations, screenshot
from tests.waiting import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def finished(invitation) -> None:
    """What interview_finish publishes when the candidate finishes."""
    with transaction.atomic():
        events.publish(
            events.Event(
                organization=invitation.organization,
                actor=CandidateActor(invitation),
                action="interviews.interview.completed",
                target=invitation,
                data={"answers": 2},
                payload={
                    "interview": str(invitation.public_id),
                    "job": str(invitation.job.public_id),
                    "answers": 2,
                },
            )
        )


def test_digest_of_three_completions_unread_count_and_a_mention(
    live_server, celery_worker, mail_sink, page, make, org, admin
):
    job = support_job(org, admin)
    hana = make.member(org, Role.HIRING_MANAGER, make.user("hana@acme.test"))
    rita = make.member(org, Role.RECRUITER, make.user("rita@acme.test"))
    blocked = csp_violations(page)

    def log_in(email: str) -> None:
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/o/{org.slug}/")

    # Hana follows the job and asks for a digest at 09:00 in Tokyo.
    log_in(hana.email)
    page.goto(f"{live_server.url}/o/{org.slug}/jobs/{job.public_id}/")
    page.get_by_role("button", name="Follow this job").click()
    page.get_by_text("You follow this job.").wait_for()
    page.get_by_role("link", name="Notifications").click()
    page.get_by_role("link", name="Notification settings").click()
    page.get_by_label("By email").select_option("digest")
    page.get_by_label("Daily digest at (your local time)").select_option("9")
    page.get_by_label("Your time zone").select_option("Asia/Tokyo")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Notification settings saved.").wait_for()

    # Three candidates finish; the worker runs the outbox's subscribers.
    candidates = [
        scored_application(
            job,
            admin,
            name=f"Person {n}",
            email=f"person.{n}@example.test",
            sentences=("I called the customer back.", "I paired with a colleague."),
        )
        for n in range(3)
    ]
    for invitation in candidates:
        finished(invitation)
    wait_until(
        lambda: Notification.objects.filter(recipient=hana).count() == 3,
        what="three notifications for Hana",
    )
    page.goto(f"{live_server.url}/o/{org.slug}/")
    assert page.get_by_label("3 unread").inner_text() == "3"
    page.get_by_role("link", name="Notifications").click()
    assert page.locator(".unread-count").inner_text() == "3 unread"
    assert page.locator("li.unread").count() == 3
    screenshot(page, "notifications-three-unread")
    celery_worker.wait_idle()
    assert mail_sink.messages_to(hana.email) == []  # a digest, not one email each

    # The digest: not before 09:00 in Tokyo, then once.
    eight_in_tokyo = datetime(2026, 12, 8, 23, 0, tzinfo=UTC)
    assert notifications.notification_digests_send(now=eight_in_tokyo) == 0
    assert notifications.notification_digests_send(now=eight_in_tokyo + timedelta(hours=1)) == 1
    assert notifications.notification_digests_send(now=eight_in_tokyo + timedelta(hours=3)) == 0
    (digest,) = mail_sink.wait_for(hana.email)
    assert "3 updates for you today" in digest["Subject"]

    # Hana mentions Rita in a comment; Rita (email at once, the default) hears of it.
    page.goto(f"{live_server.url}/o/{org.slug}/candidates/{candidates[0].public_id}/")
    page.get_by_label("New comment").fill("@rita could you check the second answer?")
    page.get_by_role("button", name="Post comment").click()
    page.get_by_text("Comment posted.").wait_for()
    said = page.locator(".comment-body", has_text="@rita could you check the second answer?")
    assert said.is_visible()
    (mention,) = mail_sink.wait_for(rita.email)
    assert "You were mentioned in a comment on Person 0" in mention["Subject"]
    log_in(rita.email)
    page.get_by_role("link", name="Notifications").click()
    page.get_by_role("link", name="You were mentioned in a comment on Person 0").click()
    said.wait_for()
    assert page.get_by_label("1 unread").count() == 0  # opening it read it
    screenshot(page, "comment-mention")
    assert blocked == []
