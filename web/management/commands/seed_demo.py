from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from api.models import ApiKey
from api.services import api_key_create
from compliance.organization_data import organization_delete_request, organization_erase
from compliance.services import (
    governance_get,
    instructions_acknowledge,
    overseer_set,
    readiness_record,
)
from interviews import services as interview_services
from interviews.models import Job
from palantrix import services
from palantrix.models import Membership, Organization, Role
from palantrix.tokens import token_hash
from web.demo.seed import Reviewers, demo_seed

DEMO_PASSWORD = "palantrix-demo"
# A known read-write API key, like the known passwords: debug runs only (README "API").
DEMO_API_KEY = "plx_demo-key-for-local-runs-only"
DEMO_USERS = [
    ("admin@demo.palantrix.test", "Ada", "Admin", Role.ADMIN),
    ("recruiter@demo.palantrix.test", "Riley", "Recruiter", Role.RECRUITER),
    ("manager@demo.palantrix.test", "Morgan", "Manager", Role.HIRING_MANAGER),
]
DEMO_SLUG = "acme"


class Command(BaseCommand):
    help = (
        "Create the demo organisation, its logins, jobs and candidates for local runs "
        "(again: changes nothing; --reset: back to how it was)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Allow with DJANGO_DEBUG off (a laptop's containers), never over HTTPS.",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo organisation and seed it anew."
        )

    def handle(self, *args, **options):
        # Known passwords and invented candidates: never in a deployment. An HTTPS setup is
        # one even with --force.
        if settings.HTTPS or not (settings.DEBUG or options["force"]):
            raise CommandError(
                "seed_demo creates known passwords and invented candidates: it runs only with "
                "DJANGO_DEBUG=true (or --force on a local, non-HTTPS setup), never in production."
            )
        with transaction.atomic():
            if options["reset"]:
                self._reset()
            seeded = self._seed()
        self._report(seeded)

    def _reset(self):
        organization = Organization.objects.filter(slug=DEMO_SLUG).first()
        if organization is None:
            return
        admin = get_user_model().objects.filter(username=DEMO_USERS[0][0]).first()
        deletion = organization_delete_request(
            organization=organization, actor=admin, confirmation=organization.name
        )
        organization_erase(deletion_id=deletion.pk)
        self.stdout.write(f"Deleted the demo organisation {organization.name}.")

    def _seed(self):
        users = {}
        for email, first, last, _role in DEMO_USERS:
            user = get_user_model().objects.filter(username=email).first()
            if user is None:
                user = services.user_create(
                    email=email, password=DEMO_PASSWORD, first_name=first, last_name=last
                )
            users[email] = user
        admin = users[DEMO_USERS[0][0]]
        organization = Organization.objects.filter(slug=DEMO_SLUG).first()
        if organization is None:
            organization = services.organization_create(
                name="Acme Robotics", slug=DEMO_SLUG, admin=admin
            )
            organization.sender_name = "Acme Robotics Talent Team"
            organization.contact_email = "talent@acme.example"
            organization.save(update_fields=["sender_name", "contact_email"])
        memberships = {}
        for email, _first, _last, role in DEMO_USERS:
            memberships[email], _ = Membership.objects.get_or_create(
                organization=organization, user=users[email], defaults={"role": role}
            )
        governance = governance_get(organization=organization)
        if not governance.ready:
            readiness_record(
                organization=organization,
                actor=admin,
                informed_on=timezone.localdate(),
                document="Demo: staff briefing on AI-assisted interviews",
            )
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
        # The admin and the hiring manager read the instructions and oversee: they may
        # override and decide (the recruiter may not, as in a real team).
        for email in (DEMO_USERS[0][0], DEMO_USERS[2][0]):
            membership = memberships[email]
            if not membership.is_overseer:
                instructions_acknowledge(membership=membership, actor=users[email])
                overseer_set(membership=membership, actor=admin, granted=True)
        seeded = demo_seed(
            organization=organization,
            reviewers=Reviewers(
                admin=admin, recruiter=users[DEMO_USERS[1][0]], manager=users[DEMO_USERS[2][0]]
            ),
        )
        self._seed_api(organization, admin)
        return organization, seeded

    def _report(self, result):
        organization, seeded = result
        self.stdout.write(f"Demo organisation: {organization.name} ({settings.PUBLIC_BASE_URL}/)")
        for email, _first, _last, role in DEMO_USERS:
            self.stdout.write(f"  {role.label:<15} {email:<32} password: {DEMO_PASSWORD}")
        self.stdout.write(f"  API key (read-write): {DEMO_API_KEY}")
        if seeded is None:
            self.stdout.write("The demo jobs and candidates exist already (--reset remakes them).")
            return
        demo = seeded.demo
        self.stdout.write(
            f"Demo jobs and candidates created: {seeded.recordings} recordings queued for the "
            "worker, which transcribes and scores them in the background (the dashboard "
            "shows how far it got)."
        )
        self.stdout.write(
            f"  Shortlist: {settings.PUBLIC_BASE_URL}/o/{organization.slug}/jobs/"
            f"{demo.job.public_id}/shortlist/"
        )
        self.stdout.write(f"  Share link (read-only, shown once): {seeded.share_url}")

    def _seed_api(self, organization, admin):
        """The demo API key, and an open job with questions so that the README's curl
        examples can invite someone."""
        if not ApiKey.objects.filter(secret_hash=token_hash(DEMO_API_KEY)).exists():
            api_key_create(
                organization=organization,
                actor=admin,
                name="Demo ATS (local runs only)",
                access=ApiKey.Access.READ_WRITE,
                secret=DEMO_API_KEY,
            )
        if not Job.objects.for_organization(organization).exists():
            job = interview_services.job_create(
                organization=organization, actor=admin, title="Support engineer (demo)"
            )
            for text in (
                "Tell us about a time you helped a frustrated customer.",
                "How do you find the cause of a problem you have never seen before?",
            ):
                interview_services.question_add(
                    job=job, actor=admin, question=interview_services.QuestionInput(text)
                )
            interview_services.job_set_status(job=job, actor=admin, status="open")
