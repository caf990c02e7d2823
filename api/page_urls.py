"""Admin settings pages for API keys and webhooks, included under /o/<slug:org>/settings/."""

from django.urls import path

from . import pages

urlpatterns = [
    path("api-keys/", pages.api_keys, name="api_keys"),
    path("api-keys/<uuid:api_key_id>/revoke/", pages.api_key_revoke, name="api_key_revoke"),
    path("webhooks/", pages.webhooks, name="webhooks"),
    path("webhooks/<uuid:endpoint_id>/", pages.webhook_detail, name="webhook_detail"),
    path("webhooks/<uuid:endpoint_id>/delete/", pages.webhook_delete, name="webhook_delete"),
    path(
        "webhooks/<uuid:endpoint_id>/roll-secret/",
        pages.webhook_secret_roll,
        name="webhook_secret_roll",
    ),
    path(
        "webhooks/deliveries/<uuid:delivery_id>/redeliver/",
        pages.webhook_redeliver,
        name="webhook_redeliver",
    ),
]
