"""Write docs/technical-documentation.md from the running configuration and latest figures."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from compliance import technical_documentation


class Command(BaseCommand):
    help = "Regenerate docs/technical-documentation.md (Annex IV) from the code and figures."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Only say whether the file is up to date."
        )

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        if check:
            current = technical_documentation.DOCUMENT.read_text()
            if current != technical_documentation.render():
                raise SystemExit(
                    "docs/technical-documentation.md is out of date: run "
                    "`python manage.py technical_documentation`."
                )
            self.stdout.write("docs/technical-documentation.md is up to date.")
            return
        path = technical_documentation.write()
        self.stdout.write(f"Wrote {path.name}.")
