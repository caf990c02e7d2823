"""Anchored levels 1-5 of each competency: suggested from the library, edited by the
recruiter, previewed, validated per level and kept in the profile's immutable versions.
Questions are behavioural or situational."""

import pytest
from django.urls import reverse

from interviews import levels, selectors, services
from interviews.models import Competency, ProfileVersion, Question
from palantrix.errors import DomainError
from tests.interviews.test_profiles import current_rows, edit_data, post_data, row, url

pytestmark = pytest.mark.django_db

TEAMWORK = [
    "Only says “I am a team player”.",
    "Mentions a team but not their part.",
    "Own part in a real episode; reasons vague.",
    "Own part with reasons and a clear result.",
    "Own part, reasons, measurable result, reflection.",
]


def with_levels(fields: dict, anchors) -> dict:
    return {**fields, **{f"level_{n}": text for n, text in enumerate(anchors, start=1)}}


@pytest.fixture
def profile(org, recruiter):
    return services.profile_create(
        organization=org,
        actor=recruiter,
        name="Backend team",
        competencies=[
            services.CompetencyInput("Teamwork", "Works with others", 3, ["I paired daily"]),
            services.CompetencyInput("Curiosity", "Asks why", 2, ["I read the RFC"]),
        ],
    )


def test_new_competencies_get_the_library_levels_or_the_generic_ones(profile):
    teamwork, curiosity = selectors.profile_current_competencies(profile=profile)
    assert teamwork.anchors == list(levels.LIBRARY["Teamwork"])
    assert curiosity.anchors == list(levels.GENERIC)
    assert "team player" in teamwork.anchors[0]
    assert "a result for the team that can be checked" in teamwork.anchors[4]


def test_every_library_theme_has_five_levels_that_pass_validation():
    from interviews.library import THEMES

    for theme in THEMES:
        anchors = levels.default_anchors(theme)
        assert anchors is levels.LIBRARY[theme], theme
        assert levels.problems(theme, list(anchors)) == {}
    assert levels.problems("Anything", list(levels.GENERIC)) == {}


def test_edited_levels_make_a_new_version_and_the_old_one_keeps_its_levels(
    client_for, recruiter, org, profile
):
    rows = current_rows(profile)
    rows[0] = with_levels(rows[0], TEAMWORK)
    rows[1] = with_levels(rows[1], levels.GENERIC)  # unchanged
    response = client_for(recruiter).post(
        url("profile_edit", org, profile), edit_data(profile, rows), follow=True
    )

    assert "Saved as version 2." in response.content.decode()
    v1, v2 = (profile.versions.get(number=n) for n in (1, 2))
    assert v2.changes == ["Teamwork: levels 1, 2, 3, 4, 5 changed"]
    assert v1.competencies.get(name="Teamwork").anchors == list(levels.LIBRARY["Teamwork"])
    assert v2.competencies.get(name="Teamwork").anchors == TEAMWORK
    page = client_for(recruiter).get(url("profile_detail", org, profile)).content.decode()
    assert "<strong>Level 2 of 5:</strong> Mentions a team but not their part." in page


def test_changing_one_level_says_which(profile, recruiter):
    current = selectors.profile_current_competencies(profile=profile)
    inputs = [
        services.CompetencyInput(
            c.name, c.description, c.weight, c.strong_examples, key=c.key, anchors=list(c.anchors)
        )
        for c in current
    ]
    inputs[1].anchors[2] = "A real question the candidate chased down themselves."
    version = services.profile_save_version(profile=profile, actor=recruiter, competencies=inputs)
    assert version.changes == ["Curiosity: level 3 changed"]


def test_an_empty_level_is_refused_naming_it_and_nothing_is_saved(
    client_for, recruiter, org, profile
):
    rows = current_rows(profile)
    rows[0] = with_levels(rows[0], [*TEAMWORK[:2], "", *TEAMWORK[3:]])
    response = client_for(recruiter).post(
        url("profile_edit", org, profile), edit_data(profile, rows)
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Level 3 of Teamwork is empty: describe what an answer at level 3 contains" in page
    assert "Some fields need your attention" in page
    assert ProfileVersion.objects.filter(profile=profile).count() == 1


def test_a_level_too_long_is_refused_with_its_length(client_for, recruiter, org, profile):
    rows = current_rows(profile)
    rows[0] = with_levels(rows[0], [*TEAMWORK[:4], "x" * 501])
    page = (
        client_for(recruiter)
        .post(url("profile_edit", org, profile), edit_data(profile, rows))
        .content.decode()
    )
    assert "Level 5: keep it to 500 characters (it has 501)." in page
    assert ProfileVersion.objects.filter(profile=profile).count() == 1


def test_the_service_refuses_levels_that_are_not_five(profile, recruiter):
    teamwork, _ = selectors.profile_current_competencies(profile=profile)
    broken = services.CompetencyInput(
        "Teamwork", "Works", 3, ["I paired"], key=teamwork.key, anchors=["Only one level"]
    )
    with pytest.raises(DomainError, match="Level 2 of Teamwork is empty"):
        services.profile_save_version(profile=profile, actor=recruiter, competencies=[broken])


def test_the_preview_shows_the_five_levels_as_reviewers_see_them_and_saves_nothing(
    client_for, recruiter, org
):
    data = post_data(
        [
            row("Customer focus"),
            with_levels(row("Resilience"), ["One", "Two", "Three", "Four", "Five"]),
        ],
        name="Support",
        preview="1",
    )
    page = client_for(recruiter).post(url("profile_create", org), data).content.decode()

    assert "Preview: the levels as reviewers and the AI will see them" in page
    assert "<strong>Level 5 of 5:</strong> Five" in page
    # Left empty, Customer focus shows the library's levels that saving will use.
    suggested = levels.LIBRARY["Customer focus"][0]
    assert f"<strong>Level 1 of 5:</strong> {suggested}" in page.replace("&#x27;", "'")
    assert not ProfileVersion.objects.exists()
    assert 'value="Resilience"' in page  # the recruiter's input stays to save


def test_a_version_saved_before_levels_opens_with_the_suggested_levels(
    client_for, recruiter, org, profile
):
    Competency.objects.filter(version__profile=profile).update(anchors=[])
    client = client_for(recruiter)
    detail = client.get(url("profile_detail", org, profile)).content.decode()
    assert "This version has no levels of its own" in detail

    edit = client.get(url("profile_edit", org, profile)).content.decode()
    assert f"{levels.LIBRARY['Teamwork'][4][:30]}" in edit.replace("&#x27;", "'")
    response = client.post(
        url("profile_edit", org, profile),
        edit_data(profile, current_rows(profile)),
        follow=True,
    )
    assert "Saved as version 2." in response.content.decode()
    assert profile.versions.get(number=2).changes == [
        "Teamwork: levels 1 to 5 described",
        "Curiosity: levels 1 to 5 described",
    ]


def test_another_organisations_profile_cannot_be_previewed_or_edited(
    client_for, make, other_org, org, profile
):
    outsider = make.member(other_org, "recruiter")
    data = edit_data(profile, current_rows(profile))
    other_url = reverse(
        "profile_edit", kwargs={"org": other_org.slug, "profile_id": profile.public_id}
    )
    client = client_for(outsider)
    assert client.post(other_url, {**data, "preview": "1"}).status_code == 404
    assert (
        client.post(url("profile_edit", org, profile), {**data, "preview": "1"}).status_code == 404
    )
    assert ProfileVersion.objects.filter(profile=profile).count() == 1


def test_a_question_is_behavioural_unless_made_situational_in_the_editor(
    client_for, recruiter, org, profile
):
    job = services.job_create(organization=org, actor=recruiter, title="Dev", profile=profile)
    question = services.question_add(
        job=job, actor=recruiter, question=services.QuestionInput("Tell us about a time…")
    )
    assert question.question_type == "behavioural"
    edit = reverse(
        "question_edit",
        kwargs={"org": org.slug, "job_id": job.public_id, "question_id": question.public_id},
    )
    client = client_for(recruiter)
    assert "Situational (a plan" in client.get(edit).content.decode()

    client.post(
        edit,
        {
            "text": "What would you do if a release broke billing?",
            "answer_seconds": 120,
            "think_seconds": 30,
            "retakes": 1,
            "kind": "video",
            "question_type": "situational",
        },
    )

    question = Question.objects.get(question_set__job=job)
    assert question.question_type == "situational"
    editor = reverse("question_set_edit", kwargs={"org": org.slug, "job_id": job.public_id})
    assert "Video · situational" in client.get(editor).content.decode()
