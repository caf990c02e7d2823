"""Reads over job templates: the library's, and the organisation's own (scoped to it)."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from palantrix.models import Organization
from palantrix.tenancy import tenant_get

from . import catalogue
from .blueprint import Blueprint
from .models import JobTemplate


def library_list() -> list[tuple[str, Blueprint]]:
    return sorted(catalogue.TEMPLATES.items(), key=lambda item: item[1].title)


def library_get(*, key: str) -> Blueprint:
    blueprint = catalogue.template_get(key)
    if blueprint is None:
        raise Http404("No such template.")
    return blueprint


def job_template_list(*, organization: Organization) -> QuerySet[JobTemplate]:
    return JobTemplate.objects.for_organization(organization)


def job_template_get(*, organization: Organization, public_id: UUID) -> JobTemplate:
    return tenant_get(JobTemplate, organization=organization, public_id=public_id)


def job_template_blueprint(template: JobTemplate) -> Blueprint:
    return Blueprint.from_json(template.blueprint)
