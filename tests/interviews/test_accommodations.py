"""Fair access: a candidate asks for an adjustment, a recruiter answers it with a reason,
and what was granted changes that candidate's interview only. Reviewers who are not
recruiters never learn of it, and the audit log never holds the candidate's words."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from interviews import emails, services
from interviews.models import (
    Accommodation,
    AccommodationStatus,
    Answer,
    AnswerKind,
)
from interviews.services.accommodations import accommodation_decide, accommodation_request
from interviews.services.messages import candidate_email_template_save
from interviews.tasks import send_accommodation_email_task
from palantrix.errors import DomainError
from palantrix.models import AuditEvent

pytestmark = pytest.mark.django_db

WORDS = "I have dyslexia and reading the question takes me longer."
REASON = "Granted so that you can read each question calmly."


def member_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def state(candidate) -> dict:
    return candidate.get(reverse("candidate_state")).json()


def ask(candidate, kind="extra_time", details=WORDS):
    return candidate.post(reverse("candidate_adjustments"), {"kind": kind, "details": details})


def org_url(name, org, **kwargs):
    return reverse(name, kwargs={"org": org.slug, **kwargs})


# --- Telling the candidate how to ask -----------------------------------------------------------


def test_every_invitation_email_says_how_to_ask_even_in_the_organisations_wording(
    org, admin, invitation, mail_sink
):
    candidate_email_template_save(
        organization=org,
        actor=admin,
        kind="invitation",
        subject="Interview for {{ job }}",
        body="Hi {{ first_name }}, please answer {{ questions }}.",
    )
    for kind in ("invitation", "reminder"):
        emails.send_invitation(invitation, token="t", kind=kind)
    messages = mail_sink.wait_for(invitation.email, count=2)
    for message in messages:
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert 'choose "Ask for an adjustment"' in text
        assert "more time to think and answer, writing your answers instead" in text
        assert "“Ask for an adjustment”" in html


def test_the_landing_page_says_how_to_ask_for_an_adjustment(candidate):
    page = candidate.get(reverse("candidate_landing")).content.decode()
    assert "Adjustments" in page
    assert f'href="{reverse("candidate_adjustments")}">ask for an adjustment</a>' in page


# --- Asking and answering -----------------------------------------------------------------------


def test_a_candidate_asks_and_the_audit_log_keeps_only_ids_and_the_kind(candidate, invitation):
    response = ask(candidate)
    assert response.status_code == 302
    request = Accommodation.objects.get()
    assert (request.kind, request.status, request.details) == ("extra_time", "pending", WORDS)
    event = AuditEvent.objects.get(action="interviews.accommodation.requested")
    assert event.data == {"invitation": str(invitation.public_id), "kind": "extra_time"}
    assert event.actor_type == "candidate"
    page = candidate.get(reverse("candidate_landing")).content.decode()
    assert "Waiting for an answer" in page

    # The same request twice is refused with a message; "another adjustment" needs words.
    assert "You already asked" in ask(candidate).content.decode()
    assert "Tell us which adjustment" in ask(candidate, kind="other", details="").content.decode()


def test_a_recruiter_grants_more_time_the_candidate_reads_why_and_gets_an_email(
    consented, invitation, recruiter, org, mail_sink
):
    ask(consented)
    request = Accommodation.objects.get()
    recruiter_client = member_client(recruiter)
    waiting = recruiter_client.get(org_url("accommodation_list", org)).content.decode()
    assert WORDS in waiting
    job_list = org_url("job_accommodation_list", org, job_id=invitation.job.public_id)
    assert WORDS in recruiter_client.get(job_list).content.decode()
    candidate_page = org_url("candidate_detail", org, invitation_id=invitation.public_id)
    assert WORDS in recruiter_client.get(candidate_page).content.decode()
    before = state(consented)["questions"][0]

    response = recruiter_client.post(
        org_url("accommodation_decide", org, accommodation_id=request.public_id),
        {"decision": "grant", "extra_time_percent": "50", "reason": REASON, "next": job_list},
    )

    assert response["Location"] == job_list
    request.refresh_from_db()
    assert (request.status, request.extra_time_percent) == ("granted", 50)
    assert request.decided_by == recruiter
    event = AuditEvent.objects.get(action="interviews.accommodation.granted")
    assert event.data == {
        "invitation": str(invitation.public_id),
        "kind": "extra_time",
        "extra_time_percent": 50,
    }
    # The candidate's limits (this invitation's only) are half as long again.
    after = state(consented)["questions"][0]
    assert (before["answer_seconds"], after["answer_seconds"]) == (30, 45)
    landing = consented.get(reverse("candidate_landing")).content.decode()
    assert "Granted" in landing
    assert REASON in landing
    assert "+50 %" in landing

    send_accommodation_email_task.apply(kwargs={"accommodation_id": request.pk})
    (message,) = mail_sink.wait_for(invitation.email)
    text = message.get_body(("plain",)).get_content()
    assert "it is granted, with +50 % on every think and answer time" in text
    assert REASON in text
    assert "http://testserver/i/" in text  # their interview's link


def test_a_declined_request_shows_the_reason_and_changes_nothing(consented, recruiter):
    ask(consented, kind="written", details="")
    request = Accommodation.objects.get()
    accommodation_decide(
        accommodation=request, actor=recruiter, grant=False, reason="The job needs speaking."
    )
    assert state(consented)["questions"][0]["kind"] == "video"
    page = consented.get(reverse("candidate_landing")).content.decode()
    assert "Declined" in page
    assert "The job needs speaking." in page
    with pytest.raises(DomainError, match="already answered"):
        accommodation_decide(accommodation=request, actor=recruiter, grant=True, reason="x")


def test_a_decision_needs_a_reason_and_extra_time_a_percent(consented, recruiter, org):
    ask(consented)
    request = Accommodation.objects.get()
    client = member_client(recruiter)
    url = org_url("accommodation_decide", org, accommodation_id=request.public_id)
    client.post(url, {"decision": "grant", "extra_time_percent": "", "reason": "ok"})
    client.post(url, {"decision": "grant", "extra_time_percent": "50", "reason": ""})
    request.refresh_from_db()
    assert request.status == AccommodationStatus.PENDING


def test_extra_time_raises_the_servers_limits_of_that_invitation_only(
    consented, invitation, recruiter, settings, interview_job
):
    settings.ANSWER_MAX_BYTES_PER_SECOND = 1000
    question = invitation.question_set.questions.get(position=0)
    other = services.invitation_send(
        job=interview_job, actor=recruiter, name="Ben Okafor", email="ben@example.test"
    )
    # 30 s + the 30 s margin: 60 000 bytes; with +100 %: 60 s + 30 s, 90 000 bytes.
    size = 80_000
    body = {"content_type": "video/webm", "size": size}
    url = reverse("candidate_upload", kwargs={"question_id": question.public_id})
    refused = consented.post(url, json.dumps(body), content_type="application/json")
    assert refused.status_code == 409

    services.accommodation_grant(
        invitation=invitation, actor=recruiter, kind="extra_time", extra_time_percent=100
    )

    started = consented.post(url, json.dumps(body), content_type="application/json")
    assert started.status_code == 200, started.json()
    answer = Answer.objects.get(invitation=invitation, question=question)
    assert answer.allowed_seconds == 60 + settings.ANSWER_EXTRA_SECONDS
    assert state(consented)["questions"][0]["think_seconds"] == 0  # 0 s stays 0 s
    theirs = Answer(invitation=other, question=other.question_set.questions.get(position=0))
    assert theirs.allowed_seconds == 30 + settings.ANSWER_EXTRA_SECONDS


def test_a_granted_written_answer_lets_the_candidate_type_a_recorded_question(
    consented, invitation, recruiter, org
):
    question = invitation.question_set.questions.get(position=0)
    url = reverse("candidate_written", kwargs={"question_id": question.public_id})
    body = json.dumps({"text": "My answer, typed."})
    assert consented.post(url, body, content_type="application/json").status_code == 409

    # Granted up front, on the candidate's page.
    member_client(recruiter).post(
        org_url("accommodation_grant", org, invitation_id=invitation.public_id),
        {"kind": "written", "extra_time_percent": "", "reason": "Type your answers."},
    )

    assert [q["kind"] for q in state(consented)["questions"]] == ["written"] * 3
    assert consented.post(url, body, content_type="application/json").status_code == 200
    answer = Answer.objects.get(invitation=invitation, question=question)
    assert (answer.kind, answer.text) == (AnswerKind.WRITTEN, "My answer, typed.")
    event = AuditEvent.objects.get(action="interviews.accommodation.granted")
    assert event.data["up_front"] is True
    assert "Type your answers." not in json.dumps(event.data)
    assert "Type your answers." in consented.get(reverse("candidate_landing")).content.decode()


# --- Who sees it ----------------------------------------------------------------------------


def test_a_hiring_manager_never_sees_an_adjustment(
    consented, invitation, recruiter, hiring_manager, org
):
    accommodation_request(invitation=invitation, kind="other", details=WORDS)
    services.accommodation_grant(
        invitation=invitation, actor=recruiter, kind="extra_time", extra_time_percent=25
    )
    client = member_client(hiring_manager)
    page = client.get(org_url("candidate_detail", org, invitation_id=invitation.public_id))
    html = page.content.decode()
    assert page.status_code == 200
    for hint in (WORDS, "Adjustment", "adjustment", "+25 %", "extra time", "accommodation"):
        assert hint not in html
    assert "accommodations" not in page.context
    assert client.get(org_url("accommodation_list", org)).status_code == 403
    job_list = org_url("job_accommodation_list", org, job_id=invitation.job.public_id)
    assert client.get(job_list).status_code == 403


def test_another_organisations_members_get_a_404_on_every_adjustment_page(
    consented, invitation, other_admin, org, other_org
):
    request = accommodation_request(invitation=invitation, kind="extra_time", details=WORDS)
    client = member_client(other_admin)
    theirs = {"org": other_org.slug}
    urls = [
        reverse("job_accommodation_list", kwargs={**theirs, "job_id": invitation.job.public_id}),
        reverse("accommodation_decide", kwargs={**theirs, "accommodation_id": request.public_id}),
        reverse("accommodation_grant", kwargs={**theirs, "invitation_id": invitation.public_id}),
    ]
    assert client.get(urls[0]).status_code == 404
    for url in urls[1:]:
        response = client.post(url, {"decision": "grant", "kind": "written", "reason": "x"})
        assert response.status_code == 404
    assert WORDS not in client.get(reverse("accommodation_list", kwargs=theirs)).content.decode()
    request.refresh_from_db()
    assert request.status == AccommodationStatus.PENDING
    assert not Accommodation.objects.filter(status="granted").exists()
