"""Resolving and checking the current organisation: the one way into tenant data.

Staff pages live under `/o/<org>/…`. `org_member_required` (function views) and
`OrgScopedMixin` (class views) resolve the slug to an organisation *the user belongs to*
and check the role. A user who is not a member gets the same 404 as for an organisation
that does not exist, so nothing leaks about other tenants. Selectors then take
`request.organization` first and filter with `Model.objects.for_organization(...)`.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar
from uuid import UUID

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest

from .models import Membership, Organization, Role, TenantModel

SESSION_KEY = "palantrix.organization"

M = TypeVar("M", bound=Model)

ALL_ROLES = frozenset(Role.values)
MANAGERS = frozenset({Role.ADMIN, Role.RECRUITER})


class OrgRequest(HttpRequest):
    """The request of a staff page once `org_member_required` or `OrgScopedMixin` let it in.

    Only a type: at run time it is the plain `HttpRequest` to which `activate` added the
    organisation and the user's membership. Views behind the decorator annotate their
    request with it, so `request.organization` type-checks without an ignore.
    """

    organization: Organization
    membership: Membership


def membership_for(*, user: Any, org_slug: str) -> Membership:
    """The user's membership of the organisation, or 404 whether it exists or not."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("organization")
        .filter(user=user, organization__slug=org_slug)
        .first()
    )
    if membership is None:
        raise Http404("No such organisation.")
    return membership


def activate(request: HttpRequest, membership: Membership) -> None:
    request.organization = membership.organization  # type: ignore[attr-defined]
    request.membership = membership  # type: ignore[attr-defined]
    request.session[SESSION_KEY] = membership.organization.slug


def resolve(request: HttpRequest, org_slug: str, roles: Iterable[str]) -> None:
    membership = membership_for(user=request.user, org_slug=org_slug)
    if membership.role not in roles:
        raise PermissionDenied("Your role in this organisation does not allow this.")
    activate(request, membership)


def org_member_required(roles: Iterable[str] = ALL_ROLES) -> Callable:
    """Decorator for views routed with an `org` slug kwarg."""
    allowed = frozenset(roles)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            resolve(request, org, allowed)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class OrgScopedMixin:
    """Class-view counterpart of `org_member_required`; set `roles` on the view."""

    roles: Iterable[str] = ALL_ROLES

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        resolve(request, kwargs.pop("org"), frozenset(self.roles))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def tenant_get(model: type[M], *, organization: Organization, public_id: UUID | str) -> M:
    """One tenant-owned object by public id; another tenant's object is a plain 404.

    A public id taken as text from a form is looked up as such: one that is not a UUID
    raises `ValidationError`, as the lookup does.
    """
    assert issubclass(model, TenantModel), f"{model.__name__} is not tenant-owned"
    obj = model.objects.for_organization(organization).filter(public_id=public_id).first()  # type: ignore[attr-defined]
    if obj is None:
        raise Http404(f"No such {model._meta.verbose_name}.")
    return obj


def last_organization_slug(request: HttpRequest) -> str | None:
    return request.session.get(SESSION_KEY)


def organization_context(request: HttpRequest) -> dict[str, Any]:
    """Template context: the current organisation and the user's other memberships."""
    context: dict[str, Any] = {
        "current_organization": getattr(request, "organization", None),
        "current_membership": getattr(request, "membership", None),
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["user_memberships"] = list(
            Membership.objects.select_related("organization").filter(user=user)
        )
    return context


def require_overseer(request: HttpRequest) -> None:
    """Overriding AI scores and deciding need the overseer permission (403 otherwise)."""
    if not getattr(request.membership, "is_overseer", False):  # type: ignore[attr-defined]
        raise PermissionDenied(
            "Only overseers can override AI scores or decide: read the instructions for use, "
            "then ask an admin to make you an overseer."
        )
