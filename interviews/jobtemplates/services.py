"""Writes over job templates: make a job from one, save a job as one, delete one.

A job made from a template gets its own Team DNA Profile and question set, made through the
usual services (versions, audit events and checks included): the template and the job
share nothing afterwards, so a later change to either leaves the other as it was.
"""

from typing import Any

from django.db import transaction

from interviews import selectors as interview_selectors
from interviews import services as interview_services
from interviews.models import AnswerKind, Job, Profile
from palantrix import audit
from palantrix.errors import DomainError
from palantrix.models import Organization, user_or_none

from .blueprint import Blueprint, BlueprintCompetency, BlueprintQuestion
from .models import JobTemplate


def _profile_name(organization: Organization, title: str) -> str:
    """A free profile name for the job's own copy of the template's profile."""
    base = f"{title} team"[:110]
    taken = {
        name.lower()
        for name in Profile.objects.for_organization(organization)
        .filter(name__istartswith=base)
        .values_list("name", flat=True)
    }
    name, number = base, 2
    while name.lower() in taken:
        name, number = f"{base} ({number})", number + 1
    return name


@transaction.atomic
def job_create_from_template(
    *,
    organization: Organization,
    actor: Any,
    blueprint: Blueprint,
    template: str,
    title: str = "",
    location: str = "",
) -> Job:
    """A draft job holding a copy of the blueprint. `template` names it in the audit log
    (a library key or a saved template's public id)."""
    title = " ".join((title or blueprint.title).split())
    if not title:
        raise DomainError("Give the job a title.")
    profile = None
    if blueprint.competencies:
        profile = interview_services.profile_create(
            organization=organization,
            actor=actor,
            name=_profile_name(organization, title),
            description=f"Started from the {blueprint.title} template.",
            competencies=[
                interview_services.CompetencyInput(
                    name=c.name,
                    description=c.description,
                    weight=c.weight,
                    strong_examples=list(c.strong_examples),
                    weak_examples=list(c.weak_examples),
                    anchors=list(c.levels),
                )
                for c in blueprint.competencies
            ],
        )
    job = interview_services.job_create(
        organization=organization,
        actor=actor,
        title=title,
        profile=profile,
        description=blueprint.description,
        location=location.strip(),
        language=blueprint.language,
    )
    keys = {}
    if profile is not None:
        keys = {
            c.name.lower(): str(c.key)
            for c in interview_selectors.profile_current_competencies(profile=profile)
        }
    for question in blueprint.questions:
        interview_services.question_add(
            job=job,
            actor=actor,
            source="template",
            question=interview_services.QuestionInput(
                text=question.text,
                answer_seconds=question.answer_seconds,
                think_seconds=question.think_seconds,
                retakes=question.retakes,
                question_type=question.question_type,
                competency_keys=[
                    keys[name.lower()] for name in question.competencies if name.lower() in keys
                ],
            ),
        )
    audit.record(
        organization=organization,
        actor=actor,
        action="jobtemplates.template.used",
        target=job,
        data={
            "template": template,
            "questions": len(blueprint.questions),
            "competencies": len(blueprint.competencies),
        },
    )
    return job


def blueprint_from_job(*, job: Job) -> Blueprint:
    """The job as it is now: its current questions and its profile's current version."""
    competencies = []
    names: dict[str, str] = {}
    if job.profile is not None:
        for c in interview_selectors.profile_current_competencies(profile=job.profile):
            names[str(c.key)] = c.name
            competencies.append(
                BlueprintCompetency(
                    name=c.name,
                    description=c.description,
                    weight=c.weight,
                    strong_examples=tuple(c.strong_examples),
                    weak_examples=tuple(c.weak_examples),
                    anchors=tuple(c.anchors),
                )
            )
    questions = tuple(
        BlueprintQuestion(
            text=q.text,
            question_type=q.question_type,
            competencies=tuple(names[key] for key in q.competency_keys if key in names),
            answer_seconds=q.answer_seconds,
            think_seconds=q.think_seconds,
            retakes=q.retakes,
        )
        # A template carries spoken questions: a choice question is the job's own.
        for q in interview_services.job_current_questions(job=job)
        .exclude(kind=AnswerKind.CHOICE)
        .order_by("position")
    )
    return Blueprint(
        title=job.title,
        summary=f"Saved from the job {job.title}.",
        description=job.description,
        language=job.language,
        competencies=tuple(competencies),
        questions=questions,
    )


@transaction.atomic
def job_template_save(*, job: Job, actor: Any, name: str) -> tuple[JobTemplate, bool]:
    """Save the job as a template of its organisation; a template of the same name is
    replaced (True when it is new). Jobs made from the old version stay as they are."""
    name = " ".join(name.split())
    if not name:
        raise DomainError("Give the template a name.")
    if len(name) > 200:
        raise DomainError("Keep the template's name to 200 characters.")
    blueprint = blueprint_from_job(job=job)
    if not blueprint.questions:
        raise DomainError("Add questions to the job before saving it as a template.")
    organization = job.organization
    template = (
        JobTemplate.objects.for_organization(organization)
        .select_for_update()
        .filter(name__iexact=name)
        .first()
    )
    created = template is None
    if created:
        template = JobTemplate(organization=organization, created_by=user_or_none(actor))
    template.name = name
    template.blueprint = blueprint.as_json()
    template.save()
    audit.record(
        organization=organization,
        actor=actor,
        action="jobtemplates.template.saved" if created else "jobtemplates.template.replaced",
        target=template,
        data={
            "job": str(job.public_id),
            "questions": len(blueprint.questions),
            "competencies": len(blueprint.competencies),
        },
    )
    return template, created


@transaction.atomic
def job_template_delete(*, template: JobTemplate, actor: Any) -> None:
    audit.record(
        organization=template.organization,
        actor=actor,
        action="jobtemplates.template.deleted",
        target=template,
    )
    template.delete()
