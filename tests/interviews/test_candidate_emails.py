"""Candidates hear back: the organisation's wording of their emails, and a decision's email
sent once after its grace period (or not at all when withdrawn)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews import emails, messages
from interviews.candidates import SESSION_KEY
from interviews.models import OutcomeEmail, OutcomeEmailStatus
from interviews.services.messages import candidate_email_template_save
from palantrix.errors import DomainError, InvalidField
from palantrix.models import AuditEvent
from review import services as review_services
from tests.compliance.rights_data import scored_application, support_job
from tests.compliance.test_rights import one_time_link

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=1)  # longer than any grace period the tests set


@pytest.fixture
def job(org, admin):
    return support_job(org, admin)


@pytest.fixture
def ana(job, admin):
    return scored_application(
        job,
        admin,
        name="Ana Lima",
        email="ana.lima@example.test",
        sentences=("I called the customer back the same day.", "I paired with a colleague."),
        values=(80, 60),
    )


@pytest.fixture
def ben(job, admin):
    return scored_application(
        job,
        admin,
        name="Ben Okafor",
        email="ben.okafor@example.test",
        sentences=("I escalated the outage to my manager.", "Our team split the backlog."),
        values=(65, 50),
    )


def edit_rejection(org, admin, **fields):
    return candidate_email_template_save(
        organization=org,
        actor=admin,
        kind="reject",
        subject=fields.get("subject", "About {{ job }}, {{ first_name }}"),
        body=fields.get("body", "Dear {{ first_name }}, {{ organization }} chose someone else."),
        send_by_default=fields.get("send_by_default", False),
    )


def reject(invitation, admin, email="yes"):
    return review_services.decision_record(
        invitation=invitation, actor=admin, outcome="reject", reason="Fewer examples", email=email
    )


# --- Templates ---------------------------------------------------------------------------------


def test_an_unknown_merge_field_is_refused_and_each_save_is_a_new_version(org, admin):
    with pytest.raises(InvalidField, match="first_nme"):
        edit_rejection(org, admin, body="Dear {{ first_nme }}")
    assert edit_rejection(org, admin).version == 1
    assert edit_rejection(org, admin, subject="Your application").version == 2
    event = AuditEvent.objects.filter(action="interviews.email_template.saved").last()
    assert event.data == {"kind": "reject", "version": 2, "send_by_default": False}


def test_the_default_invitation_keeps_todays_text(org, ana, mail_sink):
    emails.send_invitation(ana, token="t", kind="invitation")
    (message,) = mail_sink.wait_for(ana.email)
    assert message["Subject"] == f"Your video interview for {ana.job.title} at {org.name}"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert f"{org.name} invites you to a short video interview for the job of" in text
    assert re.search(r"You answer \d+ questions? on video, in your own time", text)


def test_an_edited_reminder_is_what_the_candidate_gets(org, admin, ana, mail_sink):
    candidate_email_template_save(
        organization=org,
        actor=admin,
        kind="reminder",
        subject="{{ first_name }}, a nudge from {{ organization }}",
        body="Hi {{ first_name }} <b>, only a few days left for {{ job }}.",
    )
    emails.send_invitation(ana, token="t", kind="reminder")
    (message,) = mail_sink.wait_for(ana.email)
    assert message["Subject"] == f"Ana, a nudge from {org.name}"
    assert "Hi Ana <b>, only a few days left" in message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Hi Ana &lt;b&gt;, only a few days left" in html  # the wording is escaped


def test_the_preview_fills_sample_data_and_shows_the_plain_text(client_for, admin, org):
    url = reverse("email_template_edit", kwargs={"org": org.slug, "kind": "reject"})
    page = client_for(admin).post(
        url, {"subject": "Hi {{ first_name }}", "body": "About {{ job }}", "action": "preview"}
    )
    content = page.content.decode()
    assert "Hi Alex" in content
    assert "About Customer Support Lead" in content
    assert not OutcomeEmail.objects.exists()
    assert messages.wording_for(organization=org, kind="reject").version == 0  # not saved


def test_saving_on_the_page_and_the_role_check(client_for, admin, hiring_manager, org):
    url = reverse("email_template_edit", kwargs={"org": org.slug, "kind": "hold"})
    data = {"subject": "Wait, {{ first_name }}", "body": "Soon.", "action": "save"}
    assert client_for(hiring_manager).post(url, data).status_code == 403
    assert client_for(admin).post(url, data).status_code == 302
    assert messages.wording_for(organization=org, kind="hold").subject == "Wait, {{ first_name }}"
    listing = client_for(admin).get(reverse("email_template_list", kwargs={"org": org.slug}))
    assert "Wait, {{ first_name }}" in listing.content.decode()


# --- A decision's email ------------------------------------------------------------------------


def test_the_edited_template_goes_once_after_the_grace_period(org, admin, ana, mail_sink):
    edit_rejection(org, admin)
    decision = reject(ana, admin)
    email = OutcomeEmail.objects.get()
    assert (email.decision, email.status) == (decision, OutcomeEmailStatus.SCHEDULED)

    assert review_services.outcome_emails_send_due() == 0  # still in its grace period
    assert review_services.outcome_emails_send_due(now=timezone.now() + LATER) == 1
    assert review_services.outcome_emails_send_due(now=timezone.now() + LATER) == 0
    assert (
        review_services.outcome_email_send(email_id=email.pk, now=timezone.now() + LATER) is False
    )

    (message,) = mail_sink.wait_for(ana.email)
    assert message["Subject"] == f"About {ana.job.title}, Ana"
    assert f"Dear Ana, {org.name} chose someone else." in message.get_body(("plain",)).get_content()
    email.refresh_from_db()
    assert (email.status, email.template_version) == (OutcomeEmailStatus.SENT, 1)
    sent = AuditEvent.objects.get(action="review.outcome_email.sent")
    assert sent.data == {
        "email": str(email.public_id),
        "decision": str(decision.public_id),
        "kind": "reject",
        "template_version": 1,
    }


def test_a_withdrawn_email_is_never_sent(org, admin, ana, mail_sink):
    reject(ana, admin)
    email = OutcomeEmail.objects.get()
    review_services.outcome_email_withdraw(email=email, actor=admin)
    assert review_services.outcome_emails_send_due(now=timezone.now() + LATER) == 0
    assert mail_sink.messages_to(ana.email) == []
    assert AuditEvent.objects.get(action="review.outcome_email.withdrawn").data["reason"] == (
        "withdrawn by reviewer"
    )


def test_an_email_already_sent_cannot_be_withdrawn(org, admin, ana, mail_sink):
    reject(ana, admin)
    review_services.outcome_emails_send_due(now=timezone.now() + LATER)
    with pytest.raises(DomainError, match="already been sent"):
        review_services.outcome_email_withdraw(email=OutcomeEmail.objects.get(), actor=admin)


def test_a_changed_decision_withdraws_the_waiting_email(org, admin, ana, mail_sink):
    reject(ana, admin)
    review_services.decision_record(
        invitation=ana, actor=admin, outcome="advance", reason="Second look", email="yes"
    )
    assert review_services.outcome_emails_send_due(now=timezone.now() + LATER) == 1
    (message,) = mail_sink.wait_for(ana.email)
    assert "move forward with your application" in message.get_body(("plain",)).get_content()
    assert "We will contact you shortly" in message.get_body(("plain",)).get_content()
    assert OutcomeEmail.objects.get(kind="reject").status == OutcomeEmailStatus.WITHDRAWN


def test_the_organisations_default_decides_when_the_decider_does_not(org, admin, ana, ben):
    reject(ana, admin, email="")
    assert not OutcomeEmail.objects.exists()  # off unless the organisation turns it on
    edit_rejection(org, admin, send_by_default=True)
    reject(ben, admin, email="")
    reject(ana, admin, email="no")
    assert list(OutcomeEmail.objects.values_list("invitation", flat=True)) == [ben.pk]


def test_a_bulk_decision_sends_one_email_each(client_for, admin, org, job, ana, ben, mail_sink):
    from compliance.services import instructions_acknowledge, overseer_set
    from palantrix.models import Membership

    membership = Membership.objects.get(user=admin, organization=org)
    instructions_acknowledge(membership=membership, actor=admin)
    overseer_set(membership=membership, actor=admin, granted=True)
    client_for(admin).post(
        reverse("decide_many", kwargs={"org": org.slug, "job_id": job.public_id}),
        {
            "candidates": [str(ana.public_id), str(ben.public_id)],
            "outcome": "hold",
            "reason": "Waiting for budget",
            "email": "yes",
        },
    )
    assert review_services.outcome_emails_send_due(now=timezone.now() + LATER) == 2
    assert review_services.outcome_emails_send_due(now=timezone.now() + LATER) == 0
    assert len(mail_sink.wait_for(ana.email)) == 1
    assert len(mail_sink.wait_for(ben.email)) == 1


def test_withdrawing_needs_an_overseer_of_the_same_organisation(
    client_for, admin, other_admin, org, ana
):
    reject(ana, admin)
    email = OutcomeEmail.objects.get()
    url = reverse(
        "outcome_email_withdraw", kwargs={"org": org.slug, "outcome_email_id": email.public_id}
    )
    assert client_for(admin).post(url).status_code == 403  # not an overseer
    assert client_for(other_admin).post(url).status_code == 404
    email.refresh_from_db()
    assert email.status == OutcomeEmailStatus.SCHEDULED


# --- What the candidate sees -------------------------------------------------------------------


def test_the_candidate_sees_received_then_under_review_then_decided(client, org, admin, ana):
    session = client.session
    session[SESSION_KEY] = str(ana.public_id)
    session.save()

    def stage() -> str:
        page = client.get(reverse("candidate_done")).content.decode()
        return page.split('aria-current="step"><strong>')[1].split("<")[0]

    assert stage() == "Received"
    review_services.candidate_viewed(invitation=ana, actor=admin, answers=2)
    assert stage() == "Under review"
    decision = reject(ana, admin, email="no")
    assert stage() == "Under review"  # the decision may still change in its grace period
    decision.__class__.objects.filter(pk=decision.pk).update(created_at=timezone.now() - LATER)
    assert stage() == "Decided"


def test_the_sent_email_is_on_the_candidates_rights_page(client, org, admin, ana, mail_sink):
    edit_rejection(org, admin)
    reject(ana, admin)
    review_services.outcome_emails_send_due(now=timezone.now() + LATER)
    assert client.get(one_time_link(ana)).status_code == 302
    page = client.get(reverse("rights_home")).content.decode()
    assert f"About {ana.job.title}, Ana" in page
    assert f"Dear Ana, {org.name} chose someone else." in page


def test_the_sent_email_is_in_the_candidates_copy(org, admin, ana, mail_sink):
    from compliance.rights.export import export_data

    edit_rejection(org, admin)
    reject(ana, admin)
    review_services.outcome_emails_send_due(now=timezone.now() + LATER)
    (sent,) = export_data(ana)["messages"]
    assert (sent["kind"], sent["template_version"]) == ("reject", 1)
    assert sent["subject"] == f"About {ana.job.title}, Ana"


def test_a_completion_receipt_goes_out_once_switched_on(org, admin, ana, mail_sink):
    from interviews.subscribers import on_interview_completed
    from palantrix.models import OutboxMessage

    message = OutboxMessage(organization=org, payload={"interview": str(ana.public_id)})
    on_interview_completed(message)
    assert mail_sink.messages_to(ana.email) == []
    candidate_email_template_save(
        organization=org,
        actor=admin,
        kind="completion",
        subject="Thanks, {{ first_name }}",
        body=messages.DEFAULTS["completion"].body,
        send_by_default=True,
    )
    on_interview_completed(message)
    (sent,) = mail_sink.wait_for(ana.email)
    assert sent["Subject"] == "Thanks, Ana"
    assert "has received your answers for" in sent.get_body(("plain",)).get_content()
