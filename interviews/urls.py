"""Staff pages of the recruiter workspace, included under /o/<slug:org>/."""

from django.urls import path

from .models import CandidateEmailKind
from .views import accommodations, invitations, jobs, messages, profiles, public_links, questions

urlpatterns = [
    # What candidates are told: the organisation's wording of each email
    path("emails/", messages.email_template_list, name="email_template_list"),
    # One path per email (the kind is no object of the organisation's, so not a URL kwarg)
    *(
        path(
            f"emails/{kind}/",
            messages.email_template_edit,
            {"kind": kind},
            name="email_template_edit",
        )
        for kind in CandidateEmailKind.values
    ),
    # Jobs
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/new/", jobs.job_create, name="job_create"),
    path("jobs/<uuid:job_id>/edit/", jobs.job_edit, name="job_edit"),
    path("jobs/<uuid:job_id>/status/", jobs.job_status, name="job_status"),
    # The job's question set
    path("jobs/<uuid:job_id>/questions/", questions.question_set_edit, name="question_set_edit"),
    path("jobs/<uuid:job_id>/questions/intro/", questions.intro_save, name="question_set_intro"),
    path("jobs/<uuid:job_id>/questions/add/", questions.question_add, name="question_add"),
    path(
        "jobs/<uuid:job_id>/questions/library/",
        questions.library_add,
        name="question_library_add",
    ),
    path(
        "jobs/<uuid:job_id>/questions/<uuid:question_id>/",
        questions.question_edit,
        name="question_edit",
    ),
    path(
        "jobs/<uuid:job_id>/questions/<uuid:question_id>/alternatives/",
        questions.alternative_add,
        name="question_alternative_add",
    ),
    path(
        "jobs/<uuid:job_id>/questions/<uuid:question_id>/delete/",
        questions.question_delete,
        name="question_delete",
    ),
    path(
        "jobs/<uuid:job_id>/questions/<uuid:question_id>/move/",
        questions.question_move,
        name="question_move",
    ),
    # Team DNA Profiles
    path("profiles/", profiles.profile_list, name="profile_list"),
    path("profiles/new/", profiles.profile_create, name="profile_create"),
    path("profiles/<uuid:profile_id>/", profiles.profile_detail, name="profile_detail"),
    path("profiles/<uuid:profile_id>/edit/", profiles.profile_edit, name="profile_edit"),
    # Invitations
    path("jobs/<uuid:job_id>/invite/", invitations.invite_one, name="invitation_create"),
    path("jobs/<uuid:job_id>/import/", invitations.import_upload, name="invitation_import"),
    path(
        "jobs/<uuid:job_id>/import/<uuid:batch_id>/",
        invitations.import_preview,
        name="invitation_import_preview",
    ),
    path(
        "jobs/<uuid:job_id>/import/<uuid:batch_id>/progress/",
        invitations.import_progress,
        name="invitation_import_progress",
    ),
    path(
        "invitations/<uuid:invitation_id>/resend/",
        invitations.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "invitations/<uuid:invitation_id>/extend/",
        invitations.invitation_extend,
        name="invitation_extend",
    ),
    # Candidates' adjustments (recruiters only)
    path("accommodations/", accommodations.accommodation_list, name="accommodation_list"),
    path(
        "jobs/<uuid:job_id>/accommodations/",
        accommodations.accommodation_list,
        name="job_accommodation_list",
    ),
    path(
        "accommodations/<uuid:accommodation_id>/decide/",
        accommodations.accommodation_decide,
        name="accommodation_decide",
    ),
    path(
        "invitations/<uuid:invitation_id>/accommodations/",
        accommodations.accommodation_grant,
        name="accommodation_grant",
    ),
    # The job's public link (a job board, a careers page)
    path(
        "jobs/<uuid:job_id>/public-link/",
        public_links.public_link_publish,
        name="public_link_publish",
    ),
    path(
        "public-links/<uuid:link_id>/open/", public_links.public_link_open, name="public_link_open"
    ),
    path("public-links/<uuid:link_id>/cap/", public_links.public_link_cap, name="public_link_cap"),
    # Candidates' requests for more time
    path(
        "extension-requests/<uuid:extension_id>/approve/",
        public_links.extension_decide,
        {"approve": True},
        name="extension_approve",
    ),
    path(
        "extension-requests/<uuid:extension_id>/decline/",
        public_links.extension_decide,
        {"approve": False},
        name="extension_decline",
    ),
    path(
        "invitations/<uuid:invitation_id>/revoke/",
        invitations.invitation_revoke,
        name="invitation_revoke",
    ),
]
