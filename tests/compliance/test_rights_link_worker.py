"""The rights link through the real worker: the web request only queues the address, the
worker looks it up, and only an address the organisation invited gets an email."""

import uuid

import pytest
from django.urls import reverse

from compliance.models import RightsLink
from interviews import services as interviews
from tests.compliance.rights_data import support_job

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_a_known_address_gets_its_link_by_email_and_an_unknown_one_nothing(
    client, celery_worker, mail_sink, org, admin
):
    run = uuid.uuid4().hex[:8]
    known, unknown = f"ana.{run}@example.test", f"nobody.{run}@example.test"
    invitation = interviews.invitation_send(
        job=support_job(org, admin), actor=admin, name="Ana Lima", email=known
    )
    mail_sink.wait_for(known)  # the invitation's own email, sent by the worker
    url = reverse("rights_start", args=[org.slug])

    assert client.post(url, {"email": unknown}, REMOTE_ADDR="10.77.0.1").status_code == 200
    assert client.post(url, {"email": known.upper()}, REMOTE_ADDR="10.77.0.2").status_code == 200

    message = mail_sink.wait_for(known, count=2)[-1]
    assert "one-time link" in message["Subject"]
    assert RightsLink.objects.filter(invitation=invitation).count() == 1
    # One worker process takes its queue in order: the unknown address, asked about
    # first, was looked up before the known one's link went out.
    assert mail_sink.messages_to(unknown) == []
