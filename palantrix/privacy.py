"""Each app owns its personal data and says, in its own `privacy.py`, what happens to it.

An app registers its module in `AppConfig.ready()`:

    privacy.register("api", api_privacy)

and compliance (rights requests, retention, deleting an organisation) calls the hooks
through this registry, so it needs to know no other app's tables or fields. A module
defines the hooks that concern it:

- `organization_access_end(*, organization)`: runs inside the transaction of an
  organisation's deletion request; whatever still gives access to its data or sends it
  out (API keys, webhook endpoints) stops now, before the rows are erased.
- `candidate_export(*, invitation) -> dict`: what the app holds about one candidate, for
  the copy of their data (sections by name, JSON-ready).
"""

from types import ModuleType
from typing import Any

from palantrix.models import Organization

_owners: dict[str, ModuleType] = {}


def register(app_label: str, module: ModuleType) -> None:
    _owners[app_label] = module


def owners() -> dict[str, ModuleType]:
    return dict(_owners)


def organization_access_end(*, organization: Organization) -> None:
    for module in _owners.values():
        hook = getattr(module, "organization_access_end", None)
        if hook is not None:
            hook(organization=organization)


def candidate_export(*, invitation: Any) -> dict[str, Any]:
    sections: dict[str, Any] = {}
    for module in _owners.values():
        hook = getattr(module, "candidate_export", None)
        if hook is not None:
            sections.update(hook(invitation=invitation))
    return sections
