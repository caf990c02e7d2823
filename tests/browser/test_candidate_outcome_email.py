"""In a real browser, an organisation words its "not selected" email, previews it, and a
hiring manager rejects two candidates with an email: the worker's beat task sends the
edited template once after the grace period to the first, and nothing to the second,
whose email was withdrawn within it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from compliance.services import instructions_acknowledge, overseer_set
from interviews.models import OutcomeEmail
from palantrix.models import AuditEvent, Membership, Role
from review.tasks import send_due_outcome_emails_task
from tests.compliance.rights_data import scored_application, support_job
from tests.conftest import PASSWORD, csp_violations, screenshot
from tests.waiting import seconds, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def beat() -> int:
    """One run of the beat task, on the real worker."""
    return send_due_outcome_emails_task.delay().get(timeout=seconds(120))


def outcome_emails(mail_sink, address: str, first_name: str, job) -> list:
    """The emails to `address` worded by the edited "not selected" template."""
    subject = f"{first_name}, about {job.title}"
    return [m for m in mail_sink.messages_to(address) if m["Subject"] == subject]


def grace_period_passes() -> None:
    OutcomeEmail.objects.update(send_after=timezone.now() - timedelta(seconds=1))


def test_not_selected_sends_the_edited_email_once_and_none_when_withdrawn(
    live_server, celery_worker, mail_sink, page, make, org, admin
):
    job = support_job(org, admin)
    ana, ben = (
        scored_application(
            job,
            admin,
            name=name,
            email=email,
            sentences=("I called the customer back.", "I paired with a colleague."),
            values=(40, 30),
        )
        for name, email in (("Ana Lima", "ana@example.test"), ("Ben Okafor", "ben@example.test"))
    )
    manager = make.member(org, Role.HIRING_MANAGER, make.user("hana@acme.test"))
    membership = Membership.objects.get(user=manager, organization=org)
    instructions_acknowledge(membership=membership, actor=manager)
    overseer_set(membership=membership, actor=admin, granted=True)
    blocked = csp_violations(page)

    def log_in(email: str) -> None:
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/o/{org.slug}/")

    # The admin words the organisation's "not selected" email and previews it.
    log_in(admin.email)
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Candidate emails").first.click()
    page.get_by_role("link", name="Not selected").click()
    page.get_by_label("Subject").fill("{{ first_name }}, about {{ job }}")
    page.get_by_label("Message").fill(
        "Dear {{ first_name }},\n\n{{ organization }} went with another candidate. Thank you."
    )
    page.get_by_role("button", name="Preview").click()
    assert page.locator(".preview-subject").inner_text() == "Alex, about Customer Support Lead"
    assert f"{org.name} went with another candidate" in page.locator(".preview-body").inner_text()
    screenshot(page, "candidate-email-preview")
    page.get_by_role("button", name="Save email").click()
    page.get_by_text("Email saved (version 1).").wait_for()

    # The hiring manager rejects both, emailing each; Ben's email is withdrawn in time.
    log_in(manager.email)
    for candidate in (ana, ben):
        page.goto(f"{live_server.url}/o/{org.slug}/candidates/{candidate.public_id}/")
        page.locator("#d-outcome").select_option("reject")
        page.locator("#d-reason").fill("Fewer concrete examples than others")
        page.get_by_label("Email the candidate").select_option("yes")
        page.get_by_role("button", name="Record decision").click()
        page.get_by_text("Decision recorded.").wait_for()
        assert page.get_by_text("Not selected: goes out").is_visible()
    page.get_by_role("button", name="Withdraw the email").click()
    page.get_by_text("Email withdrawn: the candidate will not receive it.").wait_for()
    assert page.get_by_text("Not selected: withdrawn, not sent").is_visible()
    screenshot(page, "candidate-email-withdrawn")

    # Nothing leaves during the grace period; once it is over, Ana's email goes, once.
    assert beat() == 0
    grace_period_passes()
    assert beat() == 1
    assert beat() == 0
    wait_until(
        lambda: outcome_emails(mail_sink, "ana@example.test", "Ana", job),
        timeout=120,
        what="Ana's outcome email",
    )
    (message,) = outcome_emails(mail_sink, "ana@example.test", "Ana", job)
    assert message["Subject"] == f"Ana, about {job.title}"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert f"{org.name} went with another candidate. Thank you." in text
    celery_worker.wait_idle()
    # Only outcome emails count: each invitation's own email may or may not have gone out
    # before the set-up marked the interview finished, depending on how busy the worker was.
    assert outcome_emails(mail_sink, "ben@example.test", "Ben", job) == []
    assert len(outcome_emails(mail_sink, "ana@example.test", "Ana", job)) == 1

    # The manager's page says it was sent, with the template's version; audited by ids.
    page.goto(f"{live_server.url}/o/{org.slug}/candidates/{ana.public_id}/")
    assert page.get_by_text("(template version 1)").is_visible()
    sent = AuditEvent.objects.get(action="review.outcome_email.sent")
    assert set(sent.data) == {"email", "decision", "kind", "template_version"}
    assert blocked == []
