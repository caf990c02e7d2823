from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from api.models import ApiKey
from api.services import api_key_create
from compliance.services import governance_get, readiness_record
from interviews import services as interview_services
from interviews.models import Job
from palantrix import services
from palantrix.models import Membership, Organization, Role
from palantrix.tokens import token_hash

DEMO_PASSWORD = "palantrix-demo"
# A known read-write API key, like the known passwords: debug runs only (README "API").
DEMO_API_KEY = "plx_demo-key-for-local-runs-only"
DEMO_USERS = [
    ("admin@demo.palantrix.test", "Ada", "Admin", Role.ADMIN),
    ("recruiter@demo.palantrix.test", "Riley", "Recruiter", Role.RECRUITER),
    ("manager@demo.palantrix.test", "Morgan", "Manager", Role.HIRING_MANAGER),
]


class Command(BaseCommand):
    help = "Create (or refresh) the demo organisation and its logins for local runs."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Allow with DJANGO_DEBUG off.")

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("seed_demo creates known passwords: run it with DJANGO_DEBUG=true.")
        users = {}
        for email, first, last, _role in DEMO_USERS:
            user = get_user_model().objects.filter(username=email).first()
            if user is None:
                user = services.user_create(
                    email=email, password=DEMO_PASSWORD, first_name=first, last_name=last
                )
            users[email] = user
        admin = users[DEMO_USERS[0][0]]
        organization = Organization.objects.filter(slug="acme").first()
        if organization is None:
            organization = services.organization_create(
                name="Acme Robotics", slug="acme", admin=admin
            )
            organization.sender_name = "Acme Robotics Talent Team"
            organization.contact_email = "talent@acme.example"
            organization.save(update_fields=["sender_name", "contact_email"])
        for email, _first, _last, role in DEMO_USERS:
            Membership.objects.get_or_create(
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
        self._seed_api(organization, admin)

        self.stdout.write(f"Demo organisation: {organization.name} ({settings.PUBLIC_BASE_URL}/)")
        for email, _first, _last, role in DEMO_USERS:
            self.stdout.write(f"  {role.label:<15} {email:<32} password: {DEMO_PASSWORD}")
        self.stdout.write(f"  API key (read-write): {DEMO_API_KEY}")

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
