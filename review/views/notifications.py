"""A member's notifications, their settings, and following a job."""

from zoneinfo import available_timezones

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from interviews import selectors as interview_selectors
from palantrix.errors import DomainError
from palantrix.tenancy import org_member_required

from .. import notification_selectors as selectors
from ..models import EmailDelivery, NotificationKind
from ..services import notifications

TIME_ZONES = sorted(available_timezones())


@org_member_required()
def notification_list(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    return render(
        request,
        "review/notifications.html",
        {
            "notifications": selectors.notification_list(
                organization=organization, user=request.user
            ),
            "unread": selectors.notification_unread_count(
                organization=organization, user=request.user
            ),
        },
    )


@org_member_required()
def notification_open(request: HttpRequest, notification_id) -> HttpResponse:
    """Follow a notification: it is read now."""
    notification = selectors.notification_get(
        organization=request.organization, user=request.user, public_id=notification_id
    )
    notifications.notifications_read(
        organization=request.organization, user=request.user, public_ids=[notification.public_id]
    )
    if notification.path:  # made by our subscribers: a path on this site
        return redirect(notification.path)
    return redirect("notification_list", org=request.organization.slug)


@org_member_required()
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    notifications.notifications_read(organization=request.organization, user=request.user)
    return redirect("notification_list", org=request.organization.slug)


@org_member_required()
def notification_settings(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    if request.method == "POST":
        try:
            notifications.notification_setting_save(
                organization=organization,
                actor=request.user,
                kinds=request.POST.getlist("kinds"),
                email=request.POST.get("email", ""),
                digest_hour=int(request.POST.get("digest_hour", "8") or 8),
                time_zone=request.POST.get("time_zone", "UTC"),
            )
        except (DomainError, ValueError) as error:
            messages.error(request, str(error) or "Check the settings.")
        else:
            messages.success(request, "Notification settings saved.")
            return redirect("notification_settings", org=organization.slug)
    return render(
        request,
        "review/notification_settings.html",
        {
            "setting": notifications.setting_for(organization=organization, user=request.user),
            "kinds": NotificationKind.choices,
            "deliveries": EmailDelivery.choices,
            "hours": range(24),
            "time_zones": TIME_ZONES,
        },
    )


@org_member_required()
@require_POST
def job_follow(request: HttpRequest, job_id) -> HttpResponse:
    job = interview_selectors.job_get(organization=request.organization, public_id=job_id)
    following = request.POST.get("following") == "1"
    notifications.job_follow(job=job, actor=request.user, following=following)
    messages.success(
        request, "You follow this job." if following else "You no longer follow this job."
    )
    return redirect("job_detail", org=request.organization.slug, job_id=job.public_id)
