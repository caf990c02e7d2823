"""Teams hear about work waiting for them: notifications (in the app, by email at once or a
daily digest at the member's local time) and comments with @mentions on a candidate."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance.lifecycle import candidate_purge
from compliance.rights.export import export_data
from palantrix.errors import DomainError
from palantrix.models import AuditEvent, OutboxMessage, Role
from review import subscribers
from review.models import Comment, Notification
from review.services import comments, notifications
from scoring.models import Rating
from tests.compliance.rights_data import scored_application, support_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(org, admin):
    return support_job(org, admin)


def candidate(job, admin, n: int):
    return scored_application(
        job,
        admin,
        name=f"Person {n}",
        email=f"person.{n}@example.test",
        sentences=("I called the customer back the same day.", "I paired with a colleague."),
        values=(70, 60),
    )


def completed(invitation) -> None:
    """The outbox message the interview's completion publishes, run by its subscriber."""
    message = OutboxMessage.objects.create(
        organization=invitation.organization,
        topic="interviews.interview.completed",
        payload={"interview": str(invitation.public_id)},
    )
    subscribers.on_interview_completed(message)


def test_the_jobs_creator_and_followers_hear_of_a_completion_once(
    org, admin, recruiter, hiring_manager, job, mail_sink
):
    notifications.job_follow(job=job, actor=recruiter, following=True)
    ana = candidate(job, admin, 1)
    message = OutboxMessage.objects.create(
        organization=org,
        topic="interviews.interview.completed",
        payload={"interview": str(ana.public_id)},
    )
    subscribers.on_interview_completed(message)
    subscribers.on_interview_completed(message)  # the outbox runs it at least once
    assert sorted(Notification.objects.values_list("recipient__email", flat=True)) == sorted(
        [admin.email, recruiter.email]
    )
    (email,) = mail_sink.wait_for(recruiter.email)
    assert "Person 1 completed the interview for" in email["Subject"]


def test_a_digest_of_three_completions_at_the_members_local_time(
    client_for, org, admin, job, mail_sink
):
    notifications.notification_setting_save(
        organization=org,
        actor=admin,
        kinds=["completed"],
        email="digest",
        digest_hour=9,
        time_zone="Asia/Tokyo",
    )
    for n in range(3):
        completed(candidate(job, admin, n))
    assert mail_sink.messages_to(admin.email) == []  # nothing at once
    page = client_for(admin).get(reverse("notification_list", kwargs={"org": org.slug}))
    assert "3 unread" in page.content.decode()

    eight_in_tokyo = datetime(2026, 12, 8, 23, 0, tzinfo=UTC)  # 08:00 on the 9th in Tokyo
    assert notifications.notification_digests_send(now=eight_in_tokyo) == 0
    nine_in_tokyo = eight_in_tokyo + timedelta(hours=1)
    assert notifications.notification_digests_send(now=nine_in_tokyo) == 1
    assert notifications.notification_digests_send(now=nine_in_tokyo + timedelta(hours=2)) == 0
    (digest,) = mail_sink.wait_for(admin.email)
    assert "3 updates for you today" in digest["Subject"]
    text = digest.get_body(("plain",)).get_content()
    assert all(f"Person {n} completed the interview" in text for n in range(3))


def test_reading_clears_the_unread_count(client_for, org, admin, job):
    completed(candidate(job, admin, 1))
    client = client_for(admin)
    assert ">1</span>" in client.get(reverse("job_list", kwargs={"org": org.slug})).content.decode()
    client.post(reverse("notifications_read", kwargs={"org": org.slug}))
    page = client.get(reverse("notification_list", kwargs={"org": org.slug})).content.decode()
    assert "0 unread" in page


def test_opening_a_notification_reads_it_and_another_members_is_404(
    client_for, org, admin, recruiter, job
):
    notifications.job_follow(job=job, actor=recruiter, following=True)
    completed(candidate(job, admin, 1))
    mine = Notification.objects.get(recipient=admin)
    theirs = Notification.objects.get(recipient=recruiter)
    client = client_for(admin)
    url = reverse("notification_open", kwargs={"org": org.slug, "notification_id": mine.public_id})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == mine.path
    mine.refresh_from_db()
    assert mine.read_at is not None
    other = {"org": org.slug, "notification_id": theirs.public_id}
    assert client.get(reverse("notification_open", kwargs=other)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_member_who_turned_a_kind_off_hears_nothing_of_it(org, admin, job, mail_sink):
    notifications.notification_setting_save(
        organization=org, actor=admin, kinds=["mentioned"], email="none", digest_hour=8,
        time_zone="UTC",
    )  # fmt: skip
    completed(candidate(job, admin, 1))
    assert not Notification.objects.exists()


# --- Comments ------------------------------------------------------------------------------


def mention_message(comment) -> OutboxMessage:
    return OutboxMessage.objects.get(
        topic="review.comment.posted", payload__comment=str(comment.public_id)
    )


def test_an_at_mention_notifies_the_colleague(org, admin, recruiter, job, mail_sink):
    ana = candidate(job, admin, 1)
    name = recruiter.email.partition("@")[0]
    comment = comments.comment_post(invitation=ana, actor=admin, body=f"@{name} have a look")
    assert comment.mentions == [recruiter.pk]
    subscribers.on_comment_posted(mention_message(comment))
    (notification,) = Notification.objects.filter(recipient=recruiter)
    assert notification.kind == "mentioned"
    assert mail_sink.wait_for(recruiter.email)
    event = AuditEvent.objects.get(action="review.comment.posted")
    assert event.data == {"interview": str(ana.public_id), "mentions": 1}


def test_replies_thread_under_the_first_comment_and_edits_close_after_ten_minutes(
    org, admin, recruiter, job
):
    ana = candidate(job, admin, 1)
    first = comments.comment_post(invitation=ana, actor=admin, body="Strong on customers")
    reply = comments.comment_post(invitation=ana, actor=recruiter, body="Agreed", parent=first)
    deeper = comments.comment_post(invitation=ana, actor=admin, body="Yes", parent=reply)
    assert reply.parent == first
    assert deeper.parent == first
    with pytest.raises(DomainError, match="Only its author"):
        comments.comment_edit(comment=first, actor=recruiter, body="Changed")
    comments.comment_edit(comment=first, actor=admin, body="Very strong on customers")
    Comment.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    with pytest.raises(DomainError, match="10 minutes"):
        comments.comment_edit(comment=first, actor=admin, body="Again")


def test_a_deleted_comment_leaves_a_trace(client_for, org, admin, recruiter, job):
    ana = candidate(job, admin, 1)
    comment = comments.comment_post(invitation=ana, actor=recruiter, body="Too quiet")
    with pytest.raises(DomainError):
        comments.comment_delete(comment=comment, actor=admin, role=Role.RECRUITER)
    comments.comment_delete(comment=comment, actor=admin, role=Role.ADMIN)
    comment.refresh_from_db()
    assert (comment.body, comment.deleted_by) == ("", admin)
    page = client_for(recruiter).get(
        reverse("candidate_detail", kwargs={"org": org.slug, "invitation_id": ana.public_id})
    )
    content = page.content.decode()
    assert "Comment deleted by" in content
    assert "Too quiet" not in content
    assert AuditEvent.objects.filter(action="review.comment.deleted").count() == 1


def test_on_a_blind_job_comments_show_after_rating_every_answer(
    client_for, org, admin, recruiter, hiring_manager, job
):
    job.blind_first_review = True
    job.save(update_fields=["blind_first_review"])
    ana = candidate(job, admin, 1)
    Rating.objects.bulk_create(
        Rating(organization=org, answer=answer, reviewer=admin, value=4)
        for answer in ana.answers.all()
    )
    name = hiring_manager.email.partition("@")[0]
    comment = comments.comment_post(invitation=ana, actor=admin, body=f"@{name} keen")
    url = reverse("candidate_detail", kwargs={"org": org.slug, "invitation_id": ana.public_id})
    assert "keen" not in client_for(recruiter).get(url).content.decode()
    with pytest.raises(DomainError, match="Rate every answer first"):
        comments.comment_post(invitation=ana, actor=recruiter, body="Me too")
    # A mentioned member who has not rated yet is not told what the comment says.
    subscribers.on_comment_posted(mention_message(comment))
    assert not Notification.objects.filter(recipient=hiring_manager).exists()


def test_comments_are_in_the_candidates_copy_and_go_with_erasure(
    org, admin, recruiter, job, s3_bucket
):
    ana = candidate(job, admin, 1)
    name = recruiter.email.partition("@")[0]
    comment = comments.comment_post(invitation=ana, actor=admin, body=f"@{name} Careful answers")
    subscribers.on_comment_posted(mention_message(comment))
    completed(ana)
    (exported,) = export_data(ana)["comments"]
    assert (exported["text"], exported["author_role"]) == (f"@{name} Careful answers", "admin")
    assert Notification.objects.filter(invitation=ana).count() == 2
    candidate_purge(ana, reason="erasure")
    assert not Comment.objects.filter(invitation=ana).exists()
    assert not Notification.objects.filter(invitation=ana).exists()


def test_comment_urls_of_another_organisation_are_404(client_for, other_admin, org, admin, job):
    ana = candidate(job, admin, 1)
    comment = comments.comment_post(invitation=ana, actor=admin, body="Mine")
    client = client_for(other_admin)
    for name, kwargs in (
        ("comment_post", {"invitation_id": ana.public_id}),
        ("comment_edit", {"comment_id": comment.public_id}),
        ("comment_delete", {"comment_id": comment.public_id}),
        ("job_follow", {"job_id": job.public_id}),
    ):
        assert client.post(reverse(name, kwargs={"org": org.slug, **kwargs})).status_code == 404
    comment.refresh_from_db()
    assert comment.body == "Mine"


def test_admins_hear_in_the_app_that_a_candidates_request_is_due(
    client_for, org, admin, recruiter, job
):
    from compliance.rights import services as rights
    from compliance.subscribers import on_rights_request_reminded

    ana = candidate(job, admin, 1)
    request = rights.contest_request(invitation=ana, message="Please look again.")
    type(request).objects.filter(pk=request.pk).update(
        due_on=timezone.localdate() + timedelta(days=3)
    )
    assert rights.rights_requests_remind_due() == 1
    message = OutboxMessage.objects.get(topic="compliance.rights_request.reminded")
    on_rights_request_reminded(message)
    (notification,) = Notification.objects.filter(kind="request_due")
    assert notification.recipient == admin  # the admins; the recruiter is not one
    assert "is due on" in notification.text
    page = client_for(admin).get(reverse("notification_list", kwargs={"org": org.slug}))
    assert notification.text in page.content.decode().replace("&#x27;", "'")
