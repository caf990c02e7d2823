"""In Chromium, with axe-core (tests/browser/axe.py): every candidate page and the main staff
pages have no serious or critical WCAG 2.1 AA violation, axe runs under the pages' own
Content-Security-Policy, and the candidate pages fit a 320-px-wide screen (the width of
1280 px at 400 % zoom, WCAG 1.4.10) without scrolling sideways."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from compliance.models import RightsLink
from interviews import services
from interviews.models import InvitationToken
from interviews.services.invitations import LINK_PURPOSE
from palantrix.tokens import new_token, row_token
from tests.browser.axe import AXE, assert_accessible, axe_run
from tests.compliance.rights_data import support_job
from tests.conftest import PASSWORD, csp_violations
from tests.factories import scored_candidates

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def interview_link(live_server, invitation) -> str:
    """The emailed link of `invitation`, rebuilt as its email task does (no worker needed)."""
    token = row_token(LINK_PURPOSE, InvitationToken.objects.filter(invitation=invitation).last())
    return f"{live_server.url}{reverse('candidate_link', args=[token])}"


def rights_link(live_server, invitation) -> str:
    token, digest = new_token()
    RightsLink.objects.create(
        organization=invitation.organization,
        invitation=invitation,
        token_hash=digest,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    return f"{live_server.url}{reverse('rights_link', args=[token])}"


def written_interview(org, admin, email="ana.lima@example.test"):
    job = services.job_create(organization=org, actor=admin, title="Support engineer")
    services.question_add(
        job=job,
        actor=admin,
        question=services.QuestionInput("Why this team?", think_seconds=0, kind="written"),
    )
    services.job_set_status(job=job, actor=admin, status="open")
    return services.invitation_send(job=job, actor=admin, name="Ana Lima", email=email)


def fits_320(page, what: str) -> None:
    """No sideways scrolling; else name the innermost elements that stick out."""
    width, inner, wide = page.evaluate(
        """() => [document.documentElement.scrollWidth, window.innerWidth,
            [...document.body.querySelectorAll("*")]
                .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
                .filter((el) => ![...el.children].some(
                    (child) => child.getBoundingClientRect().right > window.innerWidth + 1))
                .slice(0, 5)
                .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent
                    .trim().slice(0, 40)}`)]"""
    )
    assert width <= inner, f"{what} scrolls sideways at {inner} px ({width} px wide): {wide}"


def test_axe_runs_under_the_pages_policy_and_reports_what_is_wrong(live_server, page):
    blocked = csp_violations(page)
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]

    # A script tag of Playwright's own is inline: the policy refuses it, as it should.
    with pytest.raises(PlaywrightError, match="violates the following Content Security Policy"):
        page.add_script_tag(path=AXE)
    assert page.evaluate("() => typeof window.axe") == "undefined"
    blocked.clear()

    # axe through the DevTools protocol runs, under the same policy, and finds a
    # nameless button and an unlabelled field put on the page.
    page.evaluate(
        """() => {
            document.querySelector("main").append(
                document.createElement("button"), document.createElement("input"));
        }"""
    )
    found = {violation["id"] for violation in axe_run(page)}
    assert {"button-name", "label"} <= found
    assert blocked == []


def test_every_candidate_page_passes_axe_and_fits_a_narrow_screen(live_server, page, org, admin):
    invitation = written_interview(org, admin)
    page.set_viewport_size({"width": 320, "height": 640})
    blocked = csp_violations(page)

    def check(what: str) -> None:
        page.wait_for_load_state()
        assert_accessible(page, what)
        fits_320(page, what)

    page.goto(f"{live_server.url}{reverse('candidate_landing')}")
    check("the page without a session")
    page.goto(interview_link(live_server, invitation))
    page.get_by_role("heading", name="Your video interview for Support engineer").wait_for()
    check("the landing page")
    page.goto(f"{live_server.url}{reverse('candidate_adjustments')}")
    check("the adjustments page")
    page.goto(f"{live_server.url}{reverse('candidate_notice')}")
    page.get_by_role("heading", name="Before you start: how your answers are used").wait_for()
    check("the notice")
    page.get_by_label("I have read this notice").check()
    page.get_by_role("button", name="Agree and continue").click()
    page.get_by_label("Your answer", exact=True).wait_for()
    page.goto(f"{live_server.url}{reverse('candidate_check')}")
    page.get_by_role("heading", name="Check your camera and microphone").wait_for()
    check("the device check")
    page.goto(f"{live_server.url}{reverse('candidate_questions')}")
    page.get_by_label("Your answer", exact=True).wait_for()
    check("a written question")
    page.get_by_label("Your answer", exact=True).fill("Because I like hard problems.")
    page.get_by_role("button", name="Submit this answer").click()
    page.get_by_role("button", name="Finish the interview").wait_for()
    check("the last step")
    page.get_by_role("button", name="Finish the interview").click()
    page.get_by_role("heading", name="Thank you, your interview is complete").wait_for()
    check("the finished page")

    # The candidate's rights: asking for a link, and the pages the link opens.
    page.goto(f"{live_server.url}{reverse('rights_start', args=[org.slug])}")
    check("the rights request page")
    page.get_by_label("Your email address").fill(invitation.email)
    page.get_by_role("button", name="Email me a link").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    check("the page saying a link is on its way")
    page.goto(rights_link(live_server, invitation))
    page.get_by_role("heading", name=f"Your data at {org.name}").wait_for()
    check("the rights home")
    for name, what in (("rights_contest", "contesting"), ("rights_erase", "erasure")):
        page.goto(f"{live_server.url}{reverse(name, args=[invitation.public_id])}")
        check(f"the rights page for {what}")
    page.goto(f"{live_server.url}{reverse('instructions')}")
    check("how scoring works")

    # A link that expired, and a link nobody knows.
    late = written_interview(org, admin, "late@example.test")
    link = interview_link(live_server, late)
    services.invitations_expire(now=late.deadline)
    page.goto(link)
    page.get_by_text("The deadline for this interview has passed.").wait_for()
    check("the expired link page")
    page.goto(f"{live_server.url}{reverse('candidate_more_time')}")
    page.get_by_role("button", name="Ask for more time").wait_for()
    check("the page asking for more time")
    page.goto(f"{live_server.url}{reverse('candidate_link', args=['not-a-token'])}")
    check("the unknown link page")

    # A job's public link: the form, its errors, and the page after registering.
    public = services.public_links.public_link_publish(job=invitation.job, actor=admin)
    page.goto(f"{live_server.url}{reverse('public_apply', args=[public.public_id])}")
    page.get_by_role("button", name="Apply").wait_for()
    check("the public application form")
    page.get_by_role("button", name="Apply").click()
    page.locator("#id_name_error").wait_for()
    check("the public application form with its errors")
    page.get_by_label("Your name").fill("Noor Haddad")
    page.get_by_label("Your email address").fill("noor@example.test")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    check("the page after applying")
    assert blocked == []


def test_the_main_staff_pages_pass_axe(live_server, page, org, admin):
    job = support_job(org, admin)
    first, _ = scored_candidates(job, [[70, 55], [40, 80]])
    blocked = csp_violations(page)

    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page, "the login page")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/o/{org.slug}/")
    pages = {
        "the dashboard": reverse("dashboard", args=[org.slug]),
        "the jobs list": reverse("job_list", args=[org.slug]),
        "the job page": reverse("job_detail", args=[org.slug, job.public_id]),
        "the question editor": reverse("question_set_edit", args=[org.slug, job.public_id]),
        "the profile editor": reverse("profile_edit", args=[org.slug, job.profile.public_id]),
        "the shortlist": reverse("shortlist", args=[org.slug, job.public_id]),
        "a candidate's review page": reverse("candidate_detail", args=[org.slug, first.public_id]),
        "the settings": reverse("organization_settings", args=[org.slug]),
    }
    failures = []
    for what, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, what
        try:
            assert_accessible(page, what)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n\n".join(failures)
    assert blocked == []


def test_the_recording_badge_stops_pulsing_for_who_asks_for_less_motion(
    live_server, page, org, admin
):
    page.goto(interview_link(live_server, written_interview(org, admin)))
    animation = """() => {
        const badge = Object.assign(document.createElement("span"), { className: "rec-badge" });
        document.querySelector("main").append(badge);
        const name = getComputedStyle(badge).animationName;
        badge.remove();
        return name;
    }"""
    assert page.evaluate(animation) == "rec-pulse"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(animation) == "none"
