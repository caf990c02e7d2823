"""Public job links: a recruiter publishes, caps, closes and re-opens one; people register,
confirm by an emailed one-time link and get an ordinary invitation; duplicates join the
existing one without the page telling; registrations are rate limited, capped and purged."""

import re
import threading
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from interviews import tasks
from interviews.models import (
    Invitation,
    InvitationStatus,
    InvitationToken,
    PublicLink,
    PublicRegistration,
)
from interviews.services import invitation_send, public_links
from palantrix import audit
from palantrix.models import AuditEvent, OutboxMessage
from palantrix.tokens import row_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_apply_counters():
    """Registrations are counted in Redis per address and network across runs."""
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match="*ratelimit:public-apply-*", count=500))
    if keys:
        client.delete(*keys)


@pytest.fixture
def link(interview_job, recruiter):
    return public_links.public_link_publish(job=interview_job, actor=recruiter)


def job_url(org, job):
    return reverse("job_detail", kwargs={"org": org.slug, "job_id": job.public_id})


def apply_url(link):
    return reverse("public_apply", args=[link.public_id])


def register(client, link, name="Ana Lima", email="ana.lima@example.test", **extra):
    return client.post(apply_url(link), {"name": name, "email": email}, **extra)


def emailed(mail_sink, address):
    """Run the registration's email task here (as the worker would) and read the mail."""
    for registration in PublicRegistration.objects.filter(email=address):
        tasks.send_public_registration_email_task.apply(
            kwargs={"registration_id": registration.pk}
        ).get()
    (message,) = mail_sink.wait_for(address)
    return message


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def confirm_path(message) -> str:
    return re.search(r"http://testserver(/apply/confirm/\S+/)", body(message)).group(1)


def test_a_recruiter_publishes_a_link_and_sees_it_with_a_copy_button(
    client_for, recruiter, org, interview_job
):
    client = client_for(recruiter)
    response = client.post(
        reverse("public_link_publish", args=[org.slug, interview_job.public_id]), {"cap": "5"}
    )
    assert response["Location"] == job_url(org, interview_job)

    link = PublicLink.objects.get(job=interview_job)
    page = client.get(job_url(org, interview_job)).content.decode()
    assert f"http://testserver/apply/{link.public_id}/" in page
    assert "Copy link" in page
    assert "0 registered of at most 5" in page
    event = AuditEvent.objects.get(action="interviews.public_link.published")
    assert event.data == {"job": str(interview_job.public_id), "cap": 5}


def test_a_closed_link_says_so_and_reopens(client, client_for, recruiter, org, link):
    manager = client_for(recruiter)
    manager.post(reverse("public_link_open", args=[org.slug, link.public_id]), {"open": "0"})
    client.logout()

    response = client.get(apply_url(link))
    assert response.status_code == 410
    assert "no longer takes applications" in response.content.decode()
    assert register(client, link).status_code == 410
    assert not PublicRegistration.objects.exists()

    manager = client_for(recruiter)
    manager.post(reverse("public_link_open", args=[org.slug, link.public_id]), {"open": "1"})
    client.logout()
    assert client.get(apply_url(link)).status_code == 200
    assert list(
        AuditEvent.objects.filter(action__startswith="interviews.public_link.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "interviews.public_link.published",
        "interviews.public_link.closed",
        "interviews.public_link.reopened",
    ]


def test_another_organisation_gets_404_for_the_link_and_extension_pages(
    client_for, other_admin, org, interview_job, link, invitation
):
    from interviews.models import ExtensionRequest

    request = ExtensionRequest.objects.create(
        organization=org, invitation=invitation, deadline_before=invitation.deadline
    )
    client = client_for(other_admin)
    other = other_admin.memberships.get().organization
    for name, args, data in [
        ("public_link_publish", [interview_job.public_id], {}),
        ("public_link_open", [link.public_id], {"open": "0"}),
        ("public_link_cap", [link.public_id], {"cap": "1"}),
        ("extension_approve", [request.public_id], {}),
        ("extension_decline", [request.public_id], {}),
    ]:
        response = client.post(reverse(name, args=[other.slug, *args]), data)
        assert response.status_code == 404, name
    link.refresh_from_db()
    request.refresh_from_db()
    assert (link.is_open, link.cap, request.status) == (True, None, "pending")


def test_the_public_page_shows_the_job_and_the_ai_notice_summary(client, org, recruiter, link):
    link.job.description = "Help our customers with their robots."
    link.job.save()
    page = client.get(apply_url(link)).content.decode()
    assert "Support engineer" in page
    assert "Help our customers with their robots." in page
    assert "How AI is used, in short" in page
    assert "the words of that transcript only" in page
    assert "human review only" in page
    assert org.name in page


def test_registering_and_confirming_makes_an_invitation_like_an_invited_candidates(
    client, mail_sink, org, link
):
    response = register(client, link, name="  Ana   Lima ", email="Ana.Lima@example.test")
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert not Invitation.objects.exists()
    registration = PublicRegistration.objects.get()
    # Only the hash of the derived token is stored; the task's arguments hold the row id.
    token = row_token(public_links.REGISTRATION_PURPOSE, registration)
    assert registration.token_hash != token
    assert len(registration.token_hash) == 64
    (queued,) = OutboxMessage.objects.filter(topic="task:interviews.send_public_registration_email")
    assert queued.payload == {"registration_id": registration.pk}

    message = emailed(mail_sink, "ana.lima@example.test")
    assert "Confirm your application for Support engineer" in message["Subject"]
    path = confirm_path(message)
    shown = client.get(path)  # a button: a mail scanner opening the link spends nothing
    assert "Confirm and open my interview" in shown.content.decode()
    assert shown["Referrer-Policy"] == "same-origin"
    response = client.post(path)

    assert response["Location"] == reverse("candidate_landing")
    invitation = Invitation.objects.get()
    assert (invitation.name, invitation.email) == ("Ana Lima", "ana.lima@example.test")
    assert invitation.status == InvitationStatus.INVITED
    assert invitation.deadline > timezone.now() + timedelta(days=6)
    assert InvitationToken.objects.filter(invitation=invitation).count() == 1  # its email
    assert OutboxMessage.objects.filter(topic="task:interviews.send_invitation_email").exists()
    assert not PublicRegistration.objects.exists()
    link.refresh_from_db()
    assert link.registered == 1
    landing = client.get(reverse("candidate_landing")).content.decode()
    assert "Your video interview for Support engineer" in landing
    # Single use.
    again = client.post(path)
    assert again.status_code == 410
    assert "expired or was already used" in again.content.decode()
    # The audit log holds ids only: not the name, not the address.
    for event in AuditEvent.objects.filter(organization=org):
        assert "Ana" not in str(event.data)
        assert "example.test" not in str(event.data)
    assert audit.verify_chain(org).ok


def test_an_expired_confirmation_link_is_refused(client, mail_sink, link):
    register(client, link)
    path = confirm_path(emailed(mail_sink, "ana.lima@example.test"))
    PublicRegistration.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    shown = client.get(path)
    assert shown.status_code == 410
    assert "expired or was already used" in shown.content.decode()
    response = client.post(path)
    assert response.status_code == 410
    assert "expired or was already used" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_cap_holds_and_a_full_link_says_so(client, mail_sink, recruiter, link):
    public_links.public_link_set_cap(link=link, actor=recruiter, cap=1)
    register(client, link, email="first@example.test")
    register(client, link, email="second@example.test")
    first = confirm_path(emailed(mail_sink, "first@example.test"))
    second = confirm_path(emailed(mail_sink, "second@example.test"))

    assert client.post(first).status_code == 302
    response = client.post(second)

    assert response.status_code == 410
    assert "as many applications as it can take" in response.content.decode()
    assert Invitation.objects.count() == 1
    page = client.get(apply_url(link))
    assert page.status_code == 410
    assert "as many applications as it can take" in page.content.decode()
    assert PublicRegistration.objects.count() == 1  # it may still confirm if the cap rises


@pytest.mark.django_db(transaction=True)
def test_parallel_confirmations_never_pass_the_cap(interview_job, recruiter):
    link = public_links.public_link_publish(job=interview_job, actor=recruiter, cap=2)
    tokens = []
    for number in range(6):
        public_links.public_registration_request(
            link=link, name=f"Person {number}", email=f"p{number}@example.test"
        )
    for registration in PublicRegistration.objects.all():
        tokens.append(row_token(public_links.REGISTRATION_PURPOSE, registration))
    outcomes, start = [], threading.Barrier(len(tokens))

    def confirm(token):
        start.wait()
        try:
            public_links.public_registration_confirm(token=token)
            outcomes.append("in")
        except public_links.PublicLinkUnavailable:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["full"] * 4 + ["in"] * 2
    assert Invitation.objects.filter(job=interview_job).count() == 2
    assert PublicLink.objects.get(pk=link.pk).registered == 2


def test_registrations_are_limited_per_address_and_per_network(client, settings, link):
    settings.PUBLIC_APPLY_PER_ADDRESS_PER_HOUR = 2
    settings.PUBLIC_APPLY_PER_NETWORK_PER_HOUR = 4
    home = {"REMOTE_ADDR": "203.0.113.7"}
    assert register(client, link, email="ana@example.test", **home).status_code == 200
    assert register(client, link, email="ANA@example.test", **home).status_code == 200
    limited = register(client, link, email="ana@example.test", **home)
    assert limited.status_code == 429
    assert "Too many applications came from your address or network" in limited.content.decode()
    assert limited["Retry-After"]

    # Another address of the same /24 network counts towards the network's limit.
    neighbour = {"REMOTE_ADDR": "203.0.113.99"}
    assert register(client, link, email="ben@example.test", **neighbour).status_code == 200
    assert register(client, link, email="cy@example.test", **neighbour).status_code == 429
    # Elsewhere, someone else is not held up.
    elsewhere = {"REMOTE_ADDR": "198.51.100.1"}
    assert register(client, link, email="di@example.test", **elsewhere).status_code == 200
    assert PublicRegistration.objects.count() == 4


def test_a_duplicate_joins_the_existing_invitation_and_the_page_reveals_nothing(
    client, mail_sink, recruiter, interview_job, link
):
    invited = invitation_send(
        job=interview_job, actor=recruiter, name="Ana Lima", email="ana.lima@example.test"
    )
    new = register(client, link, name="Ben Okafor", email="ben@example.test").content.decode()
    again = register(client, link, name="Ana L.", email="ANA.LIMA@example.test").content.decode()

    def main(page):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    assert main(new) == main(again)
    message = emailed(mail_sink, "ana.lima@example.test")
    assert message["Subject"] == "Your video interview link for Support engineer"
    assert "already have an interview" in body(message)
    path = re.search(r"http://testserver(/i/\S+/)", body(message)).group(1)
    assert client.get(path)["Location"] == reverse("candidate_landing")
    assert Invitation.objects.filter(job=interview_job).get() == invited
    assert not PublicRegistration.objects.filter(email="ana.lima@example.test").exists()
    link.refresh_from_db()
    assert link.registered == 0
    assert AuditEvent.objects.filter(action="interviews.public_registration.joined").count() == 1


def test_confirming_after_being_invited_meanwhile_joins_that_invitation(
    client, mail_sink, recruiter, interview_job, link
):
    register(client, link)
    path = confirm_path(emailed(mail_sink, "ana.lima@example.test"))
    invited = invitation_send(
        job=interview_job, actor=recruiter, name="Ana Lima", email="ana.lima@example.test"
    )
    assert client.post(path)["Location"] == reverse("candidate_landing")
    assert Invitation.objects.get() == invited
    link.refresh_from_db()
    assert link.registered == 0


def test_unconfirmed_registrations_expire_and_are_purged(client, link):
    register(client, link, email="old@example.test")
    register(client, link, email="new@example.test")
    PublicRegistration.objects.filter(email="old@example.test").update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    assert tasks.purge_public_registrations_task.apply().get() == 1
    assert tasks.purge_public_registrations_task.apply().get() == 0  # safe to repeat

    assert list(PublicRegistration.objects.values_list("email", flat=True)) == ["new@example.test"]
    later = timezone.now() + public_links.REGISTRATION_TTL + timedelta(minutes=1)
    assert public_links.public_registrations_purge(now=later) == 1
    assert not PublicRegistration.objects.exists()


def test_an_erased_candidates_unconfirmed_registrations_go_with_them(client, link, invitation):
    from interviews import privacy

    register(client, link, email=invitation.email.upper())
    register(client, link, email="someone.else@example.test")
    privacy.candidate_erase(invitation=invitation)
    assert list(PublicRegistration.objects.values_list("email", flat=True)) == [
        "someone.else@example.test"
    ]
