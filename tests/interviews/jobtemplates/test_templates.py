"""Job templates: the library, jobs made from a template (a copy), and a team's own templates."""

import dataclasses

import pytest
from django.urls import reverse

from interviews import selectors, services
from interviews.jobtemplates import catalogue
from interviews.jobtemplates.models import JobTemplate
from interviews.jobtemplates.services import job_create_from_template, job_template_save
from interviews.levels import LEVELS, MAX_LEVEL_CHARS
from palantrix.models import AuditEvent

pytestmark = pytest.mark.django_db

ROLES = {
    "customer-success",
    "customer-support",
    "sales-development",
    "software-engineering",
    "data-analysis",
    "operations",
    "nursing",
    "retail-store-management",
    "graduate-programme",
    "project-management",
}


def test_the_library_covers_ten_common_roles_with_structured_questions_and_anchored_levels():
    assert len(catalogue.TEMPLATES) >= 10
    assert set(catalogue.TEMPLATES) >= ROLES
    for key, blueprint in catalogue.TEMPLATES.items():
        assert 3 <= len(blueprint.questions) <= 5, key
        kinds = {q.question_type for q in blueprint.questions}
        assert kinds == {"behavioural", "situational"}, key
        names = {c.name for c in blueprint.competencies}
        assert len(names) >= 3, key
        for question in blueprint.questions:
            assert question.competencies, question.text
            assert set(question.competencies) <= names, question.text
        for competency in blueprint.competencies:
            assert 1 <= competency.weight <= 5
            assert competency.strong_examples
            assert competency.weak_examples
            assert len(competency.levels) == LEVELS
            assert all(0 < len(level) <= MAX_LEVEL_CHARS for level in competency.levels)
        # Weighted: the competencies do not all count the same.
        assert len({c.weight for c in blueprint.competencies}) > 1, key


def test_a_job_from_a_template_holds_its_questions_and_profile(org, recruiter):
    blueprint = catalogue.TEMPLATES["nursing"]

    job = job_create_from_template(
        organization=org,
        actor=recruiter,
        blueprint=blueprint,
        template="library:nursing",
        title="Ward nurse",
        location="Porto",
    )

    assert (job.title, job.location, job.status) == ("Ward nurse", "Porto", "draft")
    questions = list(services.job_current_questions(job=job).order_by("position"))
    assert [q.text for q in questions] == [q.text for q in blueprint.questions]
    assert [q.question_type for q in questions] == [q.question_type for q in blueprint.questions]
    competencies = list(selectors.profile_current_competencies(profile=job.profile))
    assert [(c.name, c.weight) for c in competencies] == [
        (c.name, c.weight) for c in blueprint.competencies
    ]
    assert [c.anchors for c in competencies] == [list(c.levels) for c in blueprint.competencies]
    by_key = {str(c.key): c.name for c in competencies}
    assert [tuple(by_key[k] for k in q.competency_keys) for q in questions] == [
        q.competencies for q in blueprint.questions
    ]
    used = AuditEvent.objects.get(action="jobtemplates.template.used")
    assert used.data == {"template": "library:nursing", "questions": 4, "competencies": 3}


def test_two_jobs_from_one_template_get_profiles_of_their_own(org, recruiter):
    blueprint = catalogue.TEMPLATES["operations"]
    first, second = (
        job_create_from_template(
            organization=org, actor=recruiter, blueprint=blueprint, template="library:operations"
        )
        for _ in range(2)
    )
    assert first.profile != second.profile
    assert {first.profile.name, second.profile.name} == {
        "Operations coordinator team",
        "Operations coordinator team (2)",
    }


def test_changing_the_template_afterwards_leaves_the_job_as_it_was(org, recruiter):
    """Library templates change with releases, saved ones when the team replaces them."""
    source = job_create_from_template(
        organization=org,
        actor=recruiter,
        blueprint=catalogue.TEMPLATES["sales-development"],
        template="library:sales-development",
    )
    template, _ = job_template_save(job=source, actor=recruiter, name="SDR")
    job = job_create_from_template(
        organization=org,
        actor=recruiter,
        blueprint=dataclasses.replace(catalogue.TEMPLATES["sales-development"]),
        template=f"saved:{template.public_id}",
        title="SDR Lisbon",
    )
    before = [q.text for q in services.job_current_questions(job=job).order_by("position")]

    first = services.job_current_questions(job=source).first()
    services.question_update(
        question=first,
        actor=recruiter,
        data=services.QuestionInput("Why sales?", question_type="behavioural"),
    )
    replaced, created = job_template_save(job=source, actor=recruiter, name="sdr")

    assert not created
    assert replaced.pk == template.pk
    assert replaced.blueprint["questions"][0]["text"] == "Why sales?"
    after = [q.text for q in services.job_current_questions(job=job).order_by("position")]
    assert after == before
    assert "Why sales?" not in after


def test_a_team_saves_a_job_and_starts_a_new_one_from_it(client_for, org, recruiter):
    job = job_create_from_template(
        organization=org,
        actor=recruiter,
        blueprint=catalogue.TEMPLATES["data-analysis"],
        template="library:data-analysis",
    )
    client = client_for(recruiter)

    response = client.post(
        reverse("job_save_as_template", kwargs={"org": org.slug, "job_id": job.public_id}),
        {"name": "Analyst, finance team"},
        follow=True,
    )
    assert "Saved the template Analyst, finance team for your team." in response.content.decode()
    template = JobTemplate.objects.get(organization=org)
    listing = client.get(reverse("job_template_list", kwargs={"org": org.slug})).content.decode()
    assert "Analyst, finance team" in listing
    assert "Registered nurse" in listing

    url = reverse("job_template_saved", kwargs={"org": org.slug, "template_id": template.public_id})
    page = client.get(url).content.decode()
    assert "Level 5 of 5" in page
    assert "Analytical rigour" in page
    response = client.post(url, {"title": "Finance analyst", "location": ""})
    made = selectors.job_list(organization=org).get(title="Finance analyst")
    assert response.url == reverse("job_detail", kwargs={"org": org.slug, "job_id": made.public_id})
    assert services.job_current_questions(job=made).count() == 3
    assert AuditEvent.objects.filter(action="jobtemplates.template.saved").count() == 1


def test_another_organisation_cannot_see_use_or_delete_a_saved_template(
    client_for, org, recruiter, other_org, other_admin
):
    job = job_create_from_template(
        organization=org,
        actor=recruiter,
        blueprint=catalogue.TEMPLATES["customer-support"],
        template="library:customer-support",
    )
    template, _ = job_template_save(job=job, actor=recruiter, name="Support, night shift")
    client = client_for(other_admin)
    kwargs = {"org": other_org.slug, "template_id": template.public_id}

    assert client.get(reverse("job_template_saved", kwargs=kwargs)).status_code == 404
    assert (
        client.post(reverse("job_template_saved", kwargs=kwargs), {"title": "x"}).status_code == 404
    )
    assert client.post(reverse("job_template_delete", kwargs=kwargs)).status_code == 404
    listing = client.get(reverse("job_template_list", kwargs={"org": other_org.slug}))
    assert "Support, night shift" not in listing.content.decode()
    # Nor save another organisation's job as its own template.
    saving = client.post(
        reverse("job_save_as_template", kwargs={"org": other_org.slug, "job_id": job.public_id}),
        {"name": "Stolen"},
    )
    assert saving.status_code == 404
    assert JobTemplate.objects.filter(organization=other_org).count() == 0
    assert JobTemplate.objects.filter(pk=template.pk).exists()


def test_hiring_managers_do_not_create_jobs_from_templates(client_for, org, hiring_manager):
    client = client_for(hiring_manager)
    url = reverse("job_template_library", kwargs={"org": org.slug}) + "?template=nursing"
    assert client.post(url, {"title": "Nurse"}).status_code == 403
    assert selectors.job_list(organization=org).count() == 0


def test_an_unknown_library_template_is_a_404(client_for, org, recruiter):
    url = reverse("job_template_library", kwargs={"org": org.slug}) + "?template=astronaut"
    assert client_for(recruiter).get(url).status_code == 404
