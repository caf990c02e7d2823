"""In Chromium at 320 px wide with a fake camera, and the keyboard only (Tab, Shift+Tab,
Enter, Space; no click anywhere): a candidate opens the link, consents, checks the devices,
practises, records an answer after its think time, writes another and finishes. Focus is always
visible and moves on by itself where a button it was on goes away; the recorder's state is
announced at its moments, not every second."""

import pytest
from django.conf import settings

from interviews import services
from palantrix.storage import bucket_ensure
from tests.browser.axe import assert_accessible
from tests.browser.test_accessibility import fits_320, interview_link
from tests.conftest import BROWSER_TIMEOUT_MS, CHROMIUM, CHROMIUM_ARGS, csp_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const label = el.getAttribute("aria-label") || (el.labels && el.labels[0]?.textContent);
    return {
        name: (label || el.textContent || "").trim().replace(/\\s+/g, " "),
        outline: getComputedStyle(el).outlineStyle,
        width: parseFloat(getComputedStyle(el).outlineWidth),
    };
}"""


@pytest.fixture(scope="module")
def camera_browser(playwright_session):
    browser = playwright_session.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            "--autoplay-policy=no-user-gesture-required",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def keyboard_page(browser, camera_browser, request):
    # `browser` only for its marker check; the camera browser does the work. 320 px: a
    # phone, or a 1280-px screen at 400 % zoom.
    context = camera_browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield page
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        screenshot(page, f"FAILED-{request.node.name}")
    context.close()


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def assert_focus_visible(page) -> None:
    now = focused(page)
    assert now, "nothing has focus"
    assert now["outline"] != "none", now
    assert now["width"] >= 2, now


def wait_focus_on(page, name: str) -> None:
    """The page itself moved focus to the control named `name` (starting with it)."""
    page.wait_for_function(
        f"() => ({FOCUSED})()?.name.startsWith({name!r})", timeout=BROWSER_TIMEOUT_MS
    )
    assert_focus_visible(page)


def tab_to(page, name: str, *, key: str = "Tab", limit: int = 60) -> None:
    """Press Tab (or Shift+Tab) until the control named `name` has focus, visibly."""
    for _ in range(limit):
        now = focused(page)
        if now and now["name"].startswith(name):
            assert_focus_visible(page)
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {name!r}; focus is on {focused(page)}")


def test_a_candidate_does_the_whole_interview_with_the_keyboard(
    live_server, keyboard_page, org, admin
):
    bucket_ensure(settings.S3_BUCKET, extra_origins=[live_server.url])
    job = services.job_create(organization=org, actor=admin, title="Support engineer")
    for text, kind, think in (("A hard bug?", "video", 30), ("Why us?", "written", 0)):
        question = services.QuestionInput(text, answer_seconds=30, think_seconds=think, kind=kind)
        services.question_add(job=job, actor=admin, question=question)
    services.job_set_status(job=job, actor=admin, status="open")
    invitation = services.invitation_send(job=job, actor=admin, name="Ana Lima", email="a@x.test")
    page = keyboard_page
    blocked = csp_violations(page)
    press = page.keyboard.press

    page.goto(interview_link(live_server, invitation))
    # The first Tab reaches the skip link, which takes focus to the page's content.
    press("Tab")
    assert focused(page)["name"] == "Skip to content"
    assert_focus_visible(page)
    tab_to(page, "Start")
    press("Enter")

    page.get_by_role("heading", name="Before you start: how your answers are used").wait_for()
    tab_to(page, "I have read this notice")
    press("Space")
    assert page.get_by_label("I have read this notice").is_checked()
    tab_to(page, "Agree and continue")
    tab_to(page, "I have read this notice", key="Shift+Tab")  # and back again
    tab_to(page, "Agree and continue")
    press("Enter")

    page.get_by_role("heading", name="Check your camera and microphone").wait_for()
    tab_to(page, "Allow camera and microphone")
    press("Enter")
    page.locator("#check-recorder[data-state=ok]").wait_for()
    wait_focus_on(page, "Record practice")
    press("Enter")
    wait_focus_on(page, "Stop")
    assert page.locator("#practice-announce").text_content().startswith("Practice recording st")
    page.wait_for_timeout(1500)  # a short practice answer
    press("Enter")
    wait_focus_on(page, "Your practice recording")
    fits_320(page, "the device check")
    practice = page.locator("#practice-announce").text_content()
    assert practice.startswith("Practice recording stopped")
    tab_to(page, "Continue to the questions")
    press("Enter")

    # Question 1: the think time runs; the candidate starts at once.
    page.get_by_text("Question 1 of 2").wait_for()
    wait_focus_on(page, "Start recording now")
    announced = page.locator("#timer-announce")
    assert announced.text_content().endswith("seconds to think. Recording starts by itself.")
    # The countdown is a timer: shown every second, announced only at its moments.
    assert page.locator("#think [role=timer]").get_attribute("aria-live") == "off"
    press("Enter")
    page.get_by_text("● Recording").wait_for()
    wait_focus_on(page, "Stop")
    assert announced.text_content() == "Recording started."
    assert page.locator("#timer").get_attribute("role") == "timer"
    assert_accessible(page, "the recorder while recording")
    fits_320(page, "the recorder")
    # The answer's 30 seconds run out: announced ten seconds before, then the take ends
    # by itself with focus on its Submit button.
    page.get_by_text("10 seconds left.").wait_for(state="attached")
    wait_focus_on(page, "Submit this answer")
    assert announced.text_content().startswith("Time is up: the recording stopped.")
    assert_accessible(page, "the recording's review")
    fits_320(page, "the recording's review")
    press("Enter")

    # Question 2, written: focus waits in the answer field once the upload is confirmed.
    page.get_by_text("Question 1: saved ✓").wait_for()
    wait_focus_on(page, "Your answer")
    page.keyboard.type("Because I like hard problems.")
    tab_to(page, "Submit this answer")
    press("Enter")
    wait_focus_on(page, "Finish the interview")
    press("Enter")
    page.get_by_role("heading", name="Thank you, your interview is complete").wait_for()

    invitation.refresh_from_db()
    assert invitation.status == "completed"
    assert invitation.answers.get(question__kind="written").text == "Because I like hard problems."
    assert blocked == []
