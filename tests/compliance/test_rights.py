"""Candidates' rights: the one-time link, the rights session, withdrawal, explanation,
contest, the request queue and their audit trail (erasure and the copy: see
test_rights_erasure.py and tests/browser/test_candidate_rights.py)."""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance.models import RightsLink, RightsRequest, RightsRequestKind, RightsRequestStatus
from compliance.rights import links
from compliance.rights import services as rights
from compliance.tasks import notify_admins_task, send_contest_outcome_task
from interviews import services as interviews
from interviews.models import Consent
from palantrix.errors import DomainError
from palantrix.models import AuditEvent, Membership, Role
from palantrix.tokens import new_token
from review import selectors as scoring_selectors
from review import services as review_services
from scoring import services as scoring
from scoring.models import Score, ScoreStatus
from tests.compliance.rights_data import scored_application, support_job

pytestmark = pytest.mark.django_db


def fresh_ip() -> str:
    number = uuid.uuid4().int
    return f"10.{number % 250}.{number // 250 % 250}.{number // 62500 % 250 + 1}"


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


def one_time_link(invitation, *, expires_in=timedelta(hours=1)) -> str:
    token, digest = new_token()
    RightsLink.objects.create(
        organization=invitation.organization,
        invitation=invitation,
        token_hash=digest,
        expires_at=timezone.now() + expires_in,
    )
    return reverse("rights_link", args=[token])


@pytest.fixture
def rights_client(client, ana):
    assert client.get(one_time_link(ana)).status_code == 302
    return client


def without_csrf(response) -> bytes:
    """The page without what differs on every response anyway: the CSRF token, the CSP nonce."""
    content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return re.sub(rb'nonce="[^"]+"', b"", content)


# --- The link ----------------------------------------------------------------------------------


def test_candidate_emails_and_the_finish_page_lead_to_the_rights_page(org, ana, mail_sink):
    from interviews import emails

    emails.send_invitation(ana, token="t", kind="reminder")
    (message,) = mail_sink.wait_for(ana.email)
    start = f"http://testserver{reverse('rights_start', args=[org.slug])}"
    assert start in message.get_body(preferencelist=("plain",)).get_content()
    assert start in message.get_body(preferencelist=("html",)).get_content()


def test_finish_page_links_to_the_rights_page(client, org, ana):
    from interviews.candidates import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = str(ana.public_id)
    session.save()
    page = client.get(reverse("candidate_done")).content.decode()
    assert reverse("rights_start", args=[org.slug]) in page


def test_the_answer_is_the_same_for_known_and_unknown_addresses(
    client, org, ana, django_capture_on_commit_callbacks
):
    url = reverse("rights_start", args=[org.slug])
    with django_capture_on_commit_callbacks() as known_work:
        known = client.post(url, {"email": "ANA.LIMA@example.test"}, REMOTE_ADDR=fresh_ip())
    with django_capture_on_commit_callbacks() as unknown_work:
        unknown = client.post(url, {"email": "nobody@example.test"}, REMOTE_ADDR=fresh_ip())
    assert known.status_code == unknown.status_code == 200
    assert without_csrf(known) == without_csrf(unknown)
    # The same work for both (one task queued, nothing looked up), so that the time the
    # answer takes reveals nothing either: the worker decides whether a link goes out.
    assert len(known_work) == len(unknown_work) == 1
    assert not RightsLink.objects.exists()
    assert not AuditEvent.objects.filter(action="compliance.rights_link.sent").exists()


def test_the_worker_sends_a_link_to_a_known_address_only(org, ana):
    from compliance.tasks import request_rights_link_task

    assert request_rights_link_task(organization_id=org.pk, email="ANA.LIMA@example.test")
    assert not request_rights_link_task(organization_id=org.pk, email="nobody@example.test")
    assert RightsLink.objects.filter(invitation=ana).count() == 1
    event = AuditEvent.objects.get(action="compliance.rights_link.sent")
    assert event.target_id == str(ana.public_id)
    assert "example.test" not in str(event.data)


def test_a_bad_address_gets_a_clear_message(client, org):
    response = client.post(
        reverse("rights_start", args=[org.slug]),
        {"email": "not an address"},
        REMOTE_ADDR=fresh_ip(),
    )
    assert response.status_code == 400
    assert (
        "Enter the email address your interview invitation was sent to" in response.content.decode()
    )


def test_link_requests_are_rate_limited(client, org, ana, settings):
    settings.RIGHTS_LINK_REQUESTS_PER_HOUR = 2
    url, ip = reverse("rights_start", args=[org.slug]), fresh_ip()
    for _ in range(2):
        assert client.post(url, {"email": "x@example.test"}, REMOTE_ADDR=ip).status_code == 200
    assert client.post(url, {"email": "x@example.test"}, REMOTE_ADDR=ip).status_code == 429
    # And at most three links an hour go to one address, whoever asks (the worker, which
    # looks the address up, counts them).
    from compliance.tasks import request_rights_link_task

    sent = [request_rights_link_task(organization_id=org.pk, email=ana.email) for _ in range(5)]
    assert sent == [True, True, True, False, False]
    assert RightsLink.objects.filter(invitation=ana).count() == 3


def test_behind_the_trusted_proxy_each_candidate_has_their_own_limit(client, org, settings):
    settings.RIGHTS_LINK_REQUESTS_PER_HOUR = 2
    settings.TRUSTED_PROXY_COUNT = 1
    url, proxy, abuser, candidate = (
        reverse("rights_start", args=[org.slug]),
        fresh_ip(),
        fresh_ip(),
        fresh_ip(),
    )

    def ask(client_ip, forged=""):
        forwarded = f"{forged}, {client_ip}" if forged else client_ip
        return client.post(
            url, {"email": "x@example.test"}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert [ask(abuser), ask(abuser), ask(abuser)] == [200, 200, 429]
    assert ask(abuser, forged=candidate) == 429  # a forged left-hand address changes nothing
    assert ask(candidate) == 200  # one abuser no longer blocks everyone behind the proxy


def test_the_link_works_once(client, ana):
    link = one_time_link(ana)
    first = client.get(link)
    assert first.status_code == 302
    assert first["Location"] == reverse("rights_home")
    assert first["Referrer-Policy"] == "no-referrer"
    assert "Support engineer" in client.get(reverse("rights_home")).content.decode()
    again = client.get(link)
    assert again.status_code == 410
    assert "already used" in again.content.decode()
    assert AuditEvent.objects.filter(action="compliance.rights_link.used").count() == 1


def test_an_expired_link_does_not_open_anything(client, ana):
    response = client.get(one_time_link(ana, expires_in=timedelta(seconds=-1)))
    assert response.status_code == 410
    assert client.get(reverse("rights_home")).status_code == 403


def test_a_link_stores_only_a_hash_of_a_256_bit_token(org, ana):
    assert rights.rights_link_request(organization=org, email=ana.email)
    link = RightsLink.objects.get(invitation=ana)
    assert len(link.token_hash) == 64
    assert link.expires_at - link.created_at <= timedelta(hours=1, seconds=1)


def test_the_session_covers_the_address_in_this_organisation_only(
    client, org, other_org, admin, other_admin, ana
):
    second_job = support_job(org, admin, title="Team lead")
    interviews.invitation_send(job=second_job, actor=admin, name="Ana Lima", email=ana.email)
    foreign_job = support_job(other_org, other_admin, title="Globex secret role")
    foreign = interviews.invitation_send(
        job=foreign_job, actor=other_admin, name="Ana Lima", email=ana.email
    )
    client.get(one_time_link(ana))
    home = client.get(reverse("rights_home")).content.decode()
    assert "Support engineer" in home
    assert "Team lead" in home
    assert "Globex secret role" not in home
    # Another organisation's application, even at the same address, is a plain 404.
    assert client.post(reverse("rights_export", args=[foreign.public_id])).status_code == 404
    assert client.get(reverse("rights_explanation", args=[foreign.public_id])).status_code == 404
    assert client.post(reverse("rights_withdraw", args=[foreign.public_id])).status_code == 404
    assert not RightsRequest.objects.filter(invitation=foreign).exists()


def test_without_a_session_the_rights_pages_explain_how_to_get_in(client, ana):
    response = client.post(reverse("rights_withdraw", args=[ana.public_id]))
    assert response.status_code == 403
    assert "one-time link" in response.content.decode()
    ana.refresh_from_db()
    assert not ana.human_review_only


# --- Withdrawal / objection ---------------------------------------------------------------------


def test_withdrawal_removes_ai_scores_from_the_ranking_and_stops_new_ones(
    rights_client, job, ana, ben
):
    keys = [
        str(key) for key in job.profile.versions.get().competencies.values_list("key", flat=True)
    ]
    before = list(scoring_selectors.shortlist(job=job))
    assert [row.pk for row in before] == [ana.pk, ben.pk]  # Ana ranked first

    rights_client.post(reverse("rights_withdraw", args=[ana.public_id]))

    ana.refresh_from_db()
    assert ana.human_review_only
    assert set(Score.objects.filter(answer__invitation=ana).values_list("status", flat=True)) == {
        ScoreStatus.WITHDRAWN
    }
    after = {row.pk: row for row in scoring_selectors.shortlist(job=job)}
    assert after[ana.pk].ranking_value is None  # still listed, no AI score counted
    assert after[ben.pk].ranking_value is not None
    assert [row.pk for row in scoring_selectors.shortlist(job=job)] == [
        ben.pk,
        ana.pk,
    ]
    answers = list(scoring_selectors.candidate_answers(invitation=ana))
    shown, _ = scoring_selectors.candidate_shown(invitation=ana, answers=answers, viewer=None)
    assert (shown.ai, shown.value) == (None, None)
    consent = Consent.objects.filter(invitation=ana).order_by("-created_at").first()
    assert consent.ai_assessment is False

    # A scoring run queued before the withdrawal finds the answer human-only and scores nothing.
    answer = ana.answers.get()
    type(answer).objects.filter(pk=answer.pk).update(status="scoring")
    assert scoring.answer_score(answer_id=answer.pk, task_id="t") == 0
    assert not Score.objects.filter(answer=answer, status=ScoreStatus.ACTIVE).exists()
    answer.refresh_from_db()
    assert answer.status == "transcribed"

    # A scorer that was already running when the candidate withdrew saves nothing.
    from scoring.scorer import CompetencyResult

    version = job.profile.versions.get()
    late = CompetencyResult(str(keys[0]), "Customer focus", 4, 99, 0.9, False, "", ())
    transcript = answer.transcripts.get(is_current=True)
    assert scoring._save_scores(answer, transcript, version, [late]) == 0
    assert not Score.objects.filter(answer=answer, value=99).exists()

    event = AuditEvent.objects.get(action="compliance.ai_assessment.withdrawn")
    assert event.data["scores_withdrawn"] == 2
    assert RightsRequest.objects.get(invitation=ana).status == RightsRequestStatus.DONE


def test_withdrawing_twice_at_once_records_one_request(ana):
    """Two tabs, or a double click: both pages saw an application still assessed by AI."""
    from compliance.rights.services import ai_assessment_withdraw

    first = ai_assessment_withdraw(invitation=ana)
    second = ai_assessment_withdraw(invitation=ana)  # `ana` as the second page loaded it

    assert second == first
    assert RightsRequest.objects.filter(invitation=ana, kind="withdrawal").count() == 1
    assert Consent.objects.filter(invitation=ana, ai_assessment=False).count() == 1
    assert AuditEvent.objects.filter(action="compliance.ai_assessment.withdrawn").count() == 1


# --- Explanation ------------------------------------------------------------------------------


def test_the_explanation_shows_own_evidence_role_and_reason_and_nobody_else(
    rights_client, org, admin, ana, ben, make
):
    overseer = make.member(org, Role.HIRING_MANAGER, make.user("lead@acme.test", first_name="Zed"))
    score = Score.objects.filter(answer__invitation=ana).order_by("competency_name").first()
    review_services.score_override(score=score, actor=overseer, value=90, reason="Strong follow-up")
    review_services.decision_record(
        invitation=ana, actor=overseer, outcome="reject", reason="Another candidate fit better"
    )
    review_services.decision_record(
        invitation=ben, actor=overseer, outcome="advance", reason="Ben's escalation story"
    )

    response = rights_client.post(reverse("rights_explain", args=[ana.public_id]), follow=True)
    page = response.content.decode()

    assert "I called the customer back the same day." in page
    assert "Strong follow-up" in page
    assert "Another candidate fit better" in page
    assert "hiring manager" in page
    assert reverse("instructions") in page
    for leak in (
        "Zed",
        "lead@acme.test",
        "Ben",
        "escalated the outage",
        "Our team split",
        "65/100",
    ):
        assert leak not in page
    assert RightsRequest.objects.get(invitation=ana).kind == RightsRequestKind.EXPLANATION
    assert AuditEvent.objects.filter(
        action="compliance.explanation.viewed", target_id=str(ana.public_id)
    ).exists()


# --- Contest ----------------------------------------------------------------------------------


def test_a_contest_goes_to_a_different_reviewer(
    rights_client, org, admin, ana, make, client_for, mail_sink
):
    decider = make.member(org, Role.HIRING_MANAGER)
    overrider = make.member(org, Role.RECRUITER)
    other = make.member(org, Role.HIRING_MANAGER)
    review_services.decision_record(invitation=ana, actor=decider, outcome="reject", reason="Weak")
    score = Score.objects.filter(answer__invitation=ana).first()
    review_services.score_override(score=score, actor=overrider, value=20, reason="Vague")

    rights_client.post(
        reverse("rights_contest", args=[ana.public_id]),
        {"score": str(score.public_id), "message": "I did call back the same day."},
    )
    contest = RightsRequest.objects.get(kind=RightsRequestKind.CONTEST)
    assert contest.score == score
    assert contest.due_on == rights.add_month(timezone.localdate())

    def membership(user):
        return Membership.objects.get(organization=org, user=user)

    for involved in (decider, overrider):
        with pytest.raises(DomainError, match="someone else"):
            rights.contest_assign(request=contest, actor=admin, reviewer=membership(involved))
    admin_client = client_for(admin)
    detail = admin_client.get(reverse("rights_request_detail", args=[org.slug, contest.public_id]))
    choices = re.findall(r'<option value="([0-9a-f-]{36})"', detail.content.decode())
    assert str(membership(decider).public_id) not in choices
    assert str(membership(other).public_id) in choices

    assign = reverse("rights_request_assign", args=[org.slug, contest.public_id])
    refused = admin_client.post(assign, {"reviewer": "not-an-id"}, follow=True)
    assert "Choose a member of your organisation." in refused.content.decode()
    admin_client.post(assign, {"reviewer": str(membership(other).public_id)})
    contest.refresh_from_db()
    assert contest.assigned_to == other

    with pytest.raises(DomainError, match="assigned re-reviewer"):
        rights.contest_resolve(request=contest, actor=admin, outcome="upheld", reason="Fine")

    client_for(other).post(
        reverse("rights_request_resolve", args=[org.slug, contest.public_id]),
        {"outcome": "changed", "reason": "The answer shows follow-up after all."},
    )
    contest.refresh_from_db()
    assert (contest.status, contest.outcome, contest.resolved_by) == ("done", "changed", other)
    # The candidate is told (the task the resolution queues, run here in-process).
    send_contest_outcome_task(contest.pk)
    (told,) = mail_sink.wait_for(ana.email)
    assert "The answer shows follow-up after all." in told.get_body(("plain",)).get_content()
    actions = list(
        AuditEvent.objects.filter(target_id=str(contest.public_id)).values_list("action", flat=True)
    )
    assert actions == [
        "compliance.rights_request.received",
        "compliance.rights_request.assigned",
        "compliance.rights_request.resolved",
        "compliance.rights_request.completed",
    ]


def test_a_contest_needs_a_reason(rights_client, ana):
    response = rights_client.post(
        reverse("rights_contest", args=[ana.public_id]), {"message": "  "}
    )
    assert "Tell us briefly what you think is wrong" in response.content.decode()
    assert not RightsRequest.objects.exists()


# --- The queue ----------------------------------------------------------------------------------


def test_the_queue_lists_requests_with_their_due_date(
    rights_client, client_for, org, admin, hiring_manager, ana
):
    rights_client.post(reverse("rights_export", args=[ana.public_id]))
    request = RightsRequest.objects.get(kind=RightsRequestKind.ACCESS)
    page = client_for(admin).get(reverse("rights_queue", args=[org.slug])).content.decode()
    assert "Copy of my data" in page
    assert f"{request.due_on:%-d %b %Y}" in page
    assert request.due_on == rights.add_month(request.created_at.date())
    # Hiring managers see only contests assigned to them.
    manager = client_for(hiring_manager)
    assert (
        "Copy of my data"
        not in manager.get(reverse("rights_queue", args=[org.slug])).content.decode()
    )
    detail = reverse("rights_request_detail", args=[org.slug, request.public_id])
    assert manager.get(detail).status_code == 403


def test_a_month_from_receipt_ends_on_the_last_day_of_a_short_month():
    import datetime

    assert rights.add_month(datetime.date(2026, 1, 31)) == datetime.date(2026, 2, 28)
    assert rights.add_month(datetime.date(2026, 12, 15)) == datetime.date(2027, 1, 15)
    # An erasure is due within 30 days even when the month has 31.
    received = datetime.date(2026, 3, 15)
    assert rights.due_date("contest", received) == datetime.date(2026, 4, 15)
    assert rights.due_date("erasure", received) == datetime.date(2026, 4, 14)


def test_admins_are_reminded_once_as_the_due_date_nears(org, admin, ana, mail_sink):
    soon = rights.contest_request(invitation=ana, message="Please look again.")
    later = rights.access_request(invitation=ana)
    RightsRequest.objects.filter(pk=soon.pk).update(due_on=timezone.localdate() + timedelta(days=3))
    assert rights.rights_requests_remind_due() == 1
    assert rights.rights_requests_remind_due() == 0
    events = AuditEvent.objects.filter(action="compliance.rights_request.reminded")
    assert [event.target_id for event in events] == [str(soon.public_id)]
    later.refresh_from_db()
    assert later.reminded_at is None
    # The reminder the claim queues, run here in-process: every admin gets it.
    assert notify_admins_task(soon.pk, reminder=True) == 1
    (reminder,) = mail_sink.wait_for("admin@acme.test")
    soon.refresh_from_db()
    assert f"Due {soon.due_on:%d %B}" in reminder["Subject"]


def test_the_reminders_are_scheduled():
    from palantrix.celery import app

    entries = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "compliance.rights_requests_due" in entries


def test_every_request_is_audited_without_personal_data(rights_client, ana):
    rights_client.post(reverse("rights_export", args=[ana.public_id]))
    rights_client.post(reverse("rights_explain", args=[ana.public_id]))
    rights_client.post(reverse("rights_contest", args=[ana.public_id]), {"message": "Look again"})
    rights_client.post(reverse("rights_withdraw", args=[ana.public_id]))
    rights_client.post(reverse("rights_erase", args=[ana.public_id]), {"confirm": "yes"})
    received = AuditEvent.objects.filter(action="compliance.rights_request.received")
    assert sorted(event.data["kind"] for event in received) == sorted(RightsRequestKind.values)
    for event in AuditEvent.objects.filter(action__startswith="compliance."):
        assert "Ana" not in str(event.data)
        assert "example.test" not in str(event.data)
        assert "Look again" not in str(event.data)


def test_the_dashboard_counts_open_and_overdue_requests_and_links_the_queue(
    rights_client, client_for, org, admin, ana
):
    rights_client.post(reverse("rights_export", args=[ana.public_id]))
    request = RightsRequest.objects.get(kind=RightsRequestKind.ACCESS)
    dashboard = reverse("dashboard", kwargs={"org": org.slug})

    tile = client_for(admin).get(dashboard).context["requests"]
    assert (tile.open, tile.overdue, tile.next_due) == (1, 0, request.due_on)

    RightsRequest.objects.filter(pk=request.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    page = client_for(admin).get(dashboard).content.decode()
    assert "1 past due." in page
    assert reverse("rights_queue", args=[org.slug]) in page


def test_the_rights_link_email_holds_a_token_that_no_row_or_task_argument_holds(
    client, org, ana, mail_sink
):
    """The outbox row of the link's email holds the link's id only: the task rebuilds the
    token from the row (HMAC under the server's secret), and the link it emails opens the
    rights session, once however often the row is delivered."""
    from palantrix.models import OutboxMessage
    from palantrix.tokens import row_token
    from tests.outbox import deliver

    assert rights.rights_link_request(organization=org, email=ana.email)
    link = RightsLink.objects.get(invitation=ana)
    (row,) = OutboxMessage.objects.filter(topic="task:compliance.send_rights_link")
    assert row.payload == {"link_id": link.pk}
    token = row_token(links.LINK_PURPOSE, link)
    assert not RightsLink.objects.filter(token_hash=token).exists()  # only its hash is

    deliver("compliance.send_rights_link")
    deliver("compliance.send_rights_link", again=True)
    (message,) = [m for m in mail_sink.messages_to(ana.email) if "one-time" in m["Subject"]]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert reverse("rights_link", args=[token]) in body
    assert client.get(reverse("rights_link", args=[token])).status_code == 302


def test_the_asked_address_waits_in_a_row_the_worker_deletes_never_in_task_arguments(
    client, org, ana
):
    from compliance.models import RightsLinkAsk
    from palantrix.models import OutboxMessage
    from tests.outbox import deliver

    url = reverse("rights_start", args=[org.slug])
    assert (
        client.post(url, {"email": "ANA.LIMA@example.test"}, REMOTE_ADDR=fresh_ip()).status_code
        == 200
    )
    assert (
        client.post(url, {"email": "nobody@example.test"}, REMOTE_ADDR=fresh_ip()).status_code
        == 200
    )
    rows = OutboxMessage.objects.filter(topic="task:compliance.request_rights_link")
    asks = list(RightsLinkAsk.objects.order_by("pk"))
    assert [row.payload for row in rows.order_by("pk")] == [{"ask_id": ask.pk} for ask in asks]
    assert "example.test" not in str(list(rows.values_list("payload", flat=True)))

    deliver("compliance.request_rights_link")
    deliver("compliance.request_rights_link", again=True)  # the asks are gone: nothing
    assert not RightsLinkAsk.objects.exists()  # forgotten, link or not
    assert RightsLink.objects.filter(invitation=ana).count() == 1


def test_an_ask_the_worker_never_reached_is_forgotten_after_an_hour(org):
    from compliance.models import RightsLinkAsk

    old = rights.rights_link_ask(organization=org, email="late@example.test")
    RightsLinkAsk.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=2))
    rights.rights_link_ask(organization=org, email="fresh@example.test")
    assert links.rights_link_asks_expire() == 1
    assert list(RightsLinkAsk.objects.values_list("email", flat=True)) == ["fresh@example.test"]
