"""In a real browser: an admin sees who is due for deletion, holds one candidate, and
is refused an audit-log retention under six months."""

import pytest

from compliance.models import LegalHold
from tests.compliance.lifecycle_data import age, candidate, closed_job
from tests.conftest import PASSWORD, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("s3_bucket"),
]


def test_an_admin_holds_a_candidate_due_for_deletion(live_server, page, org, admin):
    job = closed_job(org, admin)
    person = candidate(job, admin, first="Seraphina", score=60)
    age(job, 13)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/o/{org.slug}/settings/")
    page.get_by_role("link", name="Data and retention").click()

    due = page.get_by_role("row", name=person.name)
    due.get_by_label("Reason").fill("Claim 2026-31")
    due.get_by_role("button", name="Hold").click()
    page.get_by_text("Legal hold placed").wait_for()
    assert page.get_by_role("row", name=person.name).get_by_text("Held").is_visible()
    assert LegalHold.objects.get().invitation_id == person.invitation.pk

    page.get_by_label("Keep the audit log for at least (months)").fill("3")
    page.get_by_role("button", name="Save retention settings").click()
    assert "at least 6 months" in page.get_by_role("alert").first.inner_text()
    screenshot(page, "data-and-retention")
