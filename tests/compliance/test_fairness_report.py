"""The bias report from real interviews and scores, its pages, the NYC Local Law 144
settings that gate AI scoring, and the published summary."""

import csv
import io
import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance import fairness
from compliance.models import BiasAudit, JobCompliance, RaceEthnicity, SelfIdentification, Sex
from compliance.selectors import bias_report
from compliance.services import (
    ai_scoring_block,
    bias_audit_record,
    fairness_summary_publish,
    job_ll144_set,
)
from interviews import services as services_i
from interviews.models import Invitation, InvitationStatus
from palantrix import audit
from palantrix.errors import DomainError
from palantrix.models import AuditEvent
from review import services as review_services
from scoring.models import ScoreStatus
from tests.factories import AnswerFactory, ScoreFactory, TranscriptFactory, job_with_profile

pytestmark = pytest.mark.django_db


# --- Building scored candidates ------------------------------------------------------------


def scored_job(organization, title="Support engineer"):
    return job_with_profile(
        organization,
        audit.SYSTEM,
        title=title,
        profile_name=f"Profile {uuid.uuid4()}",
        competencies=[
            services_i.CompetencyInput("Teamwork", "Works with others", 3, ["I helped a peer"])
        ],
    )


def scored_candidate(
    job,
    scores=(),
    *,
    sex=None,
    race=None,
    completed_at=None,
    name="Cand Idate",
):
    """A finished interview with one written answer; `scores` are (value, status) pairs
    or plain values (active), one competency score each."""
    organization = job.organization
    invitation = services_i.invitation_send(
        job=job, actor=audit.SYSTEM, name=name, email=f"{uuid.uuid4()}@example.test"
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        status=InvitationStatus.COMPLETED, completed_at=completed_at or timezone.now()
    )
    invitation.refresh_from_db()
    answer = AnswerFactory(invitation=invitation, text="I helped a peer.")
    transcript = TranscriptFactory(answer=answer, text="I helped a peer.")
    version = job.profile.versions.get()
    for item in scores:
        value, status = item if isinstance(item, tuple) else (item, ScoreStatus.ACTIVE)
        ScoreFactory(
            transcript=transcript,
            profile_version=version,
            competency_name="Teamwork",
            weight=3,
            value=value,
            confidence=0.9,
            status=status,
        )
    if sex or race:
        SelfIdentification.objects.create(
            organization=organization,
            invitation=invitation,
            sex=sex or Sex.PREFER_NOT,
            race_ethnicity=race or RaceEthnicity.PREFER_NOT,
            consented_at=timezone.now(),
        )
    return invitation


def worked_example(job):
    """Men 9, 7, 6, 4 and women 8, 5, 3, 2 (the rules' example)."""
    for value in (9, 7, 6, 4):
        scored_candidate(job, [value], sex=Sex.MALE, race=RaceEthnicity.WHITE)
    for value in (8, 5, 3, 2):
        scored_candidate(job, [value], sex=Sex.FEMALE, race=RaceEthnicity.BLACK)


def last_year():
    today = timezone.localdate()
    return today - timedelta(days=364), today


# --- The report ----------------------------------------------------------------------------


def test_the_report_reproduces_the_worked_example_from_stored_scores(org):
    job = scored_job(org)
    worked_example(job)
    start, end = last_year()
    report = bias_report(organization=org, start=start, end=end, job=job)
    assert report.scoring.median == 5.5
    sex = {row.category: row for row in report.scoring.tables[0].rows}
    assert (sex["Male"].rate, sex["Female"].rate) == (0.75, 0.25)
    assert round(sex["Female"].impact_ratio, 2) == 0.33
    assert report.decisions is None


def test_the_ai_score_uses_active_scores_only(org):
    # given one candidate whose old low score was superseded, one who withdrew from AI
    # assessment, one the AI could not score and one with two active scores
    job = scored_job(org)
    scored_candidate(job, [90, (10, ScoreStatus.SUPERSEDED)], sex=Sex.MALE)
    scored_candidate(job, [(80, ScoreStatus.WITHDRAWN)], sex=Sex.FEMALE)
    scored_candidate(job, [None], sex=Sex.FEMALE)
    scored_candidate(job, [40, 60], sex=Sex.FEMALE)

    # when
    start, end = last_year()
    report = bias_report(organization=org, start=start, end=end, job=job)

    # then only the two candidates with an active score are the sample: 90 and 50
    assert (report.completed, report.not_scored, report.scoring.sample) == (4, 2, 2)
    assert report.scoring.median == 70
    sex = {row.category: row for row in report.scoring.tables[0].rows}
    assert (sex["Male"].selected, sex["Female"].selected) == (1, 0)


def test_prefer_not_to_say_and_no_answer_count_as_unknown(org):
    job = scored_job(org)
    scored_candidate(job, [70], sex=Sex.FEMALE, race=RaceEthnicity.PREFER_NOT)
    scored_candidate(job, [60])  # never answered
    start, end = last_year()
    report = bias_report(organization=org, start=start, end=end)
    sex, race, both = report.scoring.tables
    assert (sex.unknown, race.unknown, both.unknown) == (1, 2, 2)


def test_the_period_and_the_job_limit_the_sample(org):
    job, other_job = scored_job(org), scored_job(org, "Designer")
    scored_candidate(job, [50], sex=Sex.MALE)
    scored_candidate(other_job, [50], sex=Sex.MALE)
    scored_candidate(job, [50], sex=Sex.MALE, completed_at=timezone.now() - timedelta(days=800))
    start, end = last_year()
    assert bias_report(organization=org, start=start, end=end).scoring.sample == 2
    assert bias_report(organization=org, start=start, end=end, job=job).scoring.sample == 1
    long_ago = start - timedelta(days=1000)
    assert bias_report(organization=org, start=long_ago, end=end, job=job).scoring.sample == 2


def test_another_organisations_candidates_never_enter_the_report(org, other_org):
    scored_candidate(scored_job(other_org), [50], sex=Sex.MALE)
    start, end = last_year()
    assert bias_report(organization=org, start=start, end=end).completed == 0


# --- The pages -----------------------------------------------------------------------------


def test_a_hiring_manager_sees_the_job_report_with_chart_flags_and_sample_sizes(
    client_for, hiring_manager, org
):
    job = scored_job(org)
    worked_example(job)
    url = reverse("job_bias_report", kwargs={"org": org.slug, "job_id": job.public_id})
    page = client_for(hiring_manager).get(url).content.decode()
    assert "Bias report: Support engineer" in page
    assert '<span class="figure">8</span> with an AI score' in page
    assert "5.5" in page
    assert "0.75" in page
    assert "0.33" in page
    assert "Impact ratio under 0.80" in page
    assert 'class="chart"' in page
    assert "<script" not in page.split("<main")[1]  # no chart library
    assert "No human decisions recorded yet" in page


def test_the_organisation_report_defaults_to_the_last_twelve_months(client_for, admin, org):
    job = scored_job(org)
    scored_candidate(job, [50], sex=Sex.MALE, completed_at=timezone.now() - timedelta(days=800))
    client = client_for(admin)
    url = reverse("bias_report", kwargs={"org": org.slug})
    page = client.get(url).content.decode()
    start, end = fairness.default_period(timezone.localdate())
    assert f'value="{start.isoformat()}"' in page
    assert f'value="{end.isoformat()}"' in page
    assert "No finished interview with an AI score in this period" in page
    page = client.get(url, {"start": "2020-01-01", "end": end.isoformat()}).content.decode()
    assert '<span class="figure">1</span> with an AI score' in page


def test_recruiters_do_not_see_the_bias_report(client_for, recruiter, org):
    job = scored_job(org)
    client = client_for(recruiter)
    assert client.get(reverse("bias_report", kwargs={"org": org.slug})).status_code == 403
    url = reverse("job_bias_report", kwargs={"org": org.slug, "job_id": job.public_id})
    assert client.get(url).status_code == 403


def test_the_csv_export_holds_the_figures_and_is_audited(client_for, hiring_manager, org):
    job = scored_job(org)
    worked_example(job)
    start, end = last_year()
    url = reverse("job_bias_report_csv", kwargs={"org": org.slug, "job_id": job.public_id})
    response = client_for(hiring_manager).get(
        url, {"start": start.isoformat(), "end": end.isoformat()}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Median AI score", "5.5"] in rows
    female = next(r for r in rows if r[:3] == ["AI score above median", "Sex", "Female"])
    assert female[3:8] == ["4", "0.5000", "1", "0.2500", "0.3333"]
    assert female[9] == "yes"
    assert any("No human decisions recorded yet" in cell for row in rows for cell in row)
    event = AuditEvent.objects.get(action="compliance.bias_report.exported")
    assert event.data == {"from": start.isoformat(), "to": end.isoformat()}
    assert event.target_id == str(job.public_id)


def test_another_organisations_job_report_is_a_404(client_for, admin, org, other_org):
    job = scored_job(other_org)
    client = client_for(admin)
    for name in ["job_bias_report", "job_bias_report_csv"]:
        url = reverse(name, kwargs={"org": org.slug, "job_id": job.public_id})
        assert client.get(url).status_code == 404


# --- NYC Local Law 144: the gate on AI scoring ---------------------------------------------


def test_a_nyc_job_is_not_scored_without_a_bias_audit_from_the_last_year(org, admin, ai_ready):
    job = scored_job(org)
    assert ai_scoring_block(organization=org, job=job) == ""
    today = timezone.localdate()
    job_ll144_set(
        job=job, actor=admin, nyc_ll144=True, notice_published_on=today - timedelta(days=40)
    )
    assert "bias audit" in ai_scoring_block(organization=org, job=job)

    bias_audit_record(
        organization=org, actor=admin, audited_on=today - timedelta(days=400), auditor="Old LLP"
    )
    assert "bias audit" in ai_scoring_block(organization=org, job=job)

    bias_audit_record(
        organization=org, actor=admin, audited_on=today - timedelta(days=300), auditor="New LLP"
    )
    assert ai_scoring_block(organization=org, job=job) == ""
    assert [e.data for e in AuditEvent.objects.filter(action="compliance.bias_audit.recorded")] == [
        {"audited_on": (today - timedelta(days=400)).isoformat()},
        {"audited_on": (today - timedelta(days=300)).isoformat()},
    ]


@pytest.mark.parametrize(
    ("today", "blocked"),
    # 19 January 2026 is Martin Luther King Jr. Day: the tenth business day is the 20th.
    [(date(2026, 1, 16), True), (date(2026, 1, 19), True), (date(2026, 1, 20), False)],
)
def test_a_nyc_job_waits_ten_business_days_after_its_notice(
    monkeypatch, org, admin, ai_ready, today, blocked
):
    job = scored_job(org)
    BiasAudit.objects.create(organization=org, audited_on=date(2025, 12, 1), auditor="Audit LLP")
    JobCompliance.objects.create(
        organization=org, job=job, nyc_ll144=True, notice_published_on=date(2026, 1, 5)
    )
    monkeypatch.setattr("compliance.ll144.timezone.localdate", lambda: today)
    reason = ai_scoring_block(organization=org, job=job)
    if blocked:
        assert "10 business days" in reason
        assert "20 January 2026" in reason
    else:
        assert reason == ""


def test_a_nyc_job_without_a_notice_date_is_not_scored(org, admin, ai_ready):
    job = scored_job(org)
    bias_audit_record(
        organization=org, actor=admin, audited_on=timezone.localdate(), auditor="Audit LLP"
    )
    job_ll144_set(job=job, actor=admin, nyc_ll144=True, notice_published_on=None)
    assert "record its date" in ai_scoring_block(organization=org, job=job)


def test_the_organisation_gate_still_comes_first(org):
    job = scored_job(org)
    JobCompliance.objects.create(organization=org, job=job, nyc_ll144=True)
    assert "until an admin records" in ai_scoring_block(organization=org, job=job)


def test_an_admin_flags_a_job_and_the_job_page_says_why_it_is_not_scored(
    client_for, admin, org, ai_ready
):
    job = scored_job(org)
    client = client_for(admin)
    page = client.get(reverse("ll144", kwargs={"org": org.slug})).content.decode()
    assert "Support engineer" in page
    prefix = str(job.public_id)
    response = client.post(
        reverse("job_ll144_set", kwargs={"org": org.slug, "job_id": job.public_id}),
        {f"{prefix}-nyc_ll144": "on", f"{prefix}-notice_published_on": "2026-01-05"},
    )
    assert response.status_code == 302
    settings = JobCompliance.objects.get(job=job)
    assert settings.nyc_ll144
    assert settings.notice_published_on == date(2026, 1, 5)
    event = AuditEvent.objects.get(action="compliance.job_nyc_settings.updated")
    assert event.data == {"nyc_ll144": True, "notice_published_on": "2026-01-05"}
    job_page = client.get(reverse("job_detail", kwargs={"org": org.slug, "job_id": job.public_id}))
    assert "New York City job" in job_page.content.decode()


def test_only_admins_change_the_nyc_settings(client_for, hiring_manager, org):
    job = scored_job(org)
    client = client_for(hiring_manager)
    assert client.get(reverse("ll144", kwargs={"org": org.slug})).status_code == 403
    url = reverse("job_ll144_set", kwargs={"org": org.slug, "job_id": job.public_id})
    assert client.post(url, {f"{job.public_id}-nyc_ll144": "on"}).status_code == 403
    response = client.post(
        reverse("bias_audit_record", kwargs={"org": org.slug}),
        {"audited_on": "2026-01-01", "auditor": "X"},
    )
    assert response.status_code == 403
    assert not JobCompliance.objects.exists()
    assert not BiasAudit.objects.exists()


def test_an_audit_dated_in_the_future_is_refused(client_for, admin, org):
    future = timezone.localdate() + timedelta(days=3)
    response = client_for(admin).post(
        reverse("bias_audit_record", kwargs={"org": org.slug}),
        {"audited_on": future.isoformat(), "auditor": "Audit LLP"},
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not BiasAudit.objects.exists()


# --- The public summary --------------------------------------------------------------------


def test_publishing_needs_a_recorded_bias_audit(admin, org):
    start, end = last_year()
    with pytest.raises(DomainError, match="Record the independent bias audit"):
        fairness_summary_publish(
            organization=org,
            actor=admin,
            start=start,
            end=end,
            distribution_date=start,
            data_source="Historical data",
        )


def test_the_public_summary_shows_every_field_the_law_asks_for(client, client_for, admin, org):
    # given scored candidates and a recorded audit
    job = scored_job(org)
    worked_example(job)
    scored_candidate(job, [5], name="Ana Lima")  # no self-identification: unknown
    public_url = reverse("fairness_public", kwargs={"org_slug": org.slug})
    assert client.get(public_url).status_code == 404  # nothing published yet
    admin_client = client_for(admin)
    admin_client.post(
        reverse("bias_audit_record", kwargs={"org": org.slug}),
        {"audited_on": "2026-10-01", "auditor": "Independent Audit LLP", "summary": "Fine."},
    )

    # when an admin publishes
    start, end = last_year()
    response = admin_client.post(
        reverse("fairness_publish", kwargs={"org": org.slug}),
        {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "distribution_date": "2026-02-01",
            "data_source": "Historical data of our own candidates.",
        },
    )
    assert response.status_code == 302

    # then anyone can read the summary, without logging in
    admin_client.logout()
    page = client.get(public_url).content.decode()
    for text in [
        "1 October 2026",  # audit date
        "Independent Audit LLP",
        "1 February 2026",  # distribution date
        "Historical data of our own candidates.",  # data source
        "Number of applicants assessed",
        "<dd>9</dd>",
        "Sex: 1; Race/ethnicity: 1; Sex and race/ethnicity: 1",  # unknowns
        "Male",
        "Female",
        "Black or African American",
        "0.75",  # a scoring rate
        "0.33",  # an impact ratio
    ]:
        assert text in page, text
    assert "Ana Lima" not in page
    assert "@example.test" not in page
    event = AuditEvent.objects.get(action="compliance.fairness_summary.published")
    assert event.data["applicants"] == 9
    assert event.actor_id == str(admin.pk)


def test_withdrawing_the_summary_takes_the_page_down_and_is_audited(client, admin, org):
    bias_audit_record(organization=org, actor=admin, audited_on=date(2026, 10, 1), auditor="A")
    start, end = last_year()
    fairness_summary_publish(
        organization=org,
        actor=admin,
        start=start,
        end=end,
        distribution_date=start,
        data_source="Historical data",
    )
    public_url = reverse("fairness_public", kwargs={"org_slug": org.slug})
    assert client.get(public_url).status_code == 200
    client.force_login(admin)
    client.post(reverse("fairness_withdraw", kwargs={"org": org.slug}))
    client.logout()
    assert client.get(public_url).status_code == 404
    assert AuditEvent.objects.filter(action="compliance.fairness_summary.withdrawn").count() == 1
    assert audit.verify_chain(org).ok


def test_a_published_summary_is_per_organisation(client, admin, org, other_org):
    bias_audit_record(organization=org, actor=admin, audited_on=date(2026, 10, 1), auditor="A")
    start, end = last_year()
    fairness_summary_publish(
        organization=org,
        actor=admin,
        start=start,
        end=end,
        distribution_date=start,
        data_source="Historical data",
    )
    assert client.get(reverse("fairness_public", args=[other_org.slug])).status_code == 404
    assert client.get(reverse("fairness_public", args=["no-such-org"])).status_code == 404


def test_recorded_human_decisions_give_selection_rates_by_the_latest_decision(org, admin):
    # given two men and two women, one woman first held then advanced, one man advanced
    job = scored_job(org)
    men = [scored_candidate(job, [v], sex=Sex.MALE) for v in (70, 60)]
    women = [scored_candidate(job, [v], sex=Sex.FEMALE) for v in (80, 50)]
    for invitation, outcome in [
        (men[0], "advance"),
        (men[1], "reject"),
        (women[0], "hold"),
        (women[0], "advance"),
        (women[1], "reject"),
    ]:
        review_services.decision_record(
            invitation=invitation, actor=admin, outcome=outcome, reason="Panel view"
        )
    start, end = last_year()

    # when
    report = bias_report(organization=org, start=start, end=end, job=job)

    # then
    sex = {row.category: row for row in report.decisions[0].rows}
    assert (sex["Male"].rate, sex["Female"].rate) == (0.5, 0.5)
    assert (sex["Male"].impact_ratio, sex["Female"].impact_ratio) == (1.0, 1.0)


@pytest.mark.parametrize(
    "title", ['=HYPERLINK("http://x.test","open")', "+1+2", "-2+3", "@SUM(A1)"]
)
def test_a_job_title_that_looks_like_a_formula_is_text_in_the_csv(
    client_for, hiring_manager, org, title
):
    job = scored_job(org, title=title)
    worked_example(job)
    start, end = last_year()
    url = reverse("job_bias_report_csv", kwargs={"org": org.slug, "job_id": job.public_id})

    response = client_for(hiring_manager).get(
        url, {"start": start.isoformat(), "end": end.isoformat()}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Job", "'" + title] in rows
    assert ["Median AI score", "5.5"] in rows  # numbers stay numbers
