"""The unread notification count on every staff page (a template context processor)."""

from typing import Any

from django.http import HttpRequest

from .notification_selectors import notification_unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    organization = getattr(request, "organization", None)
    user = getattr(request, "user", None)
    if organization is None or user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": notification_unread_count(organization=organization, user=user)}
