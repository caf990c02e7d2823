"""Voluntary self-identification after finishing: optional, with explicit consent, stored
apart, never shown to reviewers and out of reach of the scoring code."""

import ast
import dataclasses
import inspect
from pathlib import Path

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from compliance.models import RaceEthnicity, SelfIdentification, Sex
from interviews import services as services_i
from interviews.models import AnswerKind, Invitation, InvitationStatus, InvitationToken
from palantrix.models import AuditEvent
from palantrix.tokens import new_token
from scoring import ranking, scorer
from tests.compliance.test_fairness_report import scored_candidate, scored_job

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
URL = "/interview/self-identification/"
CATEGORY_TEXT = [label for value, label in [*Sex.choices, *RaceEthnicity.choices]]
SHARED = {"sex": Sex.FEMALE, "race_ethnicity": RaceEthnicity.PACIFIC_ISLANDER}


@pytest.fixture
def invitation(org, recruiter):
    job = services_i.job_create(organization=org, actor=recruiter, title="Support engineer")
    services_i.question_add(
        job=job,
        actor=recruiter,
        question=services_i.QuestionInput("Why this team?", kind=AnswerKind.WRITTEN),
    )
    services_i.job_set_status(job=job, actor=recruiter, status="open")
    return services_i.invitation_send(
        job=job, actor=recruiter, name="Ana Lima", email="ana.lima@example.test"
    )


def finish(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        status=InvitationStatus.COMPLETED, completed_at=timezone.now()
    )


@pytest.fixture
def candidate(client, invitation):
    """The candidate's browser, as after clicking the emailed link."""
    token, digest = new_token()
    InvitationToken.objects.create(
        organization=invitation.organization, invitation=invitation, token_hash=digest
    )
    assert client.get(reverse("candidate_link", args=[token])).status_code == 302
    return client


def test_the_finish_page_offers_an_optional_form_with_prefer_not_to_say_first(
    candidate, invitation
):
    finish(invitation)
    page = candidate.get(reverse("candidate_done")).content.decode()
    assert "It is optional." in page
    assert "Used only for fairness statistics" in page
    assert "Never shown to reviewers and never used to score you" in page
    assert reverse("candidate_self_identification") == URL
    for field in ["sex", "race_ethnicity"]:
        first = page.index(f'name="{field}"')
        assert 'value="prefer_not"' in page[first : first + 80]
        assert "checked" in page[first : first + 120]
    for label in [
        "Hispanic or Latino",
        "White",
        "Black or African American",
        "Native Hawaiian or Other Pacific Islander",
        "Asian",
        "American Indian or Alaska Native",
        "Two or more races",
    ]:
        assert label in page
    assert 'name="consent"' in page
    assert 'name="consent" checked' not in page


def test_sharing_a_category_needs_the_consent_box(candidate, invitation):
    finish(invitation)
    response = candidate.post(URL, SHARED)
    assert response.status_code == 400
    assert "tick this box" in response.content.decode()
    assert not SelfIdentification.objects.exists()


def test_answers_with_consent_are_stored_apart_and_audited_without_categories(
    candidate, invitation
):
    # given a finished candidate
    finish(invitation)

    # when they share their categories and consent
    response = candidate.post(URL, {**SHARED, "consent": "on"})

    # then they are stored apart, and the audit event names no category
    assert response.status_code == 302
    assert response["Location"] == reverse("candidate_done")
    record = SelfIdentification.objects.get()
    assert (record.sex, record.race_ethnicity) == (Sex.FEMALE, RaceEthnicity.PACIFIC_ISLANDER)
    assert record.consented_at is not None
    assert record.organization == invitation.organization
    event = AuditEvent.objects.get(action="compliance.self_identification.recorded")
    assert event.data == {"consented": True}
    assert event.actor_type == "candidate"
    assert event.actor_id == str(invitation.public_id)
    stored = f"{event.data} {event.target_type} {event.target_id}"
    for value, label in [*Sex.choices[1:], *RaceEthnicity.choices[1:]]:
        assert value not in stored
        assert label not in stored
    # and the finish page thanks them and keeps their own answers editable
    page = candidate.get(reverse("candidate_done")).content.decode()
    assert "used only for fairness statistics" in page
    assert "You answered these questions" in page


def test_prefer_not_to_say_to_both_withdraws_earlier_answers(candidate, invitation):
    finish(invitation)
    candidate.post(URL, {**SHARED, "consent": "on"})
    candidate.post(URL, {"sex": Sex.PREFER_NOT, "race_ethnicity": RaceEthnicity.PREFER_NOT})
    record = SelfIdentification.objects.get()
    assert (record.sex, record.race_ethnicity, record.consented_at) == (
        Sex.PREFER_NOT,
        RaceEthnicity.PREFER_NOT,
        None,
    )
    events = AuditEvent.objects.filter(action="compliance.self_identification.recorded")
    assert [e.data for e in events.order_by("sequence")] == [
        {"consented": True},
        {"consented": False},
    ]


def test_the_form_opens_only_once_the_interview_is_complete(candidate, invitation):
    response = candidate.post(URL, {**SHARED, "consent": "on"})
    assert response.status_code == 302
    assert not SelfIdentification.objects.exists()


def test_without_a_candidate_session_nothing_is_stored(client, invitation):
    finish(invitation)
    assert client.post(URL, {**SHARED, "consent": "on"}).status_code == 403
    assert not SelfIdentification.objects.exists()


def test_the_database_refuses_categories_without_consent(org, invitation):
    finish(invitation)
    with pytest.raises(IntegrityError):
        SelfIdentification.objects.create(organization=org, invitation=invitation, **SHARED)


def test_the_invitation_has_no_way_to_reach_the_answers(invitation):
    names = {field.name for field in Invitation._meta.get_fields()}
    assert not any("identification" in name for name in names)
    assert not hasattr(invitation, "selfidentification")


def test_reviewer_pages_never_show_the_categories(client_for, admin, hiring_manager, org):
    # given a scored candidate who shared their categories
    job = scored_job(org)
    invitation = scored_candidate(job, [70], sex=Sex.FEMALE, race=SHARED["race_ethnicity"])
    pages = [
        reverse(
            "candidate_detail", kwargs={"org": org.slug, "invitation_id": invitation.public_id}
        ),
        reverse("job_detail", kwargs={"org": org.slug, "job_id": job.public_id}),
        reverse("dashboard", kwargs={"org": org.slug}),
    ]
    for user in [hiring_manager, admin]:
        client = client_for(user)
        for url in pages:
            page = client.get(url)
            assert page.status_code == 200, url
            text = page.content.decode()
            for label in [
                "Female",
                "Native Hawaiian or Other Pacific Islander",
                "pacific_islander",
            ]:
                assert label not in text, (url, label)


DEMOGRAPHIC_WORDS = ("sex", "gender", "race", "ethnic", "identification")


def test_the_scorer_takes_no_demographic_input():
    names = set(inspect.signature(scorer.score_answer).parameters)
    names |= set(inspect.signature(scorer.overall).parameters)
    names |= set(inspect.signature(ranking.standing).parameters)
    names |= {field.name for field in dataclasses.fields(ranking.Row)}
    names |= {field.name for field in dataclasses.fields(scorer.CompetencySpec)}
    assert not [n for n in names if any(word in n.lower() for word in DEMOGRAPHIC_WORDS)]


def test_no_scoring_module_imports_the_self_identification():
    """The answers are read by the aggregate bias report only."""
    offenders = []
    for path in sorted((ROOT / "scoring").rglob("*.py")):
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                names = {alias.name for alias in node.names}
                if names & {"SelfIdentification", "Sex", "RaceEthnicity", "fairness"} or (
                    module.startswith("compliance") and module.endswith(("selectors", "fairness"))
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith(("compliance.selectors", "compliance.fairness")):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        for word in ("SelfIdentification", "self_identification", "race_ethnicity"):
            if word in source:
                offenders.append(f"{path.relative_to(ROOT)}: mentions {word}")
    assert offenders == []
