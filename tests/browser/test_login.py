"""In a real browser: the demo recruiter logs in and sees the organisation's dashboard."""

import pytest
from django.core.management import call_command

from tests.conftest import screenshot

# The demo's recordings go to the test bucket, made once into the shared test cache.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo_settings"),
]


def test_demo_recruiter_logs_in_and_sees_the_dashboard(live_server, page):
    call_command("seed_demo", "--force", verbosity=0)

    page.goto(f"{live_server.url}/")
    assert page.title() == "Log in · Palantrix"
    page.get_by_label("Email").fill("recruiter@demo.palantrix.test")
    page.get_by_label("Password").fill("palantrix-demo")
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("heading", name="Acme Robotics").wait_for()
    assert page.url == f"{live_server.url}/o/acme/"
    assert page.get_by_text("Signed in as Riley Recruiter · Recruiter").is_visible()
    # Recruiters see the team but not the admin-only settings.
    assert page.get_by_role("link", name="Team", exact=True).is_visible()
    assert page.get_by_role("link", name="Settings").count() == 0
    # The stylesheet loaded from our own server (nothing from the internet).
    brand = page.eval_on_selector(".topbar", "el => getComputedStyle(el).borderBottomStyle")
    assert brand == "solid"
    path = screenshot(page, "recruiter-dashboard")
    assert path.stat().st_size > 10_000

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("heading", name="Log in").wait_for()
    page.goto(f"{live_server.url}/o/acme/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")


def test_wrong_password_keeps_the_visitor_on_the_login_page(live_server, page):
    call_command("seed_demo", "--force", verbosity=0)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("recruiter@demo.palantrix.test")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").inner_text().startswith("Your email and password")
