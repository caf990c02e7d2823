"""File answers: a question asks for a PDF or an image, the browser uploads it straight to
storage the recordings' way, the server checks its declared type and its first bytes, and
reviewers download it as an attachment (never a page of ours). Files go to people only."""

import pytest
from django.test import Client
from django.urls import reverse

from interviews import services
from interviews.models import Answer, AnswerKind, AnswerStatus, InvitationStatus
from interviews.services.accommodations import accommodation_request
from palantrix import privacy
from palantrix.models import AuditEvent
from palantrix.storage import s3_client
from scoring import services as scoring
from tests.interviews.conftest import link_token
from tests.interviews.test_interview_api import answer_url, post, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("s3_bucket")]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


@pytest.fixture
def file_invitation(org, recruiter):
    job = services.job_create(organization=org, actor=recruiter, title="Technical writer")
    services.question_add(
        job=job,
        actor=recruiter,
        question=services.QuestionInput("Send us a writing sample.", kind=AnswerKind.FILE),
    )
    services.question_add(
        job=job,
        actor=recruiter,
        question=services.QuestionInput("Why this team?", kind=AnswerKind.WRITTEN),
    )
    services.job_set_status(job=job, actor=recruiter, status="open")
    return services.invitation_send(job=job, actor=recruiter, name="Ana Lima", email="a@x.test")


@pytest.fixture
def applicant(client, file_invitation):
    client.get(reverse("candidate_link", args=[link_token(file_invitation)]))
    services.interview.consent_record(
        invitation=file_invitation, ai_assessment=True, user_agent="t"
    )
    return client


def file_question(invitation):
    return invitation.question_set.questions.get(position=0)


def member(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def download_url(org, answer):
    return reverse("answer_file", kwargs={"org": org.slug, "answer_id": answer.public_id})


def test_a_pdf_is_received_for_people_and_never_processed(applicant, file_invitation):
    question = file_question(file_invitation)
    status, done = upload(applicant, question, PDF, content_type="application/pdf")
    assert status == 200, done
    assert done == {"status": "received", "submitted": True}
    answer = Answer.objects.get(question=question)
    assert (answer.kind, answer.status, answer.size_bytes) == ("file", "received", len(PDF))
    assert answer.object_key.endswith(".pdf")

    # The processing chain finds nothing to do: no media check, no transcript, no score.
    assert not scoring.answer_check_media(answer_id=answer.pk)
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.RECEIVED
    assert not hasattr(answer, "transcripts") or not answer.transcripts.exists()

    # The interview completes once every question has its answer.
    written = file_invitation.question_set.questions.get(position=1)
    post(applicant, answer_url("candidate_written", written), {"text": "The docs."})
    assert post(applicant, reverse("candidate_finish"))[0] == 200
    file_invitation.refresh_from_db()
    assert file_invitation.status == InvitationStatus.COMPLETED


def test_an_html_page_named_pdf_is_refused_deleted_and_can_be_replaced(
    applicant, file_invitation, settings
):
    question = file_question(file_invitation)
    status, refused = upload(applicant, question, HTML, content_type="application/pdf")
    assert status == 409
    assert "not a real PDF, PNG or JPEG" in refused["error"]
    answer = Answer.objects.get(question=question)
    assert (answer.status, answer.object_key, answer.upload_id) == ("uploading", "", "")
    prefix = f"orgs/{file_invitation.organization.public_id}/"
    listing = s3_client().list_objects_v2(Bucket=settings.S3_BUCKET, Prefix=prefix)
    assert listing.get("KeyCount", 0) == 0  # nothing refused stays in storage

    status, done = upload(applicant, question, PNG, content_type="image/png")
    assert (status, done["status"]) == (200, "received")


@pytest.mark.parametrize(
    ("content_type", "size", "message"),
    [
        ("text/html", 100, "Choose a PDF, PNG or JPEG file"),
        ("image/svg+xml", 100, "Choose a PDF, PNG or JPEG file"),
        ("application/pdf", 2_000_000, "larger than 1 MB"),
        ("application/pdf", 0, "The file is empty"),
    ],
)
def test_other_types_and_oversized_files_are_refused_before_upload(
    applicant, file_invitation, settings, content_type, size, message
):
    settings.FILE_ANSWER_MAX_BYTES = 1024 * 1024
    question = file_question(file_invitation)
    status, refused = post(
        applicant,
        answer_url("candidate_upload", question),
        {"content_type": content_type, "size": size},
    )
    assert status == 409
    assert message in refused["error"]


def test_reviewers_download_the_file_as_an_attachment_with_a_safe_type(
    applicant, file_invitation, org, hiring_manager, other_admin
):
    question = file_question(file_invitation)
    upload(applicant, question, PDF, content_type="application/pdf")
    answer = Answer.objects.get(question=question)

    page = member(hiring_manager).get(
        reverse(
            "candidate_detail", kwargs={"org": org.slug, "invitation_id": file_invitation.public_id}
        )
    )
    assert download_url(org, answer) in page.content.decode()
    response = member(hiring_manager).get(download_url(org, answer))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="question-1.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    event = AuditEvent.objects.get(action="review.answer_file.downloaded")
    assert event.data == {"invitation": str(file_invitation.public_id), "bytes": len(PDF)}

    # Another organisation's member: the same 404 as an answer that does not exist.
    theirs = reverse(
        "answer_file",
        kwargs={
            "org": other_admin.memberships.get().organization.slug,
            "answer_id": answer.public_id,
        },
    )
    assert member(other_admin).get(theirs).status_code == 404


def test_a_written_answer_has_no_file_to_download(applicant, file_invitation, org, recruiter):
    written = file_invitation.question_set.questions.get(position=1)
    post(applicant, answer_url("candidate_written", written), {"text": "The docs."})
    answer = Answer.objects.get(question=written)
    assert member(recruiter).get(download_url(org, answer)).status_code == 404


def test_the_candidates_copy_holds_the_file_and_the_adjustments_and_erasure_removes_them(
    applicant, file_invitation, recruiter
):
    upload(applicant, file_question(file_invitation), PDF, content_type="application/pdf")
    request = accommodation_request(invitation=file_invitation, kind="other", details="A break")
    services.accommodation_decide(
        accommodation=request, actor=recruiter, grant=True, reason="Take one any time."
    )

    copy = privacy.candidate_export(file_invitation)
    files = privacy.candidate_files(file_invitation)

    (answer,) = [a for a in copy["answers"] if a["kind"] == "file"]
    assert answer["file"] == "files/question-1.pdf"
    assert answer["recording"] is None
    assert [name for _, name in files] == ["files/question-1.pdf"]
    (adjustment,) = copy["adjustments"]
    assert adjustment["your_words"] == "A break"
    assert adjustment["reason_given"] == "Take one any time."
    assert adjustment["status"] == "granted"

    privacy.candidate_erase(file_invitation)
    assert not file_invitation.accommodations.exists()
    assert not Answer.objects.filter(invitation=file_invitation).exists()
