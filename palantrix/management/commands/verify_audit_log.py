from django.core.management.base import BaseCommand, CommandError

from palantrix import audit
from palantrix.models import Organization


class Command(BaseCommand):
    help = (
        "Verify every organisation's audit chain: prints 'OK, N events' or the first broken link."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organization", help="Only this organisation (slug).")

    def handle(self, *args, **options):
        if options["organization"]:
            org = Organization.objects.filter(slug=options["organization"]).first()
            if org is None:
                raise CommandError(f"No organisation with slug {options['organization']!r}.")
            reports = [audit.verify_chain(org)]
        else:
            reports = audit.verify_all()
        for report in reports:
            self.stdout.write(str(report))
        broken = [report for report in reports if not report.ok]
        if broken:
            raise CommandError(f"{len(broken)} audit chain(s) broken.")
        total = sum(report.events for report in reports)
        self.stdout.write(f"OK, {total} events")
