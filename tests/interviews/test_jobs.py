"""Jobs and their question sets, built in the browser's pages and kept versioned."""

import pytest
from django.urls import reverse

from interviews import library, selectors, services
from interviews.models import Job, JobStatus, Question, QuestionSet
from palantrix import audit
from palantrix.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(name, org, job=None, **kwargs):
    if job is not None:
        kwargs["job_id"] = job.public_id
    return reverse(name, kwargs={"org": org.slug, **kwargs})


@pytest.fixture
def profile(org, admin):
    return services.profile_create(
        organization=org,
        actor=admin,
        name="Support team",
        competencies=[
            services.CompetencyInput("Communication", "Explains clearly", 4, ["I explained it"]),
            services.CompetencyInput("Problem solving", "Finds causes", 3, ["I traced the bug"]),
            services.CompetencyInput("Customer focus", "Cares for customers", 5, ["I called back"]),
        ],
    )


@pytest.fixture
def job(org, recruiter, profile):
    return services.job_create(
        organization=org, actor=recruiter, title="Support engineer", profile=profile
    )


def add_questions(job, actor, count):
    for n in range(count):
        services.question_add(
            job=job, actor=actor, question=services.QuestionInput(f"Question {n + 1}?")
        )


def test_recruiter_creates_a_job_from_the_page_and_lands_in_the_question_editor(
    client_for, recruiter, org, profile
):
    client = client_for(recruiter)
    response = client.post(
        url("job_create", org),
        {
            "title": "Backend engineer",
            "location": "Berlin",
            "description": "Build our APIs.",
            "profile": profile.pk,
            "invitation_days": 7,
            "language": "en",
            "reminder_hours": 48,
        },
    )
    job = Job.objects.get(title="Backend engineer")
    assert response["Location"] == url("question_set_edit", org, job)
    assert job.status == JobStatus.DRAFT
    assert job.organization == org
    assert QuestionSet.objects.filter(job=job, number=1).exists()
    assert AuditEvent.objects.filter(action="interviews.job.created").count() == 1
    listing = client.get(url("job_list", org)).content.decode()
    assert "Backend engineer" in listing


def test_another_organisations_profile_cannot_be_chosen(client_for, recruiter, org, make):
    other = make.organization("Other", "other")
    foreign = services.profile_create(
        organization=other,
        actor=audit.SYSTEM,
        name="Theirs",
        competencies=[services.CompetencyInput("X", "Y", 3, ["Z"])],
    )
    response = client_for(recruiter).post(
        url("job_create", org),
        {
            "title": "T",
            "profile": foreign.pk,
            "invitation_days": 7,
            "language": "en",
            "reminder_hours": 48,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Job.objects.exists()


def test_questions_are_added_by_hand_and_from_the_library_with_competencies_linked(
    client_for, recruiter, org, job, profile
):
    client = client_for(recruiter)
    keys = {c.name: str(c.key) for c in selectors.profile_current_competencies(profile=profile)}
    client.post(
        url("question_add", org, job),
        {
            "text": "Why this team?",
            "answer_seconds": 90,
            "think_seconds": 20,
            "retakes": 2,
            "kind": "video",
            "competency_keys": [keys["Customer focus"]],
        },
    )
    client.post(url("question_library_add", org, job), {"questions": ["com-1", "pro-2"]})

    questions = list(selectors.question_set_current(job=job).questions.all())
    assert [q.text for q in questions] == [
        "Why this team?",
        library.BY_ID["com-1"].text,
        library.BY_ID["pro-2"].text,
    ]
    assert (questions[0].answer_seconds, questions[0].think_seconds, questions[0].retakes) == (
        90,
        20,
        2,
    )
    assert questions[1].competency_keys == [keys["Communication"]]
    assert questions[2].competency_keys == [keys["Problem solving"]]
    page = client.get(url("question_set_edit", org, job)).content.decode()
    assert "reveals Communication" in page
    # Library questions already in the set are not offered again.
    assert 'value="com-1"' not in page
    assert 'value="com-2"' in page


def test_out_of_range_times_are_refused_with_a_message(client_for, recruiter, org, job):
    response = client_for(recruiter).post(
        url("question_add", org, job),
        {"text": "Q?", "answer_seconds": 600, "think_seconds": 30, "retakes": 1, "kind": "video"},
        follow=True,
    )
    assert "Answer time (seconds)" in response.content.decode()
    assert not Question.objects.exists()


def test_questions_are_reordered_edited_and_deleted(client_for, recruiter, org, job):
    add_questions(job, recruiter, 3)
    client = client_for(recruiter)
    first, second, third = selectors.question_set_current(job=job).questions.all()

    client.post(url("question_move", org, job, question_id=third.public_id), {"direction": "up"})
    order = [q.text for q in selectors.question_set_current(job=job).questions.all()]
    assert order == ["Question 1?", "Question 3?", "Question 2?"]

    client.post(
        url("question_edit", org, job, question_id=first.public_id),
        {
            "text": "Question one?",
            "answer_seconds": 120,
            "think_seconds": 30,
            "retakes": 1,
            "kind": "written",
        },
    )
    client.post(url("question_delete", org, job, question_id=second.public_id))
    remaining = list(selectors.question_set_current(job=job).questions.all())
    assert [(q.position, q.text, q.kind) for q in remaining] == [
        (0, "Question one?", "written"),
        (1, "Question 3?", "video"),
    ]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "interviews.question.reordered",
        "interviews.question.updated",
        "interviews.question.removed",
    } <= actions


def test_editing_a_set_in_use_creates_a_version_and_invited_candidates_keep_theirs(
    client_for, recruiter, org, job
):
    add_questions(job, recruiter, 2)
    invitation = services.invitation_send(
        job=job, actor=recruiter, name="Ana Lima", email="ana@example.test"
    )
    client = client_for(recruiter)
    editor = client.get(url("question_set_edit", org, job)).content.decode()
    assert "creates version 2" in editor
    question = selectors.question_set_current(job=job).questions.get(position=0)

    client.post(
        url("question_edit", org, job, question_id=question.public_id),
        {
            "text": "A changed question?",
            "answer_seconds": 120,
            "think_seconds": 30,
            "retakes": 1,
            "kind": "video",
        },
    )

    current = selectors.question_set_current(job=job)
    assert current.number == 2
    assert [q.text for q in current.questions.all()] == ["A changed question?", "Question 2?"]
    invitation.refresh_from_db()
    assert invitation.question_set.number == 1
    assert [q.text for q in invitation.question_set.questions.order_by("position")] == [
        "Question 1?",
        "Question 2?",
    ]
    # The next edit changes version 2 in place: nobody was invited with it yet.
    services.question_add(job=job, actor=recruiter, question=services.QuestionInput("Third?"))
    assert selectors.question_set_current(job=job).number == 2
    assert AuditEvent.objects.filter(action="interviews.question_set.versioned").count() == 1
    # A new invitation gets the new version.
    newer = services.invitation_send(job=job, actor=recruiter, name="Bo", email="bo@example.test")
    assert newer.question_set.number == 2


def test_the_editor_shows_expected_time_and_warns_about_long_sets(client_for, recruiter, org, job):
    add_questions(job, recruiter, 3)
    timing = selectors.question_set_timing(question_set=selectors.question_set_current(job=job))
    # 3 x (30 s think + 120 s answer) = 7.5 min, rounded up to 8, plus 4 min of set-up.
    assert (timing.minutes, timing.max_minutes, timing.warnings) == (12, 19, [])
    add_questions(job, recruiter, 3)
    page = client_for(recruiter).get(url("question_set_edit", org, job)).content.decode()
    assert "6 questions: candidates drop out more often above 5." in page
    timing = selectors.question_set_timing(question_set=selectors.question_set_current(job=job))
    assert timing.minutes == 19
    services.question_add(
        job=job,
        actor=recruiter,
        question=services.QuestionInput("Long one?", answer_seconds=300, think_seconds=120),
    )
    timing = selectors.question_set_timing(question_set=selectors.question_set_current(job=job))
    assert any("About 26 minutes" in warning for warning in timing.warnings)


def test_a_job_opens_only_with_questions_and_closing_is_audited(client_for, recruiter, org, job):
    client = client_for(recruiter)
    response = client.post(url("job_status", org, job), {"status": "open"}, follow=True)
    assert "Add at least one question" in response.content.decode()
    add_questions(job, recruiter, 1)
    client.post(url("job_status", org, job), {"status": "open"})
    client.post(url("job_status", org, job), {"status": "closed"})
    job.refresh_from_db()
    assert job.status == JobStatus.CLOSED
    assert job.closed_at is not None
    changes = [e.data for e in AuditEvent.objects.filter(action="interviews.job.status_changed")]
    assert changes == [{"from": "draft", "to": "open"}, {"from": "open", "to": "closed"}]


def test_hiring_managers_see_jobs_but_cannot_change_them(client_for, hiring_manager, org, job):
    client = client_for(hiring_manager)
    assert client.get(url("job_list", org)).status_code == 200
    assert client.get(url("job_detail", org, job)).status_code == 200
    assert client.get(url("job_create", org)).status_code == 403
    assert client.get(url("question_set_edit", org, job)).status_code == 403
    assert client.post(url("job_status", org, job), {"status": "open"}).status_code == 403


def test_job_page_shows_the_funnel(client_for, recruiter, org, job):
    add_questions(job, recruiter, 1)
    services.invitation_send(job=job, actor=recruiter, name="A B", email="a@example.test")
    b = services.invitation_send(job=job, actor=recruiter, name="C D", email="c@example.test")
    services.invitation_revoke(invitation=b, actor=recruiter)
    funnel = selectors.job_funnel(job=job)
    assert funnel == {
        "invited": 1,
        "opened": 0,
        "started": 0,
        "completed": 0,
        "expired": 0,
        "withdrawn": 0,
        "live_scheduled": 0,
    }
    page = client_for(recruiter).get(url("job_detail", org, job)).content.decode()
    assert "Candidate funnel" in page


def test_dashboard_counts_open_jobs(client_for, admin, org, job, recruiter):
    add_questions(job, recruiter, 1)
    services.job_set_status(job=job, actor=recruiter, status=JobStatus.OPEN)
    page = client_for(admin).get(reverse("dashboard", kwargs={"org": org.slug}))
    assert page.context["open_jobs"] == 1
