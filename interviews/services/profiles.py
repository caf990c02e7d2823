"""Team DNA Profiles: every save is a new, immutable, numbered version."""

import copy
import uuid
from dataclasses import dataclass, field

from django.db import transaction

from palantrix import audit
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import Organization, user_or_none

from .. import levels
from ..models import Competency, Profile, ProfileVersion

MAX_COMPETENCIES = 12


@dataclass
class CompetencyInput:
    name: str
    description: str
    weight: int = 3
    strong_examples: list[str] = field(default_factory=list)
    weak_examples: list[str] = field(default_factory=list)
    key: uuid.UUID | None = None  # set when it continues a competency of the last version
    # Levels 1..5; empty takes the suggested levels (interviews.levels.default_anchors).
    anchors: list[str] = field(default_factory=list)


def _clean(competencies: list[CompetencyInput]) -> list[CompetencyInput]:
    if not competencies:
        raise DomainError("A profile needs at least one competency.")
    if len(competencies) > MAX_COMPETENCIES:
        raise DomainError(f"A profile holds at most {MAX_COMPETENCIES} competencies.")
    for competency in competencies:
        competency.name = competency.name.strip()
        competency.description = competency.description.strip()
        competency.strong_examples = [e.strip() for e in competency.strong_examples if e.strip()]
        competency.weak_examples = [e.strip() for e in competency.weak_examples if e.strip()]
        competency.key = uuid.UUID(str(competency.key)) if competency.key else None
        if not competency.name or not competency.description:
            raise DomainError("Every competency needs a name and a description.")
    names = [c.name.lower() for c in competencies]
    if len(set(names)) != len(names):
        raise DomainError("Two competencies have the same name.")
    for competency in competencies:
        if not 1 <= competency.weight <= 5:
            raise DomainError(f"The weight of {competency.name} must be from 1 to 5.")
        if not competency.strong_examples:
            raise DomainError(
                f"Give at least one example of a strong answer for {competency.name}."
            )
        anchors = [a.strip() for a in competency.anchors]
        if not any(anchors):
            anchors = list(levels.default_anchors(competency.name))
        problems = levels.problems(competency.name, anchors)
        if problems:
            raise DomainError(problems[min(problems)])
        competency.anchors = anchors
    return competencies


def profile_preview(*, competencies: list[CompetencyInput]) -> list[CompetencyInput]:
    """The competencies as they would be saved (suggested levels filled in); saves nothing."""
    return _clean(copy.deepcopy(competencies))


def describe_changes(before: list[Competency], after: list[CompetencyInput]) -> list[str]:
    """Plain-language differences between two versions' competencies."""
    old = {c.key: c for c in before}
    new_keys = {c.key for c in after if c.key}
    changes = []
    for competency in after:
        previous = old.get(competency.key) if competency.key else None
        if previous is None:
            changes.append(f"Added {competency.name}")
            continue
        if previous.name != competency.name:
            changes.append(f"Renamed {previous.name} to {competency.name}")
        if previous.weight != competency.weight:
            changes.append(f"{competency.name}: weight {previous.weight} → {competency.weight}")
        if previous.description != competency.description:
            changes.append(f"{competency.name}: description changed")
        for label, was, now in (
            ("strong", previous.strong_examples, competency.strong_examples),
            ("weak", previous.weak_examples, competency.weak_examples),
        ):
            added, removed = len(set(now) - set(was)), len(set(was) - set(now))
            if added or removed:
                changes.append(
                    f"{competency.name}: {label} examples, {added} added, {removed} removed"
                )
            elif now != was:
                changes.append(f"{competency.name}: {label} examples reordered")
        if not previous.anchors:
            changes.append(f"{competency.name}: levels 1 to 5 described")
        elif previous.anchors != competency.anchors:
            changed = [
                str(level)
                for level, (was, now) in enumerate(
                    zip(previous.anchors, competency.anchors, strict=False), start=1
                )
                if was != now
            ]
            changes.append(
                f"{competency.name}: level{'s' if len(changed) > 1 else ''} "
                f"{', '.join(changed)} changed"
            )
    for key, competency in old.items():
        if key not in new_keys:
            changes.append(f"Removed {competency.name}")
    if [c.key for c in after if c.key in old] != [c.key for c in before if c.key in new_keys]:
        changes.append("Reordered competencies")
    return changes


def _save_version(
    *, profile: Profile, actor: Actor, competencies: list[CompetencyInput], changes: list[str]
) -> ProfileVersion:
    profile.current_version += 1
    profile.save(update_fields=["current_version", "updated_at"])
    version = ProfileVersion.objects.create(
        organization=profile.organization,
        profile=profile,
        number=profile.current_version,
        # Background jobs and the platform (audit.SYSTEM) are no user.
        created_by=user_or_none(actor),
        changes=changes,
    )
    Competency.objects.bulk_create(
        Competency(
            organization=profile.organization,
            version=version,
            key=competency.key or uuid.uuid4(),
            position=position,
            name=competency.name,
            description=competency.description,
            weight=competency.weight,
            strong_examples=competency.strong_examples,
            weak_examples=competency.weak_examples,
            anchors=competency.anchors,
        )
        for position, competency in enumerate(competencies)
    )
    audit.record(
        organization=profile.organization,
        actor=actor,
        action="interviews.profile.versioned",
        target=profile,
        data={
            "version": version.number,
            "competencies": len(competencies),
            "changes": len(changes),
        },
    )
    return version


@transaction.atomic
def profile_create(
    *,
    organization: Organization,
    actor: Actor,
    name: str,
    description: str = "",
    competencies: list[CompetencyInput],
) -> Profile:
    competencies = _clean(competencies)
    for competency in competencies:
        competency.key = None  # a new profile's competencies are new
    if not name.strip():
        raise DomainError("A profile needs a name.")
    if Profile.objects.for_organization(organization).filter(name__iexact=name.strip()).exists():
        raise DomainError(f"A profile named {name.strip()} exists already.")
    profile = Profile.objects.create(
        organization=organization, name=name.strip(), description=description.strip()
    )
    audit.record(
        organization=organization, actor=actor, action="interviews.profile.created", target=profile
    )
    _save_version(
        profile=profile,
        actor=actor,
        competencies=competencies,
        changes=[f"Added {c.name}" for c in competencies],
    )
    return profile


@transaction.atomic
def profile_save_version(
    *,
    profile: Profile,
    actor: Actor,
    competencies: list[CompetencyInput],
    description: str | None = None,
) -> ProfileVersion | None:
    """Save the profile's competencies as the next version; None when nothing changed."""
    profile = Profile.objects.select_for_update().get(pk=profile.pk)
    competencies = _clean(competencies)
    current = list(
        Competency.objects.for_organization(profile.organization).filter(
            version__profile=profile, version__number=profile.current_version
        )
    )
    # A key continues a competency of the current version; any other key (stale, from
    # another profile, or given twice) would break the stable-key promise, so it is new.
    known, seen = {c.key for c in current}, set()
    for competency in competencies:
        if competency.key not in known or competency.key in seen:
            competency.key = None
        seen.add(competency.key)
    changes = describe_changes(current, competencies)
    if description is not None and description.strip() != profile.description:
        profile.description = description.strip()
        profile.save(update_fields=["description", "updated_at"])
        changes.append("Profile description changed")
    if not changes:
        return None
    return _save_version(profile=profile, actor=actor, competencies=competencies, changes=changes)
