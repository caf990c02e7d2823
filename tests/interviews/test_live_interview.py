"""After a person advances a candidate: the brief, and the live interview in the
interviewers' calendars with the brief in their inbox."""

import re
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from compliance.services import self_identification_record
from interviews.models import Answer, LiveInterview
from palantrix.errors import DomainError
from palantrix.models import AuditEvent
from review import services as review_services
from review.services import live as live_services
from review.tasks import send_live_interview_task
from scoring.models import Score
from tests import ics
from tests.factories import scored_candidates, with_transcript
from tests.scoring.conftest import review_job
from tests.waiting import seconds

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(org, admin):
    return review_job(org, admin)


SAID = [
    (0.0, 6.0, "A customer was charged twice, so I called him back the same day."),
    (6.0, 9.0, "I refunded the charge myself and told my lead."),
]
OTHER_SAID = [(0.0, 5.0, "Somebody else entirely talked about spreadsheets and lunch.")]
START = (timezone.now() + timedelta(days=5)).replace(
    hour=14, minute=30, second=0, microsecond=0, tzinfo=UTC
)


@pytest.fixture
def advanced(job, admin, hiring_manager, make, org):
    first, other = scored_candidates(job, [(72, 35), (95, 95)])
    with_transcript(
        first,
        SAID,
        evidence=[(0, SAID[0][2], "I called back."), (0, SAID[1][2], "I fixed it myself.")],
    )
    with_transcript(other, OTHER_SAID)
    answer = Answer.objects.get(invitation=first)
    review_services.rating_record(
        answer=answer, reviewer=hiring_manager, value=4, comment="Owns problems"
    )
    colleague = make.member(org, "hiring_manager")
    review_services.rating_record(answer=answer, reviewer=colleague, value=3)
    score = Score.objects.get(answer=answer, competency_name="Teamwork")
    review_services.score_override(
        score=score, actor=admin, value=50, reason="Told the lead in time"
    )
    review_services.decision_record(
        invitation=first, actor=admin, outcome="advance", reason="Clear customer focus"
    )
    # The admin allowed these outside interviewers to receive briefs.
    org.brief_recipients_allowed = "lead@acme.test\n@partner.test"
    org.save(update_fields=["brief_recipients_allowed"])
    return first


def url(name, org, invitation):
    return reverse(name, kwargs={"org": org.slug, "invitation_id": invitation.public_id})


def test_the_brief_waits_for_a_person_to_advance_the_candidate(
    client_for, hiring_manager, org, job
):
    (invitation,) = scored_candidates(job, [(60, 60)])
    client = client_for(hiring_manager)
    for name in ("live_brief", "live_brief_print", "live_interview_schedule"):
        response = client.get(url(name, org, invitation), follow=True)
        assert "come after a person advances the candidate" in response.content.decode()
    with pytest.raises(DomainError, match="Advance the candidate"):
        live_services.live_interview_schedule(
            invitation=invitation,
            actor=hiring_manager,
            starts_at=START,
            duration_minutes=60,
            location="Room 1",
            interviewers=["lead@acme.test"],
        )


def test_the_brief_summarises_scores_overrides_evidence_notes_and_follow_ups(
    client_for, hiring_manager, org, advanced
):
    page = client_for(hiring_manager).get(url("live_brief", org, advanced)).content.decode()
    assert "Overall score (advisory AI)" in page
    assert "Advance to live interview" in page
    assert "Clear customer focus" in page
    assert advanced.completed_at.strftime("%-d %b %Y") in page
    # Per competency: AI and human, the override with its original and reason.
    assert '<th scope="row">Teamwork</th><td>35/100</td><td>50/100 (override)</td>' in page
    assert "35 → <strong>50</strong> (AI's original 35)" in page
    assert "Told the lead in time" in page
    assert "3.5/5" in page  # the reviewers' ratings, averaged
    assert "Owns problems" in page  # a reviewer's note
    assert "A customer was charged twice" in page  # evidence and transcript
    # Follow-ups aim at Teamwork (35, no evidence), not Customer focus (72, evidenced).
    followups = page.split('id="followups-heading"')[1].split('id="notes-heading"')[0]
    assert "<h3>Teamwork</h3>" in followups
    assert "said little about teamwork" in followups
    assert "For us, teamwork means: with others." in followups
    assert "Customer focus" not in followups
    event = AuditEvent.objects.filter(action="interviews.candidate.viewed").last()
    assert event.data == {"answers": 1, "page": "brief"}


def test_the_brief_holds_no_demographic_data_and_no_other_candidate(
    client_for, hiring_manager, org, advanced
):
    advanced.status = "completed"
    self_identification_record(
        invitation=advanced,
        actor=hiring_manager,
        sex="female",
        race_ethnicity="asian",
        consent=True,
    )
    client = client_for(hiring_manager)
    for name in ("live_brief", "live_brief_print"):
        page = client.get(url(name, org, advanced)).content.decode()
        assert "Candidate 000" in page
        for absent in ("Female", "female", "Asian", "asian", "Candidate 001", "spreadsheets"):
            assert absent not in page, f"{absent} leaked into {name}"


def test_the_printable_brief_has_print_styles_and_no_navigation(
    client_for, hiring_manager, org, advanced
):
    page = client_for(hiring_manager).get(url("live_brief_print", org, advanced)).content.decode()
    sheet = re.search(r'<link rel="stylesheet" href="/static/(css/brief\.css)">', page)
    assert sheet is not None  # the print styles live in a static file (the CSP allows no inline)
    assert "@media print" in (Path(settings.BASE_DIR) / "static" / sheet.group(1)).read_text()
    assert "Suggested follow-up questions" in page
    assert 'class="topbar"' not in page


def schedule(client, org, invitation, **changes):
    data = {
        "starts_at": START.strftime("%Y-%m-%dT%H:%M"),
        "time_zone": "UTC",
        "duration_minutes": "45",
        "location": "https://meet.example.test/abc",
        "interviewers": "lead@acme.test, Outside@Partner.test",
    }
    data.update(changes)
    return client.post(url("live_interview_schedule", org, invitation), data, follow=True)


def test_the_slot_is_typed_in_a_time_zone_and_shown_there_and_in_utc(
    client_for, hiring_manager, org, advanced
):
    client = client_for(hiring_manager)
    wall = START.replace(tzinfo=None)  # 14:30 on the wall clock in New York

    page = schedule(client, org, advanced, time_zone="America/New_York").content.decode()

    live = LiveInterview.objects.get()
    new_york = ZoneInfo("America/New_York")
    assert live.starts_at == timezone.make_aware(wall, new_york)
    assert live.time_zone == "America/New_York"
    utc = live.starts_at.astimezone(UTC)
    assert f"14:30 America/New_York ({utc:%H:%M} UTC)" in page
    form = client.get(url("live_interview_schedule", org, advanced)).content.decode()
    assert f'value="{wall:%Y-%m-%dT%H:%M}"' in form  # rescheduling starts from the same wall time


@pytest.mark.parametrize("server_zone", ["Asia/Tokyo", "America/Los_Angeles"])
def test_the_servers_time_zone_does_not_shift_the_slot(
    client_for, hiring_manager, org, advanced, settings, server_zone
):
    settings.TIME_ZONE = server_zone
    client = client_for(hiring_manager)
    wall = START.replace(tzinfo=None)
    with timezone.override(server_zone):
        schedule(client, org, advanced, time_zone="Europe/Berlin")
    live = LiveInterview.objects.get()
    assert live.starts_at == timezone.make_aware(wall, ZoneInfo("Europe/Berlin"))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2027-03-28T02:30", "02:30 on 28 Mar 2027 in Europe/Berlin does not exist"),
        ("2027-10-31T02:30", "02:30 on 31 Oct 2027 in Europe/Berlin happens twice"),
    ],
)
def test_a_time_the_clocks_skip_or_repeat_in_the_zone_is_refused(
    client_for, hiring_manager, org, advanced, typed, expected
):
    page = schedule(
        client_for(hiring_manager), org, advanced, starts_at=typed, time_zone="Europe/Berlin"
    ).content.decode()
    assert expected in page
    assert not LiveInterview.objects.exists()


def test_a_time_the_servers_zone_skips_is_fine_in_another_zone(
    client_for, hiring_manager, org, advanced
):
    with timezone.override("Europe/Berlin"):  # 02:30 does not exist there that night
        schedule(
            client_for(hiring_manager),
            org,
            advanced,
            starts_at="2027-03-28T02:30",
            time_zone="America/New_York",
        )
    live = LiveInterview.objects.get()
    assert live.starts_at.astimezone(UTC) == datetime(2027, 3, 28, 6, 30, tzinfo=UTC)


def test_an_unknown_time_zone_is_refused(hiring_manager, advanced):
    with pytest.raises(DomainError, match="is not a time zone"):
        live_services.live_interview_schedule(
            invitation=advanced,
            actor=hiring_manager,
            starts_at=START,
            duration_minutes=45,
            location="Room 1",
            interviewers=["lead@acme.test"],
            time_zone="Mars/Olympus_Mons",
        )


def test_bad_slots_get_clear_messages_and_store_nothing(client_for, hiring_manager, org, advanced):
    client = client_for(hiring_manager)
    past = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert (
        "Choose a start time in the future."
        in schedule(client, org, advanced, starts_at=past).content.decode()
    )
    page = schedule(client, org, advanced, interviewers="lead@acme.test, nope").content.decode()
    assert "Not an email address: nope." in page
    assert "https://meet.example.test/abc" in page  # what was typed stays
    assert not LiveInterview.objects.exists()


def test_scheduling_emails_the_brief_with_a_calendar_invitation(
    client_for,
    hiring_manager,
    org,
    advanced,
    job,
    mail_sink,
    django_capture_on_commit_callbacks,
):
    client = client_for(hiring_manager)
    with django_capture_on_commit_callbacks() as sends:
        page = schedule(client, org, advanced).content.decode()
    assert "Live interview scheduled." in page
    assert len(sends) == 1  # the email leaves from the worker, after the commit
    live = LiveInterview.objects.get()
    assert live.interviewers == ["lead@acme.test", "outside@partner.test"]
    event = AuditEvent.objects.get(action="interviews.live_interview.scheduled")
    assert event.data == {
        "invitation": str(advanced.public_id),
        "starts_at": START.isoformat(),
        "duration_minutes": 45,
        "interviewers": 2,
        "outside_recipients": 2,
        "sequence": 0,
    }

    assert send_live_interview_task(live_interview_id=live.pk, sequence=0)
    assert not send_live_interview_task(live_interview_id=live.pk, sequence=0)  # twice: once
    for address in ("lead@acme.test", "outside@partner.test"):
        (message,) = mail_sink.wait_for(address)
        assert "Live interview with Candidate 000 for Support" in message["Subject"]
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert "Overall score (advisory AI)" in text
        assert "SUGGESTED FOLLOW-UP QUESTIONS" in text
        assert "A customer was charged twice" in text
        assert "still being transcribed" not in text
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_content_type() == "text/calendar"
        assert attachment.get_param("method") == "REQUEST"
        calendar = ics.parse(attachment.get_payload(decode=True).decode())
        vevent = ics.event(calendar)
        assert calendar["METHOD"] == "REQUEST"
        assert ics.utc(vevent, "DTSTART") == START
        assert ics.utc(vevent, "DTEND") == START + timedelta(minutes=45)
        assert ics.addresses(vevent, "ATTENDEE") == [
            "mailto:lead@acme.test",
            "mailto:outside@partner.test",
        ]
        assert vevent["ORGANIZER"] == "mailto:manager@acme.test"
        brief = reverse("live_brief", kwargs={"org": org.slug, "invitation_id": advanced.public_id})
        assert f"http://testserver{brief}" in vevent["DESCRIPTION"]
        assert vevent["UID"] == f"{live.public_id}@palantrix"

    # The job's funnel and the shortlist show the new stage.
    job_page = client.get(reverse("job_detail", kwargs={"org": org.slug, "job_id": job.public_id}))
    assert job_page.context["funnel"]["live_scheduled"] == 1
    assert "live interview scheduled" in job_page.content.decode()
    shortlist = reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id})
    assert "live interview scheduled" in client.get(shortlist).content.decode()
    only = client.get(shortlist, {"status": "live_scheduled"})
    assert [row.invitation.name for row in only.context["rows"]] == ["Candidate 000"]


def test_a_brief_emailed_before_the_worker_finished_says_so(
    client_for, hiring_manager, org, advanced, mail_sink
):
    Answer.objects.filter(invitation=advanced).update(status="transcribing")
    schedule(client_for(hiring_manager), org, advanced)
    live = LiveInterview.objects.get()

    assert send_live_interview_task(live_interview_id=live.pk, sequence=0)

    (message,) = mail_sink.wait_for("lead@acme.test")
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "1 of 1 recorded answers are still being transcribed and scored" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "1 of 1 recorded answers are still being transcribed and scored" in html


def test_a_send_failing_part_way_is_retried_for_those_not_reached_only(
    client_for, hiring_manager, org, advanced, mail_sink, monkeypatch
):
    from review import emails

    schedule(client_for(hiring_manager), org, advanced)
    live = LiveInterview.objects.get()
    real_send = emails.send_templated

    def refused_for_outside(*, to, **kwargs):
        if to == "outside@partner.test":
            raise ConnectionRefusedError("the mail server went away")
        return real_send(to=to, **kwargs)

    monkeypatch.setattr(emails, "send_templated", refused_for_outside)
    with pytest.raises(ConnectionRefusedError):
        send_live_interview_task(live_interview_id=live.pk, sequence=0)
    monkeypatch.undo()
    assert len(mail_sink.wait_for("lead@acme.test")) == 1

    assert send_live_interview_task(live_interview_id=live.pk, sequence=0)  # the retry

    assert len(mail_sink.wait_for("outside@partner.test")) == 1
    assert len(mail_sink.messages_to("lead@acme.test")) == 1  # not a second time
    assert not send_live_interview_task(live_interview_id=live.pk, sequence=0)


def test_any_failure_gives_the_emails_back_for_the_retry(
    client_for, hiring_manager, org, advanced, mail_sink, monkeypatch
):
    from django.template import TemplateSyntaxError

    from review import emails

    schedule(client_for(hiring_manager), org, advanced)
    live = LiveInterview.objects.get()

    def broken(**kwargs):
        raise TemplateSyntaxError("a broken template")

    monkeypatch.setattr(emails, "send_templated", broken)
    with pytest.raises(TemplateSyntaxError):
        send_live_interview_task(live_interview_id=live.pk, sequence=0)
    monkeypatch.undo()
    live.refresh_from_db()
    assert live.email_claimed_at is None  # not left taken

    assert send_live_interview_task(live_interview_id=live.pk, sequence=0)  # the retry sends
    assert len(mail_sink.wait_for("lead@acme.test")) == 1
    assert len(mail_sink.wait_for("outside@partner.test")) == 1


def test_a_duplicate_task_waits_but_a_dead_senders_lease_is_taken_over(
    client_for, hiring_manager, org, advanced, mail_sink
):
    schedule(client_for(hiring_manager), org, advanced)
    live = LiveInterview.objects.get()
    # Another worker is sending right now: this duplicate sends nothing.
    LiveInterview.objects.update(email_claimed_at=timezone.now() - timedelta(seconds=30))
    assert not send_live_interview_task(live_interview_id=live.pk, sequence=0)
    assert mail_sink.messages_to("lead@acme.test") == []
    # That worker was killed mid-way (its task is redelivered later): the lease goes stale.
    stale = timezone.now() - live_services.EMAIL_LEASE - timedelta(seconds=1)
    LiveInterview.objects.update(email_claimed_at=stale)
    assert send_live_interview_task(live_interview_id=live.pk, sequence=0)
    assert len(mail_sink.wait_for("lead@acme.test")) == 1
    assert len(mail_sink.wait_for("outside@partner.test")) == 1
    live.refresh_from_db()
    assert (live.emailed_sequence, live.email_claimed_at) == (0, None)
    assert not send_live_interview_task(live_interview_id=live.pk, sequence=0)  # done: once


def test_a_reschedule_while_emails_go_out_stops_the_older_ones(
    client_for, hiring_manager, org, advanced, mail_sink, monkeypatch
):
    from review import emails

    schedule(client_for(hiring_manager), org, advanced)
    live = LiveInterview.objects.get()
    real_send = emails.send_templated

    def reschedule_after_the_first(**kwargs):
        real_send(**kwargs)
        monkeypatch.setattr(emails, "send_templated", real_send)
        live_services.live_interview_schedule(
            invitation=advanced,
            actor=hiring_manager,
            starts_at=START + timedelta(days=1),
            duration_minutes=45,
            location="Room 2",
            interviewers=["lead@acme.test", "outside@partner.test"],
        )

    monkeypatch.setattr(emails, "send_templated", reschedule_after_the_first)
    assert not send_live_interview_task(live_interview_id=live.pk, sequence=0)  # stopped
    assert len(mail_sink.wait_for("lead@acme.test")) == 1
    assert mail_sink.messages_to("outside@partner.test") == []  # no outdated time for them

    assert send_live_interview_task(live_interview_id=live.pk, sequence=1)
    assert len(mail_sink.wait_for("lead@acme.test", count=2)) == 2
    (message,) = mail_sink.wait_for("outside@partner.test")
    assert message["Subject"].startswith("Updated: ")


def test_a_job_title_with_a_line_break_still_gives_a_one_line_subject(
    client_for, hiring_manager, org, advanced, job, mail_sink
):
    job.title = "Support\r\nengineer"
    job.save(update_fields=["title"])
    schedule(client_for(hiring_manager), org, advanced)
    live = LiveInterview.objects.get()
    assert send_live_interview_task(live_interview_id=live.pk, sequence=0)
    (message,) = mail_sink.wait_for("lead@acme.test")
    assert "for Support engineer, " in message["Subject"]
    assert "\n" not in message["Subject"]


def test_a_reschedule_updates_the_same_event_and_a_cancel_removes_it(
    client_for, hiring_manager, org, advanced, mail_sink
):
    client = client_for(hiring_manager)
    schedule(client, org, advanced)
    later = START + timedelta(days=1)
    page = schedule(
        client,
        org,
        advanced,
        starts_at=later.strftime("%Y-%m-%dT%H:%M"),
        interviewers="lead@acme.test",
    ).content.decode()
    assert "Live interview rescheduled." in page
    live = LiveInterview.objects.get()
    assert (live.sequence, live.starts_at) == (1, later)
    assert AuditEvent.objects.filter(action="interviews.live_interview.rescheduled").count() == 1

    assert not send_live_interview_task(live_interview_id=live.pk, sequence=0)  # stale: skipped
    assert send_live_interview_task(live_interview_id=live.pk, sequence=1)
    (message,) = mail_sink.wait_for("lead@acme.test")
    assert message["Subject"].startswith("Updated: ")
    vevent = ics.event(calendar_of(message))
    assert vevent["UID"] == f"{live.public_id}@palantrix"
    assert vevent["SEQUENCE"] == 1
    assert ics.utc(vevent, "DTSTART") == later

    mail_sink.clear()
    client.post(
        reverse(
            "live_interview_cancel", kwargs={"org": org.slug, "live_interview_id": live.public_id}
        )
    )
    live.refresh_from_db()
    assert (live.status, live.sequence) == ("cancelled", 2)
    assert send_live_interview_task(live_interview_id=live.pk, sequence=2)
    (message,) = mail_sink.wait_for("lead@acme.test")
    assert message["Subject"].startswith("Cancelled: ")
    calendar = calendar_of(message)
    assert calendar["METHOD"] == "CANCEL"
    assert ics.event(calendar)["UID"] == f"{live.public_id}@palantrix"
    assert AuditEvent.objects.filter(action="interviews.live_interview.cancelled").count() == 1


def calendar_of(message):
    return ics.parse(next(message.iter_attachments()).get_payload(decode=True).decode())


def test_a_reschedule_by_another_member_keeps_the_organizer(
    client_for, hiring_manager, make, org, advanced, mail_sink
):
    schedule(client_for(hiring_manager), org, advanced)
    colleague = make.member(org, "hiring_manager")
    later = (START + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    schedule(client_for(colleague), org, advanced, starts_at=later)
    live = LiveInterview.objects.get()
    assert send_live_interview_task(live_interview_id=live.pk, sequence=1)
    (message,) = mail_sink.wait_for("lead@acme.test")
    vevent = ics.event(calendar_of(message))
    assert vevent["ORGANIZER"] == "mailto:manager@acme.test"
    assert message["Reply-To"] == "manager@acme.test"
    event = AuditEvent.objects.get(action="interviews.live_interview.rescheduled")
    assert event.actor_id == str(colleague.pk)  # who rescheduled is in the audit log


def test_an_interviewer_dropped_by_a_reschedule_gets_a_cancel_for_the_event(
    client_for, hiring_manager, org, advanced, mail_sink
):
    client = client_for(hiring_manager)
    schedule(client, org, advanced)
    live = LiveInterview.objects.get()
    assert send_live_interview_task(live_interview_id=live.pk, sequence=0)
    mail_sink.wait_for("outside@partner.test")
    mail_sink.clear()

    schedule(client, org, advanced, interviewers="lead@acme.test")
    assert send_live_interview_task(live_interview_id=live.pk, sequence=1)

    (dropped,) = mail_sink.wait_for("outside@partner.test")
    assert dropped["Subject"].startswith("Removed: ")
    assert "no longer needed" in dropped.get_body(preferencelist=("plain",)).get_content()
    assert "Overall score" not in dropped.get_body(preferencelist=("plain",)).get_content()
    assert next(dropped.iter_attachments()).get_param("method") == "CANCEL"
    calendar = calendar_of(dropped)
    vevent = ics.event(calendar)
    assert calendar["METHOD"] == "CANCEL"
    assert vevent["UID"] == f"{live.public_id}@palantrix"
    assert vevent["SEQUENCE"] == 1
    assert ics.addresses(vevent, "ATTENDEE") == ["mailto:outside@partner.test"]
    assert "STATUS" not in vevent  # only they leave it; the event goes on
    (kept,) = mail_sink.wait_for("lead@acme.test")
    vevent = ics.event(calendar_of(kept))
    assert calendar_of(kept)["METHOD"] == "REQUEST"
    assert ics.addresses(vevent, "ATTENDEE") == ["mailto:lead@acme.test"]


def test_a_dropped_interviewer_is_told_even_when_a_newer_change_overtakes_the_emails(
    client_for, hiring_manager, org, advanced, mail_sink
):
    client = client_for(hiring_manager)
    schedule(client, org, advanced)
    live = LiveInterview.objects.get()
    assert send_live_interview_task(live_interview_id=live.pk, sequence=0)
    mail_sink.wait_for("outside@partner.test")
    mail_sink.clear()
    schedule(client, org, advanced, interviewers="lead@acme.test")  # drops outside
    later = (START + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    schedule(client, org, advanced, interviewers="lead@acme.test", starts_at=later)

    assert not send_live_interview_task(live_interview_id=live.pk, sequence=1)  # overtaken
    assert send_live_interview_task(live_interview_id=live.pk, sequence=2)
    (dropped,) = mail_sink.wait_for("outside@partner.test")
    assert calendar_of(dropped)["METHOD"] == "CANCEL"
    assert ics.event(calendar_of(dropped))["SEQUENCE"] == 2
    assert not send_live_interview_task(live_interview_id=live.pk, sequence=2)
    assert len(mail_sink.messages_to("outside@partner.test")) == 1


@pytest.mark.django_db(transaction=True)
def test_a_cancel_racing_a_reschedule_is_not_lost(
    client_for, hiring_manager, org, advanced, monkeypatch
):
    """The reschedule holds its slot while it saves; a cancel arriving then waits for it
    and cancels the rescheduled slot, instead of being overwritten by a stale copy."""
    schedule(client_for(hiring_manager), org, advanced)
    live = LiveInterview.objects.get()
    real_save = LiveInterview.save
    rescheduling = threading.Event()
    cancelled = threading.Event()
    errors = []

    def slow_save(self, *args, **kwargs):
        if threading.current_thread().name == "reschedule":
            rescheduling.set()
            cancelled.wait(timeout=1.5)  # the cancel, unless it waits for this save
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(LiveInterview, "save", slow_save)

    def reschedule():
        try:
            live_services.live_interview_schedule(
                invitation=advanced,
                actor=hiring_manager,
                starts_at=START + timedelta(days=1),
                duration_minutes=45,
                location="Room 2",
                interviewers=["lead@acme.test"],
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    def cancel():
        try:
            # The race needs the reschedule inside its save: wait for that, not for a clock.
            assert rescheduling.wait(timeout=seconds(60)), "the reschedule never saved"
            live_services.live_interview_cancel(live=live, actor=hiring_manager)
            cancelled.set()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=reschedule, name="reschedule"),
        threading.Thread(target=cancel, name="cancel"),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    live.refresh_from_db()
    assert (live.status, live.sequence, live.location) == ("cancelled", 2, "Room 2")
    assert not LiveInterview.objects.filter(status="scheduled").exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="interviews.live_interview")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == [
        "interviews.live_interview.rescheduled",
        "interviews.live_interview.cancelled",
    ]


def test_scheduling_after_a_cancel_makes_a_new_event(hiring_manager, advanced):
    first = live_services.live_interview_schedule(
        invitation=advanced,
        actor=hiring_manager,
        starts_at=START,
        duration_minutes=45,
        location="Room 1",
        interviewers=["lead@acme.test"],
    )
    live_services.live_interview_cancel(live=first, actor=hiring_manager)
    second = live_services.live_interview_schedule(
        invitation=advanced,
        actor=hiring_manager,
        starts_at=START,
        duration_minutes=45,
        location="Room 1",
        interviewers=["lead@acme.test"],
    )
    first.refresh_from_db()
    assert (first.status, first.sequence) == ("cancelled", 1)  # stays cancelled
    assert second.pk != first.pk
    assert (second.status, second.sequence) == ("scheduled", 0)
    assert second.calendar_uid != first.calendar_uid
    with pytest.raises(DomainError, match="already cancelled"):
        live_services.live_interview_cancel(live=first, actor=hiring_manager)


def test_another_organisation_gets_404_for_the_brief_and_the_slot(
    client_for, other_admin, other_org, advanced
):
    client = client_for(other_admin)
    for name in ("live_brief", "live_brief_print", "live_interview_schedule"):
        assert client.get(url(name, other_org, advanced)).status_code == 404


def test_the_brief_goes_only_to_members_and_outside_addresses_the_admin_allowed(
    client_for, hiring_manager, admin, org, advanced
):
    client = client_for(hiring_manager)

    refused = schedule(client, org, advanced, interviewers="lead@acme.test, me@rival.test")

    assert "Interviewers: me@rival.test is not in the team" in refused.content.decode()
    assert not LiveInterview.objects.exists()
    members_only = live_services.live_interview_schedule(
        invitation=advanced,
        actor=hiring_manager,
        starts_at=START,
        duration_minutes=45,
        location="Room 4",
        interviewers=[admin.email.upper(), "someone@partner.test"],
    )
    assert members_only.interviewers == [admin.email.lower(), "someone@partner.test"]
    event = AuditEvent.objects.get(action="interviews.live_interview.scheduled")
    assert event.data["outside_recipients"] == 1


def test_an_admin_edits_the_outside_recipients_and_the_change_is_audited(client_for, admin, org):
    page = reverse("organization_settings", kwargs={"org": org.slug})
    form = {"name": org.name, "brand_color": "#2f5bd3"}

    bad = client_for(admin).post(page, {**form, "brief_recipients_allowed": "not-an-address"})
    assert "not an address or @domain: not-an-address" in bad.content.decode()
    client_for(admin).post(
        page, {**form, "brief_recipients_allowed": "Lead@Partner.test\n@agency.test"}
    )

    org.refresh_from_db()
    assert org.brief_recipients_allowed == "lead@partner.test\n@agency.test"
    event = AuditEvent.objects.filter(action="palantrix.organization.updated").last()
    assert "brief_recipients_allowed" in event.data["fields"]
