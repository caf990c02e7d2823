from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from compliance.retention import purge_due


class Command(BaseCommand):
    help = "Purge candidates' data past their organisation's retention (--dry-run: list only)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be purged; change nothing."
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        run = purge_due(dry_run=dry_run)
        for item in run.due:
            invitation = item.invitation
            if item.hold:
                state = "held"
            elif item.open_request:
                state = "waits for an open request"
            else:
                state = "would go" if dry_run else "purged"
            self.stdout.write(
                f"{invitation.organization.slug} job={invitation.job.public_id} "
                f"candidate={invitation.public_id} due={item.due_since:%Y-%m-%d} {state}"
            )
        for public_id, error in run.failed:
            self.stderr.write(f"candidate={public_id} failed: {error} (tried again next run)")
        self.stdout.write(("Dry run: " if dry_run else "") + str(run))
