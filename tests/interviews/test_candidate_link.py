"""The candidate's emailed link: exchanged for a session, then a landing page without it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews import services
from interviews.models import Invitation, InvitationStatus, InvitationToken
from palantrix.models import AuditEvent
from palantrix.tokens import new_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(org, admin):
    job = services.job_create(
        organization=org, actor=admin, title="Robot Whisperer", location="Leeds"
    )
    services.question_add(
        job=job, actor=admin, question=services.QuestionInput("Tell us about a robot you fixed.")
    )
    return job


def invitation_with_link(job, admin, email="nia@example.test") -> tuple[Invitation, str]:
    """An invitation and a link token for it (the emailed one travels only to the worker)."""
    invitation = services.invitation_send(job=job, actor=admin, name="Nia Moss", email=email)
    token, digest = new_token()
    InvitationToken.objects.create(
        organization=invitation.organization, invitation=invitation, token_hash=digest
    )
    return invitation, token


def link(token: str) -> str:
    return reverse("candidate_link", args=[token])


def test_the_link_opens_the_landing_page_and_leaves_the_address_bar(client, job, admin, org):
    org.brand_color = "#aa3300"
    org.save()
    invitation, token = invitation_with_link(job, admin)

    response = client.get(link(token))

    assert response.status_code == 302
    assert response["Location"] == reverse("candidate_landing")
    assert response["Referrer-Policy"] == "no-referrer"
    assert token not in response["Location"]
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert token not in text
    assert "Robot Whisperer" in text
    assert "Acme Robotics" in text
    assert '<link rel="stylesheet" href="/brand/aa3300.css">' in text  # the brand colour
    assert "1</p>" in text  # one question
    assert "minutes" in text
    assert "come back with the link in your email until" in text
    assert f"{invitation.deadline:%-d %B %Y}" in text
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPENED
    assert invitation.opened_at is not None


def test_opening_is_audited_once_as_the_candidate(client, job, admin, org):
    invitation, token = invitation_with_link(job, admin)
    client.get(link(token))
    client.get(link(token))  # opening the email again
    (event,) = AuditEvent.objects.filter(action="interviews.invitation.opened")
    assert event.actor_type == "candidate"
    assert event.actor_id == str(invitation.public_id)


def test_the_landing_page_shows_the_question_set_intro(client, job, admin):
    invitation, token = invitation_with_link(job, admin)
    invitation.question_set.intro = "Thanks for applying! Take your time."
    invitation.question_set.save()
    page = client.get(link(token), follow=True).content.decode()
    assert "Thanks for applying! Take your time." in page


def test_an_older_link_still_works_after_a_resend(client, job, admin):
    invitation, token = invitation_with_link(job, admin)
    services.invitation_resend(invitation=invitation, actor=admin)
    assert client.get(link(token))["Location"] == reverse("candidate_landing")


def test_expired_link_shows_a_clear_page(client, job, admin, org):
    invitation, token = invitation_with_link(job, admin)
    Invitation.objects.filter(pk=invitation.pk).update(
        deadline=timezone.now() - timedelta(minutes=5)
    )

    response = client.get(link(token))

    assert response.status_code == 410
    text = response.content.decode()
    assert "The deadline for this interview has passed." in text
    assert "contact Acme Robotics" in text
    assert "Robot Whisperer" in text
    assert response["Referrer-Policy"] == "no-referrer"
    invitation.refresh_from_db()
    assert invitation.opened_at is None


def test_revoked_link_shows_a_clear_page(client, job, admin):
    invitation, token = invitation_with_link(job, admin)
    services.invitation_revoke(invitation=invitation, actor=admin, reason="Filled")

    response = client.get(link(token))

    assert response.status_code == 410
    text = response.content.decode()
    assert "This interview was cancelled by the employer." in text
    assert "Filled" not in text  # the reason is for the team only


def test_unknown_link_is_a_404_page_that_names_no_organisation(client, job):
    response = client.get(link("not-a-real-token"))
    assert response.status_code == 404
    text = response.content.decode()
    assert "We don't recognise this link" in text
    assert "contact the employer" in text
    assert "Acme Robotics" not in text


def test_landing_without_a_session_asks_for_the_emailed_link(client):
    response = client.get(reverse("candidate_landing"))
    assert response.status_code == 200
    assert "Open the link in your email" in response.content.decode()


def test_landing_rechecks_the_invitation_on_every_visit(client, job, admin):
    invitation, token = invitation_with_link(job, admin)
    client.get(link(token))
    services.invitation_revoke(invitation=invitation, actor=admin)

    response = client.get(reverse("candidate_landing"))

    assert response.status_code == 410
    assert "cancelled by the employer" in response.content.decode()


def test_the_link_starts_a_fresh_session(client, job, admin):
    _, token = invitation_with_link(job, admin)
    client.get(reverse("candidate_landing"))
    session = client.session
    session["leftover"] = "x"
    session.save()
    before = client.cookies["sessionid"].value

    client.get(link(token))

    assert client.cookies["sessionid"].value != before
