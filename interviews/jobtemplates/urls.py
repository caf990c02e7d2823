"""Job template pages, included under /o/<slug:org>/."""

from django.urls import path

from . import views

urlpatterns = [
    path("jobs/templates/", views.template_list, name="job_template_list"),
    # Library templates belong to no organisation: named in the query (?template=nursing).
    path("jobs/templates/library/", views.library_use, name="job_template_library"),
    path("jobs/templates/saved/<uuid:template_id>/", views.saved_use, name="job_template_saved"),
    path(
        "jobs/templates/saved/<uuid:template_id>/delete/",
        views.saved_delete,
        name="job_template_delete",
    ),
    path(
        "jobs/<uuid:job_id>/save-as-template/",
        views.job_save_as_template,
        name="job_save_as_template",
    ),
]
