from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from compliance import transparency
from palantrix import health, metrics, views
from palantrix.forms import EmailAuthenticationForm

from . import views as site_views

# Staff pages of one organisation: every view here resolves `org` through tenancy.
organization_patterns = [
    path("", site_views.dashboard, name="dashboard"),
    path("team/", views.team, name="team"),
    path("team/invite/", views.team_invite, name="team_invite"),
    path(
        "team/invitations/<uuid:team_invitation_id>/revoke/",
        views.team_invitation_revoke,
        name="team_invitation_revoke",
    ),
    path("team/members/<uuid:membership_id>/", views.member_edit, name="member_edit"),
    path("team/members/<uuid:membership_id>/remove/", views.member_remove, name="member_remove"),
    path("settings/", views.organization_settings, name="organization_settings"),
    path("settings/", include("api.page_urls")),
    path("", include("interviews.urls")),
    path("", include("review.urls")),
    path("", include("interviews.jobtemplates.urls")),
    path("", include("compliance.urls")),
    path("", include("web.demo.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    # Browsers ask for /favicon.ico whatever the page links: send them to the static icon.
    path("favicon.ico", views.favicon),
    path("brand/<str:color>.css", views.brand_css, name="brand_css"),
    path("api/v1/", include("api.urls")),
    path("how-scoring-works/", transparency.instructions, name="instructions"),
    path("orgs/", views.organization_switch, name="organization_switch"),
    path("o/<slug:org>/", include(organization_patterns)),
    path("join/<str:token>/", views.team_invitation_accept, name="team_invitation_accept"),
    path("", include("review.candidate_urls")),
    path("", include("interviews.candidate_urls")),
    path("", include("compliance.candidate_urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm),
        name="login",
    ),
    path(
        "accounts/password_reset/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
