"""Recruiters invite candidates one at a time or from a CSV, and resend, extend and revoke.

The first part runs in one transaction per test (no worker: batches are processed by
calling the service). The `worker` part sends through the real Celery worker and SMTP sink.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews import services, tasks
from interviews.models import Invitation, InvitationBatch, InvitationStatus, InvitationToken
from palantrix import audit
from palantrix.models import AuditEvent
from tests.waiting import seconds, wait_until

CSV = (
    b"name;email\n"
    b"Ada Lovelace;ada@example.test\n"
    b"Bad Address;not-an-email\n"
    b";nameless@example.test\n"
    b"Grace Hopper;grace@example.test\n"
    b"Ada Again;ADA@example.test\n"
)
GOOD_ROWS = 2  # Ada (line 2) and Grace (line 5)


def make_job(org, actor, title="Robot Whisperer", **fields):
    job = services.job_create(organization=org, actor=actor, title=title, **fields)
    services.question_add(
        job=job, actor=actor, question=services.QuestionInput("Tell us about a robot you fixed.")
    )
    services.question_add(
        job=job, actor=actor, question=services.QuestionInput("How do you explain a fault?")
    )
    return job


def job_url(org, job):
    return reverse("job_detail", kwargs={"org": org.slug, "job_id": job.public_id})


def invite(client, org, job, name="Nia Moss", email="nia@example.test"):
    return client.post(
        reverse("invitation_create", kwargs={"org": org.slug, "job_id": job.public_id}),
        {"name": name, "email": email},
    )


def messages_after(response) -> list[str]:
    """The flash messages of the request (job_detail is another helper's page)."""
    from django.contrib.messages import get_messages

    return [str(m) for m in get_messages(response.wsgi_request)]


def actions(org, prefix="interviews.invitation"):
    return list(
        AuditEvent.objects.filter(organization=org, action__startswith=prefix)
        .order_by("id")
        .values_list("action", flat=True)
    )


def action_url(name, org, invitation):
    return reverse(name, kwargs={"org": org.slug, "invitation_id": invitation.public_id})


# --- Invite one ------------------------------------------------------------------------------


class TestInviteOne:
    pytestmark = pytest.mark.django_db

    def test_recruiter_invites_a_candidate_and_only_a_token_hash_is_stored(
        self, client_for, recruiter, admin, org
    ):
        job = make_job(org, admin)
        client = client_for(recruiter)

        response = invite(client, org, job, email="Nia@Example.test ")

        assert response.status_code == 302
        assert response["Location"] == job_url(org, job)
        assert "Invitation sent to nia@example.test." in messages_after(response)
        invitation = Invitation.objects.get(job=job)
        assert (invitation.name, invitation.email) == ("Nia Moss", "nia@example.test")
        assert invitation.status == InvitationStatus.INVITED
        assert actions(org) == ["interviews.invitation.sent"]
        # The stored hashes are 64 hex characters, never a link token (43 url-safe chars).
        hashes = list(InvitationToken.objects.values_list("token_hash", flat=True))
        assert len(hashes) == 1
        assert re.fullmatch(r"[0-9a-f]{64}", hashes[0])
        assert audit.verify_chain(org).ok

    def test_the_token_sent_by_email_is_not_stored_nor_in_the_task_arguments(self, admin, org):
        """The email task gets the token's row and rebuilds the token (HMAC under the
        server's secret): what waits in the outbox or the broker holds no secret."""
        from palantrix.models import OutboxMessage
        from palantrix.tokens import row_token

        job = make_job(org, admin)
        invitation = services.invitation_send(
            job=job, actor=admin, name="A B", email="ab@example.test"
        )

        (row,) = OutboxMessage.objects.filter(topic="task:interviews.send_invitation_email")
        (link,) = InvitationToken.objects.filter(invitation__email="ab@example.test")
        assert row.payload == {
            "invitation_id": invitation.pk,
            "token_id": link.pk,
            "kind": "invitation",
        }
        token = row_token(services.LINK_PURPOSE, link)
        assert not InvitationToken.objects.filter(token_hash=token).exists()
        assert services.invitation_from_token(token) == invitation

    def test_inviting_the_same_email_twice_is_refused_with_a_message(
        self, client_for, recruiter, admin, org
    ):
        job = make_job(org, admin)
        client = client_for(recruiter)
        invite(client, org, job)

        response = invite(client, org, job, name="Someone Else", email="NIA@example.test")

        assert response["Location"] == job_url(org, job)
        assert "nia@example.test already has an open invitation to this job." in messages_after(
            response
        )
        assert Invitation.objects.filter(job=job).count() == 1

    def test_invalid_form_is_refused_with_a_message(self, client_for, recruiter, admin, org):
        job = make_job(org, admin)
        client = client_for(recruiter)
        response = invite(client, org, job, name="", email="nope")
        assert "Enter the candidate's name and a valid email address." in messages_after(response)
        assert not Invitation.objects.exists()

    def test_a_job_without_questions_cannot_be_invited_to(self, client_for, admin, org):
        job = services.job_create(organization=org, actor=admin, title="Empty")
        client = client_for(admin)
        response = invite(client, org, job)
        assert "Add questions to the job before inviting candidates." in messages_after(response)
        assert not Invitation.objects.exists()

    def test_hiring_manager_cannot_invite_or_manage_invitations(
        self, client_for, hiring_manager, admin, org
    ):
        job = make_job(org, admin)
        invitation = services.invitation_send(
            job=job, actor=admin, name="Nia Moss", email="nia@example.test"
        )
        client = client_for(hiring_manager)
        import_url = reverse("invitation_import", kwargs={"org": org.slug, "job_id": job.public_id})

        assert invite(client, org, job, email="other@example.test").status_code == 403
        assert client.get(import_url).status_code == 403
        for name in ("invitation_resend", "invitation_extend", "invitation_revoke"):
            assert client.post(action_url(name, org, invitation)).status_code == 403
        assert Invitation.objects.count() == 1
        invitation.refresh_from_db()
        assert invitation.status == InvitationStatus.INVITED
        assert invitation.send_count == 1

    def test_inviting_to_another_organisations_job_is_404(
        self, client_for, admin, other_admin, org, other_org
    ):
        foreign_job = make_job(other_org, other_admin)
        response = invite(client_for(admin), org, foreign_job)
        assert response.status_code == 404
        assert not Invitation.objects.exists()


# --- Resend, extend, revoke ---------------------------------------------------------------------


class TestManageInvitation:
    pytestmark = pytest.mark.django_db

    @pytest.fixture
    def invitation(self, admin, org):
        job = make_job(org, admin)
        return services.invitation_send(
            job=job, actor=admin, name="Nia Moss", email="nia@example.test"
        )

    def test_resend_adds_a_new_link_and_is_audited(self, client_for, recruiter, org, invitation):
        client = client_for(recruiter)
        response = client.post(action_url("invitation_resend", org, invitation))
        assert response["Location"] == job_url(org, invitation.job)
        assert "Invitation sent again to nia@example.test." in messages_after(response)
        invitation.refresh_from_db()
        assert invitation.send_count == 2
        assert invitation.tokens.count() == 2  # the first email's link still works
        assert actions(org) == ["interviews.invitation.sent", "interviews.invitation.resent"]

    def test_extend_to_a_chosen_day_ends_that_day_and_is_audited(
        self, client_for, recruiter, org, invitation
    ):
        day = (timezone.now() + timedelta(days=20)).date()
        client = client_for(recruiter)
        response = client.post(
            action_url("invitation_extend", org, invitation), {"deadline": day.isoformat()}
        )
        assert response["Location"] == job_url(org, invitation.job)
        invitation.refresh_from_db()
        assert invitation.deadline.date() == day
        assert (invitation.deadline.hour, invitation.deadline.minute) == (23, 59)
        assert any("now has until" in m for m in messages_after(response))
        assert actions(org)[-1] == "interviews.invitation.extended"

    def test_extend_by_seven_days_reopens_an_expired_invitation(
        self, client_for, recruiter, org, invitation
    ):
        Invitation.objects.filter(pk=invitation.pk).update(
            deadline=timezone.now() - timedelta(hours=1)
        )
        services.invitations_expire()
        client = client_for(recruiter)

        client.post(action_url("invitation_extend", org, invitation), {"plus_days": "7"})

        invitation.refresh_from_db()
        assert invitation.status == InvitationStatus.INVITED
        assert (
            timedelta(days=6, hours=23) < invitation.deadline - timezone.now() <= timedelta(days=7)
        )
        assert actions(org)[-1] == "interviews.invitation.extended"

    def test_extend_to_a_past_day_is_refused(self, client_for, recruiter, org, invitation):
        client = client_for(recruiter)
        before = invitation.deadline
        response = client.post(
            action_url("invitation_extend", org, invitation),
            {"deadline": (timezone.now() - timedelta(days=2)).date().isoformat()},
        )
        assert "The new deadline must be in the future." in messages_after(response)
        invitation.refresh_from_db()
        assert invitation.deadline == before

    def test_extend_without_a_day_asks_for_one(self, client_for, recruiter, org, invitation):
        client = client_for(recruiter)
        response = client.post(action_url("invitation_extend", org, invitation), {})
        assert "Choose a new last day, or add 7 days." in messages_after(response)

    def test_revoke_with_a_reason_is_audited_and_closes_the_invitation(
        self, client_for, recruiter, org, invitation
    ):
        client = client_for(recruiter)
        response = client.post(
            action_url("invitation_revoke", org, invitation), {"reason": "Position filled"}
        )
        assert "Invitation for nia@example.test revoked." in messages_after(response)
        invitation.refresh_from_db()
        assert invitation.status == InvitationStatus.REVOKED
        event = AuditEvent.objects.get(action="interviews.invitation.revoked")
        assert event.data == {"reason": "Position filled"}

        again = client.post(action_url("invitation_resend", org, invitation))
        assert "This invitation is revoked." in messages_after(again)

    def test_actions_answer_get_with_405(self, client_for, recruiter, org, invitation):
        client = client_for(recruiter)
        for name in ("invitation_resend", "invitation_extend", "invitation_revoke"):
            assert client.get(action_url(name, org, invitation)).status_code == 405


# --- The panel on the job page ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_panel_lists_invitations_with_their_actions(rf, recruiter, admin, org):
    from django.template.loader import render_to_string

    from interviews import selectors
    from interviews.forms.invitations import InviteForm
    from palantrix.models import Membership

    job = make_job(org, admin)
    open_one = services.invitation_send(
        job=job, actor=admin, name="Nia Moss", email="n@example.test"
    )
    revoked = services.invitation_send(job=job, actor=admin, name="Rex Roe", email="r@example.test")
    services.invitation_revoke(invitation=revoked, actor=admin)
    request = rf.get("/")
    request.user = recruiter

    html = render_to_string(
        "interviews/invitations/panel.html",
        {
            "job": job,
            "invitations": selectors.invitation_list(job=job),
            "invite_form": InviteForm(),
            "current_organization": org,
            "current_membership": Membership.objects.get(user=recruiter),
        },
        request=request,
    )

    assert "Nia Moss" in html
    assert "Rex Roe" in html
    assert action_url("invitation_resend", org, open_one) in html
    assert action_url("invitation_revoke", org, open_one) in html
    assert action_url("invitation_revoke", org, revoked) not in html
    assert reverse("invitation_import", kwargs={"org": org.slug, "job_id": job.public_id}) in html
    assert reverse("invitation_create", kwargs={"org": org.slug, "job_id": job.public_id}) in html


# --- CSV import ---------------------------------------------------------------------------------


def upload(client, org, job, content=CSV, filename="candidates.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("invitation_import", kwargs={"org": org.slug, "job_id": job.public_id}),
        {"file": SimpleUploadedFile(filename, content, content_type="text/csv")},
    )


class TestCsvImport:
    pytestmark = pytest.mark.django_db

    def test_upload_page_explains_the_expected_file(self, client_for, recruiter, admin, org):
        job = make_job(org, admin)
        page = client_for(recruiter).get(
            reverse("invitation_import", kwargs={"org": org.slug, "job_id": job.public_id})
        )
        text = page.content.decode()
        assert page.status_code == 200
        for expected in ("name", "email", "semicolons", "1 MB", "1000 rows"):
            assert expected in text

    def test_preview_lists_every_row_and_only_good_rows_become_invitations(
        self, client_for, recruiter, admin, org
    ):
        # Given a job where Grace was already invited by hand
        job = make_job(org, admin)
        services.invitation_send(job=job, actor=admin, name="Grace H", email="grace@example.test")
        client = client_for(recruiter)

        # When the recruiter uploads the file
        response = upload(client, org, job, content=CSV)
        batch = InvitationBatch.objects.get()
        preview_url = reverse(
            "invitation_import_preview",
            kwargs={"org": org.slug, "job_id": job.public_id, "batch_id": batch.public_id},
        )
        assert response["Location"] == preview_url
        page = client.get(preview_url).content.decode()

        # Then every row is listed with its line and problems
        for line in ("2", "3", "4", "5", "6"):
            assert f"<td>{line}</td>" in page
        assert "Bad email address" in page
        assert "Missing name" in page
        assert "Duplicate of line 2" in page
        assert "Already invited to this job" in page
        assert "1 will be sent, 4 have problems and will not be sent." in page
        assert "Send 1 invitation" in page

        # When they confirm (twice) and the batch is processed
        client.post(preview_url, {"action": "confirm"})
        client.post(preview_url, {"action": "confirm"})
        batch.refresh_from_db()
        assert batch.status == InvitationBatch.Status.SENDING
        services.invitation_batch_process(batch_id=batch.pk)
        services.invitation_batch_process(batch_id=batch.pk)  # a redelivered task: harmless

        # Then only Ada is newly invited, once, and the page says so
        emails = set(Invitation.objects.filter(job=job).values_list("email", flat=True))
        assert emails == {"grace@example.test", "ada@example.test"}
        batch.refresh_from_db()
        assert (batch.status, batch.sent, batch.rows) == ("done", 1, [])
        done = client.get(preview_url).content.decode()
        assert "Sent 1 invitation" in done
        assert actions(org, "interviews.invitation_batch") == [
            "interviews.invitation_batch.confirmed"
        ]
        progress = client.get(f"{preview_url}progress/").json()
        assert progress["status"] == "done"
        assert progress["sent"] == 1
        assert progress["percent"] == 100

    def test_rows_invited_meanwhile_are_reported_by_line(self, client_for, recruiter, admin, org):
        job = make_job(org, admin)
        client = client_for(recruiter)
        upload(client, org, job)
        batch = InvitationBatch.objects.get()
        services.invitation_batch_confirm(batch=batch, actor=recruiter)
        services.invitation_send(job=job, actor=admin, name="Grace", email="grace@example.test")

        batch = services.invitation_batch_process(batch_id=batch.pk)

        assert batch.sent == 1
        assert batch.failures == [{"line": 5, "problem": "already invited to this job"}]
        preview_url = reverse(
            "invitation_import_preview",
            kwargs={"org": org.slug, "job_id": job.public_id, "batch_id": batch.public_id},
        )
        assert "Line 5: already invited to this job" in client.get(preview_url).content.decode()

    def test_sending_page_shows_progress_that_refreshes_without_javascript(
        self, client_for, recruiter, admin, org
    ):
        job = make_job(org, admin)
        client = client_for(recruiter)
        upload(client, org, job)
        batch = InvitationBatch.objects.get()
        services.invitation_batch_confirm(batch=batch, actor=recruiter)
        url = reverse(
            "invitation_import_preview",
            kwargs={"org": org.slug, "job_id": job.public_id, "batch_id": batch.public_id},
        )
        page = client.get(url).content.decode()
        assert "<progress" in page
        assert 'aria-live="polite"' in page
        assert '<meta http-equiv="refresh"' in page
        assert "js/import_progress.js" in page
        assert client.get(f"{url}progress/").json() == {
            "status": "sending",
            "processed": 0,
            "total": GOOD_ROWS,
            "percent": 0,
            "sent": 0,
            "failures": [],
        }

    def test_cancel_sends_nothing(self, client_for, recruiter, admin, org):
        job = make_job(org, admin)
        client = client_for(recruiter)
        upload(client, org, job)
        batch = InvitationBatch.objects.get()
        url = reverse(
            "invitation_import_preview",
            kwargs={"org": org.slug, "job_id": job.public_id, "batch_id": batch.public_id},
        )
        response = client.post(url, {"action": "cancel"})
        assert response["Location"] == job_url(org, job)
        client.post(url, {"action": "confirm"})
        batch.refresh_from_db()
        assert (batch.status, batch.rows) == ("cancelled", [])
        assert not Invitation.objects.exists()
        assert "Import cancelled" in client.get(url).content.decode()

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"", "The submitted file is empty."),
            (b"name,email\n", "The file has no candidates."),
            (b"x" * (1024 * 1024 + 1), "The file is larger than 1 MB."),
            (b"".join(b"A,a%d@example.test\n" % i for i in range(1001)), "more than 1000 rows"),
        ],
        ids=["empty", "header-only", "too-big", "too-many-rows"],
    )
    def test_a_bad_file_is_refused_on_the_upload_page(
        self, client_for, recruiter, admin, org, content, message
    ):
        job = make_job(org, admin)
        response = upload(client_for(recruiter), org, job, content=content)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not InvitationBatch.objects.exists()

    def test_a_file_with_only_bad_rows_offers_no_send_button(
        self, client_for, recruiter, admin, org
    ):
        job = make_job(org, admin)
        client = client_for(recruiter)
        response = upload(client, org, job, content=b"Ann,nope\n,b@example.test\n")
        page = client.get(response["Location"]).content.decode()
        assert "0 will be sent, 2 have problems" in page
        assert 'value="confirm"' not in page
        client.post(response["Location"], {"action": "confirm"})
        assert InvitationBatch.objects.get().status == "preview"

    def test_batch_of_another_job_is_404(self, client_for, recruiter, admin, org):
        job = make_job(org, admin)
        other_job = make_job(org, admin, title="Other job")
        client = client_for(recruiter)
        upload(client, org, job)
        batch = InvitationBatch.objects.get()
        kwargs = {"org": org.slug, "job_id": other_job.public_id, "batch_id": batch.public_id}
        assert client.get(reverse("invitation_import_preview", kwargs=kwargs)).status_code == 404
        assert (
            client.post(
                reverse("invitation_import_preview", kwargs=kwargs), {"action": "confirm"}
            ).status_code
            == 404
        )
        assert client.get(reverse("invitation_import_progress", kwargs=kwargs)).status_code == 404
        batch.refresh_from_db()
        assert batch.status == InvitationBatch.Status.PREVIEW


# --- Reminders and expiry ------------------------------------------------------------------------


class TestRemindersAndExpiry:
    pytestmark = pytest.mark.django_db

    def test_a_reminder_is_sent_once_when_the_deadline_is_near(self, admin, org):
        job = make_job(org, admin)
        due = services.invitation_send(job=job, actor=admin, name="Due", email="due@example.test")
        later = services.invitation_send(job=job, actor=admin, name="Later", email="l@example.test")
        Invitation.objects.filter(pk=due.pk).update(deadline=timezone.now() + timedelta(hours=30))

        assert services.invitations_remind_due() == 1
        assert services.invitations_remind_due() == 0

        due.refresh_from_db()
        later.refresh_from_db()
        assert due.reminder_sent_at is not None
        assert later.reminder_sent_at is None
        assert actions(org).count("interviews.invitation.reminded") == 1
        assert due.tokens.count() == 2  # the reminder carries a fresh link

    def test_no_reminder_when_the_job_turns_them_off(self, admin, org):
        job = make_job(org, admin, reminder_hours=0)
        due = services.invitation_send(job=job, actor=admin, name="Due", email="due@example.test")
        Invitation.objects.filter(pk=due.pk).update(deadline=timezone.now() + timedelta(hours=1))
        assert services.invitations_remind_due() == 0

    def test_extending_earns_a_new_reminder(self, admin, org):
        job = make_job(org, admin)
        due = services.invitation_send(job=job, actor=admin, name="Due", email="due@example.test")
        Invitation.objects.filter(pk=due.pk).update(deadline=timezone.now() + timedelta(hours=30))
        services.invitations_remind_due()
        services.invitation_extend(
            invitation=due, actor=admin, deadline=timezone.now() + timedelta(hours=40)
        )
        assert services.invitations_remind_due() == 1

    def test_an_invitation_past_its_deadline_expires_once(self, admin, org):
        job = make_job(org, admin)
        past = services.invitation_send(job=job, actor=admin, name="Past", email="p@example.test")
        Invitation.objects.filter(pk=past.pk).update(deadline=timezone.now() - timedelta(minutes=1))

        assert services.invitations_expire() == 1
        assert services.invitations_expire() == 0

        past.refresh_from_db()
        assert past.status == InvitationStatus.EXPIRED
        assert past.closed_at is not None
        assert actions(org).count("interviews.invitation.expired") == 1
        assert audit.verify_chain(org).ok


# --- Through the real worker and SMTP sink -----------------------------------------------------


def link_path(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://testserver(/i/\S+/)", body).group(1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
class TestWithTheWorker:
    def test_the_candidate_gets_the_email_and_its_link_opens_the_landing_page(
        self, celery_worker, mail_sink, client, client_for, recruiter, admin, org
    ):
        job = make_job(org, admin)
        invite(client_for(recruiter), org, job, name="Nia Moss", email="nia@example.test")

        (message,) = mail_sink.wait_for("nia@example.test")
        invitation = Invitation.objects.get()
        plain = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        assert "Robot Whisperer" in message["Subject"]
        assert message["From"].addresses[0].display_name == "Acme Robotics"
        minutes = f"{services_timing(invitation)} minutes"
        deadline = f"{invitation.deadline:%-d %B %Y}"
        for part in (plain, html):
            assert "Robot Whisperer" in part
            assert minutes in part
            assert deadline in part
            assert "earlier email" in part
        assert org.brand_color in html
        path = link_path(message)
        assert path in html

        client.logout()
        response = client.get(path, follow=True)

        assert response.redirect_chain == [(reverse("candidate_landing"), 302)]
        assert response.request["PATH_INFO"] == "/interview/"
        assert path.split("/")[2] not in response.request["PATH_INFO"]
        page = response.content.decode()
        assert "Robot Whisperer" in page
        assert "Acme Robotics" in page
        invitation.refresh_from_db()
        assert invitation.status == InvitationStatus.OPENED

    def test_the_reminder_task_run_twice_sends_one_email(
        self, celery_worker, mail_sink, admin, org
    ):
        job = make_job(org, admin)
        services.invitation_send(job=job, actor=admin, name="Nia", email="nia@example.test")
        mail_sink.wait_for("nia@example.test")
        mail_sink.clear()
        Invitation.objects.update(deadline=timezone.now() + timedelta(hours=20))

        assert tasks.send_reminders_task.delay().get(timeout=seconds(60)) == 1
        assert tasks.send_reminders_task.delay().get(timeout=seconds(60)) == 0

        (reminder,) = mail_sink.wait_for("nia@example.test")
        assert "closes soon" in reminder["Subject"]
        assert "deadline" in reminder.get_body(preferencelist=("plain",)).get_content()
        # Every email the worker had to send is sent: a stray second one would be here.
        celery_worker.wait_idle()
        assert len(mail_sink.messages_to("nia@example.test")) == 1

    def test_a_confirmed_import_is_sent_by_the_worker_with_progress(
        self, celery_worker, mail_sink, client_for, recruiter, admin, org
    ):
        job = make_job(org, admin)
        client = client_for(recruiter)
        preview_url = upload(client, org, job)["Location"]

        client.post(preview_url, {"action": "confirm"})

        progress = wait_until_done(client, f"{preview_url}progress/")
        assert progress["sent"] == GOOD_ROWS
        assert progress["processed"] == progress["total"] == GOOD_ROWS
        assert progress["failures"] == []
        assert mail_sink.wait_for("ada@example.test")
        assert mail_sink.wait_for("grace@example.test")
        assert "Sent 2 invitations" in client.get(preview_url).content.decode()


def services_timing(invitation) -> int:
    from interviews import selectors

    return selectors.question_set_timing(question_set=invitation.question_set).minutes


def wait_until_done(client, url, timeout=120):
    return wait_until(
        lambda: (progress := client.get(url).json())["status"] == "done" and progress,
        timeout=timeout,
        what=f"the sending at {url} to finish",
    )


@pytest.mark.django_db
def test_inviting_to_a_draft_job_warns_and_an_open_job_does_not(client_for, recruiter, org):
    job = make_job(org, recruiter)
    client = client_for(recruiter)
    assert "This job is still a draft" in client.get(job_url(org, job)).content.decode()
    page = client.get(invite(client, org, job).url).content.decode()
    assert "Invitation sent to nia@example.test" in page
    assert "This job is still a draft: the candidate can take the interview" in page

    services.job_set_status(job=job, actor=recruiter, status="open")
    page = client.get(invite(client, org, job, email="ola@example.test").url).content.decode()
    assert "Invitation sent to ola@example.test" in page
    assert "still a draft" not in page
