"""Candidates asking for more time: from the landing page when the deadline is near, from
the page a passed deadline shows; a member approves or declines with one click, or the
job's automatic extension grants it once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews import services, tasks
from interviews.models import ExtensionRequest, ExtensionStatus, Invitation, InvitationStatus
from interviews.services import extensions
from palantrix.errors import DomainError
from palantrix.models import AuditEvent, OutboxMessage
from tests.interviews.conftest import link_token

pytestmark = pytest.mark.django_db

ASK = "Ask for more time"


def deadline_in(invitation, delta):
    Invitation.objects.filter(pk=invitation.pk).update(deadline=timezone.now() + delta)
    invitation.refresh_from_db()


def expired(invitation):
    deadline_in(invitation, -timedelta(hours=1))
    services.invitations_expire()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.EXPIRED


def ask(client):
    return client.post(reverse("candidate_more_time"))


def job_page(client, org, job):
    return client.get(reverse("job_detail", args=[org.slug, job.public_id])).content.decode()


def test_near_the_deadline_the_landing_page_offers_more_time(candidate, invitation):
    assert ASK not in candidate.get(reverse("candidate_landing")).content.decode()
    deadline_in(invitation, timedelta(hours=5))
    assert ASK in candidate.get(reverse("candidate_landing")).content.decode()
    question = candidate.get(reverse("candidate_more_time")).content.decode()
    assert "Ask Acme Robotics for more time" in question

    response = ask(candidate)

    assert response.status_code == 200
    assert "We asked Acme Robotics for more time" in response.content.decode()
    request = ExtensionRequest.objects.get(invitation=invitation)
    assert request.status == ExtensionStatus.PENDING
    event = AuditEvent.objects.get(action="interviews.extension.requested")
    assert (event.actor_type, event.actor_id) == ("candidate", str(invitation.public_id))
    assert event.data == {"invitation": str(invitation.public_id)}
    landing = candidate.get(reverse("candidate_landing")).content.decode()
    assert "You asked for more time" in landing
    assert ASK not in landing
    again = ask(candidate)
    assert again.status_code == 409
    assert "already asked" in again.content.decode()


def test_far_from_the_deadline_or_finished_nobody_can_ask(candidate, invitation):
    response = ask(candidate)
    assert response.status_code == 409
    assert "less than a day is left" in response.content.decode()
    Invitation.objects.filter(pk=invitation.pk).update(status=InvitationStatus.COMPLETED)
    assert ask(candidate).status_code == 409
    assert not ExtensionRequest.objects.exists()


def test_the_expired_page_asks_and_an_approval_opens_the_link_again(
    client, client_for, recruiter, org, interview_job, invitation
):
    token = link_token(invitation)
    expired(invitation)
    page = client.get(reverse("candidate_link", args=[token]))
    assert page.status_code == 410
    assert ASK in page.content.decode()
    assert ask(client).status_code == 200
    request = ExtensionRequest.objects.get()

    manager = client_for(recruiter)
    assert "Requests for more time" in job_page(manager, org, interview_job)
    response = manager.post(reverse("extension_approve", args=[org.slug, request.public_id]))

    assert response["Location"] == reverse("job_detail", args=[org.slug, interview_job.public_id])
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED
    assert invitation.deadline > timezone.now() + timedelta(days=6, hours=23)
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (ExtensionStatus.APPROVED, recruiter)
    assert request.deadline_after == invitation.deadline
    event = AuditEvent.objects.get(action="interviews.extension.approved")
    assert event.actor_id == str(recruiter.pk)
    # The candidate is emailed the new deadline with a link (the "extended" email).
    assert OutboxMessage.objects.filter(
        topic="task:interviews.send_invitation_email", payload__kind="extended"
    ).exists()
    manager.logout()
    assert client.get(reverse("candidate_link", args=[token])).status_code == 302
    assert client.get(reverse("candidate_landing")).status_code == 200
    assert "Requests for more time" not in job_page(client_for(recruiter), org, interview_job)


def test_a_declined_request_emails_the_candidate(
    client_for, candidate, mail_sink, recruiter, org, invitation
):
    deadline_in(invitation, timedelta(hours=2))
    ask(candidate)
    request = ExtensionRequest.objects.get()

    client_for(recruiter).post(reverse("extension_decline", args=[org.slug, request.public_id]))

    request.refresh_from_db()
    assert request.status == ExtensionStatus.DECLINED
    assert AuditEvent.objects.filter(action="interviews.extension.declined").count() == 1
    (queued,) = OutboxMessage.objects.filter(topic="task:interviews.send_extension_declined_email")
    tasks.send_extension_declined_email_task.apply(kwargs=queued.payload).get()
    (message,) = mail_sink.wait_for(invitation.email)
    assert "Your request for more time" in message["Subject"]
    assert "cannot extend the deadline" in message.get_body(("plain",)).get_content()
    # Once answered, a second click changes nothing.
    with pytest.raises(DomainError, match="declined already"):
        extensions.extension_decide(request=request, actor=recruiter, approve=True)


def test_the_automatic_extension_is_granted_once_per_invitation(
    client, recruiter, interview_job, invitation
):
    services.job_update(job=interview_job, actor=recruiter, auto_extension_days=3)
    token = link_token(invitation)
    expired(invitation)
    client.get(reverse("candidate_link", args=[token]))

    response = ask(client)

    assert "You have more time" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED
    left = invitation.deadline - timezone.now()
    assert timedelta(days=2, hours=23) < left <= timedelta(days=3)
    event = AuditEvent.objects.get(action="interviews.extension.granted_automatically")
    assert (event.actor_type, event.actor_id) == ("system", "interviews.automatic_extension")
    assert event.data["days"] == 3
    extended = AuditEvent.objects.get(action="interviews.invitation.extended")
    assert extended.actor_id == "interviews.automatic_extension"
    assert client.get(reverse("candidate_landing")).status_code == 200

    # The second time it waits for a person.
    deadline_in(invitation, timedelta(hours=3))
    ask(client)
    assert list(
        ExtensionRequest.objects.order_by("created_at").values_list("status", flat=True)
    ) == [ExtensionStatus.AUTOMATIC, ExtensionStatus.PENDING]


def test_the_automatic_extension_is_set_on_the_job_form(client_for, recruiter, org, interview_job):
    client = client_for(recruiter)
    form = client.get(reverse("job_edit", args=[org.slug, interview_job.public_id]))
    assert "Automatic extension (days)" in form.content.decode()
    client.post(
        reverse("job_edit", args=[org.slug, interview_job.public_id]),
        {
            "title": interview_job.title,
            "language": "en",
            "invitation_days": 7,
            "reminder_hours": 48,
            "auto_extension_days": 2,
        },
    )
    interview_job.refresh_from_db()
    assert interview_job.auto_extension_days == 2
    event = AuditEvent.objects.filter(action="interviews.job.updated").latest("id")
    assert "auto_extension_days" in event.data["fields"]


def test_a_request_of_a_candidate_who_finished_meanwhile_leaves_the_job_page(
    client_for, candidate, recruiter, org, interview_job, invitation
):
    deadline_in(invitation, timedelta(hours=2))
    ask(candidate)
    manager = client_for(recruiter)
    assert "Requests for more time" in job_page(manager, org, interview_job)
    Invitation.objects.filter(pk=invitation.pk).update(status=InvitationStatus.COMPLETED)
    assert "Requests for more time" not in job_page(manager, org, interview_job)
