"""An admin invites a teammate: a real Celery worker emails the link over SMTP."""

import re

import pytest
from django.urls import reverse

from palantrix import audit
from palantrix.models import AuditEvent, Membership, Role, TeamInvitation

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def invite(client, org, email, role=Role.HIRING_MANAGER):
    return client.post(
        reverse("team_invite", kwargs={"org": org.slug}),
        {"email": email, "role": role},
        follow=True,
    )


def accept_link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://testserver(/join/\S+/)", body).group(1)


def test_invited_teammate_gets_the_email_from_the_worker_and_joins(
    celery_worker, mail_sink, client, client_for, admin, org
):
    response = invite(client_for(admin), org, "new.manager@example.test")
    assert "Invitation sent to new.manager@example.test" in response.content.decode()

    (message,) = mail_sink.wait_for("new.manager@example.test")
    assert "Acme Robotics" in message["Subject"]
    assert message["From"].addresses[0].display_name == "Acme Robotics"
    assert message.get_body(preferencelist=("html",)) is not None
    link = accept_link(message)
    # Only a hash of the token is stored.
    token = link.split("/")[2]
    assert not TeamInvitation.objects.filter(token_hash=token).exists()

    client.logout()
    page = client.get(link)
    assert "Join Acme Robotics" in page.content.decode()
    joined = client.post(
        link, {"first_name": "Nia", "last_name": "Moss", "password": "a-long-pass-phrase"}
    )
    assert joined["Location"] == reverse("dashboard", kwargs={"org": org.slug})
    membership = Membership.objects.get(user__email="new.manager@example.test")
    assert membership.role == Role.HIRING_MANAGER
    assert client.get(link).status_code == 410  # the link works once

    actions = list(AuditEvent.objects.filter(organization=org).values_list("action", flat=True))
    assert actions == ["palantrix.member.invited", "palantrix.member.joined"]
    assert audit.verify_chain(org).ok


def test_a_withdrawn_invitation_is_not_sent_and_its_link_is_refused(
    celery_worker, mail_sink, client, client_for, admin, org
):
    client = client_for(admin)
    invite(client, org, "first@example.test")
    (message,) = mail_sink.wait_for("first@example.test")
    invitation = TeamInvitation.objects.get(email="first@example.test")
    client.post(
        reverse(
            "team_invitation_revoke",
            kwargs={"org": org.slug, "team_invitation_id": invitation.public_id},
        )
    )
    client.logout()
    response = client.get(accept_link(message))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
