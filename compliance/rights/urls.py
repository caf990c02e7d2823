"""Rights URLs: the candidate's (outside any organisation) and the staff queue's."""

from django.urls import path

from . import views

candidate_urlpatterns = [
    path("your-data/<slug:org_slug>/request/", views.rights_start, name="rights_start"),
    path("your-data/link/<str:token>/", views.rights_link, name="rights_link"),
    path("your-data/", views.rights_home, name="rights_home"),
    path(
        "your-data/applications/<uuid:invitation_id>/copy/",
        views.rights_export,
        name="rights_export",
    ),
    path("your-data/copies/<uuid:request_id>/", views.rights_download, name="rights_download"),
    path(
        "your-data/applications/<uuid:invitation_id>/erase/",
        views.rights_erase,
        name="rights_erase",
    ),
    path(
        "your-data/applications/<uuid:invitation_id>/withdraw/",
        views.rights_withdraw,
        name="rights_withdraw",
    ),
    path(
        "your-data/applications/<uuid:invitation_id>/explain/",
        views.rights_explain,
        name="rights_explain",
    ),
    path(
        "your-data/applications/<uuid:invitation_id>/explanation/",
        views.rights_explanation,
        name="rights_explanation",
    ),
    path(
        "your-data/applications/<uuid:invitation_id>/contest/",
        views.rights_contest,
        name="rights_contest",
    ),
]

organization_urlpatterns = [
    path("requests/", views.rights_queue, name="rights_queue"),
    path("requests/<uuid:request_id>/", views.rights_request_detail, name="rights_request_detail"),
    path(
        "requests/<uuid:request_id>/assign/",
        views.rights_request_assign,
        name="rights_request_assign",
    ),
    path(
        "requests/<uuid:request_id>/resolve/",
        views.rights_request_resolve,
        name="rights_request_resolve",
    ),
    path(
        "requests/<uuid:request_id>/retry/", views.rights_request_retry, name="rights_request_retry"
    ),
]
