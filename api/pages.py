"""Admin settings pages: API keys (secret shown once) and webhooks with their delivery log."""

from datetime import UTC, datetime, time

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from palantrix.models import Role
from palantrix.pages import attempt
from palantrix.tenancy import org_member_required

from . import selectors, services
from .forms import ApiKeyForm, WebhookEndpointForm, WebhookEventsForm

ADMINS = {Role.ADMIN}
DELIVERIES_SHOWN = 50


@org_member_required(ADMINS)
def api_keys(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    form = ApiKeyForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        expires_on = form.cleaned_data["expires_on"]
        expires_at = datetime.combine(expires_on, time.min, tzinfo=UTC) if expires_on else None
        created = attempt(
            request,
            lambda: services.api_key_create(
                organization=organization,
                actor=request.user,
                name=form.cleaned_data["name"],
                access=form.cleaned_data["access"],
                expires_at=expires_at,
            ),
            success=lambda made: (
                f"API key “{made[0].name}” created. Copy it now: it is shown once."
            ),
            form=form,
        )
        if created:
            _, secret = created.value
            form = ApiKeyForm()
    return render(
        request,
        "api/api_keys.html",
        {
            "keys": selectors.api_key_list(organization=organization),
            "form": form,
            "secret": secret,
        },
    )


@org_member_required(ADMINS)
@require_POST
def api_key_revoke(request: HttpRequest, api_key_id) -> HttpResponse:
    key = selectors.api_key_get(organization=request.organization, public_id=api_key_id)
    services.api_key_revoke(key=key, actor=request.user)
    messages.success(request, f"API key “{key.name}” revoked: it no longer works.")
    return redirect("api_keys", org=request.organization.slug)


@org_member_required(ADMINS)
def webhooks(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    form = WebhookEndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = attempt(
            request,
            lambda: services.webhook_endpoint_create(
                organization=organization, actor=request.user, **form.cleaned_data
            ),
            success="Endpoint added. Verify our signatures with its secret.",
            form=form,
            field="url",
        )
        if created:
            return redirect(
                "webhook_detail", org=organization.slug, endpoint_id=created.value.public_id
            )
    return render(
        request,
        "api/webhooks.html",
        {"endpoints": selectors.webhook_endpoint_list(organization=organization), "form": form},
    )


@org_member_required(ADMINS)
def webhook_detail(request: HttpRequest, endpoint_id) -> HttpResponse:
    endpoint = selectors.webhook_endpoint_get(
        organization=request.organization, public_id=endpoint_id
    )
    form = WebhookEventsForm(
        request.POST or None, initial={"events": endpoint.events, "is_active": endpoint.is_active}
    )
    if request.method == "POST" and form.is_valid():
        attempt(
            request,
            lambda: services.webhook_endpoint_update(
                endpoint=endpoint, actor=request.user, **form.cleaned_data
            ),
            success="Endpoint saved.",
        )
        return redirect("webhook_detail", org=request.organization.slug, endpoint_id=endpoint_id)
    deliveries = list(selectors.webhook_delivery_list(endpoint=endpoint)[:DELIVERIES_SHOWN])
    attempts = selectors.webhook_attempts(deliveries=deliveries)
    return render(
        request,
        "api/webhook_detail.html",
        {
            "endpoint": endpoint,
            "form": form,
            "deliveries": [(delivery, attempts[delivery.pk]) for delivery in deliveries],
            "now": timezone.now(),
        },
    )


@org_member_required(ADMINS)
@require_POST
def webhook_secret_roll(request: HttpRequest, endpoint_id) -> HttpResponse:
    endpoint = selectors.webhook_endpoint_get(
        organization=request.organization, public_id=endpoint_id
    )
    attempt(
        request,
        lambda: services.webhook_secret_roll(endpoint=endpoint, actor=request.user),
        success="New signing secret made. For the next 24 hours each event is signed with both; "
        "move your receiver to the new one before then.",
    )
    return redirect("webhook_detail", org=request.organization.slug, endpoint_id=endpoint_id)


@org_member_required(ADMINS)
@require_POST
def webhook_delete(request: HttpRequest, endpoint_id) -> HttpResponse:
    endpoint = selectors.webhook_endpoint_get(
        organization=request.organization, public_id=endpoint_id
    )
    services.webhook_endpoint_delete(endpoint=endpoint, actor=request.user)
    messages.success(request, "Endpoint removed.")
    return redirect("webhooks", org=request.organization.slug)


@org_member_required(ADMINS)
@require_POST
def webhook_redeliver(request: HttpRequest, delivery_id) -> HttpResponse:
    delivery = selectors.webhook_delivery_get(
        organization=request.organization, public_id=delivery_id
    )
    attempt(
        request,
        lambda: services.webhook_redeliver(delivery=delivery, actor=request.user),
        success="Sending the event again now.",
    )
    return redirect(
        "webhook_detail",
        org=request.organization.slug,
        endpoint_id=delivery.endpoint.public_id,
    )
