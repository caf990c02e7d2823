"""In Chromium: a candidate opens "Your data and your rights" from their invitation email,
gets a one-time link by email, downloads a copy of their data (the same transcript, scores
and recording reviewers see), then asks for erasure; the admin's queue shows the request
with its due date, and once the real worker ran it, no text column of the database and no
object in the bucket holds the candidate's name, email or a phrase they said."""

import io
import json
import re
import uuid
import zipfile

import pytest
from django.conf import settings
from django.urls import reverse

from compliance.models import RightsRequest, RightsRequestKind
from interviews import services as interviews
from palantrix.models import AuditEvent
from palantrix.storage import s3_client
from scoring.models import Score, ScoreStatus, Transcript
from tests import media
from tests.compliance.lifecycle_data import bucket_hits, database_hits, enable_versioning
from tests.compliance.rights_data import complete_with_scores, support_job
from tests.conftest import PASSWORD, screenshot
from tests.waiting import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Unique per run: the bucket is shared by the whole suite and keeps other tests' objects.
RUN = uuid.uuid4().hex[:8]
NAME = f"Zora Quill-{RUN}"
EMAIL = f"zora.{RUN}@example.test"
PHRASE = f"marmalade incident number {RUN}"
SENTENCES = (
    f"When the {PHRASE} hit our warehouse I called every customer back that day.",
    "I paired with a colleague from logistics to rebuild the order list.",
)


def link_in(message, pattern: str, live_server) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    path = re.search(rf"http://testserver({pattern})", body).group(1)
    return f"{live_server.url}{path}"


def test_candidate_downloads_a_copy_then_erases_everything(
    live_server, celery_worker, mail_sink, s3_bucket, page, browser, org, admin, tmp_path
):
    enable_versioning()
    job = support_job(org, admin)
    invitation = interviews.invitation_send(job=job, actor=admin, name=NAME, email=EMAIL)
    # The invitation email (sent by the worker) carries the rights link.
    (invitation_email,) = mail_sink.wait_for(EMAIL)
    complete_with_scores(
        invitation,
        sentences=SENTENCES,
        recording=media.recording(tmp_path / "answer.webm", silent=True, seconds=2),
    )
    answer = invitation.answers.get()

    page.goto(link_in(invitation_email, r"/your-data/[\w-]+/request/", live_server))
    page.get_by_role("heading", name="Your data and your rights").wait_for()
    page.get_by_label("Your email address").fill(EMAIL.upper())
    page.get_by_role("button", name="Email me a link").click()
    page.get_by_role("heading", name="Check your email").wait_for()

    link_email = mail_sink.wait_for(EMAIL, count=2)[-1]
    assert "one-time link" in link_email["Subject"]
    one_time = link_in(link_email, r"/your-data/link/[\w-]+/", live_server)
    page.goto(one_time)
    page.get_by_role("heading", name=f"Your data at {org.name}").wait_for()
    screenshot(page, "rights-home")

    # A copy: built by the worker into the bucket, downloaded through a short link.
    page.get_by_role("button", name="Download a copy of my data").click()
    page.get_by_text("We are preparing your copy").wait_for()
    wait_until(
        lambda: RightsRequest.objects.filter(kind=RightsRequestKind.ACCESS, status="done").exists(),
        what="the copy to be built",
    )
    assert "is ready" in mail_sink.wait_for(EMAIL, count=3)[-1]["Subject"]
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    data = json.loads(archive.read("data.json"))
    (exported,) = data["answers"]

    # It matches what reviewers see: the page's transcript and scores, the S3 recording.
    reviewer = browser.new_context()
    staff = reviewer.new_page()
    staff.goto(f"{live_server.url}/accounts/login/")
    staff.get_by_label("Email").fill("admin@acme.test")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    staff.goto(live_server.url + reverse("candidate_detail", args=[org.slug, invitation.public_id]))
    review_page = staff.content()
    current = Transcript.objects.get(answer=answer, is_current=True)
    transcript = next(t for t in exported["transcripts"] if t["current"])
    assert transcript["text"] == current.text
    for segment in transcript["segments"]:
        assert segment["text"] in review_page
    active = {
        s.competency_name: s.value
        for s in Score.objects.filter(answer=answer, status=ScoreStatus.ACTIVE)
    }
    assert {s["competency"]: s["value"] for s in exported["scores"]} == active
    for value in active.values():
        assert f'<span class="value">{value}</span>' in review_page
    original = s3_client().get_object(Bucket=settings.S3_BUCKET, Key=answer.object_key)
    assert archive.read(exported["recording"]) == original["Body"].read()
    assert data["candidate"] == {**data["candidate"], "name": NAME, "email": EMAIL}
    assert AuditEvent.objects.filter(
        action="compliance.export.downloaded", actor_id=str(invitation.public_id)
    ).exists()
    # The copy in the bucket holds the data: the search below can find it.
    assert bucket_hits([NAME], prefix=f"orgs/{org.public_id}/")

    # The explanation quotes the candidate's own words and links to how scoring works.
    page.get_by_role("button", name="Explain how I was assessed").click()
    page.get_by_role(
        "heading", name="How your application was assessed: Support engineer"
    ).wait_for()
    assert SENTENCES[0] in page.content()
    assert page.get_by_role("link", name="How scoring works, in detail").is_visible()
    screenshot(page, "rights-explanation")
    page.get_by_role("link", name="Back to your data").click()

    # Erasure.
    page.get_by_role("link", name="Delete my data").click()
    page.get_by_label("Delete everything about this application").check()
    screenshot(page, "rights-erase")
    page.get_by_role("button", name="Delete my data").click()
    page.get_by_text("Your erasure request is received").wait_for()
    erasure = RightsRequest.objects.get(kind=RightsRequestKind.ERASURE)

    # The admin's queue lists it with its due date, one month from receipt.
    staff.goto(f"{live_server.url}/o/{org.slug}/requests/?show=all")
    row = staff.get_by_role("row").filter(has_text="Erasure")
    row.wait_for()
    assert f"{erasure.due_on:%-d %b %Y}" in row.inner_text()
    screenshot(staff, "rights-queue")
    reviewer.close()

    wait_until(
        lambda: RightsRequest.objects.get(pk=erasure.pk).status == "done", what="the erasure"
    )
    assert "was deleted" in mail_sink.wait_for(EMAIL, count=4)[-1]["Subject"]
    needles = [NAME, EMAIL, PHRASE]
    assert database_hits(needles) == []
    assert bucket_hits(needles) == []
