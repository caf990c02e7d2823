"""Each app owns its personal data and says, in its own `privacy.py`, what happens to it.

An app registers its module in `AppConfig.ready()`:

    privacy.register("api", api_privacy)

and compliance (rights requests, retention, deleting an organisation) calls the hooks
through this registry, so it needs to know no other app's tables or fields. A module
defines the hooks that concern it, and `CANDIDATE_DATA`: every model of its concern that
holds a candidate's data, with what happens to its rows when the candidate is erased
(tests/compliance/test_privacy.py fails when a model pointing at a candidate is in none).

- `candidate_export(*, invitation, copy)`: adds the app's sections to the candidate's copy
  (GDPR Art. 15, 20), see `CandidateCopy`.
- `candidate_files(*, invitation) -> list[tuple[str, str]]`: the candidate's objects in
  the bucket that go into the copy, as (key, name in the copy).
- `candidate_activity(*, organization) -> dict[str, Any]`: named expressions over the
  organisation's invitations, each the date of a candidate's latest activity in the app's
  rows (None where there is none); retention counts from the latest of them.
- `candidate_objects(*, invitation) -> list[str]`: the candidate's objects stored outside
  the candidate's own prefix, for the purge to delete with it.
- `candidate_erase(*, invitation) -> int`: runs inside the purge's transaction, with the
  invitation locked: deletes or blanks the app's rows of the candidate and returns how many
  rows it changed.
- `organization_objects(*, organization) -> list[str]`: the organisation's objects stored
  outside its prefix, for its deletion to delete.
- `organization_access_end(*, organization)`: runs inside the transaction of an
  organisation's deletion request; whatever still gives access to its data or sends it
  out (API keys, webhook endpoints) stops now, before the rows are erased.

Hooks run in the order of INSTALLED_APPS, which lists the apps lowest layer first: an
export hook may add to what a lower app wrote (scoring adds the transcripts to the answers
of interviews). The erase hooks run the other way round, highest layer first, so that
every app still finds the lower rows its own point at (the API app's stored answers are
found by the candidate's email before interviews blanks the invitation).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Protocol
from uuid import UUID

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from palantrix.models import AuditEvent, Organization


class Candidate(Protocol):
    """The candidate as the hooks see them: the interviews app's invitation."""

    @property
    def pk(self) -> Any: ...

    @property
    def public_id(self) -> UUID: ...

    @property
    def organization(self) -> Organization: ...


_owners: dict[str, ModuleType] = {}


def register(app_label: str, module: ModuleType) -> None:
    _owners[app_label] = module


def owners() -> dict[str, ModuleType]:
    """The registered modules, lowest layer first (the order of INSTALLED_APPS)."""
    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    return {
        label: _owners[label] for label in sorted(_owners, key=lambda label: order.get(label, -1))
    }


def _hooks(name: str, *, reverse: bool = False) -> list[Callable[..., Any]]:
    modules = list(owners().values())
    if reverse:
        modules.reverse()
    return [hook for module in modules if (hook := getattr(module, name, None)) is not None]


def candidate_data() -> dict[str, tuple[str, str]]:
    """Every model declared as holding a candidate's data: label -> (app, what happens)."""
    declared: dict[str, tuple[str, str]] = {}
    for label, module in owners().items():
        for model, fate in getattr(module, "CANDIDATE_DATA", {}).items():
            if model in declared:
                raise ValueError(f"{model} is declared by {declared[model][0]} and {label}.")
            declared[model] = (label, fate)
    return declared


# --- The candidate's copy ----------------------------------------------------------------------


@dataclass
class CandidateCopy:
    """The candidate's copy while the apps fill it in.

    `data` becomes data.json: each app adds its sections with `add`. An app that writes
    items a higher app adds to (an answer, a score) files them with `part` under a kind and
    key; the higher app finds them with `parts`. `audit_targets` collects the public ids of
    the rows whose audit events the copy lists."""

    data: dict[str, Any] = field(default_factory=dict)
    audit_targets: set[str] = field(default_factory=set)
    _parts: dict[str, dict[Any, dict[str, Any]]] = field(default_factory=dict)

    def add(self, section: str, value: Any) -> None:
        if section in self.data:
            raise ValueError(f"Two apps write the section {section!r} of the copy.")
        self.data[section] = value

    def part(self, kind: str, key: Any, item: dict[str, Any]) -> dict[str, Any]:
        self._parts.setdefault(kind, {})[key] = item
        return item

    def parts(self, kind: str) -> dict[Any, dict[str, Any]]:
        return self._parts.get(kind, {})


def when(value: Any) -> str | None:
    """A date or time as the copy writes it."""
    return value.isoformat() if value else None


def candidate_export(invitation: Candidate) -> dict[str, Any]:
    """Everything stored about this application, as the candidate's copy shows it."""
    organization = invitation.organization
    copy = CandidateCopy()
    copy.add("generated_at", timezone.now().isoformat())
    copy.add("organization", organization.name)
    copy.audit_targets.add(str(invitation.public_id))
    for hook in _hooks("candidate_export"):
        hook(invitation=invitation, copy=copy)
    # The audit chain is the core's: the events about the rows the apps listed.
    events = (
        AuditEvent.objects.filter(organization=organization)
        .filter(Q(target_id__in=copy.audit_targets) | Q(actor_id=str(invitation.public_id)))
        .order_by("sequence")
    )
    copy.add(
        "audit_events",
        [
            {
                "sequence": e.sequence,
                "at": when(e.created_at),
                "action": e.action,
                "actor_type": e.actor_type,
                "target_type": e.target_type,
                "target_id": e.target_id,
                "data": e.data,
            }
            for e in events
        ],
    )
    return copy.data


def candidate_files(invitation: Candidate) -> list[tuple[str, str]]:
    """The objects that go into the candidate's copy: (key in the bucket, name in the copy)."""
    files: list[tuple[str, str]] = []
    for hook in _hooks("candidate_files"):
        files += hook(invitation=invitation)
    return files


# --- Erasing a candidate -----------------------------------------------------------------------


def candidate_activity(*, organization: Organization) -> dict[str, Any]:
    """Every app's activity dates, as annotations over the invitations (named by app)."""
    activity: dict[str, Any] = {}
    for label, module in owners().items():
        hook = getattr(module, "candidate_activity", None)
        if hook is not None:
            for name, expression in hook(organization=organization).items():
                activity[f"{label}_{name}"] = expression
    return activity


def candidate_objects(invitation: Candidate) -> list[str]:
    """The candidate's objects stored outside the candidate's own prefix."""
    keys: list[str] = []
    for hook in _hooks("candidate_objects"):
        keys += hook(invitation=invitation)
    return keys


def candidate_erase(invitation: Candidate) -> int:
    """Every app deletes or blanks its rows of the candidate (inside the purge's
    transaction, the invitation locked); returns the rows changed."""
    rows = 0
    for hook in _hooks("candidate_erase", reverse=True):
        rows += hook(invitation=invitation)
    return rows


# --- The organisation --------------------------------------------------------------------------


def organization_objects(*, organization: Organization) -> list[str]:
    """The organisation's objects stored outside its own prefix."""
    keys: list[str] = []
    for hook in _hooks("organization_objects"):
        keys += hook(organization=organization)
    return keys


def organization_access_end(*, organization: Organization) -> None:
    for hook in _hooks("organization_access_end"):
        hook(organization=organization)
